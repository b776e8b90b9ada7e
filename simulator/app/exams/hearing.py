"""The app's speech model as the services' ``Resources.speech`` (a saved reply's path → what
was heard), so an exam's oral replies are graded after submission by the same model the
practice call uses. Called on the model lane (by ``submit``, ``terminate`` and the sweep)."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from simulator.core.catalog import DataError
from simulator.core.quiz_grading import Heard


class AppHearing:
    def __init__(self, ctx):
        self.ctx = ctx

    def __call__(self, path: Path) -> Heard:
        if self.ctx.model_state != "ready" or self.ctx.speech is None:
            raise DataError(
                "语音识别模型尚未就绪，口试稍后评分 / the speech model is not ready: the oral "
                "part is graded later"
            )
        with wave.open(str(path), "rb") as w:
            frames = w.readframes(w.getnframes())
            width, channels = w.getsampwidth(), w.getnchannels()
        if width != 2:
            raise DataError(f"{path}: 不是 16 位 WAV / not a 16-bit WAV")
        audio = np.frombuffer(frames, np.int16).astype(np.float32) / 32768.0
        if channels > 1:
            audio = audio.reshape(-1, channels).mean(axis=1)
        heard = self.ctx.speech.hear(audio)
        return Heard(heard.text, tuple(heard.unsure), heard.measures)
