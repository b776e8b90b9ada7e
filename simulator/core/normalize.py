"""Normalisation of a transcript before matching: Simplified characters, one set of punctuation,
digits spelled as Han numerals, and a toneless pinyin string aligned character by character."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

import opencc
from pypinyin import Style, lazy_pinyin

from simulator.core.punctuation import cjk_punctuation  # noqa: F401 - part of this module's API

# Clause boundaries after normalisation: pause, question, stop.
BOUNDARIES = ("，", "？", "。")
_PUNCT_MAP = {
    **{c: "，" for c in ",，、;；:：—-~～…·"},
    **{c: "？" for c in "?？"},
    **{c: "。" for c in ".。!！\n\r"},
    **{c: "，" for c in " \t\u3000"},
}
_DROP = set("\"'“”‘’「」『』()（）[]【】《》<>〈〉*#/\\|")
# Characters whose sound-alikes must not stand in for them: sentence particles (吗 is not 嘛
# or 麻) and the forms of address. Their pinyin token is the character itself.
EXACT_CHARS = frozenset("吗嘛呢吧啊呀了的么你您喂哦嗯")
_DIGITS = dict(zip("0123456789", "零一二三四五六七八九", strict=True))
_PY_PUNCT = {"，": ",", "？": "?", "。": "."}


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → Simplified, keeping the length when OpenCC would change it."""
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_t2s().convert(c) or c for c in text)


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def fuzzy_syllable(syl: str) -> str:
    """Merge the sounds speech recognisers and southern speakers confuse most."""
    syl = syl.lower().replace("ü", "v")
    if syl[:2] in ("zh", "ch", "sh"):
        syl = syl[0] + syl[2:]
    if syl.endswith("ing"):
        syl = syl[:-1]
    elif syl.endswith("eng") and syl != "eng":
        syl = syl[:-1]
    return syl


# Sounds a recogniser confuses on a noisy telephone line (seen in the spoken-reply sets:
# 挂机 → 挂金, 请讲 → 新疆, 微信 → 维进), merged on top of `fuzzy_syllable`: aspirated with
# unaspirated initials, j/q/x, z/c/s, n/l, f/h; and the finals i/in, an/ang. Used only where
# the recogniser itself was unsure of a character (see `mark_unsure`).
_LOOSE_INITIAL = dict(zip("ptkqxcsnf", "bdgjjzzlh", strict=True))
_LOOSE_FINAL = (("iang", "ian"), ("uang", "uan"), ("ang", "an"), ("in", "i"))


@lru_cache(maxsize=4096)
def loose_syllable(syllable: str) -> str:
    """A syllable's `fuzzy_syllable` reduced to the classes in `_LOOSE_INITIAL` / `_LOOSE_FINAL`."""
    if not syllable or not syllable[0].isalpha():
        return syllable
    fuzzy = fuzzy_syllable(syllable)
    head = _LOOSE_INITIAL.get(fuzzy[0], fuzzy[0])
    rest = fuzzy[1:]
    for old, new in _LOOSE_FINAL:
        if rest.endswith(old):
            rest = rest[: -len(old)] + new
            break
    return head + rest


@dataclass(frozen=True)
class Normalized:
    """`chars` is the matching text; `index[i]` is the position of chars[i] in `display`."""

    display: str
    chars: str
    index: tuple[int, ...]
    pinyin: str
    py_starts: tuple[int, ...]

    def char_span(self, py_start: int, py_end: int) -> tuple[int, int]:
        """Turn a span of the pinyin string into a span of `chars`."""
        start = bisect.bisect_left(self.py_starts, py_start)
        end = bisect.bisect_left(self.py_starts, py_end)
        return start, end

    def display_span(self, start: int, end: int) -> tuple[int, int]:
        """Turn a span of `chars` into a span of `display` (the transcript shown to users)."""
        if start >= len(self.index):
            return len(self.display), len(self.display)
        return self.index[start], self.index[end - 1] + 1 if end > start else self.index[start]

    @property
    def han_count(self) -> int:
        return sum(1 for c in self.chars if is_han(c))


def _map_char(ch: str) -> str:
    if ch in _PUNCT_MAP:
        return _PUNCT_MAP[ch]
    ch = unicodedata.normalize("NFKC", ch)[:1]
    if ch in _DROP or not ch.strip():
        return "，" if ch.isspace() else ""
    if ch in _PUNCT_MAP:
        return _PUNCT_MAP[ch]
    if ch in _DIGITS:
        return _DIGITS[ch]
    return ch.lower()


def _syllables(chars: str) -> list[str]:
    out = lazy_pinyin(chars, style=Style.NORMAL, errors=lambda s: list(s), v_to_u=False)
    if len(out) != len(chars):
        out = [
            (lazy_pinyin(c, style=Style.NORMAL, errors=lambda s: list(s)) or [c])[0] for c in chars
        ]
    return out


@lru_cache(maxsize=2048)
def normalize(text: str) -> Normalized:
    display = re.sub(r"\s+", " ", to_simplified(text or "")).strip()
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(display):
        mapped = _map_char(ch)
        if not mapped:
            continue
        if mapped in BOUNDARIES and (not chars or chars[-1] in BOUNDARIES):
            continue  # collapse runs of punctuation, none at the start
        chars.append(mapped[0])
        index.append(i)
    joined = "".join(chars)
    tokens: list[str] = []
    starts: list[int] = []
    pos = 0
    for ch, syl in zip(joined, _syllables(joined), strict=True):
        if ch in EXACT_CHARS:
            token = ch
        else:
            token = _PY_PUNCT.get(ch) or (fuzzy_syllable(syl) if is_han(ch) else ch)
        starts.append(pos)
        tokens.append(token + "|")
        pos += len(token) + 1
    return Normalized(display, joined, tuple(index), "".join(tokens), tuple(starts))


UNSURE_MARK = "~"


def mark_unsure(text: Normalized, unsure_display: Iterable[int]) -> Normalized:
    """``text`` with the pinyin of its unsure characters (positions in ``text.display``)
    written ``~`` + their `loose_syllable`, for `patterns.CompiledPattern.spans(heard=…)`."""
    wanted = set(unsure_display)
    tokens: list[str] = []
    starts: list[int] = []
    pos = 0
    for ch, d, token in zip(text.chars, text.index, text.pinyin.split("|"), strict=False):
        if d in wanted and is_han(ch) and ch not in EXACT_CHARS:
            token = UNSURE_MARK + loose_syllable(token)
        starts.append(pos)
        tokens.append(token + "|")
        pos += len(token) + 1
    return replace(text, pinyin="".join(tokens), py_starts=tuple(starts))


def display_positions(transcript: str, display: str, positions: Iterable[int]) -> set[int]:
    """Map positions in a transcript to `Normalized.display`, which collapses whitespace."""
    wanted = set(positions)
    out: set[int] = set()
    j = 0
    for i, ch in enumerate(transcript):
        if j < len(display) and (
            display[j] in (ch, to_simplified(ch)) or (ch.isspace() and display[j] == " ")
        ):
            if i in wanted:
                out.add(j)
            j += 1
    return out
