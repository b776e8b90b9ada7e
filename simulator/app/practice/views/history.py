"""History: past attempts with scores, transcripts and recordings (a recording whose file is
missing says so, with the data folder), and two charts drawn with pyqtgraph — score over time
and the most frequent violation categories."""

from __future__ import annotations

import html

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from simulator.app import theme
from simulator.app.i18n import category_name, local_time, pick, tr
from simulator.app.practice import wording
from simulator.app.qtutil import slot
from simulator.app.widgets import card, label


def overruled_label(verdict) -> QLabel:
    """A trainer's verdict beside the grader's, with their comments."""
    word = {True: tr("rev.pass"), False: tr("rev.fail")}
    comments = " / ".join(f"{o.by_name}: {o.comment}" for o in verdict.overrides)
    lab = label(tr("hist.overruled", grader=word[verdict.grader_passed],
                   person=word[verdict.passed], comments=comments), "overruled", wrap=True)  # fmt: skip
    lab.setStyleSheet(f"color: {theme.GOOD if verdict.passed else theme.BAD};")
    return lab


pg.setConfigOptions(antialias=True, background="w", foreground="#24292f")


class HistoryView(QWidget):
    attempt_selected = Signal(str)
    open_attempt = Signal(str)
    play_recording = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.rows: list = []
        self._data: tuple = ([], [], [])
        self._turns: tuple | None = None  # (attempt, turns) in the side panel
        self.data_folder = ""
        root = QVBoxLayout(self)
        root.setContentsMargins(14, 12, 14, 12)
        self.heading = label("", "title")
        root.addWidget(self.heading)
        charts = QHBoxLayout()
        self.score_plot = pg.PlotWidget()
        self.score_plot.setMinimumHeight(170)
        self.score_plot.setMaximumHeight(250)
        self.score_plot.showGrid(x=False, y=True, alpha=0.25)
        self.score_plot.getAxis("left").setTicks([[(v, str(v)) for v in range(0, 101, 20)], []])
        self.score_plot.setYRange(0, 100)
        self.score_plot.setMouseEnabled(x=False, y=False)
        self.cat_plot = pg.PlotWidget()
        self.cat_plot.setMinimumHeight(170)
        self.cat_plot.setMaximumHeight(250)
        self.cat_plot.setMouseEnabled(x=False, y=False)
        charts.addWidget(self.score_plot, 1)
        charts.addWidget(self.cat_plot, 1)
        root.addLayout(charts)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.table = QTableWidget(0, 6)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName("attempts")
        header = self.table.horizontalHeader()
        for col in (0, 2, 3, 4, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.cellActivated.connect(lambda r, _c: self._open(r))
        split.addWidget(self.table)
        detail, dl = card()
        self.detail_title = label("", "subtitle", wrap=True)
        dl.addWidget(self.detail_title)
        turns = QWidget()
        self.turn_box = QVBoxLayout(turns)
        self.turn_box.setContentsMargins(0, 0, 0, 0)
        self.turn_box.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(turns)
        scroll.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: white; }")
        dl.addWidget(scroll, 1)
        self.open_button = QPushButton()
        self.open_button.setObjectName("primary")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(lambda: self._open(self.table.currentRow()))
        dl.addWidget(self.open_button)
        split.addWidget(detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        root.addWidget(split, 1)
        self.empty = label("", "muted", wrap=True)
        root.addWidget(self.empty)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(tr("hist.heading"))
        self.table.setHorizontalHeaderLabels(
            [
                tr("hist.col_when"),
                tr("hist.col_scenario"),
                tr("hist.col_mode"),
                tr("hist.col_score"),
                tr("hist.col_turns"),
                tr("hist.col_status"),
            ]
        )
        self.open_button.setText(tr("hist.open"))
        self.empty.setText(tr("hist.empty"))
        self.score_plot.setTitle(tr("hist.chart_scores"))
        self.cat_plot.setTitle(tr("hist.chart_categories"))
        self.set_data(*self._data)
        if self._turns is not None:
            self.show_turns(*self._turns)

    def set_data_folder(self, folder: str) -> None:
        self.data_folder = folder

    def set_data(self, attempts: list, series: list, categories: list) -> None:
        """``attempts`` and ``series``: ``AttemptRecord``s; ``categories``: (name, count)."""
        self._data = (attempts, series, categories)
        self.rows = attempts
        self.empty.setVisible(not attempts)
        self.table.setRowCount(len(attempts))
        for r, a in enumerate(attempts):
            mode = tr(f"mode.{a.mode}") if a.mode else ""
            cells = [
                local_time(a.started_at),
                pick(a.title, a.title_en),
                mode,
                "–" if a.score is None else str(a.score),
                str(a.turn_count),
                tr(f"status.{a.status}"),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 3 and a.score is not None:
                    item.setForeground(pg.mkColor(theme.score_colour(a.score, a.passed)))
                self.table.setItem(r, c, item)
        self._plot_scores(series)
        self._plot_categories(categories)
        if attempts and self.table.currentRow() < 0:
            self.table.selectRow(0)

    def _plot_scores(self, series: list[dict]) -> None:
        plot = self.score_plot
        plot.clear()
        if not series:
            return
        xs = list(range(1, len(series) + 1))
        ys = [s.score for s in series]
        plot.plot(
            xs,
            ys,
            pen=pg.mkPen(theme.ACCENT, width=2),
            symbol="o",
            symbolSize=7,
            symbolBrush=theme.ACCENT,
        )
        plot.addLine(y=60, pen=pg.mkPen(theme.BAD, width=1, style=Qt.PenStyle.DashLine))
        plot.setLabel("bottom", tr("hist.axis_attempt"))
        plot.setLabel("left", tr("hist.axis_score"))
        step = max(1, len(xs) // 10)
        plot.getAxis("bottom").setTicks([[(x, str(x)) for x in xs[::step]], []])
        plot.setXRange(0.5, len(xs) + 0.5)
        plot.setYRange(0, 100)

    def _plot_categories(self, categories: list) -> None:
        plot = self.cat_plot
        plot.clear()
        top = categories[:8]
        if not top:
            return
        ys = list(range(len(top)))
        widths = [n for _c, n in top]
        brushes = [pg.mkBrush(theme.category_colour(c)) for c, _n in top]
        bars = pg.BarGraphItem(
            x0=0, y=ys, height=0.7, width=widths, brushes=brushes, pen=pg.mkPen("#8c959f")
        )
        plot.addItem(bars)
        axis = plot.getAxis("left")
        axis.setTicks([[(i, category_name(c)) for i, (c, _n) in enumerate(top)]])
        plot.getAxis("bottom").setLabel(tr("hist.axis_count"))
        step = max(1, max(widths) // 8)
        plot.getAxis("bottom").setTicks(
            [[(v, str(v)) for v in range(0, max(widths) + 1, step)], []]
        )
        plot.setYRange(-0.6, len(top) - 0.4)
        plot.setXRange(0, max(widths) * 1.1)
        plot.invertY(True)

    def selected_attempt(self) -> str | None:
        r = self.table.currentRow()
        return self.rows[r].id if 0 <= r < len(self.rows) else None

    def _selected(self) -> None:
        aid = self.selected_attempt()
        self.open_button.setEnabled(aid is not None)
        if aid is not None:
            self.attempt_selected.emit(aid)

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.open_attempt.emit(self.rows[row].id)

    def _clear_turns(self) -> None:
        while self.turn_box.count():
            w = self.turn_box.takeAt(0).widget()
            if w is not None:
                w.hide()  # gone now, deleted when the event loop gets to it
                w.deleteLater()

    def clear(self) -> None:
        """Nothing shown (someone signed out)."""
        self.set_data([], [], [])  # first: no row left to select and show
        self._turns = None
        self._clear_turns()
        self.detail_title.setText("")

    def show_turns(self, attempt, turns: list, overruled: dict | None = None) -> None:
        """``attempt``: an ``AttemptRecord``; ``turns``: its ``TurnRecord``s; ``overruled``:
        turn id → the ``EffectiveVerdict`` of the turns a trainer overruled."""
        self._turns = (attempt, turns, overruled or {})
        self._clear_turns()
        self.detail_title.setText(pick(attempt.title, attempt.title_en))
        for t in turns:
            row = QWidget()
            grid = QVBoxLayout(row)
            grid.setContentsMargins(0, 2, 0, 6)
            top = QHBoxLayout()
            colour = theme.score_colour(t.score, t.passed)
            head = QLabel(
                f"<b>{html.escape(tr('fb.turn', n=t.seq))}</b> "
                f'<span style="color:{colour}"><b>{html.escape(tr("call.points", n=t.score))}</b></span>'
            )
            head.setTextFormat(Qt.TextFormat.RichText)
            top.addWidget(head, 1)
            if t.recording and t.recording_status == "ok":
                btn = QPushButton(tr("hist.play"))
                path = t.recording
                btn.clicked.connect(slot(self.play_recording.emit, path))
                top.addWidget(btn, 0, Qt.AlignmentFlag.AlignTop)
            grid.addLayout(top)
            said = label(wording.transcript(t.result.transcript), "transcript", wrap=True)
            grid.addWidget(said)
            if t.id in (overruled or {}):
                grid.addWidget(overruled_label(overruled[t.id]))
            if t.recording_lost:
                key = (
                    "fb.recording_missing"
                    if t.recording_status == "missing"
                    else "fb.recording_changed"
                )
                lost = label(
                    tr(key, path=t.recording, folder=self.data_folder), "recordingLost", wrap=True
                )
                lost.setStyleSheet(f"color: {theme.BAD};")
                grid.addWidget(lost)
            self.turn_box.addWidget(row)
