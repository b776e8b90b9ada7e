"""Clauses and words of a reply, and the scope of negation and condition in them.

A pattern that fires across a word boundary is not what the rule meant (有什么用 inside
有什么用电方面的问题, 别耽误 inside 特别耽误事儿), a negated act is not the act (不方便帮您转接 does
not transfer the call, 我不会帮您处理 offers no help) and a polite conditional is not a brush-off
(如果今天处理不了，我会第一时间联系您). ``analyse`` segments the normalised text into clauses and
words (jieba) once per reply; the grader asks it about each match.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from simulator.core.normalize import BOUNDARIES, Normalized

# Words that negate what follows them in the same clause.
NEGATORS = frozenset(
    "不 没 没有 别 不能 不会 不可以 不可 不方便 不便 无法 没法 没办法 不予 不得 不用 不必 并不 绝不 "
    "从不 不再 不宜 不好 不敢 未 勿 无须 不需要 不要 不准 不许 不让".split()
)
# Words between a negator and the act that keep the negation (不方便帮您转接, 不能再给您).
_CARRY = frozenset(
    "帮 给 为 替 您 你 再 都 也 就 还 随便 直接 私下 擅自 马上 先 把 向 跟 对 和 这样 那样 "
    "这么 那么 随意 轻易 主动 去 来 能 会 是 方便 能够 允许 可以 好 太 敢 用".split()
)
# Words that end the negation's reach (不能…，但可以…).
_BREAK = frozenset("但 但是 不过 可是 而是 只是 只能 却 然后 所以 因此 建议".split())
# A clause that states a condition (如果/要是 … 的话) or a question (是不是 …).
_CONDITION = ("如果", "要是", "假如", "万一", "若是", "倘若", "如果说", "实在", "若")
_HEDGE = ("是不是", "是否", "有没有", "会不会", "能不能")
# A request in question form (您看能不能…, 可不可以麻烦您…): asks for the act, does not deny it.
_REQUEST = frozenset(("能不能", "可不可以", "可以不可以"))
# Words ending in 的话 that are not a condition (the words someone says).
_NOT_IF = frozenset("别的话 说的话 讲的话 你的话 您的话 我的话 他的话 她的话".split())
# A suggestion, not a negation: 要不你加我微信 offers what follows (不如/要不 = "how about").
_SUGGEST = frozenset("要不 要不然 不如 要不就".split())


@lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def warm_up() -> None:
    """Load the segmenter's dictionary now (about a second), not at the first reply."""
    _jieba()


@dataclass(frozen=True)
class Analysis:
    """Clause and word structure of ``text.chars`` (all positions index ``text.chars``)."""

    text: Normalized
    clauses: tuple[tuple[int, int], ...]
    words: tuple[tuple[int, int], ...]  # word spans, in order, punctuation excluded
    starts: frozenset[int]
    ends: frozenset[int]

    def clause_at(self, pos: int) -> tuple[int, int]:
        for start, end in self.clauses:
            if start <= pos < end:
                return start, end
        return (pos, pos)

    def whole_words(self, start: int, end: int) -> bool:
        """The span starts where a word starts and ends where a word ends."""
        return start in self.starts and end in self.ends

    def _words_before(self, pos: int) -> list[str]:
        clause_start = self.clause_at(pos)[0]
        chars = self.text.chars
        return [chars[s:e] for s, e in self.words if clause_start <= s and e <= pos]

    def negated(self, start: int, requests_count: bool = False) -> bool:
        """A negator governs the span: 不方便帮您转接, 不能派人上门, 是不是线路老化 (a question
        about it is not an assertion of it either). With ``requests_count`` a polite request
        (您看能不能换部电话再打过来) says the act it asks for: a required element asked of the
        caller is said (000: 请您换一部电话拨打好吗, a request in question form)."""
        before = self._words_before(start)
        window = before[-4:]
        for i in range(len(window) - 1, -1, -1):
            word = window[i]
            if word in _BREAK or word in _SUGGEST:
                return False
            if requests_count and (word in _REQUEST or (i and window[i - 1] + word in _REQUEST)):
                return False  # 能不能, also as 能 + 不能 from the segmenter
            if word == "不" and i and window[i - 1] == "要":
                return False  # 要 + 不 split by the segmenter: still 要不
            if word in NEGATORS or word in _HEDGE:
                return True
            if word not in _CARRY and not word.startswith(("不", "没")):
                return False
        return False

    def conditional(self, start: int) -> bool:
        """The span is in a clause that states a condition (如果今天处理不了, …的话)."""
        clause_start, clause_end = self.clause_at(start)
        clause = self.text.chars[clause_start:clause_end]
        if clause.startswith(_CONDITION) or "如果" in clause:
            return True
        # 的话 as its own word (不行的话), not the 的 + 话 of 别的话 / 说的话
        return "的话" in clause and any(
            self.text.chars[s:e] == "的话"
            or (
                self.text.chars[s:e].endswith("的话")
                and len(self.text.chars[s:e]) > 2
                and self.text.chars[s:e] not in _NOT_IF
            )
            for s, e in self.words
            if clause_start <= s and e <= clause_end
        )


def analyse(text: Normalized) -> Analysis:
    chars = text.chars
    clauses: list[tuple[int, int]] = []
    words: list[tuple[int, int]] = []
    start = 0
    for i, ch in enumerate([*chars, BOUNDARIES[-1]]):
        if ch in BOUNDARIES or i == len(chars):
            if i > start:
                clauses.append((start, i))
                pos = start
                for word in _jieba().lcut(chars[start:i], HMM=False):
                    words.append((pos, pos + len(word)))
                    pos += len(word)
            start = i + 1
    starts = frozenset(s for s, _ in words)
    ends = frozenset(e for _, e in words)
    return Analysis(text, tuple(clauses), tuple(words), starts, ends)
