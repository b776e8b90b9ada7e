"""Commitment phrases put back whole in a transcript (the hotline correction's second step).

In a long reply on a noisy line Whisper hears one or two syllables of a commitment as
sound-alikes — a time limit (两个工作日内 as 两个工作力内, 24小时内 as 二十分小时内), the record
(已经记录下来), the closing (换一部电话再拨再见 as 再不再变) — and the grader then misses 承诺时限,
记录处理 or 挂机语 although they were said. A :class:`PhraseTable` holds the phrases of
``scenarios/lexicon/commitments.yaml`` (``HotlineTerms.phrases``) and writes one back where a
stretch of a clause of its length matches it but for a few near sounds. The corrected text
keeps its length, so the recogniser's per-character hearing still lines up.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from simulator.core.normalize import EXACT_CHARS, fuzzy_syllable, loose_syllable


@dataclass(frozen=True)
class Change:
    """One replacement in a transcript: at ``start``, ``before`` became ``after``."""

    start: int
    before: str
    after: str
    gain: float


class PhraseTable:
    """Commitment phrases put back whole (``HotlineTerms.phrases``): a stretch of a clause of
    the phrase's length whose syllables match it but for at most MAX_PHRASE_MISSES, each a near
    sound (same loose class, or the same initial or final), keeping most of its characters as
    they were heard, or but for one numeral of a time limit of several heard as no numeral at
    all (:func:`_garbled_numeral`). Forms of address and particles are never changed."""

    def __init__(self, phrases: Iterable[str], words: Collection[str] = frozenset()):
        self.phrases = sorted(set(phrases), key=lambda p: (-len(p), p))
        self.sounds = {p: _syllables(p) for p in self.phrases}
        # Words of two and three characters of the language (the correction's general
        # dictionary; a time unit heard as a word, 工作组, is that word): in a phrase of
        # SHORT_PHRASE characters or fewer, a near sound heard as one of them whole is what was
        # said (请您挂失 is no 请您挂机, though 请您挂金 is, and 进路下来 is
        # 记录下来: in/i is a loose class); a longer phrase's other syllables overrule it
        # (请您稍后再多再见: 稍后再拨再见).
        self.words = words

    def correct_run(self, run: str) -> tuple[str, list[Change]]:
        changes: list[Change] = []
        if len(run) < 4:
            return run, changes
        heard = _syllables(run)
        if len(heard) != len(run):
            return run, changes
        for phrase in self.phrases:
            n = len(phrase)
            for start in range(0, len(run) - n + 1):
                span = run[start : start + n]
                if span in self.sounds:
                    continue  # a phrase of the table as heard (小时之内 is no garbled 小时以内)
                cost = _phrase_cost(
                    span, phrase, heard[start : start + n], self.sounds[phrase], self.words
                )
                if cost is None or cost > (PHRASE_COST_LONG if n >= 6 else PHRASE_COST):
                    continue
                if n <= SHORT_PHRASE and self._breaks_a_word(
                    span, phrase, heard[start : start + n], self.sounds[phrase]
                ):
                    continue
                changes.append(Change(start, span, phrase, round(-cost, 2)))
                run = run[:start] + phrase + run[start + n :]
                heard = _syllables(run)
        return run, changes

    def _breaks_a_word(self, span: str, phrase: str, heard: list[str], want: list[str]) -> bool:
        """A character the phrase would change for a near sound only (not the same sound nor
        one of its loose class) makes a word of the language with its neighbour in the span, a
        word the phrase does not have there (挂失 in 请您挂失)."""
        for i, (a, b) in enumerate(zip(span, phrase, strict=True)):
            if a == b or loose_syllable(heard[i]) == loose_syllable(want[i]):
                continue
            for j in (i - 1, i):
                pair = span[j : j + 2]
                if j >= 0 and len(pair) == 2 and pair in self.words and pair != phrase[j : j + 2]:
                    return True
        return False


# A phrase may differ from what was heard in at most this many syllables, at this total cost
# (a near sound costs NEAR_COST, a loose-class one LOOSE_COST). A character of the same sound
# written otherwise (再拨 as 在播, 一部 as 一步 on the telephone band) is heard as said: it
# costs a little but is no miss (long-az, issue 15: 换一部电话再拨 as 坏一副电话在播).
MAX_PHRASE_MISSES = 2
PHRASE_COST = 1.0
PHRASE_COST_LONG = 1.5
LOOSE_COST = 0.5
NEAR_COST = 0.75
SHORT_PHRASE = 4


def _syllables(text: str) -> list[str]:
    from pypinyin import lazy_pinyin

    out = lazy_pinyin(text, errors=lambda chars: ["?"] * len(chars))
    return [fuzzy_syllable(s) for s in out]


def _phrase_cost(
    span: str, phrase: str, heard: list[str], want: list[str], words: Collection[str] = ()
) -> float | None:
    cost, misses = 0.0, 0
    for i, (a, b, sa, sb) in enumerate(zip(span, phrase, heard, want, strict=True)):
        if a == b:
            continue
        if a in EXACT_CHARS or b in EXACT_CHARS or (a in NUMBER_WORDS and b in NUMERALS):
            return None  # a numeral heard as another (四十八 → 四十半) is a different limit
        if b == "不" and sa == CANTONESE_NOT:
            return None  # 唔 heard as 无, 五: the dialect rules read it (唔好意思), kept
        misses += sa != sb  # a same-sounding character is heard as said, not missed
        if (
            _garbled_numeral(span, phrase, i)
            or _garbled_unit(span, phrase, i)
            or _garbled_unit_end(span, phrase, i, words)
        ):
            cost += GARBLED_NUMERAL_COST
        elif sa == sb:
            cost += 0.0 if a.isdigit() else 0.25  # a same-sounding character
        elif loose_syllable(sa) == loose_syllable(sb):
            cost += LOOSE_COST
        elif _initial(sa) == _initial(sb) or _final(sa) == _final(sb):
            cost += NEAR_COST
        else:
            return None
    if misses > MAX_PHRASE_MISSES:
        return None
    return cost


# The sound of Cantonese 唔 (not), which Whisper writes 无, 五 or 吴: the dialect-caller rules
# catch 唔好, 唔该 by it, so a phrase's 不 is never written over it.
CANTONESE_NOT = "wu"


# A time limit of several numerals (二十四小时内, 四十八小时之内) with one of them heard as a
# character that is no numeral (二十分小时内 on the telephone band): the other numerals and the
# unit say which commitment it was, so the one numeral is put back whatever its sound, but only
# when nothing else of the phrase was misheard (the cost fills PHRASE_COST_LONG).
GARBLED_NUMERAL_COST = PHRASE_COST_LONG
NUMERALS = frozenset("零一二两三四五六七八九十百半几")
# What may stand in a number: a numeral, a digit, or an approximation (二十多小时, 十来天).
NUMBER_WORDS = NUMERALS | frozenset("0123456789多来余")


def _garbled_numeral(span: str, phrase: str, i: int) -> bool:
    """Position ``i`` of the phrase is a numeral next to another numeral heard as said, and
    what was heard there is no numeral (a numeral heard as another is a different limit)."""
    if phrase[i] not in NUMERALS or span[i] in NUMBER_WORDS:
        return False
    return any(
        0 <= j < len(phrase) and phrase[j] in NUMERALS and span[j] == phrase[j]
        for j in (i - 1, i + 1)
    )


# The first character of a time unit (小 of 小时, 工 of 工作日, 分 of 分钟) heard as any other
# sound between a numeral heard as said and the rest of the unit heard as said (二十四奖时内 on
# the telephone band): the numeral before and the unit's end after say which limit it was, as
# for a garbled numeral, at the same cost.
UNIT_STARTS = ("小时", "工作", "分钟")


def _garbled_unit(span: str, phrase: str, i: int) -> bool:
    """Position ``i`` of the phrase starts a time unit between a numeral (and 个) and the
    unit's second character, all heard as said; what was heard there is no numeral."""
    if i == 0 or i + 1 >= len(phrase) or span[i] in NUMBER_WORDS:
        return False
    if phrase[i : i + 2] not in UNIT_STARTS or span[i + 1] != phrase[i + 1]:
        return False
    return _numeral_heard_before(span, phrase, i)


