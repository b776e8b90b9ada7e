"""Fair charging of a spoken reply: a recognition error is not the trainee's violation.

The grader judges what Whisper heard. A finding is *not counted* (kept, shown as "heard as …,
not counted" with its place in the audio, so a trainer can listen) when its evidence lies on
characters the recogniser was unsure of and those characters, read by sound as the far likelier
words of hotline speech, lose it — unless the same words are heard for sure elsewhere in the
reply — or when it disappears under a same-sounding reading of the clause (不够好，向您…
heard as 不够好像您…: 像您 and 向您 sound alike, and 向您 is by far the likelier pair in hotline
speech). Low confidence alone is not evidence of a recognition error: Whisper is often unsure of
words it heard right (a form of address, 大声点 in a command). In the beam-5 decodes of three
spoken sets (long-k, long-v, short-w; 16,636 Han characters; tools/heard_calibration.py), a third of the characters heard
below UNSURE_PROB were wrong (680 of 2,027), with no lower band where most were wrong (16 % below
0.05, 42 % at 0.10–0.15), against 3 % above 0.9; and on those sets the doubt alone excused real
faults and saved no good reply (stop 21). Fillers and particles (呗, 喽, 呀, 哎呀 …) are
evidence only where the recogniser was confident it heard them and heard them on their own, not
glued into the next word (:mod:`simulator.core.heard_timing`); a pet phrase (就是说) unless it was
unsure; a pet phrase that is a clause of its own (，那个，那个，) or the greeting 喂 alone at the
reply's start however unsure (:mod:`simulator.core.heard_said`). Typed replies are untouched.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

from simulator.core.heard_said import pet_phrase, said
from simulator.core.heard_timing import glued
from simulator.core.normalize import fuzzy_syllable, is_han, to_simplified
from simulator.core.result import Violation

# Below this a character is unsure (as the transcriber's own threshold for required elements).
UNSURE_PROB = 0.5
# The second opinion's finding on a clause this short (Han characters) is a fragment, like a
# filler: Whisper writes 那， for a sound it could not place (奶奶 on a noisy line). It is charged
# only where every character of it was heard with FILLER_SURE confidence.
FRAGMENT = 2
# A filler or particle must be heard at least this surely to be charged.
FILLER_SURE = 0.85
# A same-sounding pair must be this many times likelier in hotline speech to replace it.
LIKELIER = 8.0
NOT_COUNTED = "not_counted"
GLUED = ("与后面的词连在一起（中间没有停顿）", "glued into a word (no pause after it)")
DE_READ = (
    "“地”在此是助词（与“的”同音 de），规则却按 di 音匹配",
    "地 here is the particle de (as 的), which the rule matched by the sound di",
)


class _DeRead(NamedTuple):
    """:data:`DE_READ` as the reason, with where the 地 read as 的 stands."""

    zh: str
    en: str
    at: int


_TONE_CATEGORIES = frozenset(
    {"forbidden_word", "rhetorical", "interrogating", "commanding", "sarcastic", "shirking",
     "filler", "impolite_address", "off_protocol"}
)  # fmt: skip
# Particles and fillers Whisper puts in where nobody said them (longest first); 哼 is its spelling
# of a hum (嗯) as often as of a scoff. Not 就先: no rule charges it any more (stop 23), and before
# a verb (您就先等一等) it is an adverb the sentence is built on, not a sound to drop.
PARTICLES = (
    "哎呀",
    "那个",
    "呗",
    "喽",
    "呀",
    "啦",
    "嘛",
    "哈",
    "哦",
    "呃",
    "嗯",
    "啊",
    "哼",
)

BIGRAMS_FILE = "bigrams.json"


@dataclass(frozen=True)
class Hearing:
    """How surely the recogniser heard each character of a transcript, and when: per
    character, the probability of its word (1.0 where nothing was measured, e.g. punctuation),
    the word's start and (``until``, empty where unknown) its end in seconds (None where
    unknown). Only spoken replies have one."""

    probability: tuple[float, ...]
    at: tuple[float | None, ...]
    until: tuple[float | None, ...] = ()

    @property
    def unsure(self) -> set[int]:
        """Positions of the Han characters heard with less than UNSURE_PROB confidence."""
        return {i for i, p in enumerate(self.probability) if p < UNSURE_PROB}

    def on(self, transcript: str, display: str) -> Hearing:
        """The same, for the positions of ``display`` (the grader's normalised transcript)."""
        probs = [1.0] * len(display)
        at: list[float | None] = [None] * len(display)
        until: list[float | None] = [None] * len(display)
        j = 0
        for i, ch in enumerate(transcript):
            if j < len(display) and (
                display[j] in (ch, to_simplified(ch)) or (ch.isspace() and display[j] == " ")
            ):
                if i < len(self.probability):
                    probs[j], at[j] = self.probability[i], self.at[i]
                if i < len(self.until):
                    until[j] = self.until[i]
                j += 1
        return Hearing(tuple(probs), tuple(at), tuple(until) if self.until else ())


@lru_cache(maxsize=1)
def _bigrams() -> tuple[dict[str, int], dict[str, list[str]]]:
    """Character-pair counts of hotline speech (scenarios/models/bigrams.json, made by
    ``python -m simulator.core.heard_counts``), and their characters by toneless sound."""
    from simulator.core.opinion import models_dir

    try:
        data = json.loads((models_dir() / BIGRAMS_FILE).read_text("utf-8"))
        counts = dict(data["pairs"])
    except (OSError, ValueError, KeyError, TypeError):
        return {}, {}
    by_sound: dict[str, list[str]] = {}
    for ch in sorted({c for pair in counts for c in pair}):
        by_sound.setdefault(_sound_of(ch), []).append(ch)
    return counts, by_sound


@lru_cache(maxsize=8192)
def _sound_of(chars: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return "|".join(fuzzy_syllable(r) for r in lazy_pinyin(chars, style=Style.NORMAL))


def likelier_reading(display: str, start: int, end: int) -> str | None:
    """The reply with one character at the finding's edge swapped for a same-sounding one that
    makes its pair with the neighbour outside the finding far likelier in hotline speech
    (不够好像您 → 不够好向您), else None. The finding must not start its clause: a clause that
    opens with 好像您… is read as said."""
    counts, by_sound = _bigrams()
    if not counts:
        return None
    for inside, other in ((end - 1, end), (start, start - 1)):
        if not (0 <= other < len(display)) or not is_han(display[inside]):
            continue
        if not is_han(display[other]) or end - start < 2:
            continue
        before = start - 1 if inside == end - 1 else end
        if not (0 <= before < len(display)) or not is_han(display[before]):
            continue  # the finding opens (or closes) its clause: nothing to read it into
        left, right = sorted((inside, other))
        heard = display[left : right + 1]
        best, best_count = None, 0
        for ch in by_sound.get(_sound_of(display[inside]), ()):
            if ch == display[inside]:
                continue
            pair = ch + heard[1] if inside == left else heard[0] + ch
            if counts.get(pair, 0) > best_count:
                best, best_count = ch, counts[pair]
        if best is not None and best_count >= LIKELIER * (counts.get(heard, 0) + 1):
            return display[:inside] + best + display[inside + 1 :]
    return None


def sound_reading(display: str, positions: Iterable[int]) -> str | None:
    """The reply with each unsure character at ``positions`` swapped for the same-sounding one
    that makes its pairs with both neighbours at least LIKELIER times likelier in hotline speech
    (我性礼 → 我姓礼: 我姓 is common, 我性 never), else None when none is swapped."""
    counts, by_sound = _bigrams()
    if not counts:
        return None
    chars = list(display)

    def pairs(p: int, ch: str) -> int:
        left = chars[p - 1] + ch if p > 0 and is_han(chars[p - 1]) else ""
        right = ch + chars[p + 1] if p + 1 < len(chars) and is_han(chars[p + 1]) else ""
        return counts.get(left, 0) + counts.get(right, 0)

    swapped = False
    for p in sorted(positions):
        if not (0 <= p < len(chars)) or not is_han(chars[p]):
            continue
        heard = pairs(p, chars[p])
        best, best_count = None, 0
        for ch in by_sound.get(_sound_of(chars[p]), ()):
            if ch != chars[p] and pairs(p, ch) > best_count:
                best, best_count = ch, pairs(p, ch)
        if best is not None and best_count >= LIKELIER * (heard + 1):
            chars[p], swapped = best, True
    return "".join(chars) if swapped else None


def _confirmed_by_sound(
    v: Violation,
    display: str,
    unsure: set[int],
    confirm: Callable[[str], set[tuple[str, int, int]]] | None,
) -> bool:
    """The doubt is resolved the other way: read by sound, the unsure characters of the finding
    become the likelier words (我性 → 我姓), and the rules and the second opinion still charge
    the same category on that place of the reading."""
    if confirm is None:
        return False
    reading = sound_reading(display, [p for p in range(v.start, v.end) if p in unsure])
    if reading is None:
        return False
    return any(
        cat == v.category and start < v.end and v.start < end
        for cat, start, end in confirm(reading)
    )


def _read_otherwise(v: Violation, display: str, unsure: set[int]) -> bool:
    """The unsure characters of the finding have a far likelier same-sounding reading: there is
    something else the speaker may have said."""
    return sound_reading(display, [p for p in range(v.start, v.end) if p in unsure]) is not None


def _sure(positions: Iterable[int], unsure: set[int]) -> bool:
    return not any(p in unsure for p in positions)


# A finding of more than SHORT_FINDING characters (a clause of an off-protocol move) is doubted
# only when at least this share of it was unsure: one garbled word does not unmake a clause.
SHORT_FINDING = 4
DOUBTED_SHARE = 1 / 3


def _doubted(span: range, unsure: set[int]) -> bool:
    doubtful = sum(p in unsure for p in span)
    if len(span) <= SHORT_FINDING:
        return doubtful > 0
    return doubtful >= DOUBTED_SHARE * len(span)


def clock(seconds: float | None) -> str:
    """0:03.2 — a place in the recording."""
    if seconds is None:
        return ""
    return f"{int(seconds // 60)}:{seconds % 60:04.1f}"


def uncounted(
    violations: list[Violation],
    display: str,
    unsure: set[int],
    hearing: Hearing | None,
    regrade: Callable[[str], set[str]] | None = None,
    confirm: Callable[[str], set[tuple[str, int, int]]] | None = None,
    wording: Callable[[Violation], str] | None = None,
    reread: Callable[[str], list[Violation]] | None = None,
) -> list[Violation]:
    """The findings of a spoken reply, with those a recognition error may explain turned into
    notes (severity ``not_counted``, ``by`` ``uncertain``) that say what was heard, where, and
    why it is not counted.

    ``unsure``: positions in ``display`` Whisper doubted; ``hearing``: its confidence and timing
    per character of ``display`` (None when unknown); ``regrade(text)`` → the categories that
    text still fails on (the reply without a doubtful particle must lose the finding);
    ``confirm(text)`` → the (category, start, end) the rules and the second opinion charge in
    text (a same-sounding reading that keeps a finding on unsure characters keeps it counted);
    ``wording(v)`` → the characters of the rule's patterns (see :func:`_toward_the_rule`);
    ``reread(text)`` → the rules' findings in text: a finding excused because its 地 is the
    particle 的 gives way to what the reading with 的 charges on the same words
    (:func:`_charged_as_de`)."""
    out: list[Violation] = []
    queue = list(violations)
    for v in queue:
        if v.severity != "fail" or v.category not in _TONE_CATEGORIES or v.end <= v.start:
            out.append(v)
            continue
        why = _why_not_counted(v, display, unsure, hearing, regrade, confirm, wording)
        if why is None:
            out.append(v)
            continue
        if isinstance(why, _DeRead) and reread is not None:
            queue.extend(_charged_as_de(v, display, why.at, queue, reread))
        at = hearing.at[v.start] if hearing is not None and v.start < len(hearing.at) else None
        where, where_en = (f"（{clock(at)}）", f" at {clock(at)}") if at is not None else ("", "")
        zh, en = why[:2]
        out.append(
            replace(
                v,
                severity=NOT_COUNTED,
                by="uncertain",
                heard_at=at,
                explanation=f"听作“{v.text}”{where}，{zh}，不计入评分。（{v.explanation}）",
                explanation_en=(
                    f"Heard as “{v.text}”{where_en}; {en}: not counted. ({v.explanation_en})"
                    if v.explanation_en
                    else f"Heard as “{v.text}”{where_en}; {en}: not counted."
                ),
            )
        )
    return out


def _why_not_counted(
    v: Violation,
    display: str,
    unsure: set[int],
    hearing: Hearing | None,
    regrade: Callable[[str], set[str]] | None,
    confirm: Callable[[str], set[tuple[str, int, int]]] | None = None,
    wording: Callable[[Violation], str] | None = None,
) -> tuple[str, str] | None:
    if said(v, display):
        return None
    span = range(v.start, v.end)
    doubted = (
        _doubted(span, unsure)
        and not _heard_surely_elsewhere(v, display, unsure)
        and _read_otherwise(v, display, unsure)
    )
    fragment = _doubtful_fragment(v, display, hearing)
    if (doubted or fragment is not None) and _confirmed_by_sound(v, display, unsure, confirm):
        doubted, fragment = False, None
    if doubted:
        return "识别时没有把握", "the recogniser was unsure of it"
    if fragment is not None:
        return (
            f"只是识别出的零散片段，把握仅 {fragment:.0%}",
            f"a stray fragment of the transcript, heard with only {fragment:.0%} confidence",
        )
    if hearing is not None:
        probs = hearing.probability
        if v.category == "filler":
            sure = min((probs[p] for p in span if p < len(probs)), default=1.0)
            # No glued sound becomes a pet phrase (heard_said.pet_phrase): doubt alone excuses it.
            if sure < (UNSURE_PROB if pet_phrase(display, v.start, v.end) else FILLER_SURE):
                return f"识别把握仅 {sure:.0%}", f"heard with only {sure:.0%} confidence"
        particle = _doubtful_particle(v, display, probs)
        if particle is not None and regrade is not None:
            a, b = particle
            if v.category not in regrade(display[:a] + display[b:]):
                sure = min(probs[a:b])
                return (
                    f"语气词“{display[a:b]}”识别把握仅 {sure:.0%}",
                    f"the particle “{display[a:b]}” was heard with only {sure:.0%} confidence",
                )
        if v.category == "filler" and glued(hearing, display, v.start, v.end):
            return GLUED
        particle = None if v.category == "filler" else _glued_particle(v, display, hearing)
        if particle is not None and regrade is not None:
            a, b = particle
            if v.category not in regrade(display[:a] + display[b:]):
                return (
                    f"语气词“{display[a:b]}”与后面的词连在一起，中间没有停顿",
                    f"the particle “{display[a:b]}” was glued into the next word with no pause",
                )
    if v.by == "rules" and regrade is not None and (hearing is not None or unsure):
        de = _particle_read_di(v, display, wording)
        if de is not None and v.category not in regrade(display[:de] + "的" + display[de + 1 :]):
            return _DeRead(*DE_READ, at=de)
    if v.by == "rules" and (hearing is not None or unsure):
        # No regrade here: the rules match by sound too (好向 still reads hao xiang), and the
        # swap is what takes the words of the finding apart.
        reading = likelier_reading(display, v.start, v.end)
        if reading is not None and not _toward_the_rule(reading, display, v, wording):
            shown = reading[max(0, v.start - 2) : v.end + 3]
            return (
                f"按同音更常见的读法应为“{shown}”",
                f"a same-sounding, far likelier reading is “{shown}”",
            )
    return None


def _particle_read_di(v: Violation, display: str, wording) -> int | None:
    """Where in the finding a 地 follows a Han character while the rule's own words have no
    地: the rule matched it by its sound di (素质地 as 素质低), but 的, 地 and 得 are one sound
    in speech, de, and Whisper's pick among them is a guess (有素质的表现 heard 有素质地表现).
    Only before another word, where the particle stands; read as 的, the finding must go
    (checked by the caller)."""
    if wording is None or "地" in wording(v):
        return None
    k = display.find("地", v.start + 1, v.end)
    if k < 0 or k + 1 >= len(display) or not is_han(display[k + 1]):
        return None  # at a clause's end it is no particle before a verb (素质太低。)
    return k if is_han(display[k - 1]) else None


def _charged_as_de(
    v: Violation,
    display: str,
    de: int,
    queue: list[Violation],
    reread: Callable[[str], list[Violation]],
) -> list[Violation]:
    """What the reply read with 的 for the particle 地 of ``v`` charges on ``v``'s words that
    nothing in ``queue`` charges already: 骂人可不是有素质地表现 matched 素质低 by sound (a
    situation's move, named before the shared rule on the same words), and read as said,
    有素质的表现, it is the lecture on manners the shared rule charges. The reading keeps the
    reply's length, so its findings stand on the heard characters. ``de``: where the 地 is
    (:func:`_particle_read_di`, worked out once by :func:`_why_not_counted`)."""
    reading = display[:de] + "的" + display[de + 1 :]
    have = {(w.category, w.start, w.end) for w in queue}
    return [
        w
        for w in reread(reading)
        if w.severity == "fail"
        and w.category in _TONE_CATEGORIES
        and w.category != v.category
        and w.start < v.end
        and v.start < w.end
        and (w.category, w.start, w.end) not in have
    ]


def _toward_the_rule(reading: str, display: str, v: Violation, wording) -> bool:
    """The likelier reading puts in a character of the rule's own words for one that is not
    (营业听照 → 营业听找 for 直接去营业厅找): it makes the fault clearer, not gone."""
    words = wording(v) if wording is not None else ""
    edge = slice(max(0, v.start - 1), v.end + 1)
    return any(
        a != b and b in words and a not in words
        for a, b in zip(display[edge], reading[edge], strict=True)
    )


def _doubtful_particle(v: Violation, display: str, probs) -> tuple[int, int] | None:
    """The first particle inside the finding heard with less than FILLER_SURE confidence."""
    for word in PARTICLES:
        k = display.find(word, v.start, v.end)
        while k >= 0:
            if min(probs[k : k + len(word)], default=1.0) < FILLER_SURE:
                return k, k + len(word)
            k = display.find(word, k + 1, v.end)
    return None


def _glued_particle(v: Violation, display: str, hearing: Hearing) -> tuple[int, int] | None:
    """The first particle inside the finding that runs into the next word with no pause."""
    for word in PARTICLES:
        k = display.find(word, v.start, v.end)
        while k >= 0:
            if glued(hearing, display, k, k + len(word)):
                return k, k + len(word)
            k = display.find(word, k + 1, v.end)
    return None


def _doubtful_fragment(v: Violation, display: str, hearing: Hearing | None) -> float | None:
    """The least confidence in a second-opinion finding on a clause of at most FRAGMENT Han
    characters, when below FILLER_SURE; else None."""
    if hearing is None or v.by != "model":
        return None
    han = [p for p in range(v.start, v.end) if p < len(display) and is_han(display[p])]
    if not han or len(han) > FRAGMENT:
        return None
    sure = min(hearing.probability[p] if p < len(hearing.probability) else 1.0 for p in han)
    return sure if sure < FILLER_SURE else None


def _heard_surely_elsewhere(v: Violation, display: str, unsure: set[int]) -> bool:
    """The same words occur elsewhere in the reply on characters Whisper was sure of. Not for
    the second opinion's findings: it judged that clause, not the words (a lone 那 heard in one
    clause says nothing about an unsure 那 the model flagged in another)."""
    if v.by == "model":
        return False
    k = display.find(v.text)
    while k >= 0:
        if k != v.start and _sure(range(k, k + len(v.text)), unsure):
            return True
        k = display.find(v.text, k + 1)
    return False


def forget_bigrams() -> None:
    """Read the pair counts again on next use (after ``heard_counts`` wrote them)."""
    _bigrams.cache_clear()
