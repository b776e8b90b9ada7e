"""How long a trainee waits for feedback in a live call: the app's early start replayed on a clip.

While a turn is open, the desktop app starts transcribing at each pause (``PAUSE_S`` of silence
after speech) on its one model lane, which runs tasks in order and skips a pass that a later
pause has already superseded. When the turn ends (0.8 s of silence) it reuses the last pass if no
speech came after it, and transcribes the whole take otherwise; then it grades.

:func:`replay` feeds a clip block by block through the same detector the app records with
(:class:`~simulator.audio.levels.PauseDetector`), runs those passes for real (the transcriber,
delivery measures and grading the app runs) and places each on a timeline where the audio arrives
in real time and the lane is busy for as long as the pass really took. It reports the wait from
the end of the turn and from the trainee's last voiced block to the graded result.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from simulator.audio.backend import BLOCK_S
from simulator.audio.files import SAMPLE_RATE
from simulator.audio.levels import PauseDetector, frame_power, to_int16
from simulator.speech.pipeline import transcribe_and_measure

ROOM_TONE_S = 0.25  # the clip's quietest quarter-second, repeated after it, as the open line
MAX_WAIT_S = 5.0  # of room tone: the turn must have ended by then


class TurnNeverEnded(ValueError):
    """The clip has no speech, or no quiet stretch after it, so the turn would not end."""


@dataclass
class LiveTurn:
    after_turn_end_s: float  # end of turn detected → graded result
    after_last_voice_s: float  # last voiced block → graded result
    passes: int  # transcription passes that ran (early ones and the final one)
    reused: bool  # the result came from an early pass
    text: str
    passed: bool


def _room_tone(pcm: np.ndarray, n: int) -> np.ndarray:
    """The quietest ``ROOM_TONE_S`` of the clip (whole blocks): its line noise between words."""
    width = int(round(ROOM_TONE_S / BLOCK_S))
    power = frame_power(pcm, SAMPLE_RATE, BLOCK_S)
    if power.size < width:
        return np.zeros(n, np.int16)
    power = np.convolve(power, np.ones(width), mode="valid")
    start = int(np.argmin(power)) * n
    return pcm[start : start + width * n]


def _blocks(samples: np.ndarray):
    n = int(SAMPLE_RATE * BLOCK_S)
    pcm = to_int16(samples)
    tone = _room_tone(pcm, n)
    for i in range(0, pcm.size, n):
        yield pcm[i : i + n]
    tail = np.resize(tone, int(SAMPLE_RATE * MAX_WAIT_S))
    for i in range(0, tail.size, n):
        yield tail[i : i + n]


def replay(
    transcriber,
    grader,
    scenario: str,
    turn: int | None,
    samples: np.ndarray,
    clock=time.perf_counter,
) -> LiveTurn:
    """One reply as the app would take it live; see the module docstring. ``clock`` times the
    passes (tests give a scripted one)."""
    detector = PauseDetector(sample_rate=SAMPLE_RATE)
    pcm: list[np.ndarray] = []
    pauses: list[tuple[float, float]] = []  # (time heard, last voiced), in audio seconds
    for block in _blocks(np.asarray(samples, dtype=np.float32)):
        ended = detector.feed(block)
        pcm.append(block)
        if detector.pause_started:
            pauses.append((detector.t, detector.last_voiced_s))
        if ended:
            break
    if not detector.ended or detector.last_voiced_s is None:
        raise TurnNeverEnded("the turn did not end: no speech, or no silence after it")
    audio = np.concatenate(pcm).astype(np.float32) / 32768.0
    turn_end, last_voice = detector.t, detector.last_voiced_s

    lane_free = 0.0
    early = None  # (last voiced, heard) of the last early pass that ran
    passes = 0
    for i, (at, voiced) in enumerate(pauses):
        start = max(at, lane_free)
        if any(later <= start for later, _ in pauses[i + 1 :]):
            continue  # superseded before the lane got to it
        t0 = clock()
        heard = transcribe_and_measure(
            transcriber, audio[: int(round(at * SAMPLE_RATE))], caller_end_s=0.0
        )
        lane_free = start + clock() - t0
        early = (voiced, heard)
        passes += 1

    start = max(turn_end, lane_free)
    t0 = clock()
    reused = early is not None and abs(early[0] - last_voice) < 1e-9
    if reused:
        transcription, measures, _ = early[1]
    else:
        transcription, measures, _ = transcribe_and_measure(transcriber, audio, caller_end_s=0.0)
        passes += 1
    result = grader.grade(
        scenario, turn, transcription.text, delivery=measures, unsure=transcription.unsure
    )
    ready = start + clock() - t0
    return LiveTurn(
        after_turn_end_s=ready - turn_end,
        after_last_voice_s=ready - last_voice,
        passes=passes,
        reused=reused,
        text=transcription.text,
        passed=result.passed,
    )
