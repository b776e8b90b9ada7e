"""Evidence it was said: the findings of a spoken reply that no doubt of the recogniser excuses.

Fair charging (:mod:`simulator.core.heard`) turns a finding into a note when a recognition error
may explain it. Two shapes of a finding are evidence the trainee said it, however unsure the
recogniser was of its characters:

- a pet phrase that is a clause of its own (，那个那个，): it fills a pause;
- the greeting 喂 alone at the reply's start (喂，大爷，… / 喂您好): nothing else is said there.
  The hotline correction (:mod:`simulator.speech.correction`) writes 喂 for Whisper's 为 in the
  same place (:data:`GREETING_ALONE`), so the greeting there has no likelier reading.

Typed replies never come here.
"""

from __future__ import annotations

import re

from simulator.core.heard_timing import PHRASE_CHARS
from simulator.core.normalize import is_han
from simulator.core.result import Violation

# What follows a reply's first character when it is the greeting 喂 said on its own: a pause, a
# second 喂, a form of address or a greeting (喂，大爷，… / 喂您好). There 为 (wei4, Whisper's
# usual spelling of it) is no word: replies open with 为了, 为什么, 为您, 为方便 (the labelled
# replies: 38 open with those, none with 为 alone; 124 open with 喂). So the hotline correction
# writes 喂 for 为 there, and the greeting there has no likelier reading to be excused by.
GREETING_ALONE = (
    r"(?=[\s，,。.？?！!、…—]|[为喂]|大爷|大妈|大姐|大哥|大叔|阿姨|师傅|先生|女士|小姐|同志|"
    r"老人家|您好|你好|听得|听到|听见|说话)"
)
_GREETING = re.compile("喂" + GREETING_ALONE)


def said(v: Violation, display: str) -> bool:
    """The finding ``v`` on ``display`` (the normalised transcript) is evidence it was said: a
    pet phrase alone in its clause, or the greeting 喂 alone at the reply's start."""
    if v.category == "filler" and pet_phrase_alone(display, v.start, v.end):
        return True
    return v.text == "喂" and v.start == 0 and _GREETING.match(display) is not None


def pet_phrase(display: str, start: int, end: int) -> bool:
    """The stretch holds PHRASE_CHARS or more spoken characters (就是说, 这个这个, 那个，那个): a
    pet phrase, not a syllable the recogniser could make of a sound glued to a word. Fair
    charging takes it as said unless Whisper was unsure of it (below UNSURE_PROB, not the
    stricter floor of particles): in the six beam-5 caches of stops 20–23 就是说 was heard
    eight times, at 0.20–0.99, and said each time; no pet phrase was heard where none was said."""
    return sum(is_han(c) for c in display[start:end]) >= PHRASE_CHARS


def pet_phrase_alone(display: str, start: int, end: int) -> bool:
    """A pet phrase (a filler of PHRASE_CHARS or more spoken characters: 那个那个, 就是说) that
    is a clause of its own, punctuation or the reply's edge on both sides: it fills a pause, and
    that is evidence it was said however unsure the recogniser was of the words. Whisper is
    rarely sure of a disfluency: on long-af, long-k, long-v and short-w each of the six such
    clauses heard (at 0.10–0.61) was said."""
    if not pet_phrase(display, start, end):
        return False
    before = display[:start].rstrip()
    after = display[end:].lstrip()
    return (not before or not is_han(before[-1])) and (not after or not is_han(after[0]))
