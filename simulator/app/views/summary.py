"""Feedback for the whole call: overall score, every turn in a list, the selected turn's full
feedback beside it, and retry the call / next scenario / back home."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from simulator.app.i18n import pick, tr
from simulator.app.views.turn_feedback import TurnFeedback
from simulator.app.views.widgets import ScoreLabel, card, label


class SummaryView(QWidget):
    retry_call = Signal()
    next_scenario = Signal()
    go_home = Signal()
    play_answer = Signal(str)
    play_recording = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.items: list[dict] = []
        self._head: tuple = ()
        root = QVBoxLayout(self)
        root.setContentsMargins(14, 12, 14, 12)
        head, hl = card(vertical=False)
        self.score = ScoreLabel()
        hl.addWidget(self.score)
        col = QVBoxLayout()
        self.title = label("", "title", wrap=True)
        self.verdict = label("", "muted", wrap=True)
        col.addWidget(self.title)
        col.addWidget(self.verdict)
        hl.addLayout(col, 1)
        self.typed_badge = label("", "typedBadge")
        self.typed_badge.setVisible(False)
        hl.addWidget(self.typed_badge, 0, Qt.AlignmentFlag.AlignTop)
        self.retry_button = QPushButton()
        self.retry_button.setObjectName("primary")
        self.retry_button.clicked.connect(self.retry_call)
        self.next_button = QPushButton()
        self.next_button.clicked.connect(self.next_scenario)
        self.home_button = QPushButton()
        self.home_button.clicked.connect(self.go_home)
        for b in (self.retry_button, self.next_button, self.home_button):
            hl.addWidget(b, 0, Qt.AlignmentFlag.AlignVCenter)
        root.addWidget(head)
        body = QHBoxLayout()
        self.turns = QListWidget()
        self.turns.setMaximumWidth(300)
        self.turns.setAccessibleName("turns")
        self.turns.setObjectName("turns")
        self.turns.currentRowChanged.connect(self._show)
        body.addWidget(self.turns)
        self.feedback = TurnFeedback()
        self.feedback.play_answer.connect(self.play_answer)
        self.feedback.play_recording.connect(self.play_recording)
        body.addWidget(self.feedback, 1)
        root.addLayout(body, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.retry_button.setText(tr("sum.retry_call"))
        self.next_button.setText(tr("sum.next_scenario"))
        self.home_button.setText(tr("sum.home"))
        self.typed_badge.setText(tr("call.typed_mode"))
        if self._head:
            self.show_call(*self._head)

    def show_call(
        self,
        scenario,
        items: list[dict],
        score: int | None,
        passed: bool,
        status: str = "completed",
        when: str = "",
    ) -> None:
        """``score`` and ``passed`` are the attempt's, as the store computed them."""
        self._head = (scenario, items, score, passed, status, when)
        self.items = items
        self.score.set_score(score, passed)
        self.title.setText(pick(scenario.title, scenario.title_en) if scenario else "")
        if not items:
            verdict = tr("sum.no_turns")
        elif passed:
            verdict = tr("sum.all_passed", n=len(items))
        else:
            verdict = tr(
                "sum.some_failed",
                n=sum(not it["result"]["passed"] for it in items),
                total=len(items),
            )
        if status == "stopped":
            verdict += " · " + tr("sum.stopped")
        if when:
            verdict += " · " + when
        self.verdict.setText(verdict)
        self.typed_badge.setVisible(any(it["mode"] == "typed" for it in items))
        self.turns.blockSignals(True)
        self.turns.clear()
        for it in items:
            res = it["result"]
            mark = "✔" if res["passed"] else "✘"
            text = tr("sum.turn_row", n=it["seq"], score=res["score"], mark=mark)
            if it["mode"] == "typed":
                text += " · " + tr("sum.typed_short")
            row = QListWidgetItem(text)
            row.setToolTip(res.get("transcript", ""))
            self.turns.addItem(row)
        self.turns.blockSignals(False)
        if items:
            self.turns.setCurrentRow(0)
            self._show(0)
        else:
            self.feedback.clear()

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.items):
            self.feedback.show_turn(self.items[row])

    def focus_default(self) -> None:
        self.turns.setFocus()
