"""The small audio interface the app needs (an *audio port*): what a take is, and the port
used when there is no audio at all.

A port plays files, records one reply (level callbacks, end of turn after ~0.8 s of silence or
on ``stop()``), and monitors the microphone for the level check. Callbacks may come from any
thread; :mod:`simulator.app.services.audio` turns them into Qt signals. The real port is
:class:`simulator.app.services.device_port.DevicePort`; ``NullPort`` has no devices at all
(typed-reply mode).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16000


class AudioUnavailable(Exception):
    """No usable device; ``str()`` is a one-line message for the user."""


@dataclass
class Take:
    """One recorded reply."""

    audio: np.ndarray  # float32 mono
    sample_rate: int
    speech_start_s: float | None  # voice onset, seconds into the recording
    speech_end_s: float | None  # last voiced frame
    ended_by: str  # "silence" | "push_to_talk" | "timeout" | "no_speech"
    speech_ended_at: float | None  # time.perf_counter() of the last voiced frame
    stopped_at: float  # time.perf_counter() when the turn was ended
    path: Path | None = None  # a file the backend already finalised, if any
    error: str | None = None  # why the recorder failed (ended_by "error"), for the user and log


def db_to_level(dbfs: float) -> float:
    """0–1 meter value from a level in dBFS (−60 dBFS → 0, 0 dBFS → 1)."""
    return float(min(1.0, max(0.0, (dbfs + 60.0) / 60.0)))


class NullPort:
    """No audio devices: the app falls back to typed replies."""

    reason = "no audio backend"

    def input_devices(self) -> list[str]:
        return []

    def check_input(self, device: str = "") -> None:
        raise AudioUnavailable(self.reason)

    def play(
        self, path: Path, on_done: Callable[[], None], device: str = "", start_s: float = 0.0
    ) -> None:
        on_done()

    def stop_playback(self) -> None:
        pass

    def record(self, **kwargs):
        raise AudioUnavailable(self.reason)

    def monitor(self, on_level: Callable[[float], None], device: str = ""):
        raise AudioUnavailable(self.reason)

    def close(self) -> None:
        pass
