"""Real audio devices through sounddevice/PortAudio: list devices, play, record.

sounddevice is imported on first use (or injected: ``SoundDeviceBackend(sd=module)``), so a
machine without libportaudio gets :class:`PortAudioMissing` with a clear message instead of an
import crash. PortAudio errors are mapped to the errors in :mod:`simulator.audio.errors`.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from simulator.audio.errors import (
    AudioDeviceError,
    NoInputDevice,
    NoOutputDevice,
    PortAudioMissing,
    UnsupportedSampleRate,
)
from simulator.audio.recorder import SAMPLE_RATE, Recorder

BLOCK_S = 0.05  # 50 ms blocks: a smooth level meter, little overhead
_NO_DEVICE_HINTS = (
    "querying device -1",
    "invalid device",
    "no input device",
    "no output device",
    "device unavailable",
    "no such device",
    "no device",
    "matching",
    "invalid number of channels",
)


@dataclass(frozen=True)
class DeviceInfo:
    index: int
    name: str
    hostapi: str
    max_input_channels: int
    max_output_channels: int
    default_samplerate: float
    is_default: bool


def map_portaudio_error(exc: BaseException, output: bool = False) -> AudioDeviceError:
    """Turn a sounddevice/PortAudio error into the matching :class:`AudioDeviceError`."""
    text = str(exc)
    low = text.lower()
    if "sample rate" in low or "samplerate" in low:
        return UnsupportedSampleRate(text)
    if any(hint in low for hint in _NO_DEVICE_HINTS):
        return NoOutputDevice(text) if output else NoInputDevice(text)
    return AudioDeviceError(text)


class _Stream:
    """An sd.InputStream whose ``start`` raises our errors."""

    def __init__(self, backend: SoundDeviceBackend, stream):
        self._backend = backend
        self._stream = stream

    def start(self) -> None:
        with self._backend.mapped_errors():
            self._stream.start()

    def stop(self) -> None:
        self._stream.stop()

    def abort(self) -> None:
        self._stream.abort()

    def close(self) -> None:
        self._stream.close()


class SoundDeviceBackend:
    """Audio I/O on real devices. Methods raise :class:`AudioDeviceError` subclasses."""

    def __init__(self, sd=None):
        self._sd = sd

    @property
    def sd(self):
        if self._sd is None:
            try:
                import sounddevice
            except OSError as exc:  # sounddevice raises OSError when libportaudio is absent
                raise PortAudioMissing(str(exc)) from exc
            except ImportError as exc:
                raise PortAudioMissing(
                    f"python package sounddevice is not installed: {exc}"
                ) from exc
            self._sd = sounddevice
        return self._sd

    @contextmanager
    def mapped_errors(self, output: bool = False):
        sd = self.sd
        try:
            yield
        except AudioDeviceError:
            raise
        except (sd.PortAudioError, ValueError) as exc:
            raise map_portaudio_error(exc, output) from exc

    # --- devices ----------------------------------------------------------------------------

    def devices(self) -> list[DeviceInfo]:
        sd = self.sd
        with self.mapped_errors():
            raw = sd.query_devices()
            hostapis = sd.query_hostapis()
            default_in, default_out = _default_pair(sd)
        out = []
        for index, dev in enumerate(raw):
            api = hostapis[dev["hostapi"]]["name"] if dev["hostapi"] < len(hostapis) else ""
            out.append(
                DeviceInfo(
                    index=index,
                    name=dev["name"],
                    hostapi=api,
                    max_input_channels=int(dev["max_input_channels"]),
                    max_output_channels=int(dev["max_output_channels"]),
                    default_samplerate=float(dev["default_samplerate"]),
                    is_default=index in (default_in, default_out),
                )
            )
        return out

    def input_devices(self) -> list[DeviceInfo]:
        return [d for d in self.devices() if d.max_input_channels > 0]

    def output_devices(self) -> list[DeviceInfo]:
        return [d for d in self.devices() if d.max_output_channels > 0]

    def check_input(self, device: int | str | None = None, sample_rate: int = SAMPLE_RATE) -> None:
        """Raise unless ``device`` (None = default) can record int16 mono at ``sample_rate``."""
        sd = self.sd
        with self.mapped_errors():
            sd.check_input_settings(
                device=device, channels=1, dtype="int16", samplerate=sample_rate
            )

    # --- playback ---------------------------------------------------------------------------

    def play(
        self,
        audio: np.ndarray | str | os.PathLike,
        sample_rate: int | None = None,
        device: int | str | None = None,
        blocking: bool = False,
        start_s: float = 0.0,
    ) -> float:
        """Play an array (at ``sample_rate``, default 16 kHz) or a file (at its own rate),
        from ``start_s`` seconds in. Returns the duration played in seconds."""
        data, rate = _playable(audio, sample_rate)
        data = data[int(max(0.0, start_s) * rate) :]
        with self.mapped_errors(output=True):
            self.sd.play(data, rate, device=device, blocking=blocking)
        return len(data) / rate

    def stop_playback(self) -> None:
        with self.mapped_errors(output=True):
            self.sd.stop()

    # --- recording --------------------------------------------------------------------------

    def recorder(
        self,
        path: str | os.PathLike,
        device: int | str | None = None,
        block_s: float = BLOCK_S,
        **options,
    ) -> Recorder:
        """A :class:`Recorder` on ``device`` (not started); ``options`` go to Recorder."""
        sd = self.sd

        def open_stream(callback, finished):
            with self.mapped_errors():
                stream = sd.InputStream(
                    samplerate=SAMPLE_RATE,
                    channels=1,
                    dtype="int16",
                    device=device,
                    blocksize=int(SAMPLE_RATE * block_s),
                    callback=callback,
                    finished_callback=finished,
                )
            return _Stream(self, stream)

        return Recorder(open_stream, path, sample_rate=SAMPLE_RATE, **options)

    def start_recording(self, path: str | os.PathLike, **options) -> Recorder:
        return self.recorder(path, **options).start()


def _default_pair(sd) -> tuple[int, int]:
    try:
        pair = list(sd.default.device)
    except Exception:
        return -1, -1
    return tuple(int(x) if x is not None else -1 for x in (pair + [-1, -1])[:2])


def _playable(audio, sample_rate: int | None) -> tuple[np.ndarray, int]:
    if isinstance(audio, (str, os.PathLike)):
        import soundfile as sf

        from simulator.audio.files import AudioFileError

        path = Path(audio)
        try:
            data, rate = sf.read(str(path), dtype="float32")
        except Exception as exc:
            raise AudioFileError(path, str(exc)) from exc
        return data, int(rate)
    data = np.asarray(audio)
    if data.dtype == np.int16:
        data = data.astype(np.float32) / 32768.0
    return data.astype(np.float32, copy=False), int(sample_rate or SAMPLE_RATE)
