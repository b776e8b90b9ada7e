"""Review and override: reads a trainee's attempts (``services.room_reads``, on the sync lane:
every seat's when the seat joined a centre that answers, else this seat's, the page saying
which) and an attempt's review (``services.overrides.open_attempt`` on the db lane; one made on
another seat from the centre, ``services.remote_attempts``, on the sync lane), overrules the
verdict, a violation or a missing element with the trainer's comment, adds a turn to a calibration set, reads the
override report and exports the overrides as labelled data. Recordings are played by the app's
audio service (``play``). What the services refuse is shown on the page in their words."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from simulator.app.context import AppContext
from simulator.services.errors import ServiceError
from simulator.services.session import PermissionDenied

log = logging.getLogger(__name__)


def titles_en(catalog) -> dict[str, str]:
    """Scenario id → its English title (an attempt made on another seat is named by it)."""
    if catalog is None:
        return {}
    return {sid: sc.title_en for sid, sc in catalog.scenarios.items()}


class ReviewController(QObject):
    play = Signal(str, float)  # a recording and where to start: the app's audio service plays it

    def __init__(self, ctx: AppContext, window, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.view = None
        self.attempt_id: str | None = None

    def show(self) -> None:
        if self.view is None:
            self.view = self.window.ensure_page("review")
            v = self.view
            v.trainee_selected.connect(self.trainee)
            v.attempt_selected.connect(self.open_attempt)
            v.turn.play.connect(self.play)
            v.turn.override.connect(self.override)
            v.turn.add_to_set.connect(self.add_to_set)
            v.report_wanted.connect(self.report)
            v.report.export_labelled.connect(self.export_labelled)
        self.window.show_page("review")
        self.refresh()

    def _run(self, name: str, work, done) -> None:
        self.ctx.runner.run("db", work, done, self._failed, name=name)

    def _failed(self, exc: BaseException) -> None:
        text = str(exc) or type(exc).__name__
        if not isinstance(exc, ServiceError | PermissionDenied):
            log.error("review page: %s", text)
        self.view.show_error(text)

    def refresh(self) -> None:
        s, who = self.ctx.services, self.ctx.session
        catalog = self.ctx.catalog
        if catalog is not None:
            self.view.set_element_names({e.name: e.name_en for e in catalog.elements.elements})
        self._run(
            "review_people",
            lambda: (s.assignments.trainees(who), s.calibration.sets(who)),
            self._people,
        )

    def _people(self, out) -> None:
        trainees, sets = out
        self.view.set_trainees(trainees)
        self.view.set_sets(sets)

    def forget(self) -> None:
        self.attempt_id = None
        if self.view is not None:
            self.view.show_source(None)
            self.view.set_attempts([])
            self.view.show_review(None)
            self.view.set_trainees([])
            self.view.clear_status()

    def trainee(self, user_id: str) -> None:
        """A trainee's attempts from every seat when the centre answers (else this seat's,
        the page saying why), read on the sync lane."""
        reads, who = self.ctx.services.room_reads, self.ctx.session
        titles = titles_en(self.ctx.catalog)
        self.view.clear_status()  # a note about the last trainee's attempt is not this one's

        def done(read) -> None:
            self.view.show_source(read.source)
            self.view.set_attempts(list(read.attempts))

        self.ctx.runner.run("sync", lambda: reads.history(who, user_id, titles), done,
                            self._failed, name="review_attempts")  # fmt: skip

    def open_attempt(self, attempt_id: str) -> None:
        row = next((a for a in self.view.attempts if a.id == attempt_id), None)
        self.attempt_id = attempt_id
        if row is not None and not row.here:
            # made on another seat: read from the centre on the sync lane (services.remote_attempts)
            remote, who = self.ctx.services.remote_attempts, self.ctx.session
            self.view.show_review(None)
            self.ctx.runner.run("sync", lambda: remote.open(who, attempt_id),
                                self.view.show_remote, self._failed, name="review_remote")  # fmt: skip
            return
        overrides, who = self.ctx.services.overrides, self.ctx.session
        self._run("review_attempt", lambda: overrides.open_attempt(who, attempt_id),
                  self.view.show_review)  # fmt: skip

    def override(self, req) -> None:
        service, who = self.ctx.services.overrides, self.ctx.session

        def work():
            if req.kind == "verdict":
                return service.override_verdict(who, req.turn_id, req.decision, req.comment,
                                                req.category if req.decision == "fail" else None)  # fmt: skip
            if req.kind == "violation":
                return service.override_violation(
                    who, req.turn_id, req.rule, req.start, req.end, req.decision, req.comment,
                    req.category if req.decision == "recategorise" else None,
                )  # fmt: skip
            return service.override_element(who, req.turn_id, req.element, req.comment,
                                             req.decision)  # fmt: skip

        def done(_turn_review) -> None:
            self.view.clear_comment()
            self.view.show_done("rev.saved")
            if self.attempt_id:
                self.open_attempt(self.attempt_id)

        self._run("override", work, done)

    def add_to_set(self, set_id: str, turn_id: str) -> None:
        service, who = self.ctx.services.calibration, self.ctx.session

        def done(cset) -> None:
            self.view.show_done("rev.added", name=cset.name, n=cset.items)

        self._run("calibration_add", lambda: service.add_items(who, set_id, [turn_id]), done)

    def report(self) -> None:
        service, who = self.ctx.services.overrides, self.ctx.session
        self._run("override_report", lambda: service.report(who), self.view.report.set_report)

    def export_labelled(self, path: str) -> None:
        service, who = self.ctx.services.overrides, self.ctx.session

        def done(export) -> None:
            self.view.show_done("rep.exported", n=len(export.lines), path=str(export.path),
                                skipped=export.skipped)  # fmt: skip

        self._run("export_labelled", lambda: service.export_labelled(who, Path(path)), done)
