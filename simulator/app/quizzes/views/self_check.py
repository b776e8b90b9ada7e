"""The self-assessment of seed 002 (服务素质测试): ten paired statements, each scored on the
seed's 10 … 1 scale between them, the total with its band and advice, the three bands, and
the trainee's past totals as a pyqtgraph chart with the band limits drawn in."""

from __future__ import annotations

import html

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from simulator.app import theme
from simulator.app.i18n import local_time, message, pick, tr
from simulator.app.widgets import card, label
from simulator.core.seed_titles import seed_title

pg.setConfigOptions(antialias=True, background="w", foreground="#24292f")

BAND_COLOURS = (theme.GOOD, theme.WARN, theme.BAD)  # highest band first


class SelfCheckView(QWidget):
    submit = Signal(dict)  # item id → score (10 … 1)
    again = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.bank = None  # core.quiz.SelfAssessment
        self.groups: dict[str, QButtonGroup] = {}
        self._rows: list[tuple[QLabel, QLabel]] = []
        self._history: list = []
        self._result = None  # the SelfAssessmentRecord shown
        self._error: str = ""
        root = QVBoxLayout(self)
        root.setContentsMargins(14, 12, 14, 12)
        self.heading = label("", "title")
        self.intro = label("", "muted", wrap=True)
        root.addWidget(self.heading)
        root.addWidget(self.intro)
        body = QHBoxLayout()
        # the ten lines
        form_card, fl = card()
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(4)
        self.grid.setVerticalSpacing(6)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.grid_host)
        scroll.setStyleSheet("QScrollArea, QScrollArea > QWidget > QWidget { background: white; }")
        fl.addWidget(scroll, 1)
        bottom = QHBoxLayout()
        self.source = label("", "muted", wrap=True)
        self.answered = label("", "muted")
        self.submit_button = QPushButton()
        self.submit_button.setObjectName("primary")
        self.submit_button.clicked.connect(self._submit)
        bottom.addWidget(self.source, 1)
        bottom.addWidget(self.answered)
        bottom.addWidget(self.submit_button)
        fl.addLayout(bottom)
        self.error = label("", "selfError", wrap=True)
        self.error.setStyleSheet(f"color: {theme.BAD}; font-weight: 600;")
        self.error.setVisible(False)
        fl.addWidget(self.error)
        body.addWidget(form_card, 3)
        # the result, the bands, the history
        side = QVBoxLayout()
        result_card, rl = card()
        self.result_title = label("", "subtitle")
        self.total = label("", "big")
        self.band = label("", "subtitle", wrap=True)
        self.advice = label("", "", wrap=True)
        self.again_button = QPushButton()
        self.again_button.clicked.connect(self.again)
        for w in (self.result_title, self.total, self.band, self.advice):
            rl.addWidget(w)
        rl.addWidget(self.again_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.bands_title = label("", "subtitle")
        self.bands = label("", "", wrap=True)
        self.bands.setTextFormat(Qt.TextFormat.RichText)
        rl.addWidget(self.bands_title)
        rl.addWidget(self.bands)
        side.addWidget(result_card)
        chart_card, cl = card()
        self.plot = pg.PlotWidget()
        self.plot.setMinimumHeight(170)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.showGrid(x=False, y=True, alpha=0.25)
        cl.addWidget(self.plot, 1)
        self.history_empty = label("", "muted")
        cl.addWidget(self.history_empty)
        side.addWidget(chart_card, 1)
        body.addLayout(side, 2)
        root.addLayout(body, 1)
        self.retranslate()

    # ------------------------------------------------------------------ text
    def retranslate(self) -> None:
        self.heading.setText(tr("self.heading"))
        self.intro.setText(tr("self.intro"))
        self.submit_button.setText(tr("self.submit"))
        self.again_button.setText(tr("self.again"))
        self.result_title.setText(tr("self.result"))
        self.bands_title.setText(tr("self.bands"))
        self.plot.setTitle(tr("self.history"))
        self.history_empty.setText(tr("self.history_empty"))
        if self.bank is not None:
            zh, en = seed_title(self.bank.source[0])
            self.source.setText(tr("self.source", title=pick(zh, en)))
            for item, (high, low) in zip(self.bank.items, self._rows, strict=True):
                high.setText(pick(item.high, item.high_en))
                low.setText(pick(item.low, item.low_en))
            self._show_bands()
        self._count()
        self.show_result(self._result)
        self.set_history(self._history)
        if self._error:
            self.error.setText(tr("self.failed", msg=message(self._error)))

    # ------------------------------------------------------------------ the form
    def set_bank(self, bank) -> None:
        """Lay out the statements of ``bank`` (a ``core.quiz.SelfAssessment``), unanswered."""
        if self.bank is not None and bank.id == self.bank.id:
            self.clear_answers()
            return
        self.bank = bank
        while self.grid.count():
            w = self.grid.takeAt(0).widget()
            if w is not None:
                w.hide()
                w.deleteLater()
        self.groups.clear()
        self._rows.clear()
        lo, hi = bank.scale
        scores = list(range(hi, lo - 1, -1))  # 10 … 1, as the seed prints them
        for c, score in enumerate(scores, 1):
            head = QLabel(str(score))
            head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            head.setObjectName("muted")
            self.grid.addWidget(head, 0, c)
        for r, item in enumerate(bank.items, 1):
            high, low = label("", "", wrap=True), label("", "", wrap=True)
            high.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            high.setMinimumWidth(150)
            low.setMinimumWidth(150)
            self.grid.addWidget(high, r, 0)
            self.grid.addWidget(low, r, len(scores) + 1)
            group = QButtonGroup(self)
            for c, score in enumerate(scores, 1):
                button = QRadioButton()
                button.setAccessibleName(f"{item.id} {score}")
                button.setToolTip(str(score))
                group.addButton(button, score)
                self.grid.addWidget(button, r, c, Qt.AlignmentFlag.AlignCenter)
            group.idToggled.connect(lambda _id, on: on and self._count())
            self.groups[item.id] = group
            self._rows.append((high, low))
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(len(scores) + 1, 1)
        self.grid.setRowStretch(len(bank.items) + 1, 1)
        self.retranslate()

    def answers(self) -> dict[str, int]:
        return {i: g.checkedId() for i, g in self.groups.items() if g.checkedId() > 0}

    def choose(self, item_id: str, score: int) -> None:
        """Tick ``score`` on the line of ``item_id`` (tests, scripted screenshots)."""
        self.groups[item_id].button(score).setChecked(True)

    def clear_answers(self) -> None:
        for group in self.groups.values():
            group.setExclusive(False)
            for b in group.buttons():
                b.setChecked(False)
            group.setExclusive(True)
        self._count()

    def _count(self) -> None:
        n, total = len(self.answers()), len(self.groups)
        self.answered.setText(tr("self.answered", n=n, total=total))
        self.submit_button.setEnabled(total > 0 and n == total)

    def _submit(self) -> None:
        self.submit_button.setEnabled(False)
        self.error.setVisible(False)
        self._error = ""
        self.submit.emit(self.answers())

    def show_error(self, text: str) -> None:
        """The result was not saved (the answers stay ticked for another try)."""
        self._error = text
        self.error.setText(tr("self.failed", msg=message(text)))
        self.error.setVisible(True)
        self._count()

    # ------------------------------------------------------------------ the result
    def _band_text(self, title: str) -> tuple[str, str]:
        band = self.bank.band(title) if self.bank is not None else None
        if band is None:
            return title, ""
        return pick(band.title, band.title_en), pick(band.advice, band.advice_en)

    def _show_bands(self) -> None:
        rows = []
        for (band, lo, hi), colour in zip(self.bank.band_ranges(), BAND_COLOURS, strict=False):
            text = tr("self.band_range", lo=lo, hi=hi, title=pick(band.title, band.title_en))
            rows.append(f'<span style="color:{colour}">■</span> {html.escape(text)}')
        self.bands.setText("<br>".join(rows))

    def show_result(self, record) -> None:
        """``record``: the ``SelfAssessmentRecord`` just saved (None: nothing yet)."""
        self._result = record
        shown = record is not None
        self.total.setVisible(shown)
        self.band.setVisible(shown)
        self.again_button.setVisible(shown)
        if not shown:
            self.advice.setText(tr("self.no_result"))
            return
        title, advice = self._band_text(record.band)
        self.total.setText(tr("self.total", total=record.total))
        self.total.setStyleSheet(f"color: {self._colour(record.band)};")
        self.band.setText(title)
        self.advice.setText(advice)

    def result_text(self) -> str:
        """What the result card says (tests)."""
        if self._result is None:
            return ""
        return f"{self.total.text()} {self.band.text()} {self.advice.text()}"

    def _colour(self, band_title: str) -> str:
        if self.bank is None:
            return theme.MUTED
        titles = [b.title for b, _lo, _hi in self.bank.band_ranges()]
        i = titles.index(band_title) if band_title in titles else len(BAND_COLOURS) - 1
        return BAND_COLOURS[min(i, len(BAND_COLOURS) - 1)]

    def set_history(self, records: list) -> None:
        """``records``: the trainee's ``SelfAssessmentRecord``s, oldest first."""
        self._history = list(records)
        plot = self.plot
        plot.clear()
        self.history_empty.setVisible(not records)
        lo, hi = self.bank.scale if self.bank is not None else (1, 10)
        n_items = len(self.bank.items) if self.bank is not None else 10
        top = hi * n_items
        plot.setYRange(lo * n_items, top)
        plot.getAxis("left").setTicks([[(v, str(v)) for v in range(0, top + 1, 10)], []])
        plot.setLabel("left", tr("self.axis_total"))
        plot.setLabel("bottom", tr("self.axis_take"))
        if self.bank is not None:
            for (band, _lo, _hi), colour in zip(
                self.bank.band_ranges(), BAND_COLOURS, strict=False
            ):
                if band.min > 0:
                    plot.addLine(
                        y=band.min, pen=pg.mkPen(colour, width=1, style=Qt.PenStyle.DashLine)
                    )
        if not records:
            plot.setXRange(0.5, 1.5)
            return
        xs = list(range(1, len(records) + 1))
        ys = [r.total for r in records]
        brushes = [pg.mkBrush(self._colour(r.band)) for r in records]
        plot.plot(xs, ys, pen=pg.mkPen(theme.ACCENT, width=2))
        plot.addItem(pg.ScatterPlotItem(xs, ys, size=9, brush=brushes, pen=pg.mkPen("w")))
        step = max(1, len(xs) // 10)
        plot.getAxis("bottom").setTicks([[(x, str(x)) for x in xs[::step]], []])
        plot.setXRange(0.5, len(xs) + 0.5)
        plot.setToolTip(
            "\n".join(
                tr("self.history_row", when=local_time(r.taken_at), total=r.total,
                   band=self._band_text(r.band)[0])
                for r in records[-10:]
            )
        )  # fmt: skip
