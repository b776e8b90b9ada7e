"""The pattern language of rules and elements, matched on characters and on toneless pinyin.

A pattern is a small regular expression over Simplified Chinese text:

* Han characters match themselves *or any homophone* (toneless, with zh/z, ch/c, sh/s, in/ing and
  en/eng merged), so 有意见 also matches the recogniser's 有一件 and 拨打 matches 播打. A match
  that covers a single Han character must be exact, so 喂 never matches 为.
* ``.`` is any one character inside a clause; ``…`` is up to eight of them.
* ``( | )`` groups, ``[您你]`` classes of Han characters, and the quantifiers ``? * + {m,n}``.
* ``^`` anchors at the start of a clause, ``$`` at its end.
* Other ASCII letters and digits match themselves.

`compile_pattern` turns one pattern into a `CompiledPattern` with three regular expressions: one
over the normalised characters, one over the pinyin string of `normalize.Normalized`, and a looser
one over the pinyin of `normalize.mark_unsure`, where the characters the recogniser was unsure
of may be near sounds (for required elements in spoken replies).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from pypinyin import Style, lazy_pinyin

from simulator.core.normalize import (
    BOUNDARIES,
    EXACT_CHARS,
    UNSURE_MARK,
    Normalized,
    fuzzy_syllable,
    is_han,
    loose_syllable,
)

GAP_MAX = 8
LOOSE_RUN_MIN = 3
_BOUNDARY_CLASS = "".join(BOUNDARIES)
_CHAR_ANY = f"[^{_BOUNDARY_CLASS}]"
_PY_ANY = r"(?:[^|,?.][^|]*\|)"
_UNSURE_ANY = f"(?:{re.escape(UNSURE_MARK)}[^|]*\\|)"


class PatternError(ValueError):
    """A pattern that does not parse; the message says where."""


@lru_cache(maxsize=4096)
def _run_readings(run: str) -> tuple[str, ...]:
    """Contextual readings of a run of Han characters (so 银行 reads hang, 不行 reads xing)."""
    got = lazy_pinyin(run, style=Style.NORMAL, errors=lambda s: list(s))
    if len(got) != len(run):
        got = [lazy_pinyin(c, style=Style.NORMAL)[0] for c in run]
    return tuple(fuzzy_syllable(r) for r in got)


def _py_token(ch: str, reading: str | None = None) -> str:
    if ch in EXACT_CHARS:
        return f"(?:{re.escape(ch)}\\|)"
    if is_han(ch):
        return f"(?:{re.escape(reading or _run_readings(ch)[0])}\\|)"
    return f"(?:{re.escape(ch.lower())}\\|)"


def _loose_run(run: str, readings: tuple[str, ...]) -> str:
    """A run of Han characters matched against what the recogniser heard: one syllable of the
    run may be an unsure one of the same loose sound class, or, in a run of three or more
    characters, an unsure syllable of any sound (工作日 also matches 工作界 when 界 was
    unsure; particles and 你/您 do not count towards the three). One such syllable per run:
    two doubtful syllables of a word are too little to go on."""
    exact = [_py_token(ch, r) for ch, r in zip(run, readings, strict=True)]
    variants = ["".join(exact)]
    content = [k for k, ch in enumerate(run) if ch not in EXACT_CHARS]
    for k in content:
        unsure = re.escape(UNSURE_MARK + loose_syllable(readings[k]))
        variants.append("".join(exact[:k] + [f"(?:{unsure}\\|)"] + exact[k + 1 :]))
        if len(content) >= LOOSE_RUN_MIN:  # 回复您 is too short a run for a wildcard
            variants.append("".join(exact[:k] + [_UNSURE_ANY] + exact[k + 1 :]))
    return "(?:" + "|".join(variants) + ")"


def _han_run(pattern: str, i: int) -> str:
    j = i
    while j < len(pattern) and is_han(pattern[j]):
        j += 1
    return pattern[i:j]


def _translate(pattern: str) -> tuple[str, str, str]:
    """Return (character regex, pinyin regex, loose pinyin regex) for one pattern."""
    chars: list[str] = []
    py: list[str] = []
    loose: list[str] = []

    def same(piece: str) -> None:  # the pinyin and loose regexes share this piece
        py.append(piece)
        loose.append(piece)

    i = 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if c == "…":
            chars.append(f"{_CHAR_ANY}{{0,{GAP_MAX}}}")
            same(f"{_PY_ANY}{{0,{GAP_MAX}}}")
        elif c == ".":
            chars.append(_CHAR_ANY)
            same(_PY_ANY)
        elif c in "()|?*+":
            if c == "(" and pattern.startswith("(?", i):
                raise PatternError(f"{pattern!r}: '(?' constructs are not supported (col {i})")
            chars.append(c)
            same("(?:" if c == "(" else c)
        elif c == "{":
            end = pattern.find("}", i)
            if end < 0 or not re.fullmatch(r"\{\d+(,\d*)?\}", pattern[i : end + 1]):
                raise PatternError(f"{pattern!r}: bad quantifier at col {i}")
            chars.append(pattern[i : end + 1])
            same(pattern[i : end + 1])
            i = end
        elif c == "[":
            end = pattern.find("]", i)
            members = pattern[i + 1 : end] if end > 0 else ""
            if end < 0 or not members or members.startswith("^"):
                raise PatternError(f"{pattern!r}: bad character class at col {i}")
            chars.append("[" + "".join(re.escape(m) for m in members) + "]")
            py.append("(?:" + "|".join(_py_token(m) for m in members) + ")")
            loose.append(py[-1])  # classes (digits, 您/你) are not loosened
            i = end
        elif c == "^":
            chars.append(f"(?:^|(?<=[{_BOUNDARY_CLASS}]))")
            same(r"(?:^|(?<=[,?.]\|))")
        elif c == "$":
            chars.append(f"(?=[{_BOUNDARY_CLASS}]|$)")
            same(r"(?=[,?.]\||$)")
        elif c in "\\]}":
            raise PatternError(f"{pattern!r}: unexpected {c!r} at col {i}")
        elif c.isspace():
            pass
        elif is_han(c):
            run = _han_run(pattern, i)
            readings = _run_readings(run)
            for ch, reading in zip(run, readings, strict=True):
                chars.append(re.escape(ch))
                py.append(_py_token(ch, reading))
            i += len(run)
            if i < n and pattern[i] in "?*+{":  # the quantifier binds to the last character
                loose.append(_loose_run(run[:-1], readings[:-1]))
                loose.append(_py_token(run[-1], readings[-1]))
            else:
                loose.append(_loose_run(run, readings))
            continue
        else:
            chars.append(re.escape(c))
            same(_py_token(c))
        i += 1
    return "".join(chars), "".join(py), "".join(loose)


@dataclass(frozen=True)
class CompiledPattern:
    source: str
    char_re: re.Pattern[str]
    py_re: re.Pattern[str]
    loose_src: str

    @cached_property
    def loose_re(self) -> re.Pattern[str]:
        """Compiled on first use: only spoken replies need it (built from `py_re`'s pieces,
        so any error in it was already reported)."""
        return re.compile(self.loose_src)

    def spans(
        self,
        text: Normalized,
        strict: bool = True,
        heard: Normalized | None = None,
        by_sound: bool = True,
    ) -> list[tuple[int, int]]:
        """Character spans in `text.chars` where the pattern matches, by character or by sound.

        `strict` (for violations) also asks a sound-alike match to share characters with the
        pattern; required elements are looked for without it, since a missed element fails a
        good reply that the recogniser misheard. `heard` (required elements in a transcript
        with the recogniser's unsure characters marked) also matches those characters more
        loosely: see `_loose_run`. `by_sound` False: by characters only."""
        found = {
            (m.start(), m.end()) for m in self.char_re.finditer(text.chars) if m.end() > m.start()
        }
        if not by_sound:
            return sorted(found)
        for m in self.py_re.finditer(text.pinyin):
            start, end = text.char_span(m.start(), m.end())
            if end - start >= 2 and (not strict or self._plausible(text.chars[start:end])):
                found.add((start, end))
        if heard is not None:
            for m in self.loose_re.finditer(heard.pinyin):
                start, end = heard.char_span(m.start(), m.end())
                if end - start >= 2:
                    found.add((start, end))
        return sorted(found)

    def _plausible(self, heard: str) -> bool:
        """A sound-alike match must share some characters with the pattern (二一 is not 而已)."""
        shared = sum(1 for c in heard if c in self.source)
        return shared * 3 >= len(heard)


@lru_cache(maxsize=8192)
def compile_pattern(pattern: str) -> CompiledPattern:
    char_src, py_src, loose_src = _translate(pattern)
    try:
        return CompiledPattern(pattern, re.compile(char_src), re.compile(py_src), loose_src)
    except re.error as exc:
        raise PatternError(f"{pattern!r}: {exc}") from exc
