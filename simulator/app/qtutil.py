"""``slot(fn, *args)``: a callable for ``connect``/``singleShot`` that always returns None.

Python slots should not hand values back to Qt: some PySide6 releases (6.12.0) drop a
reference to a returned ``True``/``False`` (e.g. the result of ``signal.emit``), which ends in
a fatal ``bool_dealloc`` at exit.
"""

from __future__ import annotations

from collections.abc import Callable


def slot(fn: Callable, *args) -> Callable[..., None]:
    def run(*_ignored) -> None:
        fn(*args)

    return run


def after(parent, ms: int, fn: Callable, *args) -> None:
    """Call ``fn(*args)`` once after ``ms`` milliseconds, on time (a precise single shot)."""
    from PySide6.QtCore import Qt, QTimer

    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setTimerType(Qt.TimerType.PreciseTimer)

    def fire() -> None:
        timer.deleteLater()
        fn(*args)

    timer.timeout.connect(fire)
    timer.start(max(0, int(ms)))
