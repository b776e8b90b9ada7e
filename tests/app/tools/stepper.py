"""Drives a screenshot tool's app through its steps: ``(condition, action)`` pairs taken in
order on a Qt timer, each action once its condition holds; the window closes after
``limit_ms`` whatever happened, and the tool prints how far it got. The consent question a
sign-in opens (recordings' privacy) is answered "agree" unless the tool shoots it itself."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer

Step = tuple[Callable[[], object], Callable[[], object]]


def run_steps(
    app,
    window,
    ctl,
    steps: list[Step],
    *,
    tick_ms: int = 300,
    limit_ms: int,
    agree_to_consent: bool = True,
) -> int:
    state = {"i": 0}

    def tick() -> None:
        privacy = getattr(ctl, "privacy", None)
        if agree_to_consent and privacy is not None and privacy.dialog is not None:
            privacy.dialog.agree_button.click()
            return
        i = state["i"]
        if i >= len(steps):
            return
        cond, action = steps[i]
        if cond():
            state["i"] += 1
            action()

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(tick_ms)
    QTimer.singleShot(limit_ms, window.close)
    code = app.exec()
    timer.stop()
    ctl.shutdown()
    print("steps done", state["i"], "of", len(steps), window.current_page())
    return code
