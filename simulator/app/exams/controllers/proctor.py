"""The proctor's page: the exams and candidates to book (``services.exams.definitions`` and
``candidates``), every attempt with its state, and the proctor's operations — register,
authorise, pause, resume, add time, terminate, cancel, set the resume PIN — each through the
services with the signed-in proctor's session on a lane (terminating grades the attempt: the
model lane). A refusal (wrong role, wrong state, no reason given, a bad ID number) is shown in
the service's words, in the UI language.

While the page is shown the list is read again every few seconds (``REFRESH_MS``, on the db
lane, one read at a time), so a candidate who started, finished or was stopped elsewhere shows
without the refresh button; the timer stops when the page is hidden, the user switches or the
window closes. A read that fails is shown on the page (what it shows stays) and logged once
per cause; a refusal (the session may not read the page) stops the timer."""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QObject, QTimer

from simulator.app.exams.controllers.refusals import show_refusal
from simulator.app.i18n import message, tr
from simulator.core.exam_attempt import ExamError
from simulator.services.session import PermissionDenied

log = logging.getLogger(__name__)

REFRESH_MS = 5000  # while the page is shown, the attempts are read again this often


class ProctorController(QObject):
    def __init__(self, ctx, window, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.view = None
        self._reading = False  # a read is on the db lane
        self._again = False  # asked for (after an action) while one was: read once more
        self._read_error: str | None = None  # the last read's failure, logged once
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._tick)

    def show(self) -> None:
        if self.view is None:
            from simulator.app.exams.views.proctor import ProctorView

            self.view = v = ProctorView()
            self.window.add_page("proctor", v)
            v.register.connect(self.register)
            v.authorise.connect(self.authorise)
            v.act.connect(self.act)
            v.set_pin.connect(self.set_pin)
            v.refresh.connect(self.refresh)
            v.shown.connect(self._shown)
        self.window.show_page("proctor")
        self.timer.start()
        self.refresh()

    def _shown(self, visible: bool) -> None:
        """The page shown again (the window restored) or hidden (another page, minimised)."""
        if visible and self.window.current_page() == "proctor":
            self.timer.start()
        else:
            self.timer.stop()

    def _tick(self) -> None:
        """The timer's slot: read the list again, unless the page is no longer shown."""
        if self.view is None or self.window.current_page() != "proctor":
            self.timer.stop()
            return
        if not self._reading:  # a read still out (a slow database): this tick is skipped
            self.refresh()

    def stop(self) -> None:
        """The window closes: no more reads."""
        self.timer.stop()

    def forget(self) -> None:
        self.timer.stop()
        self._read_error = None
        if self.view is not None:
            self.view.show_updated("")
            self.view.set_attempts([])
            self.view.set_choices([], [])
            self.view.cleared()
            self.view.show_status("info", "")

    def refresh(self) -> None:
        if self._reading:
            self._again = True
            return
        self._reading = True
        exams, who = self.ctx.services.exams, self.ctx.session

        def load():
            candidates = exams.candidates(who)
            names = {c.user_id: c.display_name or c.username for c in candidates}
            rows = [(a, a.candidate_name or names.get(a.candidate_id, a.candidate_id))
                    for a in exams.attempts(who)]  # fmt: skip
            return exams.definitions(), candidates, rows

        self.ctx.runner.run("db", load, lambda out: self._loaded(out, who),
                            lambda exc: self._unread(exc, who), name="proctor_page")  # fmt: skip

    def _loaded(self, out, who) -> None:
        self._reading = False
        if who is not self.ctx.session:  # switched user meanwhile: not the next person's
            self._read_again()
            return
        defs, candidates, rows = out
        self.view.set_choices(defs, candidates)
        self.view.set_attempts(rows)
        self.view.show_updated(time.strftime("%H:%M:%S"), REFRESH_MS // 1000)
        if self._read_error is not None:  # read again: the failure leaves the page
            if self.view.status_text() == self._error_text(self._read_error):
                self.view.show_status("info", "")
            log.info("proctor page: the attempts are read again")
            self._read_error = None
        self._read_again()

    def _unread(self, exc: BaseException, who) -> None:
        self._reading = False
        if who is not self.ctx.session:
            self._read_again()
            return
        if isinstance(exc, ExamError | PermissionDenied):
            self.timer.stop()  # a refusal does not pass by itself: not asked every few seconds
            self._again = False
            self._refused(exc)
            return
        text = str(exc) or type(exc).__name__
        if text != self._read_error:
            log.error("proctor page: the attempts cannot be read: %s", text, exc_info=exc)
        self._read_error = text
        self.view.show_status("error", self._error_text(text))
        self._read_again()

    @staticmethod
    def _error_text(text: str) -> str:
        return tr("proctor.read_failed", msg=message(text), s=REFRESH_MS // 1000)

    def _read_again(self) -> None:
        if self._again:
            self._again = False
            self.refresh()

    def _refused(self, exc: BaseException) -> None:
        show_refusal(self.view, exc, "proctor page", log)

    def _done(self, key: str, clear: bool = True):
        def done(_result) -> None:
            if clear:
                self.view.cleared()
            self.view.show_status("ok", tr(key))
            self.refresh()

        return done

    def register(self, exam_id: str, candidate_id: str) -> None:
        exams, who = self.ctx.services.exams, self.ctx.session

        def booked(rec) -> None:
            self._done("proctor.registered", clear=False)(rec)
            self.view.select(rec.id)

        self.ctx.runner.run(
            "db", lambda: exams.register(who, exam_id, candidate_id), booked, self._refused,
            name="exam_register",
        )  # fmt: skip

    def authorise(self, attempt_id: str, name: str, id_number: str, confirmed: bool) -> None:
        exams, who = self.ctx.services.exams, self.ctx.session
        self.ctx.runner.run(
            "db", lambda: exams.authorise(who, attempt_id, name, id_number, confirmed),
            self._done("proctor.authorised"), self._refused, name="exam_authorise",
        )  # fmt: skip

    def act(self, attempt_id: str, action: str, minutes: float, reason: str) -> None:
        exams, who = self.ctx.services.exams, self.ctx.session
        calls = {
            "pause": lambda: exams.pause(who, attempt_id, reason),
            "resume": lambda: exams.resume(who, attempt_id),
            "add_time": lambda: exams.add_time(who, attempt_id, minutes, reason),
            "terminate": lambda: exams.terminate(who, attempt_id, reason),
            "cancel": lambda: exams.cancel(who, attempt_id, reason),
        }
        lane = "model" if action == "terminate" else "db"
        self.ctx.runner.run(
            lane, calls[action], self._done(f"exam.done_{action}"), self._refused,
            name=f"proctor_{action}",
        )  # fmt: skip

    def set_pin(self, pin: str, again: str) -> None:
        if pin != again:
            self.view.show_status("error", tr("proctor.pin_mismatch"))
            return
        pins, who = self.ctx.services.pins, self.ctx.session
        self.ctx.runner.run(
            "db", lambda: pins.set_pin(who, pin), self._done("proctor.pin_set"), self._refused,
            name="set_pin",
        )  # fmt: skip
