"""Dashboards: reads the team's or a trainee's dashboard through ``services.room_reads`` on the
sync lane (the whole centre's team when the seat joined one and it answers, else this seat's,
the page saying which and why) and exports the local one shown as CSV (a folder of tables) or
a PDF report, written by the services. A refusal or a failure is shown on the page."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject

from simulator.app.context import AppContext
from simulator.app.trainer.controllers.assignments import titles_of
from simulator.services.errors import ServiceError
from simulator.services.session import PermissionDenied

log = logging.getLogger(__name__)


class DashboardController(QObject):
    def __init__(self, ctx: AppContext, window, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.view = None
        self.shown = None  # the dashboard on the page

    def show(self) -> None:
        if self.view is None:
            self.view = self.window.ensure_page("dashboard")
            self.view.query.connect(self.load)
            self.view.export.connect(self.export)
        self.window.show_page("dashboard")
        s, who = self.ctx.services.assignments, self.ctx.session
        self._run("dashboard_people", lambda: (s.trainees(who), s.groups(who)),
                  lambda out: self.view.set_people(*out))  # fmt: skip

    def _run(self, name: str, work, done) -> None:
        self.ctx.runner.run("db", work, done, self._failed, name=name)

    def _failed(self, exc: BaseException) -> None:
        text = str(exc) or type(exc).__name__
        if not isinstance(exc, ServiceError | PermissionDenied):
            log.error("dashboard page: %s", text)
        self.view.show_error(text)

    def forget(self) -> None:
        self.shown = None
        if self.view is not None:
            self.view.set_people([], [])
            self.view.show_source(None)
            self.view.show_dashboard(None, {})
            self.view.clear_status()

    def load(self, q) -> None:
        """The team's dashboard from the whole centre when the seat joined one and it answers
        (else this seat's, saying why), or a trainee's; read on the sync lane, which waits for
        the centre, never on the UI thread."""
        reads, who = self.ctx.services.room_reads, self.ctx.session

        def work():
            if q.kind == "team":
                read = reads.team(who, q.since, q.until, q.group_id)
                return read.source, read.centre, read.local
            data, source = reads.trainee(who, q.user_id)
            return source, None, data

        def done(out) -> None:
            source, centre, local = out
            self.view.show_source(source)
            if centre is not None:
                self.shown = None  # the centre's summary is not exported from this seat
                self.view.show_centre(centre)
                return
            self.shown = local
            self.view.show_dashboard(local, titles_of(self.ctx.catalog))

        self.ctx.runner.run("sync", work, done, self._failed, name="dashboard")

    def export(self, kind: str, where: str) -> None:
        data, service, who = self.shown, self.ctx.services.dashboards, self.ctx.session
        if data is None:
            return
        out = Path(where)
        if kind == "csv":  # a folder of tables inside the folder picked
            out = out / f"dashboard-{datetime.now():%Y%m%d-%H%M%S}"
        self._run(
            "dashboard_export",
            lambda: service.export(who, data, out, kind),
            lambda written: self.view.show_done("dash.exported", path=str(written)),
        )
