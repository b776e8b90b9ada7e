"""Dashboards with pyqtgraph charts: the team's (filtered by dates and group: pass rate per
scenario, a heat map of violation categories × scenario, the most frequent violations with an
example) and a trainee's (score trend, weakest categories, assignments, recent attempts);
exported as CSV or a PDF report by the services (the view only asks where)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from simulator.app import theme
from simulator.app.exams.views.common import say
from simulator.app.i18n import category_name, local_time, message, pick, tr
from simulator.app.room.views.source import show_source
from simulator.app.trainer.views.dashboard_centre import CentreDashboardPanel
from simulator.app.trainer.views.tables import fill, rule_label, table
from simulator.app.widgets import label

pg.setConfigOptions(antialias=True, background="w", foreground="#24292f")


@dataclass(frozen=True)
class DashboardQuery:
    kind: str  # team | trainee
    user_id: str | None
    group_id: str | None
    since: date | None
    until: date | None


def _plot(title_key: str) -> pg.PlotWidget:
    p = pg.PlotWidget()
    p.setMinimumHeight(180)
    p.setMouseEnabled(x=False, y=False)
    p.setMenuEnabled(False)
    p.title_key = title_key
    return p


def _qdate(d: QDate) -> date:
    return date(d.year(), d.month(), d.day())


class DashboardView(QWidget):
    query = Signal(object)  # DashboardQuery
    export = Signal(str, str)  # kind (csv | pdf), where

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.trainees: list = []
        self.groups: list = []
        self.data = None  # TeamDashboard | TraineeDashboard
        self.titles: dict[str, str] = {}
        self.source = None  # where the data shown comes from (room_reads.Source)
        self._status: tuple[str, str, dict] | None = None
        root = QVBoxLayout(self)
        root.setContentsMargins(14, 12, 14, 12)
        self.heading = label("", "title")
        root.addWidget(self.heading)
        self.status = label("", "dashboardStatus", wrap=True)
        self.status.setVisible(False)
        root.addWidget(self.status)
        bar = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.setObjectName("dashboardKind")
        self.kind.addItem("", "team")
        self.kind.addItem("", "trainee")
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.who = QComboBox()
        self.who.setObjectName("dashboardWho")
        self.group = QComboBox()
        self.group.setObjectName("dashboardGroup")
        self.use_dates = QCheckBox()
        today = QDate.currentDate()
        self.since, self.until = QDateEdit(today.addDays(-30)), QDateEdit(today)
        for d in (self.since, self.until):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
            d.setEnabled(False)
        self.use_dates.toggled.connect(self.since.setEnabled)
        self.use_dates.toggled.connect(self.until.setEnabled)
        self.show_button = QPushButton()
        self.show_button.setObjectName("primary")
        self.show_button.clicked.connect(self._ask)
        self.csv_button, self.pdf_button = QPushButton(), QPushButton()
        self.csv_button.clicked.connect(lambda: self._export("csv"))
        self.pdf_button.clicked.connect(lambda: self._export("pdf"))
        for w in (self.kind, self.who, self.group, self.use_dates, self.since, self.until,
                  self.show_button):  # fmt: skip
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.csv_button)
        bar.addWidget(self.pdf_button)
        root.addLayout(bar)
        self.source_line = label("", "dashboardSource", wrap=True)
        self.source_line.setVisible(False)
        root.addWidget(self.source_line)
        self.summary = label("", "muted", wrap=True)
        root.addWidget(self.summary)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._team_page())
        self.stack.addWidget(self._trainee_page())
        self.centre = CentreDashboardPanel()  # the team as the whole centre sums it up
        self.stack.addWidget(self.centre)
        root.addWidget(self.stack, 1)
        self.retranslate()
        self._kind_changed()

    def _team_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        charts = QHBoxLayout()
        self.rate_plot = _plot("dash.chart_rates")
        self.heat_plot = _plot("dash.chart_heat")
        charts.addWidget(self.rate_plot, 1)
        charts.addWidget(self.heat_plot, 1)
        lay.addLayout(charts, 3)
        self.frequent = table(4, "frequentViolations")
        lay.addWidget(self.frequent, 2)
        return page

    def _trainee_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        charts = QHBoxLayout()
        self.trend_plot = _plot("dash.chart_trend")
        self.weak_plot = _plot("dash.chart_weakest")
        charts.addWidget(self.trend_plot, 1)
        charts.addWidget(self.weak_plot, 1)
        lay.addLayout(charts, 3)
        tables = QHBoxLayout()
        self.assignments = table(3, "traineeAssignments")
        self.recent = table(3, "recentAttempts")
        tables.addWidget(self.assignments, 1)
        tables.addWidget(self.recent, 1)
        lay.addLayout(tables, 2)
        return page

    # ------------------------------------------------------------------ data in
    def retranslate(self) -> None:
        self.heading.setText(tr("dash.heading"))
        self.kind.setItemText(0, tr("dash.team"))
        self.kind.setItemText(1, tr("dash.trainee"))
        self.use_dates.setText(tr("dash.dates"))
        self.show_button.setText(tr("dash.show"))
        self.csv_button.setText(tr("dash.csv"))
        self.pdf_button.setText(tr("dash.pdf"))
        for p in (self.rate_plot, self.heat_plot, self.trend_plot, self.weak_plot):
            p.setTitle(tr(p.title_key))
        self.frequent.setHorizontalHeaderLabels(
            [tr("dash.col_rule"), tr("rep.col_category"), tr("dash.col_count"),
             tr("dash.col_example")]
        )  # fmt: skip
        self.assignments.setHorizontalHeaderLabels(
            [tr("asg.col_title"), tr("asg.col_status"), tr("asg.col_done")]
        )
        self.recent.setHorizontalHeaderLabels(
            [tr("hist.col_scenario"), tr("hist.col_when"), tr("hist.col_score")]
        )
        self.set_people(self.trainees, self.groups)
        self.centre.retranslate()
        show_source(self.source_line, self.source)
        if self.stack.currentIndex() != 2:
            self.show_dashboard(self.data, self.titles)
        if self._status is not None:
            kind, key, fields = self._status
            self._show_status(kind, key, **fields)

    def set_people(self, trainees: list, groups: list) -> None:
        self.trainees, self.groups = trainees, groups
        who, group = self.who.currentData(), self.group.currentData()
        self.who.clear()
        for u in trainees:
            self.who.addItem(f"{u.display_name} ({u.username})", u.id)
        self.group.clear()
        self.group.addItem(tr("dash.all_groups"), None)
        for g in groups:
            self.group.addItem(g.name, g.id)
        if who and self.who.findData(who) >= 0:
            self.who.setCurrentIndex(self.who.findData(who))
        if group and self.group.findData(group) >= 0:
            self.group.setCurrentIndex(self.group.findData(group))

    def choose(self, kind: str, user_id: str | None = None) -> None:
        """Pick the dashboard as a user would (tests, screenshots)."""
        self.kind.setCurrentIndex(self.kind.findData(kind))
        if user_id:
            self.who.setCurrentIndex(self.who.findData(user_id))

    def show_source(self, source) -> None:
        """Where the data shown comes from: the whole centre, or this seat and why."""
        self.source = source
        show_source(self.source_line, source)

    def source_text(self) -> str:
        return self.source_line.text() if not self.source_line.isHidden() else ""

    def show_centre(self, data) -> None:
        """The team dashboard as the centre sums it up (``sync.records.TeamDashboard``); it
        is not exported from here (the local dashboard is)."""
        self.data = None
        self.csv_button.setEnabled(False)
        self.pdf_button.setEnabled(False)
        self.summary.setVisible(False)
        self.centre.set_data(data)
        self.stack.setCurrentIndex(2)

    def show_dashboard(self, data, titles: dict[str, str]) -> None:
        self.data, self.titles = data, titles
        self.summary.setVisible(True)
        self.csv_button.setEnabled(data is not None)
        self.pdf_button.setEnabled(data is not None)
        if data is None:
            self.summary.setText(tr("dash.pick"))
            self.centre.set_data(None)
            return
        if hasattr(data, "heat"):
            self.stack.setCurrentIndex(0)
            self._team(data)
        else:
            self.stack.setCurrentIndex(1)
            self._trainee(data)

    def _title(self, sid: str) -> str:
        return self.titles.get(sid, sid)

    def _team(self, d) -> None:
        self.summary.setText(tr("dash.team_summary", n=d.attempts,
                                group=d.group_name or tr("dash.all_groups")))  # fmt: skip
        p = self.rate_plot
        p.clear()
        rates = d.pass_rates[:12]
        if rates:
            ys = list(range(len(rates)))
            widths = [round(100 * r.rate) for r in rates]
            brushes = [pg.mkBrush(theme.GOOD if w >= 80 else theme.WARN if w >= 60 else theme.BAD)
                       for w in widths]  # fmt: skip
            p.addItem(pg.BarGraphItem(x0=0, y=ys, height=0.7, width=widths, brushes=brushes))
            p.getAxis("left").setTicks([[(i, self._title(r.scenario_id)[:14])
                                         for i, r in enumerate(rates)]])  # fmt: skip
            p.setXRange(0, 100)
            p.setYRange(-0.6, len(rates) - 0.4)
            p.getAxis("bottom").setLabel(tr("dash.axis_rate"))
        h = self.heat_plot
        h.clear()
        heat = d.heat
        if heat.categories and heat.scenarios:
            counts = np.array(heat.counts, dtype=float).T  # x: scenario, y: category
            img = pg.ImageItem(counts)
            img.setColorMap(pg.ColorMap([0.0, 1.0], ["#ffffff", theme.BAD]))
            h.addItem(img)
            h.getAxis("left").setTicks([[(i + 0.5, category_name(c))
                                         for i, c in enumerate(heat.categories)]])  # fmt: skip
            h.getAxis("bottom").setTicks([[(i + 0.5, str(i + 1))
                                           for i in range(len(heat.scenarios))]])  # fmt: skip
            h.getAxis("bottom").setLabel(tr("dash.axis_scenarios"))
            h.setXRange(0, len(heat.scenarios))
            h.setYRange(0, len(heat.categories))
        fill(self.frequent, [
            [rule_label(v.rule), category_name(v.category), str(v.count),
             f"“{v.examples[0].text or v.examples[0].transcript}”" if v.examples else "–"]
            for v in d.frequent
        ])  # fmt: skip

    def _trainee(self, d) -> None:
        self.summary.setText(tr("dash.trainee_summary", name=d.name, n=len(d.trend)))
        p = self.trend_plot
        p.clear()
        if d.trend:
            xs = list(range(1, len(d.trend) + 1))
            p.plot(xs, [t.score for t in d.trend], pen=pg.mkPen(theme.ACCENT, width=2),
                   symbol="o", symbolSize=7, symbolBrush=theme.ACCENT)  # fmt: skip
            p.setYRange(0, 100)
            p.setXRange(0.5, len(xs) + 0.5)
            step = max(1, len(xs) // 10)
            p.getAxis("bottom").setTicks([[(x, str(x)) for x in xs[::step]], []])
            p.getAxis("bottom").setLabel(tr("hist.axis_attempt"))
        w = self.weak_plot
        w.clear()
        weakest = d.weakest[:8]
        if weakest:
            ys = list(range(len(weakest)))
            w.addItem(pg.BarGraphItem(
                x0=0, y=ys, height=0.7, width=[x.per_attempt for x in weakest],
                brushes=[pg.mkBrush(theme.category_colour(x.category)) for x in weakest],
            ))  # fmt: skip
            w.getAxis("left").setTicks([[(i, category_name(x.category))
                                         for i, x in enumerate(weakest)]])  # fmt: skip
            w.setYRange(-0.6, len(weakest) - 0.4)
            w.getAxis("bottom").enableAutoSIPrefix(False)
            w.getAxis("bottom").setLabel(tr("dash.axis_per_attempt"))
        fill(self.assignments, [
            [self.titles.get(a.scenario_id or a.pack_id, a.title), tr(f"asg.status_{a.status}"),
             f"{a.done}/{a.total}"] for a in d.assignments
        ])  # fmt: skip
        fill(self.recent, [
            [pick(a.title, a.title_en), local_time(a.started_at),
             "–" if a.score is None else str(a.score)] for a in d.recent
        ])  # fmt: skip

    # ------------------------------------------------------------------ status
    def _show_status(self, kind: str, key: str, **fields) -> None:
        self._status = (kind, key, fields)
        say(self.status, kind, tr(key, **fields), translated=True)

    def clear_status(self) -> None:
        self._status = None
        self.status.setVisible(False)

    def show_error(self, text: str) -> None:
        self._show_status("error", "error.text", text=message(text))

    def show_done(self, key: str, **fields) -> None:
        self._show_status("done", key, **fields)

    def status_text(self) -> str:
        return self.status.text() if self.status.isVisible() else ""

    # ------------------------------------------------------------------ intents
    def _kind_changed(self, *_args) -> None:
        team = self.kind.currentData() == "team"
        self.who.setVisible(not team)
        self.group.setVisible(team)

    def _ask(self) -> None:
        team = self.kind.currentData() == "team"
        dates = self.use_dates.isChecked()
        self.query.emit(DashboardQuery(
            "team" if team else "trainee", None if team else self.who.currentData(),
            self.group.currentData() if team else None,
            _qdate(self.since.date()) if dates else None,
            _qdate(self.until.date()) if dates else None,
        ))  # fmt: skip

    def _export(self, kind: str) -> None:
        if kind == "pdf":
            path, _ = QFileDialog.getSaveFileName(self, tr("dash.pdf"), "dashboard.pdf",
                                                  "PDF (*.pdf)")  # fmt: skip
        else:
            path = QFileDialog.getExistingDirectory(self, tr("dash.csv"))
        if path:
            self.export.emit(kind, path)
