"""The self-assessment page: loads the seed-002 statements and the trainee's past totals, and
saves a result, each through ``services.quizzes`` on the db lane. A failed save keeps the
answers on the page and says why; a failed read goes to the error banner."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from simulator.app.context import AppContext

log = logging.getLogger(__name__)


class SelfCheckController(QObject):
    problem = Signal(str, str)  # string id, cause: for the error banner

    def __init__(self, ctx: AppContext, window, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.view = None

    def show(self) -> None:
        if self.view is None:
            self.view = self.window.ensure_page("selfcheck")
            self.view.submit.connect(self.submit)
            self.view.again.connect(self._again)
        self.window.show_page("selfcheck")
        quizzes, who = self.ctx.services.quizzes, self.ctx.session

        def loaded(out) -> None:
            bank, history = out
            self.view.set_bank(bank)
            self.view.show_result(None)
            self.view.set_history(history)

        self.ctx.runner.run(
            "db",
            lambda: (quizzes.self_assessment, quizzes.self_assessment_history(who)),
            loaded,
            self._read_failed,
            name="self_assessment",
        )

    def forget(self) -> None:
        """Someone signed out: their answers and results leave the page."""
        if self.view is not None:
            self.view.clear_answers()
            self.view.show_result(None)
            self.view.set_history([])

    def _read_failed(self, exc: BaseException) -> None:
        msg = str(exc) or type(exc).__name__
        log.error("reading the self-assessment failed: %s", msg)
        self.problem.emit("self.load_failed", msg)

    def submit(self, answers: dict) -> None:
        quizzes, who = self.ctx.services.quizzes, self.ctx.session

        def save():
            outcome = quizzes.submit_self_assessment(who, answers)
            return outcome, quizzes.self_assessment_history(who)

        def saved(out) -> None:
            outcome, history = out
            self.view.show_result(outcome.record)
            self.view.set_history(history)

        def failed(exc: BaseException) -> None:
            msg = str(exc) or type(exc).__name__
            log.error("saving the self-assessment failed: %s", msg)
            self.view.show_error(msg)

        self.ctx.runner.run("db", save, saved, failed, name="submit_self_assessment")

    def _again(self) -> None:
        self.view.clear_answers()
        self.view.show_result(None)
