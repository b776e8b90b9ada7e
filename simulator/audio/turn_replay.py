"""Where the end-of-turn detector ends a recorded reply: a clip fed block by block, as the app
records it, against where the speech really ends.

:func:`replay_turn` feeds ``lead_in_s`` of the open line (the clip's own noise between
words: the trainee starts a moment after the caller's line ends), the clip, then the open line
again for up to ``max_wait_s``, in the
recorder's blocks (:data:`~simulator.audio.backend.BLOCK_S`), into a fresh detector, and
compares the end of turn with the clip's voiced stretches (:func:`~.levels.voiced_mask`, on a
clean reference of the same reply when there is one): a turn that ends before the last
voiced stretch is over is **cut** (the app would grade half a reply); otherwise its **lag** is
how long after the real end of speech the turn ended. numpy only; used by
``tools/eot_check.py`` and the tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from simulator.audio.levels import FRAME_S, PauseDetector, frame_power, mask_runs, voiced_mask

SAMPLE_RATE = 16000
BLOCK_S = 0.05  # the recorder's block (simulator.audio.backend.BLOCK_S)
LEAD_IN_S = 1.0  # of room tone before the reply
ROOM_TONE_S = 0.25  # the clip's quietest quarter-second, repeated, as the open line
MAX_WAIT_S = 5.0  # of room tone after the clip


@dataclass(frozen=True)
class TurnReplay:
    """One clip's end of turn. Times in seconds of the clip (the lead-in not counted)."""

    speech_end_s: float  # end of the clip's last voiced stretch
    last_stretch_s: float  # start of that stretch
    ended_s: float | None  # where the detector ended the turn (None: never)
    started_s: float | None  # where it heard speech start

    @property
    def cut(self) -> bool:
        """The turn ended before the reply was over."""
        return self.ended_s is not None and self.ended_s < self.speech_end_s

    @property
    def lag_s(self) -> float | None:
        """End of speech → end of turn (None when cut or never ended)."""
        if self.ended_s is None or self.cut:
            return None
        return self.ended_s - self.speech_end_s


def room_tone(samples: np.ndarray, block: int) -> np.ndarray:
    """The quietest ``ROOM_TONE_S`` of ``samples`` in whole blocks: its line noise between words."""
    width = int(round(ROOM_TONE_S * SAMPLE_RATE / block))
    power = frame_power(samples, SAMPLE_RATE, block / SAMPLE_RATE)
    if power.size < width:
        return np.zeros(block * width, np.float32)
    start = int(np.argmin(np.convolve(power, np.ones(width), mode="valid"))) * block
    return np.asarray(samples[start : start + width * block], np.float32)


def open_line(samples: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """What the line carries between words: ``samples`` where ``reference`` (the same reply,
    clean) is unvoiced, 0.1 s away from any speech — its noise with its gusts and crackle."""
    mask = voiced_mask(reference, SAMPLE_RATE)
    guard = int(round(0.1 / FRAME_S))
    near = np.convolve(mask.astype(float), np.ones(2 * guard + 1), mode="same") > 0
    n = int(round(FRAME_S * SAMPLE_RATE))
    count = min(near.size, samples.size // n)  # a band's render may be shorter than the clean one
    frames = np.asarray(samples[: count * n], np.float32).reshape(-1, n)
    return frames[~near[:count]].reshape(-1)


def blocks(
    samples: np.ndarray,
    lead_in_s: float = LEAD_IN_S,
    max_wait_s: float = MAX_WAIT_S,
    line: np.ndarray | None = None,
) -> Iterator[np.ndarray]:
    """Lead-in of the open line, the clip, then the open line, in the recorder's int16 blocks.
    ``line``: what the line carries between words (else the clip's quietest stretch)."""
    n = int(round(SAMPLE_RATE * BLOCK_S))
    x = np.asarray(samples, np.float32)
    tone = line if line is not None and line.size >= ROOM_TONE_S * SAMPLE_RATE else room_tone(x, n)
    lead = np.resize(tone, int(round(lead_in_s * SAMPLE_RATE / n)) * n) if lead_in_s else x[:0]
    tail = np.resize(tone, int(round(max_wait_s * SAMPLE_RATE / n)) * n)
    pcm = np.clip(np.round(np.concatenate([lead, x, tail]) * 32768.0), -32768, 32767)
    pcm = pcm.astype(np.int16)
    for i in range(0, pcm.size, n):
        yield pcm[i : i + n]


def speech_span(reference: np.ndarray) -> tuple[float, float]:
    """(start of the last voiced stretch, end of speech) of a clip, in seconds."""
    runs = mask_runs(voiced_mask(reference, SAMPLE_RATE))
    if not runs:
        return 0.0, 0.0
    start, end = runs[-1]
    return start * FRAME_S, end * FRAME_S


def replay_turn(
    samples: np.ndarray,
    reference: np.ndarray | None = None,
    detector: Callable[[], PauseDetector] | None = None,
    lead_in_s: float = LEAD_IN_S,
    max_wait_s: float = MAX_WAIT_S,
) -> TurnReplay:
    """Feed ``samples`` (float, 16 kHz) into a new ``detector()`` (the app's PauseDetector by
    default); ``reference``: the same reply clean, for where its speech is (else ``samples``)."""
    det = detector() if detector is not None else PauseDetector(sample_rate=SAMPLE_RATE)
    last_stretch, speech_end = speech_span(samples if reference is None else reference)
    ended = None
    line = open_line(samples, samples if reference is None else reference)
    for block in blocks(samples, lead_in_s, max_wait_s, line):
        if det.feed(block):
            ended = det.t - lead_in_s
            break
    started = None if det.speech_start_s is None else det.speech_start_s - lead_in_s
    return TurnReplay(speech_end, last_stretch, ended, started)
