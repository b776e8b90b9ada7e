"""Scripted time for the early-pass tests: a clock that only moves when told, and passes
(or a transcriber) that 'take' a given time on it in three stages with checkpoints between them,
as Whisper's encoder, decoder and word alignment do."""

from __future__ import annotations

from simulator.speech.transcriber import Transcription

SR = 16000
STAGES = (0.6, 0.3, 0.1)  # shares of a pass: encoder, decoder, word alignment


class Clock:
    def __init__(self, now: float = 0.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def staged(clock: Clock, seconds: float, checkpoint, result=None):
    """Spend ``seconds`` on ``clock`` in the three stages, calling ``checkpoint`` before each."""
    for share in STAGES:
        checkpoint()
        clock.now += share * seconds
    return result


class ScriptedTranscriber:
    """Each pass takes ``seconds`` (or the next of a list) on the clock and hears ``text``;
    ``heard_s`` lists the audio length of each pass begun, ``finished`` how many completed."""

    load_s = 0.0

    def __init__(self, clock: Clock, seconds, text: str):
        self.clock, self.text = clock, text
        self.seconds = list(seconds) if isinstance(seconds, (list, tuple)) else None
        self.each = seconds if self.seconds is None else None
        self.heard_s: list[float] = []
        self.finished = 0

    def transcribe(self, samples, checkpoint=None):
        self.heard_s.append(round(len(samples) / SR, 2))
        seconds = self.each if self.seconds is None else self.seconds.pop(0)
        staged(self.clock, seconds, checkpoint or (lambda: None))
        self.finished += 1
        return Transcription(text=self.text)
