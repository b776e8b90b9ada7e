"""The audio port over ``simulator.audio``: a real sound device (``SoundDeviceBackend``) or
the file-backed test device (``FileAudioBackend``), adapted to what the app needs.

Recording uses the backend's crash-safe :class:`~simulator.audio.recorder.Recorder` (it
writes ``name.wav.part`` and renames it when the turn ends) with a tapped end-of-turn
detector that also reports the voice onset, each pause (to start transcribing early), speech
resuming after a pause (what was started then is out of date) and the wall-clock time of the
last voiced block. A waiter thread turns the finished recording
into a :class:`Take` (with the cause when the recorder failed); waiter threads are tracked
while they run and joined, with a deadline, on ``close``. Playback completion is a timer of the
clip's duration, since the backend plays without a completion callback.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from simulator.app.services.audio_ports import AudioUnavailable, Take, db_to_level
from simulator.audio.errors import AudioDeviceError, DeviceLost
from simulator.audio.levels import PauseDetector

SAMPLE_RATE = 16000
log = logging.getLogger(__name__)


def _message(exc: AudioDeviceError) -> str:
    """The error's sentence in the UI language (PortAudio's detail goes to the log)."""
    from simulator.app.i18n import language

    if exc.detail:
        log.info("audio device: %s (%s)", exc.en, exc.detail)
    return exc.en if language() == "en" else exc.zh


class _TapDetector(PauseDetector):
    """The backend's end-of-turn detector, also keeping the audio and reporting events."""

    def __init__(self, on_speech_start, on_pause, on_resume=None, **kwargs):
        super().__init__(**kwargs)
        self.blocks: list[np.ndarray] = []
        self.on_speech_start = on_speech_start
        self.on_pause = on_pause
        self.on_resume = on_resume
        self.last_voiced_at: float | None = None

    def feed(self, block: np.ndarray) -> bool:
        started = self.speech_start_s is not None
        voiced_before = self.last_voiced_s
        ended = super().feed(block)
        self.blocks.append(np.asarray(block, dtype=np.int16).reshape(-1).copy())
        if self.last_voiced_s != voiced_before:  # this block was speech
            self.last_voiced_at = time.perf_counter()
        if not started and self.speech_start_s is not None and self.on_speech_start:
            self.on_speech_start(self.speech_start_s)
        if self.resumed and self.on_resume:
            self.on_resume(self.t)
        if self.pause_started and self.on_pause:
            self.on_pause(self.audio(), self.last_voiced_s or self.t)
        return ended

    def audio(self) -> np.ndarray:
        if not self.blocks:
            return np.zeros(0, np.float32)
        return np.concatenate(self.blocks).astype(np.float32) / 32768.0


class _Take:
    """Handle of one recording in progress: ``stop()`` = push-to-talk, ``cancel()``."""

    def __init__(self, recorder):
        self.recorder = recorder
        self.cancelled = False

    def stop(self) -> None:
        self.recorder.request_stop("stopped")

    def cancel(self) -> None:
        self.cancelled = True
        self.recorder.request_stop("cancelled")


