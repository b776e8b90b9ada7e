"""Scripted time for the early-pass tests: a clock that only moves when told, and passes
(or a transcriber) that 'take' a given time on it in three stages with checkpoints between them,
as Whisper's encoder, decoder and word alignment do. The transcriber also decodes the pieces of a
long take (``hear_piece``: each piece hears "第N段", one word 0.2 s into it) and joins them with
the real joining (``transcriber.finish``)."""

from __future__ import annotations

from simulator.speech.transcriber import Segment, Transcription, Word, finish

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


def piece_heard(text: str, at: float = 0.2, probability: float = 0.9) -> Transcription:
    """A decoded piece that heard ``text`` as one word ``at`` seconds into it."""
    word = Word(text, at, at + 0.1 * len(text), probability)
    seg = Segment(at, word.end, text, -0.2, 0.01, 1.0, (word,))
    return Transcription(text=text, segments=[seg], words=[word], speech_s=word.end - at)


class ScriptedTranscriber:
    """Each pass takes ``seconds`` (or the next of a list) on the clock and hears ``text``;
    ``heard_s`` lists the audio length of each pass begun (``kinds``: "whole" or "piece"),
    ``finished`` how many completed; the passes numbered in ``fail`` (1-based) raise."""

    load_s = 0.0
    corrector = None

    def __init__(self, clock: Clock, seconds, text: str, fail=()):
        self.clock, self.text = clock, text
        self.seconds = list(seconds) if isinstance(seconds, (list, tuple)) else None
        self.each = seconds if self.seconds is None else None
        self.fail = set(fail)
        self.heard_s: list[float] = []
        self.kinds: list[str] = []
        self.finished = 0
        self.pieces_heard = 0
        self.beams: list[int | None] = []  # each whole decode's beam (None: the transcriber's)

    def _pass(self, samples, checkpoint, kind: str) -> None:
        self.heard_s.append(round(len(samples) / SR, 2))
        self.kinds.append(kind)
        seconds = self.each if self.seconds is None else self.seconds.pop(0)
        staged(self.clock, seconds, checkpoint or (lambda: None))
        if len(self.heard_s) in self.fail:
            raise RuntimeError(f"pass {len(self.heard_s)} ran out of memory")
        self.finished += 1

    def transcribe(self, samples, checkpoint=None, beam_size=None):
        self.beams.append(beam_size)
        self._pass(samples, checkpoint, "whole")
        return Transcription(text=self.text)

    def hear_piece(self, samples, checkpoint=None):
        self._pass(samples, checkpoint, "piece")
        self.pieces_heard += 1
        return piece_heard(f"第{self.pieces_heard}段")

    def join(self, parts, size):
        return finish(parts, size, self.corrector)
