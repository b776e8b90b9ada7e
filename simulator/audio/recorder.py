"""Record 16 kHz mono int16 to disk as the audio arrives, crash-safe.

Blocks from the audio thread go through a queue to a writer thread that appends them to
``name.wav.part`` (soundfile), flushes and refreshes the WAV header every ``flush_interval_s``,
reports the level (RMS dBFS per block) and runs the end-of-turn detector. Finishing closes
the file, fsyncs it, ``os.replace``s it to ``name.wav`` and fsyncs the folder, so the final
name never holds half a file (not even after a power cut) and a crash leaves a readable
``.part`` (see :func:`recover_part`). If the device vanishes,
what was recorded so far is finalised and :class:`DeviceLost` carries it.

The recorder does not know about sounddevice: it gets an ``open_stream(callback, finished)``
function returning an object with ``start()``, ``stop()``, ``abort()`` and ``close()``.
``callback(indata, frames, time, status)`` is the PortAudio-style block callback;
``finished(reason="device_lost")`` is called if the stream ends without being asked to.
"""

from __future__ import annotations

import io
import os
import queue
import struct
import threading
import time
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from simulator.audio.errors import DeviceLost
from simulator.audio.levels import EndOfTurnDetector, rms_dbfs
from simulator.fileutil import atomic_write_bytes, fsync_dir

SAMPLE_RATE = 16000
_SFC_UPDATE_HEADER_NOW = 0x1060
_DISCARD_AFTER = (
    "end_of_turn",
    "max_duration",
)  # libsndfile command: rewrite the header with current sizes


@dataclass(frozen=True)
class Recording:
    path: Path
    duration_s: float
    frames: int
    reason: str  # stopped | end_of_turn | max_duration | end_of_input | device_lost | error
    speech_start_s: float | None = None


class _Ended:
    def __init__(self, reason: str):
        self.reason = reason


