"""A stand-in audio backend for tests: "records" by streaming a real audio file.

:class:`FileAudioBackend` has the interface of
:class:`~simulator.audio.backend.SoundDeviceBackend`. Recording feeds the source file to the
real :class:`~simulator.audio.recorder.Recorder` in 16 kHz int16 blocks, paced in real time
(``speed=1.0``), faster (``speed=4.0``) or as fast as possible (``speed=None``), followed by
``trailing_silence_s`` of digital silence so end-of-turn detection can fire. Playback is
logged in ``played``. ``lose_device_after_s`` simulates a microphone unplugged mid-recording.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import numpy as np

from simulator.audio.backend import BLOCK_S, DeviceInfo, _playable
from simulator.audio.errors import NoInputDevice, UnsupportedSampleRate
from simulator.audio.levels import to_int16
from simulator.audio.recorder import SAMPLE_RATE, Recorder


def read_int16_16k(path: str | os.PathLike) -> np.ndarray:
    """A file as 16 kHz mono int16; 16 kHz mono PCM files are read bit for bit."""
    import soundfile as sf

    from simulator.audio.files import AudioFileError, load_audio

    try:
        info = sf.info(str(path))
    except Exception:
        info = None
    if info is not None and info.samplerate == SAMPLE_RATE and info.channels == 1 and info.frames:
        try:
            return sf.read(str(path), dtype="int16")[0]
        except Exception as exc:
            raise AudioFileError(path, str(exc)) from exc
    return to_int16(load_audio(path))


class _FileStream:
    """Plays the part of an sd.InputStream: a thread calling ``callback`` block by block."""

    def __init__(
        self,
        samples,
        callback,
        finished,
        *,
        block_s,
        speed,
        trailing_silence_s,
        lose_device_after_s,
    ):
        self._samples = samples
        self._callback = callback
        self._finished = finished
        self._block = max(1, int(SAMPLE_RATE * block_s))
        self._speed = speed
        self._trailing = int(SAMPLE_RATE * trailing_silence_s)
        self._lose_at = (
            None if lose_device_after_s is None else int(SAMPLE_RATE * lose_device_after_s)
        )
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="file-mic", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if threading.current_thread() is not self._thread and self._thread.is_alive():
            self._thread.join()

    abort = stop

    def close(self) -> None:
        self.stop()

    def _run(self) -> None:
        total = self._samples.size + self._trailing
        sent = 0
        t0 = time.monotonic()
        while sent < total and not self._stopping.is_set():
            if self._lose_at is not None and sent >= self._lose_at:
                self._finished("device_lost")
                return
            n = min(self._block, total - sent)
            if self._lose_at is not None:
                n = min(n, self._lose_at - sent)
            block = np.zeros(n, dtype=np.int16)
            have = max(0, min(n, self._samples.size - sent))
            block[:have] = self._samples[sent : sent + have]
            if self._speed:
                delay = t0 + (sent + n) / SAMPLE_RATE / self._speed - time.monotonic()
                if delay > 0 and self._stopping.wait(delay):
                    return
            self._callback(block.reshape(-1, 1), n, None, None)
            sent += n
        if not self._stopping.is_set():
            self._finished("end_of_input")


class FileAudioBackend:
    """Audio "devices" backed by files. ``source`` is the file the next recording streams."""

    def __init__(
        self,
        source: str | os.PathLike | None = None,
        *,
        speed: float | None = 1.0,
        trailing_silence_s: float = 3.0,
        lose_device_after_s: float | None = None,
    ):
        self.source = Path(source) if source is not None else None
        self.speed = speed
        self.trailing_silence_s = trailing_silence_s
        self.lose_device_after_s = lose_device_after_s
        self.played: list[tuple[object, int]] = []

    def input_devices(self) -> list[DeviceInfo]:
        if self.source is None:
            return []
        return [DeviceInfo(0, f"file: {self.source.name}", "file", 1, 0, SAMPLE_RATE, True)]

    def output_devices(self) -> list[DeviceInfo]:
        return [DeviceInfo(1, "file: null output", "file", 0, 2, SAMPLE_RATE, True)]

    def devices(self) -> list[DeviceInfo]:
        return self.input_devices() + self.output_devices()

    def check_input(self, device=None, sample_rate: int = SAMPLE_RATE) -> None:
        if self.source is None:
            raise NoInputDevice("no source file set")
        if sample_rate != SAMPLE_RATE:
            raise UnsupportedSampleRate(f"{sample_rate} Hz")

    def play(
        self,
        audio,
        sample_rate: int | None = None,
        device=None,
        blocking: bool = False,
        start_s: float = 0.0,
    ) -> float:
        data, rate = _playable(audio, sample_rate)
        data = data[int(max(0.0, start_s) * rate) :]
        self.played.append((audio if isinstance(audio, (str, os.PathLike)) else data, rate))
        duration = len(data) / rate
        if blocking and self.speed:
            time.sleep(duration / self.speed)
        return duration

    def stop_playback(self) -> None:
        pass

    def recorder(
        self, path: str | os.PathLike, device=None, block_s: float = BLOCK_S, **options
    ) -> Recorder:
        self.check_input()
        samples = read_int16_16k(self.source)

        def open_stream(callback, finished):
            return _FileStream(
                samples,
                callback,
                finished,
                block_s=block_s,
                speed=self.speed,
                trailing_silence_s=self.trailing_silence_s,
                lose_device_after_s=self.lose_device_after_s,
            )

        return Recorder(open_stream, path, sample_rate=SAMPLE_RATE, **options)

    def start_recording(self, path: str | os.PathLike, **options) -> Recorder:
        return self.recorder(path, **options).start()
