"""Test doubles for the app: a speech service that 'hears' the text of the reply file the
fake microphone is playing (the real transcriber is exercised in its own test)."""

from __future__ import annotations

import json
from pathlib import Path

from simulator.app.services.speech import Heard

REPLIES = Path(__file__).parent / "data" / "replies"
REPLY_TEXT: dict[str, str] = json.loads((REPLIES / "replies.json").read_text(encoding="utf-8"))


def reply(name: str) -> Path:
    return REPLIES / f"{name}.ogg"


class FileSpeech:
    """Returns the known text of the file the FilePort is streaming, with simple measures."""

    def __init__(self, port):
        self.port = port
        self.heard: list[str] = []
        self.loaded = False
        # the closer listen (beam 5 after the live result): reply name → what it hears
        # instead (an exception to raise it); by default the same text as the live decode
        self.closer: dict[str, object] = {}
        self.closely: list[str] = []

    def load(self, progress=lambda v: None, cancel=None) -> str:
        progress(("stage", "load"))
        self.loaded = True
        return "fake"

    def hear(self, audio, caller_end_s=None, checkpoint=None) -> Heard:
        if checkpoint is not None:
            checkpoint()  # one stage boundary, as the transcriber has between its stages
        text = REPLY_TEXT[self.port.current.stem]
        self.heard.append(text)
        seconds = len(audio) / 16000
        measures = {
            "rate_cpm": len(text) / max(seconds, 0.5) * 60,
            "latency_s": 0.6,
            "loudness_dbfs": -20.0,
            "long_pauses": [],
            "fillers": [],
        }
        return Heard(text, measures, {"transcribe_s": 0.0})

    def hear_closely(self, audio, checkpoint=None) -> Heard:
        name = self.port.current.stem
        said = self.closer.get(name)
        if isinstance(said, BaseException):
            raise said
        heard = self.hear(audio, checkpoint=checkpoint)
        self.heard.pop()
        if isinstance(said, str):
            heard.text = said
        self.closely.append(heard.text)
        return heard


class BrokenSpeech:
    """A speech model that cannot be loaded."""

    def load(self, progress=lambda v: None, cancel=None) -> str:
        from simulator.app.services.speech import SpeechUnavailable

        raise SpeechUnavailable("模型文件夹不存在 / Model folder not found: /nowhere")

    def hear(self, audio, caller_end_s=None, checkpoint=None) -> Heard:
        raise AssertionError("never called")
