"""A rule or a scenario's off-protocol move, compiled: where its patterns match in a reply once
its guards (unless, word boundaries, negation, condition) are applied."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.core.clauses import Analysis
from simulator.core.limits import limit_with_next_step
from simulator.core.normalize import BOUNDARIES, Normalized
from simulator.core.patterns import CompiledPattern, compile_pattern

_COURTESY = compile_pattern(
    "(^请|请问|请您|请你|请稍|请留|请讲|请说|谢谢|感谢|抱歉|对不起|麻烦|不好意思|劳驾)"
)

# A child caller addressed as such (小朋友别着急，你还记得…): 你 is the right word to a child,
# 004's 针对不同客户群体,要采取不同的说话方式.
_TO_A_CHILD = compile_pattern("^(小朋友|小同学)")


def otherwise_polite(text: Normalized) -> bool:
    """您 anywhere, courtesy words with at most one 你 (which the recogniser may have misheard),
    or a child addressed as 小朋友 (to whom 你 is right)."""
    if "您" in text.chars or _TO_A_CHILD.spans(text):
        return True
    bare_ni = text.chars.count("你") - text.chars.count("你们") - text.chars.count("你好")
    return bare_ni <= 1 and bool(_COURTESY.spans(text))


MAX_SPANS_PER_RULE = 3


@dataclass(frozen=True)
class Matcher:
    """A rule or off-protocol move, compiled."""

    id: str
    category: str
    severity: str
    priority: int
    patterns: tuple[CompiledPattern, ...]
    unless: tuple[CompiledPattern, ...]
    unless_polite: bool
    explanation: str
    suggestion: str
    source: tuple[str, ...]
    explanation_en: str = ""
    suggestion_en: str = ""  # set when the suggestion is advice, not words to say
    negatable: bool = False
    conditional_ok: bool = False
    whole_words: bool = True
    limit_ok: bool = False
    once_polite: bool = False  # a warning when found once in an otherwise polite reply
    by_sound: bool = True  # False: characters only (a repetition: 是是是 ≠ 是私事)

    def spans(self, text: Normalized, an: Analysis) -> list[tuple[int, int]]:
        found = (s for p in self.patterns for s in p.spans(text, by_sound=self.by_sound))
        hits = sorted({_clause_words(text, s) for s in found})
        if not hits:
            return []
        if self.whole_words:
            hits = sorted({self._to_word_end(text, an, h) for h in hits})
        guards = [g for u in self.unless for g in u.spans(text)]
        return [
            h
            for h in hits
            if not any(g[0] < h[1] and h[0] < g[1] for g in guards)
            and not (self.whole_words and not an.whole_words(*h))
            and not (self.negatable and an.negated(h[0]))
            and not (self.conditional_ok and an.conditional(h[0]))
            and not (self.limit_ok and limit_with_next_step(text, an, h))
        ]

    def _to_word_end(self, text: Normalized, an: Analysis, hit: tuple[int, int]):
        """A regex tries the shorter alternative first, so a match can stop inside a word (the
        赔 of 照价赔偿 for (赔|赔偿)): the same start is tried again up to each later word end of
        its clause. Patterns anchored with $ are left as they matched."""
        start, end = hit
        if end in an.ends or start not in an.starts:
            return hit
        clause_end = an.clause_at(start)[1]
        for stop in sorted(e for e in an.ends if end < e <= clause_end):
            for p in self.patterns:
                if "$" not in p.source and p.char_re.fullmatch(text.chars, start, stop):
                    return (start, stop)
        return hit


def _clause_words(text: Normalized, span: tuple[int, int]) -> tuple[int, int]:
    """A match that takes in the punctuation closing its clause (…吗？, a pattern ending in
    (？|$)) is the words before it: that is where the fault is, and where a word ends."""
    start, end = span
    while end - 1 > start and text.chars[end - 1] in BOUNDARIES:
        end -= 1
    return start, end


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