def _numeral_heard_before(span: str, phrase: str, k: int) -> bool:
    """The phrase's numeral just before its unit at ``k`` (before 个 in 两个小时) is a numeral,
    and it and what follows it up to ``k`` were heard as said."""
    m = k - 2 if phrase[k - 1] == "个" and k >= 2 else k - 1
    return phrase[m] in NUMERALS and span[m:k] == phrase[m:k]


# The last character of a time unit (日 of 工作日, 时 of 小时) heard as any other sound between
# the rest of the limit heard as said — the numeral (and 个) and the unit's first characters —
# and the 内 or 之内 that closes it (三个工作区内 on the telephone band, twice in long-v): the
# numeral before and the 内 after say which limit it was, at the cost of a garbled numeral. Not
# where what was heard is a numeral or another unit (两个工作周内 is another limit), nor where the
# unit as heard, its first characters and the garbled one, is a word of the language (两个小区内:
# compounds, not hours; 三个工作组内: groups). A word the garbled character makes with the unit's
# second character alone does not count: 工作 holds it (两个工作业内 is 两个工作日内, though 作业 is
# a word; long-au, issue 15).
UNIT_ENDS = ("工作日", "小时", "分钟")
OTHER_UNITS = frozenset("日天周月年时分秒")


def _garbled_unit_end(span: str, phrase: str, i: int, words: Collection[str] = ()) -> bool:
    """Position ``i`` of the phrase ends a time unit after the numeral (and 个) and the unit's
    first characters, all heard as said, and before 内 heard as said."""
    if span[i] in NUMBER_WORDS or span[i] in OTHER_UNITS:
        return False
    for unit in UNIT_ENDS:
        k = i - len(unit) + 1  # where the unit starts
        if k < 1 or phrase[k : i + 1] != unit or span[k:i] != phrase[k:i]:
            continue
        if "内" not in phrase[i + 1 : i + 3] or span[i + 1 :] != phrase[i + 1 :]:
            continue
        if span[k : i + 1] in words:
            return False
        return _numeral_heard_before(span, phrase, k)
    return False


def _initial(syl: str) -> str:
    for head in ("zh", "ch", "sh"):
        if syl.startswith(head):
            return head
    return syl[:1] if syl[:1] not in "aeiouv" else ""


def _final(syl: str) -> str:
    final = syl[len(_initial(syl)) :]
    # After b, p, m, f the final written o is said uo (拨 bo rhymes with 多 duo).
    return "uo" if final == "o" and syl[:1] in "bpmf" else final
