"""When a filler or particle was said on its own: the timing half of fair charging.

A filler that fills a pause (嗯…, 那个…, 就是说，) or a particle that ends its clause (好的呗。)
is evidence the trainee said it. One that runs into the next word with no pause is not: it is
what the recogniser makes of a syllable it glued into a word — 就先 running into 给您, a 呀 fused
onto a verb — and the same characters are ordinary words there (那个问题, 就是你). So what
*follows* the word decides: a pause (a gap of at least PAUSE_S between its end and the next
word's start), a clause edge (punctuation, the end of the reply) — it stands on its own; the next
word starting within PAUSE_S, or inside the same recognised word — it is glued. What precedes
does not decide: a sentence-final particle is always joined to the word before it (好的呀), and a
pause before a word that runs on (，就先给您…) is the clause's, not the filler's. A pet phrase of
three characters or more (就是说, 那个那个) is exempt from the pause: it is glued only when the
recogniser fused it into one word with what follows.

Where the timing is unknown (a typed reply, a recogniser that gave no word times) nothing is
glued: only measured timing excuses a finding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.core.normalize import is_han

if TYPE_CHECKING:
    from simulator.core.heard import Hearing

# A gap this long between two recognised words is a pause. The same floor as the cut points of
# long replies (speech.pieces.MIN_CUT_PAUSE_S): Whisper's word times come in 20 ms steps, words
# inside a phrase follow each other with no gap at all, and the pauses at commas on the speech
# fixtures are 0.3–0.5 s; hesitation pauses are usually counted from 0.2–0.25 s in studies of
# disfluent speech. 0.15 s leaves room for a short breath without taking a phrase's joins for
# pauses.
PAUSE_S = 0.15
_TICK = 1e-3  # word times are rounded to the millisecond
# A filler of this many characters or more (就是说, 那个那个, 这个这个) is a pet phrase, not a
# syllable the recogniser could make of a sound glued to a word: said, it runs into the next
# word like any word does (您就是说等着… on the long speech fixtures, 0.0 s between 说 and 等),
# so only its being fused into one recognised word with the next counts against it.
PHRASE_CHARS = 3


def glued(hearing: Hearing | None, display: str, start: int, end: int) -> bool:
    """Whether ``display[start:end]`` (a filler or particle) runs into the next word with no
    pause, by the word times of ``hearing`` (per character of ``display``). Trailing
    punctuation inside the span counts as a clause edge."""
    if hearing is None or not hearing.until:
        return False
    last = end - 1
    if last < start or not _spoken(display[last]):
        return False  # the span ends on punctuation: it closes its clause
    nxt = end
    while nxt < len(display) and display[nxt] == " ":
        nxt += 1
    if nxt >= len(display) or not _spoken(display[nxt]):
        return False  # the end of the reply or of a clause
    began, ended = _times(hearing, last)
    next_began, next_ended = _times(hearing, nxt)
    if ended is None or next_began is None:
        return False
    if (began, ended) == (next_began, next_ended):
        return True  # one recognised word
    if sum(_spoken(c) for c in display[start:end]) >= PHRASE_CHARS:
        return False  # a pet phrase is a word of its own, said as fluently as any other
    return next_began - ended < PAUSE_S - _TICK


def gap_after(hearing: Hearing, display: str, end: int) -> float | None:
    """Seconds of silence between the word ending at ``end - 1`` and the next spoken one (None
    when unknown or at a clause edge); for the notes and the measurements."""
    if not hearing.until or end >= len(display) or not _spoken(display[end]):
        return None
    _b, ended = _times(hearing, end - 1)
    next_began, _e = _times(hearing, end)
    if ended is None or next_began is None:
        return None
    return max(0.0, next_began - ended)


def _spoken(ch: str) -> bool:
    return is_han(ch) or ch.isalnum()


def _times(hearing: Hearing, i: int) -> tuple[float | None, float | None]:
    if i >= len(hearing.at) or i >= len(hearing.until):
        return None, None
    return hearing.at[i], hearing.until[i]
