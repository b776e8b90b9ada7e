"""The proctor console in the app: reads the room from the centre (``services.room.console``,
on the sync lane) when shown and every few seconds while it stays shown, turns the feed into
rows and alerts for the view, and sends pause / resume / add time / terminate through the
centre (``services.room.command``); the seat the exam runs on applies the command at its next
sync — this seat syncs at once, in case it is that seat."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer

from simulator.app.context import AppContext
from simulator.app.i18n import tr
from simulator.app.room.views.console import RUNNING, ExamRow
from simulator.sync.records import ConsoleFeed

log = logging.getLogger(__name__)

REFRESH_MS = 5000
TICKING = ("active",)  # the seat's clock runs: time left goes down between heartbeats


def rows_of(feed: ConsoleFeed) -> tuple[list[ExamRow], list[dict]]:
    """The feed's exams as rows (running ones first, then by seat) and its alerts as fields."""
    alerted = {a.attempt_id for a in feed.alerts if a.attempt_id}
    rows = []
    for e in feed.exams:
        left = None
        if e.state in RUNNING:
            spent = e.silent_s * 1000 if e.state in TICKING else 0
            left = max(0, int(e.remaining_ms - spent))
        rows.append(
            ExamRow(e.attempt_id, e.candidate_name or e.candidate_id[:8], e.seat_name, e.state,
                    left, e.answered, e.items, e.silent_s, e.attempt_id in alerted)
        )  # fmt: skip
    rows.sort(key=lambda r: (r.state not in RUNNING, not r.alert, r.seat, r.candidate))
    by_attempt = {e.attempt_id: e for e in feed.exams}
    alerts = []
    for a in feed.alerts:
        exam = by_attempt.get(a.attempt_id or "")
        alerts.append({
            "seat": a.seat_name or a.seat_id[:8],
            "s": int(exam.silent_s) if exam else 0,
            "name": exam.candidate_name if exam else "",
        })  # fmt: skip
    return rows, alerts


class ConsoleController(QObject):
    def __init__(self, ctx: AppContext, window, sync, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.sync = sync  # RoomSyncController: this seat's state and "sync now"
        self.view = window.ensure_page("room")
        self.feed: ConsoleFeed | None = None
        self._reading = False
        self.view.refresh.connect(self.refresh)
        self.view.command.connect(self.command)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._tick)
        sync.state_read.connect(lambda _state: self._tick())  # after joining, after each sync

    def show(self) -> None:
        self.window.show_page("room")
        self.timer.start()
        self.refresh()

    def _tick(self) -> None:
        if self.window.current_page() == "room":
            self.refresh()
        else:
            self.timer.stop()

    def refresh(self) -> None:
        state = self.sync.state
        if state is None or not state.joined:
            self.view.show_message("room.not_joined")
            return
        if self._reading:
            return
        self._reading = True
        if self.feed is None:
            self.view.show_message("room.loading")
        room, who = self.ctx.services.room, self.ctx.session
        self.ctx.runner.run(
            "sync", lambda: room.console(who), self._read, self._unread, name="console"
        )

    def _read(self, feed: ConsoleFeed) -> None:
        self._reading = False
        self.feed = feed
        rows, alerts = rows_of(feed)
        summary = {"seats": len(feed.seats), "exams": len(rows), "at": feed.at[11:19]}
        pending = sum(1 for c in feed.commands if c.outcome is None)
        self.view.show_feed(rows, alerts, summary, pending)

    def _unread(self, exc: BaseException) -> None:
        self._reading = False
        text = str(exc) or type(exc).__name__
        log.warning("the proctor console cannot read the room: %s", text)
        self.view.show_error("room.failed", text)

    def command(self, attempt_id: str, kind: str, minutes: float, reason: str) -> None:
        room, who = self.ctx.services.room, self.ctx.session
        row = next((r for r in self.view.rows if r.attempt_id == attempt_id), None)
        name = row.candidate if row else attempt_id[:8]

        def sent(_record) -> None:
            self.view.show_done("room.sent", kind=tr(f"room.{kind}"), name=name)
            self.view.clear_reason()
            self.sync.sync_now(quiet=True)  # this seat may be the one: apply it now
            self.refresh()

        def failed(exc: BaseException) -> None:
            text = str(exc) or type(exc).__name__
            log.warning("console command %s for %s failed: %s", kind, attempt_id, text)
            self.view.show_error("room.cmd_failed", text)

        self.ctx.runner.run(
            "sync",
            lambda: room.command(
                who, attempt_id, kind, minutes if kind == "add_time" else None, reason
            ),  # fmt: skip
            sent,
            failed,
            name=f"console_{kind}",
        )

    def forget(self) -> None:
        """Switching user: nothing of the last proctor's view stays."""
        self.timer.stop()
        self.feed = None
        self.view.show_message("room.loading")
