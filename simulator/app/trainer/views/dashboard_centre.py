"""The team dashboard as the whole centre sums it up (every seat): each trainee's attempts,
mean score, pass rate and last attempt, and the rule findings per category. Shown by the
dashboard page when its team view is read from the centre; lays out only."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from simulator.app.i18n import category_name, local_time, tr
from simulator.app.trainer.views.tables import fill, table
from simulator.app.widgets import label


class CentreDashboardPanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.data = None  # sync.records.TeamDashboard
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.summary = label("", "centreSummary", wrap=True)
        lay.addWidget(self.summary)
        row = QHBoxLayout()
        self.trainees = table(5, "centreTrainees")
        self.categories = table(2, "centreCategories")
        row.addWidget(self.trainees, 3)
        row.addWidget(self.categories, 1)
        lay.addLayout(row, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.trainees.setHorizontalHeaderLabels(
            [tr("cdash.col_trainee"), tr("cdash.col_attempts"), tr("cdash.col_average"),
             tr("cdash.col_pass_rate"), tr("cdash.col_last")]
        )  # fmt: skip
        self.categories.setHorizontalHeaderLabels([tr("rep.col_category"), tr("dash.col_count")])
        self.set_data(self.data)

    def set_data(self, data) -> None:
        self.data = data
        if data is None:
            fill(self.trainees, [])
            fill(self.categories, [])
            self.summary.setText("")
            return
        self.summary.setText(tr("cdash.summary", n=data.attempts, trainees=len(data.trainees),
                                seats=data.seats))  # fmt: skip
        fill(self.trainees, [
            [f"{t.display_name} ({t.username})" if t.username else tr("cdash.nobody"),
             str(t.attempts), "–" if t.average is None else f"{t.average:.0f}",
             "–" if t.pass_rate is None else f"{100 * t.pass_rate:.0f}%",
             local_time(t.last_at) if t.last_at else "–"]
            for t in data.trainees
        ])  # fmt: skip
        fill(self.categories, [[category_name(c.category), str(c.count)]
                               for c in data.categories])  # fmt: skip

    def rows(self) -> list[tuple[str, ...]]:
        """The trainees' table as shown (tests, screenshots)."""
        t = self.trainees
        return [tuple(t.item(r, c).text() for c in range(5)) for r in range(t.rowCount())]
