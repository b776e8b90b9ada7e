"""The seat's link to its centre in the app: the settings page's card (state, "sync now",
joining with an enrolment code), the sync itself every few seconds while the seat is joined,
and whether the proctor console is offered. Everything goes through ``services.room``: the
state is read on the db lane, joining and syncing (network) run on the sync lane — never on
the UI thread — and the results come back here.

The engine is made on the sync lane and used only there (one run at a time); a failed run is
kept in the seat's sync state in plain words, and the next run waits longer (up to a minute)
while the centre cannot be reached."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QTimer, Signal

from simulator.app.accounts.controllers.sign_in import pages_of
from simulator.app.context import AppContext
from simulator.services.session import Role
from simulator.sync.records import SyncReport, SyncState

log = logging.getLogger(__name__)

SYNC_EVERY_MS = 5000  # a seat in an exam must report well within the centre's silence limit
MAX_BACKOFF_MS = 60000
COMMAND_WAIT_S = 10.0  # at shutdown: how long a command may wait for the db lane


class RoomSyncController(QObject):
    synced = Signal(object)  # SyncReport, after every run
    state_read = Signal(object)  # SyncState
    account_disabled = Signal(str)  # the centre disabled the person signed in here (their name)

    def __init__(self, ctx: AppContext, window, panel, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.panel = panel
        self.state: SyncState | None = None
        self.every_ms = SYNC_EVERY_MS
        self._engine = None  # made and used on the sync lane only
        self._running = False
        self._quiet = True
        self._closed = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(lambda: self.sync_now(quiet=True))
        panel.join.connect(self.join)
        panel.sync_now.connect(self.sync_now)

    # ------------------------------------------------------------------ state
    def start(self) -> None:
        """At start-up and after a sign-in: read the state; a joined seat starts syncing."""
        self.refresh()

    def refresh(self) -> None:
        room = self.ctx.services.room
        self.ctx.runner.run("db", room.state, self._show_state, self._unreadable, name="sync_state")

    def _show_state(self, state: SyncState) -> None:
        self.state = state
        if self._closed:
            return
        self.panel.show_state(state, may_join=self.ctx.session.role is Role.ADMIN)
        self._list_refused(state)
        self.offer_console()
        if state.joined and not self._running and not self.timer.isActive():
            self.timer.start(self.every_ms)
        self.state_read.emit(state)

    def _unreadable(self, exc: BaseException) -> None:
        text = str(exc) or type(exc).__name__
        log.error("the sync state cannot be read: %s", text)
        self.panel.show_unreadable(text)

    def _list_refused(self, state: SyncState) -> None:
        """The records the centre refused, one by one, for an administrator (read on the db
        lane); others see the count and whom to tell."""
        who = self.ctx.session
        if not state.joined or not state.rejected:
            self.panel.show_refused([])
            return
        if not who.may("settings.centre"):
            self.panel.show_refused(None)
            return
        reads = self.ctx.services.room_reads
        self.ctx.runner.run("db", lambda: reads.refused(who), self.panel.show_refused,
                            self._unreadable, name="sync_refused")  # fmt: skip

    def _check_signed_in(self) -> None:
        """After a sync: the person signed in here may have been disabled at the centre (the
        pull brought their account); if so the app signs them out (``account_disabled``).
        Asked after every sync, so a sign-out put off by a call or an exam happens later."""
        room, who = self.ctx.services.room, self.ctx.session
        if who.is_anonymous or who.user_id is None:
            return

        def told(disabled: bool) -> None:
            if disabled and self.ctx.session.user_id == who.user_id and not self._closed:
                log.warning("account %s was disabled at the centre: signing out", who.username)
                self.account_disabled.emit(who.display_name or who.username)

        self.ctx.runner.run("db", lambda: room.must_sign_out(who), told, self._unreadable,
                            name="must_sign_out")  # fmt: skip

    def offer_console(self) -> None:
        """The proctor console is in the navigation for proctors and admins on a joined seat."""
        joined = self.state is not None and self.state.joined
        self.window.offer_page("room", joined and "room" in pages_of(self.ctx.session))

    # ------------------------------------------------------------------ joining
    def join(self, url: str, code: str, seat_name: str) -> None:
        room, who = self.ctx.services.room, self.ctx.session
        self.panel.set_busy("join")
        self.ctx.runner.run(
            "sync",
            lambda: room.join(who, url, code, seat_name or None),
            self._joined,
            self._join_failed,
            name="join_centre",
        )

    def _joined(self, result) -> None:
        self.panel.set_busy(None)
        self.panel.clear_join()
        self.panel.show_done("sync.joined_done", centre=result.centre_name or result.centre_url,
                             seat=result.seat_name)  # fmt: skip
        self._engine = None
        self.refresh()

    def _join_failed(self, exc: BaseException) -> None:
        self.panel.set_busy(None)
        text = str(exc) or type(exc).__name__
        log.warning("joining the centre failed: %s", text)
        self.panel.show_error("sync.join_failed", text)

    # ------------------------------------------------------------------ syncing
    def sync_now(self, quiet: bool = False) -> None:
        """One sync run on the sync lane (``quiet``: the timer's, no message on the card)."""
        if self._running or self._closed or self.state is None or not self.state.joined:
            return
        self.timer.stop()
        self._running = True
        self._quiet = quiet
        if not quiet:
            self.panel.set_busy("sync")
        self.ctx.runner.run("sync", self._run_once, self._synced, self._crashed, name="sync")

    def _run_once(self, cancel) -> SyncReport:
        if self._engine is None:
            self._engine = self.ctx.services.room.engine(run_on_db_lane=self._on_db_lane)
        return self._engine.run_once(cancel)

    def _on_db_lane(self, fn):
        """Run ``fn`` (a proctor command for an exam on this seat) on the db lane, which owns
        the exam service, and wait for it here on the sync lane (never on the UI thread)."""
        done = threading.Event()
        box: dict = {}

        def task() -> None:
            try:
                box["value"] = fn()
            except BaseException as exc:  # noqa: BLE001 - handed back to the sync lane below
                box["error"] = exc
            finally:
                done.set()

        self.ctx.runner.run("db", task, name="proctor_command")
        waited = 0.0
        while not done.wait(0.25):
            waited += 0.25
            if self.ctx.runner.cancel.is_set() and waited > COMMAND_WAIT_S:
                raise RuntimeError("the db lane did not apply the proctor's command in time")
        if "error" in box:
            raise box["error"]
        return box["value"]

    def _synced(self, report: SyncReport) -> None:
        self._running = False
        if not self._quiet:
            self.panel.set_busy(None)
            if report.ok:
                self.panel.show_done("sync.done", pushed=sum(report.pushed.values()),
                                     pulled=sum(report.pulled.values()))  # fmt: skip
            else:
                self.panel.show_error("sync.failed", report.error or "")  # the card says why
        self.every_ms = (
            SYNC_EVERY_MS if report.ok else min(max(self.every_ms * 2, 1000), MAX_BACKOFF_MS)
        )
        self.synced.emit(report)
        self._check_signed_in()
        self.refresh()  # shows the state and starts the timer again

    def _crashed(self, exc: BaseException) -> None:
        """A bug in the sync (its own errors come back in the report): logged and shown."""
        text = str(exc) or type(exc).__name__
        log.error("sync run crashed: %s", text)
        self._synced(SyncReport(error=f"同步程序出错 / the sync crashed: {text}"))

    def stop(self) -> None:
        """At shutdown: no more runs (a run in flight ends with the sync lane)."""
        self._closed = True
        self.timer.stop()
