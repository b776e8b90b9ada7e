"""The call summary page's controller: the call just ended (scored as the store saved it, while
its saves settle) or a past attempt from the history, and the page's retry / next buttons."""

from __future__ import annotations

import logging
from types import SimpleNamespace

from PySide6.QtCore import QObject, Signal

from simulator.app.context import AppContext
from simulator.app.i18n import local_time
from simulator.app.practice.views.summary import CallSummary
from simulator.app.qtutil import slot

log = logging.getLogger(__name__)


class SummaryController(QObject):
    start_call = Signal(str)  # a scenario id: practise it (again)
    navigate = Signal(str)  # a page name

    def __init__(self, ctx: AppContext, window, call, home, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx, self.window, self.call, self.home = ctx, window, call, home
        self.summary: CallSummary | None = None
        self.session = None  # the CallSession the summary shows, while it has one
        self.closed = False  # set when the app closes: nothing more to show or read
        w = window.summary
        w.retry_call.connect(self.retry_call)
        w.next_scenario.connect(self.next_scenario)
        w.go_home.connect(slot(self.navigate.emit, "home"))
        w.retry_save.connect(self._retry_save)
        call.finished.connect(self._call_finished)
        call.saves_changed.connect(self._saves_changed)

    def _call_finished(self, session) -> None:
        self.window.set_nav_enabled(True)
        self._read(session, "call")
        self.home.refresh()

    def _read(self, session, page: str) -> None:
        """Read the call's attempt back and show its summary, if the trainee is still on
        ``page`` with this call (they may have moved on while it was read)."""
        call = session.call
        practice, who = self.ctx.services.practice, self.ctx.session

        def shown(attempt) -> None:
            current = self.call.session if page == "call" else self.session
            if current is session and self.window.current_page() == page:
                self._show_call(session, attempt)

        def unread(exc: BaseException) -> None:
            log.error("reading attempt %s back failed: %s", call.attempt_id, exc)
            shown(None)

        # The db lane is FIFO: the turns and the call's end are saved before this reads them.
        self.ctx.runner.run(
            "db",
            lambda: practice.attempt(who, call.attempt_id) if call.outbox.clean else None,
            shown,
            unread,
            name="finished_attempt",
        )

    def _show_call(self, session, attempt) -> None:
        """The summary of the call just ended, scored as the store scored it; while some of
        its turns are not saved (or the store cannot read it), as the call scored itself."""
        call = session.call
        records = [call.records[k] for k in sorted(call.records)]
        if attempt is not None and call.outbox.clean:
            score, passed, status = attempt.score, attempt.passed, attempt.status
        else:
            score = round(sum(r.score for r in records) / len(records)) if records else None
            passed, status = bool(records) and all(r.passed for r in records), call.status
            if attempt is None and call.outbox.clean:
                score = None  # saved, but could not be read back
        self.session = session
        saves = {r.id: call.outbox.state_of(r.id) for r in records}
        summary = CallSummary(call.scenario, records, score, passed, status, "", saves)
        summary.problem = self._problem(call)
        self._show(summary)

    @staticmethod
    def _problem(call) -> str:
        failed = call.outbox.failure()
        if failed is not None:
            return failed.error
        return "" if call.outbox.clean else "…"

    def _saves_changed(self, session) -> None:
        if self.closed:  # saved while quitting: nothing more to show or read
            return
        if session is self.session and self.summary is not None:
            call = session.call
            self.summary.saves = {r.id: call.outbox.state_of(r.id) for r in self.summary.records}
            self.summary.problem = self._problem(call)
            if call.outbox.clean:
                self._read(session, "summary")  # the store's score, all saved now
                self.home.refresh()
            elif self.window.current_page() == "summary":
                self.window.summary.show_call(self.summary, keep_row=True)

    def _retry_save(self) -> None:
        if self.session is not None:
            self.call.retry_save(self.session)

    def show_stored(self, attempt, records) -> None:
        """A past attempt from the history, in the summary page."""
        catalog = self.ctx.catalog
        scenario = catalog.scenarios.get(attempt.scenario_id) if catalog else None
        if scenario is None:
            scenario = SimpleNamespace(
                id=attempt.scenario_id, title=attempt.title, title_en=attempt.title_en
            )
        records = [self._with_answer_audio(r) for r in records]
        self.session = None
        when = local_time(attempt.started_at)
        self._show(
            CallSummary(scenario, records, attempt.score, attempt.passed, attempt.status, when)
        )

    def _with_answer_audio(self, record):
        answer = record.result.closest_answer
        audio = self.ctx.audio_path(answer.audio) if answer is not None else None
        return record.with_(answer_audio=str(audio)) if audio else record

    def _show(self, summary: CallSummary) -> None:
        self.summary = summary
        self.window.summary.show_call(summary)
        self.window.show_page("summary")
        self.window.summary.focus_default()

    def forget(self) -> None:
        self.summary = None  # the last person's call summary is not the next one's

    @property
    def scenario(self) -> str | None:
        return self.summary.scenario.id if self.summary is not None else None

    def retry_call(self) -> None:
        sid = self.scenario
        if sid and self.ctx.catalog and sid in self.ctx.catalog.scenarios:
            self.start_call.emit(sid)

    def next_scenario(self) -> None:
        if not self.ctx.catalog:
            return
        ids = list(self.ctx.catalog.scenarios)
        if not ids:
            return
        sid = self.scenario
        i = ids.index(sid) + 1 if sid in ids else 0
        self.window.home.select(ids[i % len(ids)])
        self.navigate.emit("home")
