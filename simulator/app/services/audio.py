"""The audio service: an audio port's callbacks (any thread) turned into Qt signals.

Controllers call ``play`` / ``start_take`` / ``end_take`` / ``start_monitor``; every callback
arrives as a queued signal on the UI thread, tagged with a token so that a late callback from a
take or playback the user already abandoned is ignored. A playback device that fails is
reported (``playback_failed``) with a message, and the system default plays instead.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from simulator.app.i18n import tr
from simulator.app.qtutil import slot
from simulator.app.services.audio_ports import AudioUnavailable, NullPort

log = logging.getLogger(__name__)


class AudioService(QObject):
    level = Signal(int, float)  # token, 0–1
    speech_started = Signal(int, float)  # token, onset seconds into the take
    paused = Signal(int, object, float)  # token, audio so far, last voiced second
    resumed = Signal(int, float)  # token, seconds into the take: speech after a pause
    take_ready = Signal(int, object)  # token, Take
    take_failed = Signal(int, str)
    playback_done = Signal(int)
    playback_failed = Signal(int, str)  # token, message: played on the default device, or not
    monitor_level = Signal(float)

    def __init__(self, port=None, missing_audio_ms: int = 1500, parent: QObject | None = None):
        super().__init__(parent)
        self.port = port if port is not None else NullPort()
        self.missing_audio_ms = missing_audio_ms
        self.reading_ms_per_char = 180  # a caller line without audio is shown this long
        self._take = None
        self._monitor = None
        self.input_device = ""
        self.output_device = ""
        self._reported: str | None = None  # the playback problem last reported

    # ------------------------------------------------------------------ devices
    def input_devices(self) -> list[str]:
        try:
            return list(self.port.input_devices())
        except Exception as exc:  # noqa: BLE001 - a broken device list means "no devices"
            log.warning("listing input devices failed: %s", exc)
            return []

    def output_devices(self) -> list[str]:
        lister = getattr(self.port, "output_devices", None)
        try:
            return list(lister()) if lister else []
        except Exception:  # noqa: BLE001
            return []

    def unavailable_reason(self) -> str | None:
        """None when recording can work, else a one-line reason for the banner."""
        try:
            self.port.check_input(self.input_device)
        except AudioUnavailable as exc:
            return str(exc)
        except Exception as exc:  # noqa: BLE001
            return f"{type(exc).__name__}: {exc}"
        return None

    # ------------------------------------------------------------------ playback
    def play(self, path: Path | str | None, token: int, start_s: float = 0.0) -> str | None:
        """Play a file from ``start_s`` seconds in; ``playback_done(token)`` when it ends (at
        once-ish if it is missing).

        The chosen device may be unplugged: then the system default plays it rather than
        silence. Returns None when the chosen device played it, else a message for the user
        (played on the default device instead, or not at all), also sent as
        ``playback_failed(token, message)`` the first time that problem occurs; the log has
        the cause."""
        if not path or not Path(path).is_file():
            QTimer.singleShot(self.missing_audio_ms, slot(self.playback_done.emit, token))
            return None
        failed: list[str] = []
        for device in dict.fromkeys((self.output_device, "")):
            try:
                self.port.play(
                    Path(path), lambda: self.playback_done.emit(token), device=device,
                    start_s=start_s,
                )  # fmt: skip
            except Exception as exc:  # noqa: BLE001 - reported below, the cause logged here
                log.warning("playback of %s on %r failed: %s", path, device or "default", exc)
                failed.append(str(exc) or type(exc).__name__)
                continue
            if not failed:
                self._reported = None
                return None
            message = tr("audio.output_fallback", device=self.output_device, msg=failed[0])
            return self._playback_problem(token, message)
        QTimer.singleShot(self.missing_audio_ms, slot(self.playback_done.emit, token))
        return self._playback_problem(token, tr("audio.no_output", msg=failed[-1]))

    def _playback_problem(self, token: int, message: str) -> str:
        if message != self._reported:  # once, not on every caller line
            self._reported = message
            QTimer.singleShot(0, slot(self.playback_failed.emit, token, message))
        return message

    def stop_playback(self) -> None:
        try:
            self.port.stop_playback()
        except Exception as exc:  # noqa: BLE001
            log.warning("stopping playback failed: %s", exc)

    # ------------------------------------------------------------------ recording
    def start_take(self, token: int, max_s: float = 60.0, path: Path | None = None) -> None:
        """Record one reply (to ``path`` when the port writes files)."""
        self.cancel_take()
        try:
            self._take = self.port.record(
                on_level=lambda v: self.level.emit(token, v),
                on_done=lambda take: self.take_ready.emit(token, take),
                on_speech_start=lambda t: self.speech_started.emit(token, t),
                on_pause=lambda audio, t: self.paused.emit(token, audio, t),
                on_resume=lambda t: self.resumed.emit(token, t),
                device=self.input_device,
                max_s=max_s,
                path=path,
            )
        except Exception as exc:  # noqa: BLE001 - reported to the controller as a signal
            self._take = None
            msg = str(exc) or type(exc).__name__
            QTimer.singleShot(0, slot(self.take_failed.emit, token, msg))

    def end_take(self) -> None:
        """Push-to-talk: the trainee says they are done."""
        if self._take is not None:
            self._take.stop()

    def cancel_take(self) -> None:
        if self._take is not None:
            self._take.cancel()
            self._take = None

    def take_finished(self) -> None:
        self._take = None

    # ------------------------------------------------------------------ mic check
    def start_monitor(self) -> str | None:
        self.stop_monitor()
        try:
            self._monitor = self.port.monitor(self.monitor_level.emit, device=self.input_device)
        except Exception as exc:  # noqa: BLE001
            return str(exc) or type(exc).__name__
        return None

    def stop_monitor(self) -> None:
        if self._monitor is not None:
            self._monitor.stop()
            self._monitor = None

    def close(self) -> None:
        self.stop_monitor()
        self.cancel_take()
        self.stop_playback()
        try:
            self.port.close()
        except Exception as exc:  # noqa: BLE001
            log.warning("closing the audio port failed: %s", exc)
