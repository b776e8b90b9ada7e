"""The training manuals (seeds) the data cites: their titles in both languages, and finding the
passage of a seed an approved answer is quoted from.

Data files cite a seed by its file name (``001_ab75b4677eacef2d.txt``), which means nothing to a
trainee; the app shows the manual's title instead, and beside a model answer the passage as the
manual words it (``ModelAnswer.quote``, filled by ``simulator quotes``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path


@dataclass(frozen=True)
class Seed:
    file: str
    title: str
    title_en: str


SEEDS: dict[str, Seed] = {
    s.file: s
    for s in (
        Seed(
            "000_f5f53003cce702ee.txt",
            "中国电信客服代表营销服务及技能认证培训教材",
            "China Telecom 10000 agent training manual",
        ),
        Seed(
            "001_ab75b4677eacef2d.txt",
            "呼叫中心设计与规范",
            "Call-centre design and service standards",
        ),
        Seed(
            "002_7fd5fb1ffe6b249b.txt",
            "客户服务人员技能基础与服务意识",
            "Customer-service skills and service awareness",
        ),
        Seed(
            "003_e98f4ad5f807b8b3.txt",
            "客服常用话术SOP及应对技巧",
            "Customer-service phrasing SOP and techniques",
        ),
        Seed(
            "004_f8856a91b075e821.txt",
            "95598客户服务的沟通技巧",
            "Communication skills for 95598 customer service",
        ),
    )
}


def seed_title(file: str, english: bool = False) -> str:
    """The manual's title (``file`` itself for a seed this table does not know)."""
    seed = SEEDS.get(file)
    if seed is None:
        return file
    return seed.title_en if english else seed.title


# A quoted passage ends at a sentence end or a closing quote and starts after a sentence end,
# an opening quote or a colon (the seeds write 话务代表：“……”).
_END = '。！？!?；;\n”"'
_START = _END + ":：“「' "
_MAX_EXTEND = 40
_ENUMERATOR = re.compile(r"^[(（]?\d+[)）、.]\s*")  # (1) 1、 at the start of a list item


def _squeeze(text: str) -> tuple[str, list[int]]:
    """Letters and digits only (lower case), with each one's position in ``text``."""
    chars, index = [], []
    for i, ch in enumerate(text):
        if ch.isalnum():
            chars.append(ch.lower())
            index.append(i)
    return "".join(chars), index


def find_passage(seed_text: str, answer: str, min_ratio: float = 0.5) -> str | None:
    """The passage of ``seed_text`` that ``answer`` is quoted from, as the seed writes it (its
    own punctuation, placeholders such as XX先生/小姐 and all), or None when no passage shares
    ``min_ratio`` of the answer's characters.

    The answer is located by its 4-character runs, scored by how much of it a window of the
    seed matches, and the match is widened to the sentence (or quotation) around it.
    """
    from simulator.core.normalize import to_simplified  # OpenCC: only for authoring

    simplified = to_simplified(seed_text)
    if len(simplified) != len(seed_text):
        simplified = seed_text
    seed, index = _squeeze(simplified)
    wanted, _ = _squeeze(to_simplified(answer))
    if not seed or len(wanted) < 2:
        return None
    n = min(4, len(wanted))
    offsets: dict[int, int] = {}
    for i in range(len(wanted) - n + 1):
        for m in re.finditer(re.escape(wanted[i : i + n]), seed):
            offsets[m.start() - i] = offsets.get(m.start() - i, 0) + 1
    best: tuple[float, int, int] | None = None
    for offset, _count in sorted(offsets.items(), key=lambda kv: -kv[1])[:20]:
        lo = max(0, offset - len(wanted) // 2)
        hi = min(len(seed), offset + len(wanted) + len(wanted) // 2)
        blocks = [
            b
            for b in SequenceMatcher(
                None, seed[lo:hi], wanted, autojunk=False
            ).get_matching_blocks()
            if b.size >= 2
        ]
        blocks = _main_run(blocks)
        if not blocks:
            continue
        ratio = sum(b.size for b in blocks) / len(wanted)
        if best is None or ratio > best[0]:
            best = (ratio, lo + blocks[0].a, lo + blocks[-1].a + blocks[-1].size)
    if best is None or best[0] < min_ratio:
        return None
    _ratio, start, end = best
    first = _widen(seed_text, index[start], -1, _START)
    last = _widen(seed_text, index[end - 1] + 1, 1, _END)
    if last < len(seed_text) and seed_text[last] in "。！？!?":
        last += 1
    passage = re.sub(r"\s+", " ", seed_text[first:last]).strip(' ”"')
    return _ENUMERATOR.sub("", passage) or None


def _main_run(blocks: list) -> list:
    """Matching blocks without stray ones at either end: a short block the rest follows (or
    that follows the rest) after a gap in the seed longer than the gap in the answer (a word
    the answer shares with a heading before the passage)."""
    while len(blocks) > 1 and blocks[0].size <= 3 and _gap(blocks[0], blocks[1]):
        blocks = blocks[1:]
    while len(blocks) > 1 and blocks[-1].size <= 3 and _gap(blocks[-2], blocks[-1]):
        blocks = blocks[:-1]
    return blocks


def _gap(first, second) -> bool:
    in_seed = second.a - (first.a + first.size)
    in_answer = second.b - (first.b + first.size)
    return in_seed > in_answer + 3


def _widen(text: str, at: int, step: int, stops: str) -> int:
    """``at`` moved outwards (``step`` -1: left, 1: right) to the nearest of ``stops`` within
    ``_MAX_EXTEND`` characters; ``at`` itself when there is none that close."""
    pos = at
    for _ in range(_MAX_EXTEND):
        nxt = pos - 1 if step < 0 else pos
        if nxt < 0 or nxt >= len(text) or text[nxt] in stops:
            return pos
        pos += step
    return at


def read_seeds(folder: Path) -> dict[str, str]:
    """The seed texts in ``folder`` by file name (the ones this table knows)."""
    return {
        name: (Path(folder) / name).read_text(encoding="utf-8")
        for name in SEEDS
        if (Path(folder) / name).is_file()
    }
