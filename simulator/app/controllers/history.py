"""History: loads past attempts, the chart data and an attempt's turns on the db lane, and
opens a past attempt in the call summary page."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import QObject, Signal

from simulator.app.controllers.context import AppContext
from simulator.app.controllers.turns import view_item
from simulator.app.i18n import local_time


class HistoryController(QObject):
    open_summary = Signal(object, list, object, str)  # scenario, items, AttemptRecord, when
    play = Signal(str)

    def __init__(self, ctx: AppContext, window, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.view = None
        self._loaded: tuple[str, tuple] | None = None  # (attempt id, (attempt, turn rows))

    def show(self) -> None:
        if self.view is None:
            self.view = self.window.ensure_history()
            self.view.attempt_selected.connect(self._selected)
            self.view.open_attempt.connect(self._open)
            self.view.play_recording.connect(self.play)
        self.window.show_page("history")
        self.refresh()

    def refresh(self) -> None:
        self._loaded = None  # a call since the last visit may have changed the attempt
        practice, who = self.ctx.services.practice, self.ctx.session

        def load():
            return (
                practice.history(who),
                practice.score_series(who),
                practice.category_counts(who),
            )

        self.ctx.runner.run("db", load, lambda data: self.view.set_data(*data), name="history")

    def _load(self, attempt_id: str, then) -> None:
        """The attempt and its turns, queried once: selecting then opening reuses them."""
        if self._loaded is not None and self._loaded[0] == attempt_id:
            then(self._loaded[1])
            return
        practice, who = self.ctx.services.practice, self.ctx.session

        def loaded(out) -> None:
            self._loaded = (attempt_id, out)
            then(out)

        self.ctx.runner.run(
            "db",
            lambda: (
                practice.attempt(who, attempt_id),
                practice.attempt_turns(who, attempt_id),
            ),
            loaded,
            name="attempt_turns",
        )

    def _selected(self, attempt_id: str) -> None:
        self._load(attempt_id, lambda out: out[0] and self.view.show_turns(*out))

    def _open(self, attempt_id: str) -> None:
        self._load(attempt_id, self._opened)

    def _opened(self, out) -> None:
        attempt, records = out
        if attempt is None:
            return
        catalog = self.ctx.catalog
        scenario = catalog.scenarios.get(attempt.scenario_id) if catalog else None
        if scenario is None:
            scenario = SimpleNamespace(
                id=attempt.scenario_id, title=attempt.title, title_en=attempt.title_en
            )
        items = [view_item(r, self.ctx) for r in records]
        when = local_time(attempt.started_at)
        self.open_summary.emit(scenario, items, attempt, when)
