"""History: loads past attempts, the chart data and an attempt's turns on the db lane, and
opens a past attempt in the call summary page. A read that fails says so in the error banner."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from simulator.app.context import AppContext

log = logging.getLogger(__name__)


class HistoryController(QObject):
    open_summary = Signal(object, list)  # AttemptRecord, its TurnRecords
    play = Signal(str)
    problem = Signal(str, str)  # string id, cause: for the error banner

    def __init__(self, ctx: AppContext, window, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.view = None
        self._loaded: tuple[str, tuple] | None = None  # (attempt id, (attempt, turn records))

    def show(self) -> None:
        if self.view is None:
            self.view = self.window.ensure_history()
            self.view.attempt_selected.connect(self._selected)
            self.view.open_attempt.connect(self._open)
            self.view.play_recording.connect(self.play)
        self.window.show_page("history")
        self.refresh()

    def forget(self) -> None:
        """Someone signed out: their attempts leave the page."""
        self._loaded = None
        if self.view is not None:
            self.view.clear()

    def _failed(self, what: str, exc: BaseException) -> None:
        msg = str(exc) or type(exc).__name__
        log.error("reading the history (%s) failed: %s", what, msg)
        self.problem.emit("hist.load_failed", msg)

    def refresh(self) -> None:
        self._loaded = None  # a call since the last visit may have changed the attempt
        practice, who = self.ctx.services.practice, self.ctx.session

        def load():
            return (
                practice.history(who),
                practice.score_series(who),
                practice.category_counts(who),
            )

        self.ctx.runner.run(
            "db",
            load,
            lambda data: self.view.set_data(*data),
            lambda exc: self._failed("attempts", exc),
            name="history",
        )

    def _load(self, attempt_id: str, then) -> None:
        """The attempt and its turns, queried once: selecting then opening reuses them."""
        if self._loaded is not None and self._loaded[0] == attempt_id:
            then(self._loaded[1])
            return
        practice, who = self.ctx.services.practice, self.ctx.session
        overrides = self.ctx.services.overrides

        def read():
            attempt = practice.attempt(who, attempt_id)
            turns = practice.attempt_turns(who, attempt_id)
            return attempt, turns, overrides.overruled(who, turns)

        def loaded(out) -> None:
            self._loaded = (attempt_id, out)
            then(out)

        self.ctx.runner.run(
            "db",
            read,
            loaded,
            lambda exc: self._failed(attempt_id, exc),
            name="attempt_turns",
        )

    def _selected(self, attempt_id: str) -> None:
        self._load(attempt_id, lambda out: out[0] and self.view.show_turns(*out))

    def _open(self, attempt_id: str) -> None:
        self._load(attempt_id, self._opened)

    def _opened(self, out) -> None:
        attempt, records, _verdicts = out
        if attempt is not None:
            self.open_summary.emit(attempt, records)
