"""Time limits put back where the numeral or the unit was heard in a shape no table phrase has.

The commitment phrases (:mod:`simulator.speech.phrases`) are put back over a stretch of their
own length. Two garbles of a time limit on the telephone band are of another shape:

* the unit's last syllable heard as two (两个工作日内 as 两个工作人员内, 日 ri as 人员 ren yuan):
  one character too many. The limit is written back with 之内 for 内 (两个工作日之内), which
  says the same and keeps the text's length, so the recogniser's per-character hearing still
  lines up;
* a numeral heard as a character that is no numeral, after a numeral heard as said and before
  the unit and its 内 heard as said (二十四小时内 as 十分小时内): which number it was is lost, so
  it is written 几 (十几小时内), a number said but not heard, which is still a time limit.

Both need the numeral before the unit, the unit's first characters and the 内 that closes the
limit heard as said, and neither writes over a word 内 starts (内部, 内容: within two staff's own
affairs is no time limit). Seeds 000/001: a promise of a reply within a set time (24小时内).
"""

from __future__ import annotations

from collections.abc import Collection

from simulator.speech.phrases import NUMBER_WORDS, NUMERALS, Change, _final, _initial, _syllables

# Time units of more than one character (a one-character unit, 天, has no first characters to
# hold the limit when its sound is lost).
UNITS = ("工作日", "小时", "分钟")
CLOSERS = ("之内", "以内", "内")
DIGITS = frozenset("0123456789")
# Said between a numeral and a unit: the classifier, and units of days or more.
COUNTED = frozenset("个天日周月年")
# What a garbled numeral is written as: a number said but not heard (十几小时内).
SOME_NUMBER = "几"


def restore_time_limits(text: str, words: Collection[str] = ()) -> tuple[str, list[Change]]:
    """``text`` with the time limits of the two shapes above put back (the same length) and
    the changes made. ``words``: words of the language, to tell a 内 that starts one."""
    changes: list[Change] = []
    i = 0
    while i < len(text):
        if not _numeral(text[i]) or (i > 0 and _numeral(text[i - 1])):
            i += 1
            continue
        end = i
        while end < len(text) and _numeral(text[end]):
            end += 1
        fixed = _extra_syllable(text, end, words) or _garbled_numeral(text, end, words)
        if fixed is not None:
            start, before, after = fixed
            changes.append(Change(start, before, after, 0.0))
            text = text[:start] + after + text[start + len(after) :]
        i = end
    return text, changes


def _numeral(ch: str) -> bool:
    return ch in NUMERALS or ch in DIGITS


def _closes_limit(text: str, k: int, words: Collection[str]) -> bool:
    """A 内 at ``k`` that closes a time limit, not the start of a word (内部, 内容) the next
    characters do not take apart (内联系 is 内 and 联系)."""
    if text[k : k + 1] != "内":
        return False
    return text[k : k + 2] not in words or text[k + 1 : k + 3] in words


def _extra_syllable(text: str, end: int, words) -> tuple[int, str, str] | None:
    """After a numeral ending at ``end`` (and 个), a unit whose last syllable was heard as two
    characters, the first sharing its initial or final, before 内: (start, heard, written)."""
    u = end + (text[end : end + 1] == "个")
    for unit in UNITS:
        head = unit[:-1]
        x = u + len(head)
        pair = text[x : x + 2]
        if text[u:x] != head or len(pair) < 2 or not _garbled(pair):
            continue
        if not _closes_limit(text, x + 2, words):
            continue
        heard, want = _syllables(pair[0])[0], _syllables(unit[-1])[0]
        if _initial(heard) != _initial(want) and _final(heard) != _final(want):
            continue
        return u, text[u : x + 3], unit + "之内"
    return None


def _garbled_numeral(text: str, end: int, words) -> tuple[int, str, str] | None:
    """After a numeral ending at ``end``, one character that is no numeral nor 个 nor a unit of
    days or more (三天工作日内 counts days), then a unit and its 内 (之内, 以内) heard as said:
    (position, heard, 几)."""
    ch = text[end : end + 1]
    if not ch or not _garbled(ch) or ch in COUNTED:
        return None
    for unit in UNITS:
        k = end + 1 + len(unit)
        if text[end + 1 : k] != unit:
            continue
        for closer in CLOSERS:
            if text[k : k + len(closer)] == closer and _closes_limit(
                text, k + len(closer) - 1, words
            ):
                return end, ch, SOME_NUMBER
    return None


def _garbled(chars: str) -> bool:
    """Han characters that are none of a number's (numerals, 多, 来, 余)."""
    return all("\u4e00" <= c <= "\u9fff" and c not in NUMBER_WORDS for c in chars)
