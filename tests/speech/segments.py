"""Stand-ins for faster-whisper's decoder output in the scripted speech tests: a segment, its
words, and the decode info, as :class:`simulator.speech.transcriber.Transcriber` reads them."""

from __future__ import annotations

from types import SimpleNamespace


def word(text: str, start: float, end: float, p: float = 0.9) -> SimpleNamespace:
    """One decoded word with its timing and probability."""
    return SimpleNamespace(word=text, start=start, end=end, probability=p)


def segment(
    text: str,
    words=(),
    *,
    start: float = 0.0,
    end: float = 2.0,
    logprob: float = -0.2,
    no_speech: float = 0.05,
    ratio: float = 1.2,
) -> SimpleNamespace:
    """One decoded segment. ``words``: word stand-ins, or ``(text, start, end)`` tuples (heard
    with probability 0.9); None for a segment decoded without word timings."""
    if words is not None:
        words = [w if isinstance(w, SimpleNamespace) else word(*w) for w in words]
    return SimpleNamespace(
        start=start,
        end=end,
        text=text,
        avg_logprob=logprob,
        no_speech_prob=no_speech,
        compression_ratio=ratio,
        words=words,
    )


def info(seconds: float) -> SimpleNamespace:
    """The decode's info: how much audio was left after the VAD."""
    return SimpleNamespace(duration_after_vad=seconds)
