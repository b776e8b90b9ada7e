"""The speech service: load the Whisper model once (on the model lane), then transcribe a
reply and measure its delivery. Wraps ``simulator.speech`` (transcriber, pipeline); the
interface is two methods so tests can inject a scripted fake.

``load(progress)`` reports ``("stage", name)`` tuples; it raises ``SpeechUnavailable`` with a
one-line message when the model cannot be had (the app then offers typed replies).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from simulator.core.heard import Hearing


class SpeechUnavailable(Exception):
    """The speech model cannot be used; ``str()`` is a one-line message for the user."""


@dataclass
class Heard:
    text: str
    measures: dict | None = None  # delivery measures for the grader, if computed
    timings: dict = field(default_factory=dict)
    unsure: tuple[int, ...] = ()  # positions in text the recogniser was unsure of
    hearing: Hearing | None = None  # per character: how surely and when it was heard


class WhisperSpeech:
    """The real thing: faster-whisper through ``simulator.speech``. ``catalog`` (set by the
    app before ``load`` when it has one) feeds the transcript correction's hotline words."""

    def __init__(self, model: str = "", beam_size: int | None = None, scenarios_root=None):
        self.model_setting = model
        self.beam_size = beam_size  # None: LIVE_BEAM_SIZE (greedy)
        self.scenarios_root = scenarios_root
        self.catalog = None
        self.transcriber = None

    def load(self, progress=lambda value: None, cancel=None) -> str:
        """Find (assemble or download) and load the model; ``cancel`` (a threading.Event, set
        when the app closes) stops an assembly or download between chunks."""
        progress(("stage", "prepare"))
        from simulator.speech.model_store import ModelUnavailable

        try:
            from simulator.speech.loader import load_transcriber
            from simulator.speech.transcriber import LIVE_BEAM_SIZE

            self.transcriber = load_transcriber(
                self.model_setting or None,
                catalog=self.catalog,
                scenarios_root=self.scenarios_root,
                beam_size=self.beam_size or LIVE_BEAM_SIZE,
                correction_required=False,
                before_load=lambda: progress(("stage", "load")),
                cancel=cancel,
            )
        except ModelUnavailable as exc:
            raise SpeechUnavailable(str(exc)) from exc
        except ImportError as exc:
            raise SpeechUnavailable(f"{type(exc).__name__}: {exc}") from exc
        progress(("stage", "warmup"))
        self.transcriber.transcribe(np.zeros(16000, np.float32))
        return str(self.transcriber.model_dir)

    def hear(self, audio: np.ndarray, caller_end_s: float | None = None, checkpoint=None) -> Heard:
        """Transcribe and measure; ``checkpoint`` is called between the model's stages (what
        it raises abandons the pass: a live call's superseded early pass)."""
        if self.transcriber is None:
            raise SpeechUnavailable("model not loaded")
        from simulator.speech.pipeline import transcribe_and_measure

        t0 = time.perf_counter()
        transcription, measures, timings = transcribe_and_measure(
            self.transcriber, audio, caller_end_s=caller_end_s, checkpoint=checkpoint
        )
        return _heard(transcription, measures, {**timings, "hear_s": time.perf_counter() - t0})

    def hear_closely(self, audio: np.ndarray, checkpoint=None) -> Heard:
        """The closer listen after a live result: the whole take transcribed and measured at
        beam 5, as ``grade --audio`` does (same prompt, VAD, pieces and correction); see
        ``simulator.speech.closer_listen``."""
        if self.transcriber is None:
            raise SpeechUnavailable("model not loaded")
        from simulator.speech.pipeline import transcribe_and_measure
        from simulator.speech.transcriber import CLOSER_BEAM_SIZE

        t0 = time.perf_counter()
        transcription, measures, timings = transcribe_and_measure(
            self.transcriber,
            audio,
            caller_end_s=0.0,
            checkpoint=checkpoint,
            beam_size=CLOSER_BEAM_SIZE,
        )
        return _heard(transcription, measures, {**timings, "hear_s": time.perf_counter() - t0})

    def hear_piece(self, audio: np.ndarray, checkpoint=None):
        """Decode a stretch of a long take, uncorrected (a live call's piece or tail; see
        ``simulator.speech.turn_end``)."""
        if self.transcriber is None:
            raise SpeechUnavailable("model not loaded")
        return self.transcriber.hear_piece(audio, checkpoint=checkpoint)

    def hear_joined(self, audio: np.ndarray, parts, caller_end_s: float | None = None) -> Heard:
        """What ``hear`` gives for the take ``audio`` whose pieces ``hear_piece`` decoded
        (``parts``: start in seconds, decoded piece): joined, corrected and measured."""
        if self.transcriber is None:
            raise SpeechUnavailable("model not loaded")
        from simulator.speech.pipeline import join_and_measure

        t0 = time.perf_counter()
        transcription, measures, timings = join_and_measure(
            self.transcriber, audio, parts, caller_end_s=caller_end_s
        )
        return _heard(transcription, measures, {**timings, "hear_s": time.perf_counter() - t0})


def _heard(transcription, measures: dict, timings: dict) -> Heard:
    return Heard(
        transcription.text,
        measures,
        timings,
        tuple(transcription.unsure),
        transcription.hearing,
    )
