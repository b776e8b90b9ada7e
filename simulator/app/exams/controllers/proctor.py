"""The proctor's page: the exams and candidates to book (``services.exams.definitions`` and
``candidates``), every attempt with its state, and the proctor's operations — register,
authorise, pause, resume, add time, terminate, cancel, set the resume PIN — each through the
services with the signed-in proctor's session on a lane (terminating grades the attempt: the
model lane). A refusal (wrong role, wrong state, no reason given, a bad ID number) is shown in
the service's words, in the UI language."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject

from simulator.app.exams.controllers.refusals import show_refusal
from simulator.app.i18n import tr

log = logging.getLogger(__name__)


class ProctorController(QObject):
    def __init__(self, ctx, window, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.view = None

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
        self.window.show_page("proctor")
        self.refresh()

    def forget(self) -> None:
        if self.view is not None:
            self.view.set_attempts([])
            self.view.set_choices([], [])
            self.view.cleared()
            self.view.show_status("info", "")

    def refresh(self) -> None:
        exams, who = self.ctx.services.exams, self.ctx.session

        def load():
            candidates = exams.candidates(who)
            names = {c.user_id: c.display_name or c.username for c in candidates}
            rows = [(a, a.candidate_name or names.get(a.candidate_id, a.candidate_id))
                    for a in exams.attempts(who)]  # fmt: skip
            return exams.definitions(), candidates, rows

        def loaded(out) -> None:
            defs, candidates, rows = out
            self.view.set_choices(defs, candidates)
            self.view.set_attempts(rows)

        self.ctx.runner.run("db", load, loaded, self._refused, name="proctor_page")

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
