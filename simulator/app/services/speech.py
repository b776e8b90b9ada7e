"""The speech service: load the Whisper model once (on the model lane), then transcribe a
reply and measure its delivery. Wraps ``simulator.speech`` (transcriber, pipeline); the
interface is two methods so tests can inject a scripted fake.

``load(progress)`` reports ``("stage", name)`` tuples; it raises ``SpeechUnavailable`` with a
one-line message when the model cannot be had (the app then offers typed replies).
"""

from __future__ import annotations

import inspect
import logging
import time
from dataclasses import dataclass, field

import numpy as np

log = logging.getLogger(__name__)


class SpeechUnavailable(Exception):
    """The speech model cannot be used; ``str()`` is a one-line message for the user."""


@dataclass
class Heard:
    text: str
    measures: dict | None = None  # delivery measures for the grader, if computed
    timings: dict = field(default_factory=dict)
    unsure: tuple[int, ...] = ()  # positions in text the recogniser was unsure of


class WhisperSpeech:
    """The real thing: faster-whisper through ``simulator.speech``."""

    # Greedy decoding: about 4× faster than beam 5 on two cores, and the transcripts of replies
    # differ little; the app needs feedback within ~1.5 s of the trainee's last word.
    def __init__(self, model: str = "", beam_size: int | None = 1, scenarios_root=None):
        self.model_setting = model
        self.beam_size = beam_size
        self.scenarios_root = scenarios_root
        self.transcriber = None
        self.ready = False

    def load(self, progress=lambda value: None) -> str:
        progress(("stage", "prepare"))
        try:
            from simulator.speech.model_store import ModelUnavailable
        except ImportError as exc:
            raise SpeechUnavailable(f"speech layer missing: {exc}") from exc
        try:
            from simulator.speech.model_store import resolve_model
            from simulator.speech.transcriber import Transcriber

            model_dir = resolve_model(self.model_setting or None)
            progress(("stage", "load"))
            self.transcriber = _make_transcriber(Transcriber, model_dir, self.beam_size)
            self.transcriber.corrector = _corrector(self.scenarios_root)
        except ModelUnavailable as exc:
            raise SpeechUnavailable(str(exc)) from exc
        except ImportError as exc:
            raise SpeechUnavailable(f"{type(exc).__name__}: {exc}") from exc
        progress(("stage", "warmup"))
        self.transcriber.transcribe(np.zeros(16000, np.float32))
        self.ready = True
        return str(model_dir)

    def hear(self, audio: np.ndarray, caller_end_s: float | None = None) -> Heard:
        if self.transcriber is None:
            raise SpeechUnavailable("model not loaded")
        t0 = time.perf_counter()
        try:
            from simulator.speech.pipeline import transcribe_and_measure
        except ImportError:
            transcription = self.transcriber.transcribe(audio)
            return Heard(transcription.text, None, {"transcribe_s": time.perf_counter() - t0})
        transcription, measures, timings = transcribe_and_measure(
            self.transcriber, audio, caller_end_s=caller_end_s
        )
        measures_dict = _as_dict(measures)
        out = dict(_as_dict(timings) or {})
        out["hear_s"] = time.perf_counter() - t0
        return Heard(transcription.text, measures_dict, out, tuple(transcription.unsure))


def _corrector(scenarios_root):
    """The hotline-vocabulary correction, or None (with a log line) when it cannot be built:
    the transcripts are then Whisper's own, which still grade."""
    try:
        from simulator.core.catalog import load_catalog
        from simulator.speech.correction import Corrector

        return Corrector.from_catalog(load_catalog(scenarios_root))
    except Exception as exc:  # noqa: BLE001 - any failure here only costs accuracy
        log.warning("transcript correction unavailable: %s", exc)
        return None


def _make_transcriber(cls, model_dir, beam_size: int | None):
    """Build the transcriber, passing a beam size only if asked and the class takes one."""
    params = inspect.signature(cls).parameters
    kwargs = {}
    if beam_size is not None:
        if "options" in params:
            kwargs["options"] = {"beam_size": beam_size}
        elif "beam_size" in params:
            kwargs["beam_size"] = beam_size
    return cls(model_dir, **kwargs)


def _as_dict(obj) -> dict | None:
    if obj is None or isinstance(obj, dict):
        return obj
    for name in ("to_dict", "as_dict"):
        fn = getattr(obj, name, None)
        if callable(fn):
            return fn()
    try:
        from dataclasses import asdict

        return asdict(obj)
    except TypeError:
        return dict(vars(obj))
