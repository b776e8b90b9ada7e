"""Feedback for the whole call: overall score, every turn in a list, the selected turn's full
feedback beside it, turns that are not saved (with a retry), and retry the call / next scenario
/ back home."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from simulator.app.i18n import pick, tr
from simulator.app.practice import wording
from simulator.app.practice.views.turn_feedback import TurnFeedback
from simulator.app.widgets import ScoreLabel, card, label
from simulator.core.records import TurnRecord


@dataclass
class CallSummary:
    """What the summary shows: the scenario, its turns (``TurnRecord``), the score and verdict
    (the store's, or the call's own while turns are unsaved), how the call ended, when, each
    turn's save state by record id (missing: saved) and, while something is not saved, why."""

    scenario: object
    records: list[TurnRecord]
    score: int | None
    passed: bool
    status: str = "completed"
    when: str = ""
    saves: dict[str, tuple[str, str]] = field(default_factory=dict)
    problem: str = ""  # why the call's writes are not all saved ("" when they are)

    def save_state(self, record: TurnRecord) -> tuple[str, str]:
        return self.saves.get(record.id or "", ("saved", ""))

    @property
    def unsaved(self) -> int:
        return sum(1 for r in self.records if self.save_state(r)[0] != "saved")


class SummaryView(QWidget):
    retry_call = Signal()
    next_scenario = Signal()
    go_home = Signal()
    play_answer = Signal(str)
    play_recording = Signal(str)
    listen_at = Signal(str, float)  # "listen here": a recording from this second
    retry_save = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.summary: CallSummary | None = None
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
        self.unsaved = QFrame()
        self.unsaved.setObjectName("banner")
        self.unsaved.setProperty("kind", "error")
        ul = QHBoxLayout(self.unsaved)
        ul.setContentsMargins(10, 6, 10, 6)
        self.unsaved_text = label("", "saveState", wrap=True)
        self.unsaved_button = QPushButton()
        self.unsaved_button.clicked.connect(self.retry_save)
        ul.addWidget(self.unsaved_text, 1)
        ul.addWidget(self.unsaved_button)
        self.unsaved.setVisible(False)
        root.addWidget(self.unsaved)
        body = QHBoxLayout()
        self.turns = QListWidget()
        self.turns.setMaximumWidth(300)
        self.turns.setWordWrap(True)
        self.turns.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.turns.setAccessibleName("turns")
        self.turns.setObjectName("turns")
        self.turns.currentRowChanged.connect(self._show)
        body.addWidget(self.turns)
        self.feedback = TurnFeedback()
        self.feedback.play_answer.connect(self.play_answer)
        self.feedback.play_recording.connect(self.play_recording)
        self.feedback.listen_at.connect(self.listen_at)
        self.feedback.retry_save.connect(self.retry_save)
        body.addWidget(self.feedback, 1)
        root.addLayout(body, 1)
        self.retranslate()

    def set_data_folder(self, folder: str) -> None:
        self.feedback.set_data_folder(folder)

    def retranslate(self) -> None:
        self.retry_button.setText(tr("sum.retry_call"))
        self.next_button.setText(tr("sum.next_scenario"))
        self.home_button.setText(tr("sum.home"))
        self.typed_badge.setText(tr("call.typed_mode"))
        self.unsaved_button.setText(tr("save.retry"))
        if self.summary is not None:
            self.show_call(self.summary, keep_row=True)

    def show_call(self, summary: CallSummary, keep_row: bool = False) -> None:
        row = self.turns.currentRow() if keep_row else 0
        self.summary = summary
        records = summary.records
        self.score.set_score(summary.score, summary.passed)
        sc = summary.scenario
        self.title.setText(pick(sc.title, sc.title_en) if sc else "")
        if not records:
            verdict = tr("sum.no_turns")
        elif summary.passed:
            verdict = tr("sum.all_passed", n=len(records))
        else:
            failed = sum(not r.passed for r in records)
            verdict = tr("sum.some_failed", n=failed, total=len(records))
        if summary.status == "stopped":
            verdict += " · " + tr("sum.stopped")
        if summary.when:
            verdict += " · " + summary.when
        self.verdict.setText(verdict)
        self.typed_badge.setVisible(any(r.mode == "typed" for r in records))
        unsaved = summary.unsaved
        self.unsaved.setVisible(bool(unsaved or summary.problem))
        key = "save.summary" if unsaved else "save.summary_end"
        self.unsaved_text.setText(tr(key, n=unsaved, msg=summary.problem))
        self.turns.blockSignals(True)
        self.turns.clear()
        for r in records:
            mark = "✔" if r.passed else "✘"
            text = tr("sum.turn_row", n=r.seq, score=r.score, mark=mark)
            if r.mode == "typed":
                text += " · " + tr("sum.typed_short")
            if summary.save_state(r)[0] != "saved":
                text += " · " + tr("sum.not_saved")
            item = QListWidgetItem(text)
            item.setToolTip(wording.transcript(r.result.transcript))
            self.turns.addItem(item)
        self.turns.blockSignals(False)
        if records:
            row = min(max(row, 0), len(records) - 1)
            self.turns.setCurrentRow(row)
            self._show(row)
            if row == 0:
                self.turns.scrollToTop()
        else:
            self.feedback.clear()

    def _show(self, row: int) -> None:
        summary = self.summary
        if summary is not None and 0 <= row < len(summary.records):
            record = summary.records[row]
            self.feedback.show_turn(record, *summary.save_state(record))

    def focus_default(self) -> None:
        self.turns.setFocus()