class Recorder:
    """One recording to ``path`` (a ``.wav``). Use ``start()``, then ``stop()`` (push-to-talk)
    or ``wait()`` (until end of turn, ``max_duration_s`` or the end of the input)."""

    def __init__(
        self,
        open_stream: Callable,
        path: str | os.PathLike,
        *,
        sample_rate: int = SAMPLE_RATE,
        on_level: Callable[[float], None] | None = None,
        on_end_of_turn: Callable[[float], None] | None = None,
        detector: EndOfTurnDetector | None = None,
        auto_stop: bool = True,
        max_duration_s: float | None = None,
        flush_interval_s: float = 0.5,
        stall_timeout_s: float = 2.0,
    ):
        self.path = Path(path)
        self.part_path = self.path.with_name(self.path.name + ".part")
        self.sample_rate = sample_rate
        self.on_level = on_level
        self.on_end_of_turn = on_end_of_turn
        self.detector = detector or EndOfTurnDetector(sample_rate)
        self.auto_stop = auto_stop
        self.max_duration_s = max_duration_s
        self.flush_interval_s = flush_interval_s
        self.stall_timeout_s = stall_timeout_s
        self.level_dbfs = -120.0
        self.frames = 0
        self._open_stream = open_stream
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._requested: str | None = None
        self._done = threading.Event()
        self._result: Recording | None = None
        self._error: BaseException | None = None
        self._stream = None
        self._file = None
        self._thread: threading.Thread | None = None

    # --- public -----------------------------------------------------------------------------

    @property
    def elapsed_s(self) -> float:
        return self.frames / self.sample_rate

    @property
    def finished(self) -> bool:
        return self._done.is_set()

    def start(self) -> Recorder:
        import soundfile as sf

        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = sf.SoundFile(self.part_path, "w", self.sample_rate, 1, "PCM_16", format="WAV")
        try:
            self._stream = self._open_stream(self._callback, self._finished)
            self._stream.start()
        except BaseException:
            self._file.close()
            self.part_path.unlink(missing_ok=True)
            if self._stream is not None:
                self._close_stream(abort=True)
            raise
        self._thread = threading.Thread(target=self._writer, name="recorder", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> Recording:
        """Stop now (push-to-talk release) and return the finished recording."""
        self.request_stop("stopped")
        return self.wait()

    def request_stop(self, reason: str = "stopped") -> None:
        if self._requested is None:
            self._requested = reason

    def wait(self, timeout: float | None = None) -> Recording | None:
        """Block until the recording is final; ``None`` if ``timeout`` passed first.

        Raises :class:`DeviceLost` (with ``.recording``) if the device vanished.
        """
        if not self._done.wait(timeout):
            return None
        if self._error is not None:
            raise self._error
        assert self._result is not None
        if self._result.reason == "device_lost":
            raise DeviceLost(str(self._result.path), recording=self._result)
        return self._result

    # --- audio thread -----------------------------------------------------------------------

    def _callback(self, indata, frames, time_info, status) -> None:
        if not self._done.is_set():
            self._queue.put(np.array(indata, dtype=np.int16).reshape(-1))

    def _finished(self, reason: str = "device_lost") -> None:
        self._queue.put(_Ended(reason))

    # --- writer thread ----------------------------------------------------------------------

    def _writer(self) -> None:
        reason = "stopped"
        try:
            reason = self._write_loop()
        except BaseException as exc:  # keep the data, report the error from wait()
            self._error = exc
            reason = "error"
        finally:
            self._finalise(reason)

    def _write_loop(self) -> str:
        last_block = last_flush = time.monotonic()
        while True:
            if self._requested is not None:
                return self._stop_stream(self._requested)
            try:
                item = self._queue.get(timeout=0.05)
            except queue.Empty:
                item = None
            now = time.monotonic()
            if isinstance(item, _Ended):
                if self._requested is not None:
                    return self._stop_stream(self._requested)
                return item.reason
            if item is not None:
                last_block = now
                self._write_block(item)
            elif now - last_block > self._stall_limit():
                return "device_lost"  # no audio for too long: the device is gone or hung
            if now - last_flush >= self.flush_interval_s:
                self._flush()
                last_flush = now

    def _stall_limit(self) -> float:
        """Some devices (Bluetooth headsets) take seconds to deliver their first block."""
        return self.stall_timeout_s if self.frames else max(self.stall_timeout_s, 5.0)

    def _write_block(self, block: np.ndarray) -> None:
        if self._requested in _DISCARD_AFTER:
            return  # the turn is over: what still arrives is not part of it
        if self.max_duration_s is not None:
            room = int(round(self.max_duration_s * self.sample_rate)) - self.frames
            block = block[: max(room, 0)]
        self._file.write(block)
        self.frames += block.size
        self.level_dbfs = rms_dbfs(block)
        if self.on_level is not None:
            self.on_level(self.level_dbfs)
        was_ended = self.detector.ended
        if self.detector.feed(block) and not was_ended:
            if self.on_end_of_turn is not None:
                self.on_end_of_turn(self.elapsed_s)
            if self.auto_stop:
                self.request_stop("end_of_turn")
        if self.max_duration_s is not None and self.elapsed_s >= self.max_duration_s:
            self.request_stop("max_duration")

    def _flush(self) -> None:
        self._file.flush()
        try:  # make the .part's header match its data, so a crash leaves a valid WAV
            import soundfile as sf

            sf._snd.sf_command(self._file._file, _SFC_UPDATE_HEADER_NOW, sf._ffi.NULL, 0)
        except Exception:  # private API; recover_part() copes without it
            pass

    def _stop_stream(self, reason: str) -> str:
        """Stop the stream as asked, then write the blocks still queued."""
        try:
            self._stream.stop()
        except Exception:  # the device went away just now; what we have is complete
            pass
        self._drain()
        return reason

    def _drain(self) -> None:
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if isinstance(item, np.ndarray):
                self._write_block(item)

    def _finalise(self, reason: str) -> None:
        try:
            try:
                self._drain()  # blocks already delivered are kept, whatever ended the recording
            except Exception as exc:  # e.g. a failing level callback: still save the file
                self._error = self._error or exc
            self._file.close()
            _fsync_file(self.part_path)  # the data is on disk before the name says it is done
            os.replace(self.part_path, self.path)
            fsync_dir(self.path.parent)  # and the rename survives a power cut
            self._result = Recording(
                path=self.path,
                duration_s=round(self.frames / self.sample_rate, 3),
                frames=self.frames,
                reason=reason,
                speech_start_s=self.detector.speech_start_s,
            )
        except BaseException as exc:
            self._error = self._error or exc
        finally:
            self._done.set()
            self._close_stream(abort=reason in ("device_lost", "error"))

    def _close_stream(self, abort: bool) -> None:
        """Best effort: a vanished device may refuse to close; the data is already safe."""
        if self._stream is None:
            return
        try:
            if abort:
                self._stream.abort()
            self._stream.close()
        except Exception:
            pass


def _fsync_file(path: Path) -> None:
    """Flush a closed file's data to the disk (opened for writing: Windows needs that)."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def recover_part(
    part_path: str | os.PathLike, final: str | os.PathLike | None = None
) -> Path | None:
    """Turn a ``name.wav.part`` left by a crash into a complete WAV, atomically, and delete the
    ``.part``. Returns the new file (``final``, default ``name.wav``), or ``None`` if the part
    held no audio at all. Raises ``ValueError`` if it is not a 16-bit PCM WAV."""

    part = Path(part_path)
    if not part.name.endswith(".part"):
        raise ValueError(f"not a .part file: {part}")
    samples, rate = read_part(part)
    if not samples.size:
        part.unlink()
        return None
    final = Path(final) if final is not None else part.with_name(part.name[: -len(".part")])
    final.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(final, wav_bytes(samples, rate))
    part.unlink()
    fsync_dir(part.parent)  # or a crash now brings the .part back, to be recovered twice
    return final


def wav_bytes(samples: np.ndarray, sample_rate: int) -> bytes:
    """A complete 16-bit PCM WAV file holding int16 ``samples`` (frames, or frames × channels)."""
    samples = np.asarray(samples, dtype="<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as wav:
        wav.setnchannels(1 if samples.ndim == 1 else samples.shape[1])
        wav.setsampwidth(2)
        wav.setframerate(int(sample_rate))
        wav.writeframes(samples.tobytes())
    return buf.getvalue()


def read_part(path: str | os.PathLike) -> tuple[np.ndarray, int]:
    """The int16 samples (frames × channels) and rate of a WAV the recorder was writing.

    Everything after the ``data`` chunk's start is audio: the sizes in the header are the ones
    of the last flush (or 0), so trusting them would drop what came after it.
    """
    raw = Path(path).read_bytes()
    if raw[:4] != b"RIFF" or raw[8:12] != b"WAVE":
        raise ValueError(f"not a WAV file: {path}")
    pos, fmt = 12, None
    while pos + 8 <= len(raw):
        chunk, size = raw[pos : pos + 4], int.from_bytes(raw[pos + 4 : pos + 8], "little")
        body = pos + 8
        if chunk == b"fmt " and size >= 16 and body + 16 <= len(raw):
            tag, channels, rate, _, align, bits = struct.unpack_from("<HHIIHH", raw, body)
            if (
                tag not in (1, 0xFFFE)
                or bits != 16
                or not (channels and rate)
                or align != 2 * channels
            ):
                raise ValueError(f"not 16-bit PCM: {path}")
            fmt = (channels, rate)
        elif chunk == b"data":
            if fmt is None:
                break
            channels, rate = fmt
            data = raw[body:]
            usable = len(data) - len(data) % (2 * channels)
            samples = np.frombuffer(data[:usable], dtype="<i2").reshape(-1, channels)
            return (samples[:, 0] if channels == 1 else samples), rate
        pos = body + size + (size & 1)
    raise ValueError(f"no audio format or data in {path}")
