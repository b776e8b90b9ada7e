"""Calibration: lists and creates sets, reads a set's items blind, submits the trainer's grade
(final; the grader's verdict comes back with it) and reads the agreement report, all through
``services.calibration`` on the db lane. Recordings are played by the app's audio service."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from simulator.app.context import AppContext
from simulator.services.errors import ServiceError
from simulator.services.session import PermissionDenied

log = logging.getLogger(__name__)


class CalibrationController(QObject):
    play = Signal(str)

    def __init__(self, ctx: AppContext, window, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.view = None

    def show(self) -> None:
        if self.view is None:
            self.view = self.window.ensure_page("calibration")
            v = self.view
            v.set_selected.connect(self.items)
            v.create_set.connect(self.create)
            v.grade.connect(self.grade)
            v.play.connect(self.play)
            v.report_wanted.connect(self.report)
        self.window.show_page("calibration")
        self.refresh()

    def _run(self, name: str, work, done) -> None:
        self.ctx.runner.run("db", work, done, self._failed, name=name)

    def _failed(self, exc: BaseException) -> None:
        text = str(exc) or type(exc).__name__
        if not isinstance(exc, ServiceError | PermissionDenied):
            log.error("calibration page: %s", text)
        self.view.show_error(text)

    def refresh(self, select: str | None = None) -> None:
        service, who = self.ctx.services.calibration, self.ctx.session

        def loaded(sets) -> None:
            self.view.set_sets(sets, select)
            sid = self.view.current_set()
            if sid:
                self.items(sid)
            else:
                self.view.set_items([])

        self._run("calibration_sets", lambda: service.sets(who), loaded)

    def forget(self) -> None:
        if self.view is not None:
            self.view.set_sets([])
            self.view.set_items([])
            self.view.set_report(None)
            self.view.clear_status()

    def create(self, name: str) -> None:
        service, who = self.ctx.services.calibration, self.ctx.session

        def done(cset) -> None:
            self.view.show_done("cal.created", name=cset.name)
            self.refresh(cset.id)

        self._run("calibration_create", lambda: service.create_set(who, name), done)

    def items(self, set_id: str) -> None:
        service, who = self.ctx.services.calibration, self.ctx.session
        self._run("calibration_items", lambda: service.items(who, set_id), self.view.set_items)

    def grade(self, item_id: str, passed: bool, category, comment: str) -> None:
        service, who = self.ctx.services.calibration, self.ctx.session
        set_id = self.view.current_set()

        def done(revealed) -> None:
            self.view.show_revealed(revealed)
            keep = revealed
            self._run(
                "calibration_items",
                lambda: service.items(who, set_id),
                lambda items: (self.view.set_items(items), self.view.show_revealed(keep)),
            )

        self._run(
            "calibration_grade",
            lambda: service.submit(who, item_id, passed, category, comment),
            done,
        )

    def report(self, set_id: str) -> None:
        service, who = self.ctx.services.calibration, self.ctx.session
        self._run("calibration_report", lambda: service.report(who, set_id), self.view.set_report)
