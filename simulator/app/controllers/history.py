"""History: loads past attempts, the chart data and an attempt's turns on the db lane, and
opens a past attempt in the call summary page."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import QObject, Signal

from simulator.app.controllers.context import AppContext
from simulator.app.controllers.turns import item_from_row


class HistoryController(QObject):
    open_summary = Signal(object, list, dict, str)  # scenario, items, attempt row, when
    play = Signal(str)

    def __init__(self, ctx: AppContext, window, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.view = None
        self._loaded: tuple[int, tuple] | None = None  # (attempt id, (attempt, turn rows))

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
        store = self.ctx.store

        def load():
            return store.history(), store.score_series(), store.category_counts()

        self.ctx.runner.run("db", load, lambda data: self.view.set_data(*data), name="history")

    def _load(self, attempt_id: int, then) -> None:
        """The attempt and its turns, queried once: selecting then opening reuses them."""
        if self._loaded is not None and self._loaded[0] == attempt_id:
            then(self._loaded[1])
            return
        store = self.ctx.store

        def loaded(out) -> None:
            self._loaded = (attempt_id, out)
            then(out)

        self.ctx.runner.run(
            "db",
            lambda: (store.attempt(attempt_id), store.attempt_turns(attempt_id)),
            loaded,
            name="attempt_turns",
        )

    def _selected(self, attempt_id: int) -> None:
        self._load(attempt_id, lambda out: out[0] and self.view.show_turns(*out))

    def _open(self, attempt_id: int) -> None:
        self._load(attempt_id, self._opened)

    def _opened(self, out) -> None:
        attempt, rows = out
        if attempt is None:
            return
        catalog = self.ctx.catalog
        scenario = catalog.scenarios.get(attempt["scenario_id"]) if catalog else None
        if scenario is None:
            scenario = SimpleNamespace(
                id=attempt["scenario_id"], title=attempt["title"], title_en=attempt.get("title_en")
            )
        items = [item_from_row(r, self.ctx) for r in rows]
        when = attempt["started_at"][:16].replace("T", " ")
        self.open_summary.emit(scenario, items, attempt, when)