class DevicePort:
    """Audio port over a ``simulator.audio`` backend. ``sources`` (test/demo) is a list of
    reply files: each recording streams the next one through a ``FileAudioBackend``."""

    def __init__(
        self, backend=None, sources: list[Path] | None = None, recordings_dir: Path | None = None
    ):
        if backend is None:
            from simulator.audio.backend import SoundDeviceBackend

            backend = SoundDeviceBackend()
        self.backend = backend
        self.sources = [Path(p) for p in sources] if sources is not None else None
        self.current: Path | None = None
        self._recordings_dir = Path(recordings_dir) if recordings_dir else None
        self._play_timer: threading.Timer | None = None
        self._live: dict[threading.Thread, Path] = {}  # running waiter threads → their take
        self._live_lock = threading.Lock()
        self._temp_dir: Path | None = None  # made for takes without a path (the mic check)
        self._n = 0

    # ------------------------------------------------------------------ devices
    def input_devices(self) -> list[str]:
        try:
            return [d.name for d in self.backend.input_devices()]
        except AudioDeviceError:
            return []

    def output_devices(self) -> list[str]:
        try:
            return [d.name for d in self.backend.output_devices()]
        except AudioDeviceError:
            return []

    def check_input(self, device: str = "") -> None:
        if self.sources is not None:
            if not self.sources and self.current is None:
                raise AudioUnavailable("no reply files for the file microphone")
            if self.backend.source is None and self.sources:
                self.backend.source = self.sources[0]
        try:
            self.backend.check_input(device or None)
        except AudioDeviceError as exc:
            raise AudioUnavailable(_message(exc)) from exc

    # ------------------------------------------------------------------ playback
    def play(
        self, path: Path, on_done: Callable[[], None], device: str = "", start_s: float = 0.0
    ) -> None:
        self.stop_playback()
        try:
            seconds = self.backend.play(
                str(path), device=device or None, blocking=False, start_s=start_s
            )
        except AudioDeviceError as exc:
            log.warning("playback on %r: %s (%s)", device or "default", exc.en, exc.detail)
            raise AudioUnavailable(_message(exc)) from exc
        speed = getattr(self.backend, "speed", 1.0)
        wait = seconds / speed if speed else 0.0
        timer = self._play_timer = threading.Timer(wait + 0.05, on_done)
        timer.daemon = True
        timer.start()

    def stop_playback(self) -> None:
        if self._play_timer is not None:
            self._play_timer.cancel()
            self._play_timer = None
        try:
            self.backend.stop_playback()
        except AudioDeviceError:
            pass

    # ------------------------------------------------------------------ recording
    def _next_path(self) -> Path:
        if self._recordings_dir is None:  # only takes without a path given (the mic check)
            self._recordings_dir = self._temp_dir = Path(tempfile.mkdtemp(prefix="simulator-rec-"))
        self._n += 1
        return self._recordings_dir / f"take-{int(time.time() * 1000)}-{self._n}.wav"

    def _spawn(self, target, path: Path, name: str) -> None:
        """Start a thread tracked until it ends (``close`` joins the ones still running)."""

        def run() -> None:
            try:
                target()
            finally:
                with self._live_lock:
                    self._live.pop(threading.current_thread(), None)

        thread = threading.Thread(target=run, name=name, daemon=True)
        with self._live_lock:
            self._live[thread] = path
        thread.start()

    def record(
        self,
        on_level,
        on_done,
        on_speech_start=None,
        on_pause=None,
        device: str = "",
        max_s: float = 60.0,
        path: Path | None = None,
        on_resume=None,
    ) -> _Take:
        if self.sources is not None:
            if not self.sources:
                raise AudioUnavailable("no more reply files for the file microphone")
            self.current = self.backend.source = self.sources.pop(0)
        detector = _TapDetector(on_speech_start, on_pause, on_resume, sample_rate=SAMPLE_RATE)
        try:
            recorder = self.backend.recorder(
                Path(path) if path else self._next_path(),
                device=device or None,
                on_level=lambda db: on_level(db_to_level(db)),
                detector=detector,
                max_duration_s=max_s,
            )
            recorder.start()
        except AudioDeviceError as exc:
            raise AudioUnavailable(_message(exc)) from exc
        handle = _Take(recorder)
        self._spawn(lambda: self._wait(handle, detector, on_done), recorder.path, "take-waiter")
        return handle

    def _wait(self, handle: _Take, detector: _TapDetector, on_done) -> None:
        recorder = handle.recorder
        error = None
        try:
            rec = recorder.wait()
        except DeviceLost as exc:
            rec, error = exc.recording, _message(exc)
            log.warning("take %s: %s (%s)", recorder.path, exc.en, exc.detail)
        except Exception as exc:  # noqa: BLE001 - the recorder failed: the take carries why
            rec = None
            error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            log.warning("take %s failed: %s", recorder.path, error, exc_info=exc)
        stopped_at = time.perf_counter()
        if handle.cancelled:
            if rec is not None:
                Path(rec.path).unlink(missing_ok=True)
            return
        ended_by = {
            "end_of_turn": "silence",
            "stopped": "push_to_talk",
            "max_duration": "timeout",
            "end_of_input": "silence",
        }.get(rec.reason if rec else "error", "error")
        if detector.speech_start_s is None:
            ended_by = "no_speech" if ended_by != "push_to_talk" else ended_by
            if rec is not None:  # nothing was said: there is no take to keep
                Path(rec.path).unlink(missing_ok=True)
                rec = None
        on_done(
            Take(
                detector.audio(),
                SAMPLE_RATE,
                detector.speech_start_s,
                detector.last_voiced_s,
                ended_by,
                detector.last_voiced_at,
                stopped_at,
                Path(rec.path) if rec is not None else None,
                error,
            )
        )

    # ------------------------------------------------------------------ mic check
    def monitor(self, on_level, device: str = ""):
        path = self._next_path()
        try:
            recorder = self.backend.recorder(
                path,
                device=device or None,
                on_level=lambda db: on_level(db_to_level(db)),
                auto_stop=False,
                max_duration_s=300,
            )
            recorder.start()
        except AudioDeviceError as exc:
            raise AudioUnavailable(_message(exc)) from exc

        def finish() -> None:
            try:
                if recorder.wait(5) is None:
                    log.warning("the mic check's recorder did not stop within 5 s: %s", path)
            except Exception as exc:  # noqa: BLE001 - a level check has nothing to keep
                log.warning("the mic check's recorder failed: %s", exc)
            path.unlink(missing_ok=True)

        port = self

        class _Monitor:
            def stop(self_inner) -> None:
                recorder.request_stop("stopped")
                port._spawn(finish, path, "mic-check-waiter")

        return _Monitor()

    def close(self, deadline_s: float = 5.0) -> list[Path]:
        """Stop playback and join the waiter threads still running, up to ``deadline_s`` in
        all; returns (and logs) the takes whose waiter did not finish. Removes the temporary
        folder of the mic check."""
        self.stop_playback()
        end = time.monotonic() + deadline_s
        with self._live_lock:
            live = list(self._live.items())
        stuck = []
        for thread, path in live:
            thread.join(max(0.0, end - time.monotonic()))
            if thread.is_alive():
                stuck.append(path)
                log.error("the recorder of %s did not finish within %.0f s", path, deadline_s)
        if self._temp_dir is not None and not stuck:
            shutil.rmtree(self._temp_dir, ignore_errors=True)
            if self._temp_dir.exists():
                log.warning("could not remove the temporary folder %s", self._temp_dir)
            else:
                self._temp_dir = self._recordings_dir = None
        return stuck
