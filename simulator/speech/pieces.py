"""Long replies heard whole: cut a reply longer than LONG_REPLY_S at its pauses into pieces
Whisper decodes one by one, each with the hotline prompt.

Decoded in one window, a 15–25 s reply loses words towards its end — the time limit, the
record-keeping phrase, the closing formula — where the prompt's hold on the decoder has faded
and a garbled stretch sets off the next one. Cut at the longest pauses (a breath between
sentences), each piece is short enough to be decoded as the short replies are.

Whisper may also end its hearing of a piece early: the text stops while the voice goes on (a
15–17 s reply spoken without a pause heard to 9 s; the last 5 s of a 13 s piece dropped, on
long-au and long-ap). :func:`unheard_tail` finds such a tail, which is then decoded on its own.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from simulator.audio.files import SAMPLE_RATE
from simulator.audio.levels import FRAME_S, mask_runs, voiced_mask
from simulator.speech import text_guards as tg

if TYPE_CHECKING:
    from simulator.speech.transcriber import Transcription

LONG_REPLY_S = 12.0  # shorter replies are decoded in one window, as before
PIECE_MIN_S = 4.0  # no piece shorter than this (too little context for the decoder)
PIECE_MAX_S = 14.0  # cut again while a piece is longer than this (15–28 s: two pieces)
MIN_CUT_PAUSE_S = 0.15  # a cut only in silence at least this long
PAD_S = 0.1  # silence kept on each side of a cut
# A piece whose last word is followed by at least this much voiced audio (past the word's own
# TAIL_MARGIN_S) was heard only in part. On the decodes of five tuning sets (336 clips) the
# clips Whisper stopped early had 2.9–6.9 s of voice left, all the others under 0.4 s.
TAIL_VOICED_S = 1.0
TAIL_MARGIN_S = 0.3


def cut_points(samples: np.ndarray, sample_rate: int) -> list[int]:
    """Sample positions to cut ``samples`` at (middles of pauses), [] for a short reply."""
    duration = samples.size / sample_rate
    if duration <= LONG_REPLY_S:
        return []
    mask = voiced_mask(samples, sample_rate)
    pauses = [
        (a, b)
        for a, b in _silent_runs(mask)
        if (b - a) * FRAME_S >= MIN_CUT_PAUSE_S and a > 0 and b < mask.size
    ]
    cuts: list[float] = []
    _split(0.0, duration, pauses, cuts)
    return sorted(int(t * sample_rate) for t in cuts)


def pieces(samples: np.ndarray, sample_rate: int) -> list[tuple[int, np.ndarray]]:
    """(offset in samples, piece) of ``samples`` cut at ``cut_points``, each piece padded
    with PAD_S of its pause on both sides (the whole reply as one piece when it is short)."""
    cuts = cut_points(samples, sample_rate)
    if not cuts:
        return [(0, samples)]
    pad = int(PAD_S * sample_rate)
    bounds = [0, *cuts, samples.size]
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        start, end = max(0, a - pad), min(samples.size, b + pad)
        out.append((start, samples[start:end]))
    return out


def unheard_tail(samples: np.ndarray, sample_rate: int, words) -> int | None:
    """Where the voice Whisper did not hear at the end of ``samples`` starts (sample position,
    just before the last recognised word's end), or None when the words run to the end of the
    voice (or there are none: nothing was heard to go on from). ``words``: the piece's
    recognised words, times in seconds from its start."""
    if not words:
        return None
    last = max(w.end for w in words)
    mask = voiced_mask(samples, sample_rate)
    after = int((last + TAIL_MARGIN_S) / FRAME_S)
    if float(mask[after:].sum()) * FRAME_S < TAIL_VOICED_S:
        return None
    return max(0, int((last - PAD_S) * sample_rate))


def joined(parts: list[tuple[float, Transcription]], size: int) -> Transcription:
    """One transcription of the pieces of a long reply (``parts``: start in seconds and the
    piece's transcription), times shifted to the whole reply's; a comma where a piece ends
    without punctuation (it was cut at a pause)."""
    from simulator.speech.transcriber import Transcription

    out = Transcription(text="", duration_s=round(size / SAMPLE_RATE, 3))
    texts: list[str] = []
    for offset, part in parts:
        if not part.text:
            out.dropped += part.dropped
            continue
        if texts and tg.bare(texts[-1][-1:]):
            texts.append("，")
        texts.append(part.text)
        for seg in part.segments:
            words = tuple(w._replace(start=w.start + offset, end=w.end + offset) for w in seg.words)
            out.segments.append(
                replace(seg, start=seg.start + offset, end=seg.end + offset, words=words)
            )
            out.words.extend(words)
        out.speech_s += part.speech_s
        out.dropped += part.dropped
        out.prompt_trouble |= part.prompt_trouble
        out.retried_without_prompt |= part.retried_without_prompt
    out.text = "".join(texts)
    out.speech_s = round(out.speech_s, 3)
    out.pieces = len(parts)
    return out


def _silent_runs(mask: np.ndarray) -> list[tuple[int, int]]:
    return [(a, b) for a, b in mask_runs(~mask)]


def _split(start: float, end: float, pauses, cuts: list[float]) -> None:
    """Cut [start, end) at its longest pause that leaves both sides PIECE_MIN_S, preferring
    the middle, until every piece is at most PIECE_MAX_S."""
    if end - start <= PIECE_MAX_S:
        return
    best, best_score = None, -1.0
    for a, b in pauses:
        t = (a + b) / 2 * FRAME_S
        if t - start < PIECE_MIN_S or end - t < PIECE_MIN_S:
            continue
        length = (b - a) * FRAME_S
        centred = 1.0 - abs((t - start) / (end - start) - 0.5)  # 0.5 … 1.0
        score = length * centred
        if score > best_score:
            best, best_score = t, score
    if best is None:
        return  # no pause to cut at: decoded as one piece
    cuts.append(best)
    _split(start, best, pauses, cuts)
    _split(best, end, pauses, cuts)
