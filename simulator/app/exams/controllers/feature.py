"""The exams feature as the shell sees it: its pages (the candidate's exams, the proctor's page,
results and certificates), whether a running exam holds the screen (then no navigation and no
switching user), forgetting the last person's pages and saving the clock at quit."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from simulator.app.exams.controllers.candidate import CandidateController
from simulator.app.exams.controllers.exam_run import ExamRunController
from simulator.app.exams.controllers.proctor import ProctorController
from simulator.app.exams.controllers.results import ResultsController
from simulator.app.exams.hearing import AppHearing

PAGES = ("exams", "proctor", "results")


class ExamsFeature(QObject):
    navigate = Signal(str)

    def __init__(self, ctx, window, parent: QObject | None = None):
        super().__init__(parent)
        if ctx.services.resources.speech is None:  # oral answers are heard by the app's model
            ctx.services.resources.speech = AppHearing(ctx)
        self.window = window
        self.run = ExamRunController(ctx, window, self)
        self.candidate = CandidateController(ctx, window, self.run, self)
        self.proctor = ProctorController(ctx, window, self)
        self.results = ResultsController(ctx, window, self)
        self.run.left.connect(lambda: self.navigate.emit("results"))

    def locked(self) -> bool:
        """A running exam holds the screen (full-screen, nothing else opens)."""
        return self.run.running

    def show_exam(self) -> None:
        self.window.show_page("exam_run")

    def show(self, name: str) -> None:
        {"exams": self.candidate, "proctor": self.proctor, "results": self.results}[name].show()

    def forget(self) -> None:
        for part in (self.candidate, self.proctor, self.results):
            part.forget()

    def shutdown(self) -> None:
        self.proctor.stop()
        self.run.shutdown()
