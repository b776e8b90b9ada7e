"""The candidate's exams page: their own open attempts (``services.exams.attempts``), starting
an authorised one (``start``) and resuming one a crash interrupted with a proctor's user name
and PIN (``recover``: refused in the service's words without the right PIN), then handing the
paper to the full-screen exam. At the page's first visit the services' ``sweep`` marks attempts
of a process that died as interrupted and closes those past their time (on the model lane: it
may grade)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from simulator.app.i18n import message, tr

log = logging.getLogger(__name__)

OPEN = ("awaiting", "authorised", "active", "paused", "interrupted")


class CandidateController(QObject):
    problem = Signal(str, str)

    def __init__(self, ctx, window, run, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.run = run  # ExamRunController
        self.view = None
        self.swept = False

    def show(self) -> None:
        if self.view is None:
            from simulator.app.exams.views.exam_list import ExamsView

            self.view = ExamsView()
            self.window.add_page("exams", self.view)
            self.view.start.connect(self.start)
            self.view.resume.connect(self.resume)
        self.window.show_page("exams")
        if not self.swept:
            self.swept = True
            self.ctx.runner.run(
                "model", self.ctx.services.exams.sweep, lambda _r: self.refresh(),
                self._sweep_failed, name="exam_sweep",
            )  # fmt: skip
        self.refresh()

    def _sweep_failed(self, exc: BaseException) -> None:
        log.error("the exam sweep failed: %s", exc)
        self.refresh()

    def forget(self) -> None:
        if self.view is not None:
            self.view.set_attempts([])
            self.view.show_status("info", "")
            self.view.clear_pin()

    def refresh(self) -> None:
        exams, who = self.ctx.services.exams, self.ctx.session
        if who.is_anonymous:
            self.view.set_attempts([])
            return

        def mine():
            return [a for a in exams.attempts(who) if a.candidate_id == who.user_id
                    and a.state in OPEN]  # fmt: skip

        self.ctx.runner.run("db", mine, self.view.set_attempts, self._failed, name="my_exams")

    def _failed(self, exc: BaseException) -> None:
        text = str(exc) or type(exc).__name__
        log.warning("exams page: %s", text)
        self.view.show_status("error", text)

    def start(self, attempt_id: str) -> None:
        exams, who = self.ctx.services.exams, self.ctx.session
        self.view.show_status("info", tr("exam.starting"))
        self.ctx.runner.run(
            "db", lambda: exams.start(who, attempt_id), self._entered, self._failed,
            name="exam_start",
        )  # fmt: skip

    def resume(self, attempt_id: str, proctor: str, pin: str) -> None:
        exams, who = self.ctx.services.exams, self.ctx.session
        if not proctor or not pin:
            self.view.show_status("error", tr("exam.pin_empty"))
            return

        def recover():
            exams.recover(who, attempt_id, proctor, pin)
            return exams.paper(who, attempt_id)

        def refused(exc: BaseException) -> None:
            self.view.clear_pin()
            self._failed(exc)
            self.refresh()

        self.ctx.runner.run("db", recover, self._entered, refused, name="exam_recover")

    def _entered(self, paper) -> None:
        self.view.show_status("info", "")
        self.view.clear_pin()
        self.run.enter(paper)

    def said(self) -> str:
        return message(self.view.status_text()) if self.view is not None else ""
