"""Drive the real app under Xvfb to the "listen here" buttons beside a finding heard as not
counted (issue 15) and take screenshots (not a test).

    Xvfb :99 -screen 0 1280x800x24 &
    DISPLAY=:99 .venv/bin/python tests/app/tools/shoot_listen.py docs/screenshots [--lang en]

A fresh data folder: an administrator, a trainer and a trainee whose spoken reply was heard as
不够好像您… (unsure of 好像, said 不够好，向您…), recorded; a second attempt whose recording was
deleted under the retention period. The trainee opens the call summary from the history (the
button, and the disabled one with its reason under the pointer); the trainer opens the turn on
the review page.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

PASSWORD = "training-room-1"
SCENARIO = "angry-caller"
HEARD = "非常抱歉，我做得不够好像您赔个不是，您的心情我非常理解，我马上帮您处理，好吗？"


def _misheard(grader):
    from simulator.core.heard import Hearing

    at = HEARD.index("好像")
    probs = [0.3 if at <= i < at + 2 else 0.95 for i in range(len(HEARD))]
    hearing = Hearing(tuple(probs), tuple(0.2 * i for i in range(len(HEARD))))
    return grader.grade(SCENARIO, 1, HEARD, hearing=hearing)


def _prepare(ctx, en: bool) -> dict:
    """People and two spoken attempts (one recording kept, one deleted under retention)."""
    from datetime import datetime, timedelta

    import numpy as np

    from simulator.core.records import TurnRecord

    s = ctx.services
    admin = s.accounts.create_first_admin("admin", "Ada Admin" if en else "系统管理员", PASSWORD)
    ids = {"li": s.accounts.create_user(admin, "li", "Li Lei" if en else "李雷", "trainer",
                                        PASSWORD)}  # fmt: skip
    ids["wang"] = s.accounts.create_user(admin, "wang", "Wang Fang" if en else "王芳", "trainee",
                                         PASSWORD)  # fmt: skip
    wang = s.accounts.sign_in("wang", PASSWORD)
    s.privacy.give_consent(wang)
    pack = ctx.catalog.scenario_pack[SCENARIO]
    result = _misheard(s.resources.grader)
    for n in range(2):
        attempt = s.practice.start_attempt(wang, SCENARIO, pack, "愤怒的来电", "Angry", "voice")
        saved = s.recordings.save_wav(np.zeros(80000, dtype=np.float32), 16000,
                                      f"{attempt}/01.wav")  # fmt: skip
        s.practice.record_turn(wang, attempt, TurnRecord(1, result, "（来电）", "voice"), saved)
        s.practice.finish_attempt(wang, attempt, "completed")
        if n == 0:  # the first one's recording deleted, as the retention period would
            s.privacy.set_retention(admin, 30)
            s.privacy.apply_retention(now=datetime.now() + timedelta(days=60))
            s.privacy.set_retention(admin, None)
    return ids


from tests.app.tools.launch import launch  # noqa: E402
from tests.app.tools.stepper import run_steps  # noqa: E402


def main() -> int:
    tool = launch("shoot-listen-")

    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QPushButton, QToolTip

    ctx, window, ctl = tool.start()
    en = tool.en
    ids: dict = {}
    page = window.pages.get
    shot = tool.shot

    def sign_in(name: str) -> None:
        if ctl.accounts.dialog is not None:
            ctl.accounts.dialog.done_ok()
        window.sign_in.fill(name, PASSWORD)
        window.sign_in.button.click()

    def listen_button():
        found = window.summary.findChildren(QPushButton, "listenHere")
        return next((b for b in found if b.isVisible()), None)

    def to_button() -> None:
        b = listen_button()
        window.summary.feedback.scroll.ensureWidgetVisible(b, 50, 120)

    def tip() -> None:
        b = listen_button()
        QToolTip.showText(b.mapToGlobal(QPoint(b.width() // 2, b.height())), b.toolTip(), b)

    def open_row(row: int) -> None:
        window.history.table.selectRow(row)
        window.history.open_button.click()

    def review() -> None:
        v = page("review")
        v.select_trainee(ids["wang"])

    idle = (lambda: True, lambda: None)
    steps = [
        (lambda: ctx.catalog is not None and ctl.accounts.dialog is not None, lambda: None),
        (lambda: True, lambda: ids.update(_prepare(ctx, en))),
        (lambda: True, lambda: sign_in("wang")),
        (lambda: ctx.session is not None and ctx.session.username == "wang", lambda: None),
        (lambda: True, lambda: ctl.navigate("history")),
        (lambda: window.history is not None and window.history.rows, lambda: open_row(0)),
        (lambda: window.current_page() == "summary" and listen_button() is not None, to_button),
        idle,
        (lambda: True, tip),
        idle,
        (lambda: True, lambda: shot("heard-listen-summary")),
        (lambda: True, lambda: ctl.navigate("history")),
        (lambda: window.current_page() == "history", lambda: open_row(1)),
        (lambda: window.current_page() == "summary" and listen_button() is not None, to_button),
        idle,
        (lambda: True, tip),
        idle,
        (lambda: True, lambda: shot("heard-listen-deleted")),
        (lambda: True, lambda: window.switch_button.click()),
        (lambda: window.current_page() == "login", lambda: sign_in("li")),
        (lambda: ctx.session is not None and ctx.session.username == "li", lambda: None),
        (lambda: True, lambda: ctl.navigate("review")),
        (lambda: page("review") is not None and page("review").trainees, review),
        (lambda: bool(page("review").attempts), lambda: page("review").select_attempt(0)),
        (lambda: page("review").current_turn() is not None, lambda: None),
        idle,
        (lambda: True, lambda: shot("heard-listen-review")),
        (lambda: True, lambda: window.close()),
    ]
    return run_steps(tool.app, window, ctl, steps, tick_ms=300, limit_ms=120000)


if __name__ == "__main__":
    sys.exit(main())
