"""Short formulas that end a clause, put back where their last syllable was heard as a sound-alike.

The greeting of a silent or just-connected call ends on the invitation 请讲 (seeds 000/001:
“您好，您的电话已接通，请讲”). On the telephone band Whisper often hears its 讲 (jiang) as 向,
箱 or 将 (xiang, jiang: j/q/x and ang/an are one loose sound class, see
:func:`simulator.core.normalize.loose_syllable`), and the grader then misses 请讲 although it was
said. At the end of a clause a 请 followed by one such syllable is no other Chinese: 请向 and 请将
need what follows them. So the formula is written back there, when the first character was heard
as said, the pair heard is no word of the language (请见, a word, stays) and its 请 ends no word
with the character before it (申请件 stays). The text keeps its
length, so the recogniser's per-character hearing still lines up.
"""

from __future__ import annotations

from collections.abc import Collection

from pypinyin import lazy_pinyin

from simulator.core.normalize import EXACT_CHARS, loose_syllable
from simulator.speech.phrases import Change

# Formulas of two characters that close a clause (the invitation to speak).
CLAUSE_END_FORMULAS = ("请讲",)


def _loose(ch: str) -> str:
    return loose_syllable(lazy_pinyin(ch)[0])


def formula_at_end(run: str, words: Collection[str] = ()) -> tuple[str, list[Change]]:
    """``run`` (Han characters ending a clause) with a formula of CLAUSE_END_FORMULAS put back
    at its end, where the formula's first character was heard as said and its last one as
    another character of the same loose sound class, the pair heard being no word of
    ``words`` nor its first character the end of one."""
    for formula in CLAUSE_END_FORMULAS:
        n = len(formula)
        tail = run[-n:]
        if len(run) < n or tail == formula or tail in words:
            continue
        if tail[:-1] != formula[:-1] or tail[-1] in EXACT_CHARS:
            continue
        if _loose(tail[-1]) != _loose(formula[-1]):
            continue
        start = len(run) - n
        if start > 0 and run[start - 1 : start + 1] in words:
            continue  # 请 ends a word there (申请件: an application form, not 请讲)
        return run[:start] + formula, [Change(start, tail, formula, 0.0)]
    return run, []
