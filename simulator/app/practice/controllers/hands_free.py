"""Hands-free moving on (opt-in, ``Settings.auto_next_s``): a countdown after the feedback on
a reply that passed, shown second by second, paused by Esc, by playing an answer, by moving on
or retrying."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal


class HandsFree(QObject):
    counting = Signal(object)  # seconds left, None when stopped
    due = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._count)
        self._left = 0

    def start(self, seconds: float) -> None:
        """Count ``seconds`` down (0: off, nothing happens)."""
        if seconds and seconds > 0:
            self._left = int(round(seconds))
            self.counting.emit(self._left)
            self._timer.start()

    def pause(self) -> bool:
        """Stop counting; True if it was."""
        if self._timer.isActive():
            self._timer.stop()
            self.counting.emit(None)
            return True
        return False

    def _count(self) -> None:
        self._left -= 1
        if self._left > 0:
            self.counting.emit(self._left)
            return
        self._timer.stop()
        self.counting.emit(None)
        self.due.emit()
