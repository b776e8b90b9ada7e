"""The candidate's exams page: the attempts they are booked for with their state and time
left, "start" for an authorised one and, for one a crash interrupted, the proctor's user name
and PIN to go on. Lays out and emits; the candidate controller does the work."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from simulator.app.exams.views.common import clock, fill, headers, say, state_title, table
from simulator.app.i18n import pick, tr
from simulator.app.widgets import card, label

RESUMABLE = ("active", "paused", "interrupted")


class ExamsView(QWidget):
    start = Signal(str)  # attempt id
    resume = Signal(str, str, str)  # attempt id, proctor's user name, PIN

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.rows: list = []  # ExamAttemptRecord, as listed
        self._status = ("", "")
        root = QVBoxLayout(self)
        root.setContentsMargins(14, 12, 14, 12)
        self.heading = label("", "title")
        self.intro = label("", "muted", wrap=True)
        root.addWidget(self.heading)
        root.addWidget(self.intro)
        self.table = table(4, "exam attempts")
        self.table.itemSelectionChanged.connect(self._selection_changed)
        root.addWidget(self.table, 1)
        self.status = label("", "examStatus", wrap=True)
        self.status.setVisible(False)
        root.addWidget(self.status)
        row = QHBoxLayout()
        self.start_button = QPushButton()
        self.start_button.setObjectName("primary")
        self.start_button.clicked.connect(self._start)
        row.addWidget(self.start_button)
        row.addStretch(1)
        root.addLayout(row)
        self.pin_card, pl = card()
        self.pin_note = label("", wrap=True)
        pl.addWidget(self.pin_note)
        prow = QHBoxLayout()
        self.proctor = QLineEdit()
        self.proctor.setAccessibleName("proctor user name")
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setAccessibleName("PIN")
        self.pin.returnPressed.connect(self._resume)
        self.resume_button = QPushButton()
        self.resume_button.clicked.connect(self._resume)
        for w in (self.proctor, self.pin, self.resume_button):
            prow.addWidget(w)
        pl.addLayout(prow)
        root.addWidget(self.pin_card)
        self.retranslate()
        self._selection_changed()

    def retranslate(self) -> None:
        self.heading.setText(tr("exam.list_title"))
        self.intro.setText(tr("exam.list_intro"))
        headers(self.table, ["exam.col_exam", "exam.col_state", "exam.col_left", "exam.col_note"])
        self.start_button.setText(tr("exam.start"))
        self.pin_note.setText(tr("exam.pin_note"))
        self.proctor.setPlaceholderText(tr("exam.proctor_name"))
        self.pin.setPlaceholderText(tr("exam.pin"))
        self.resume_button.setText(tr("exam.resume_pin"))
        self.set_attempts(self.rows)
        if self._status[1]:
            say(self.status, *self._status)

    def set_attempts(self, rows: list) -> None:
        keep = self.selected()
        self.rows = list(rows)
        notes = {"awaiting": "exam.note_awaiting", "authorised": "exam.note_authorised"}
        fill(
            self.table,
            [
                [
                    pick(r.paper["exam"]["title"], r.paper["exam"].get("title_en")),
                    state_title(r.state),
                    clock(r.limit_ms + r.extra_ms - r.used_ms),
                    self._note(r.state, notes),
                ]
                for r in self.rows
            ],
        )
        if keep is not None:
            self.select(keep)
        elif self.rows:
            self.table.selectRow(0)
        self._selection_changed()

    @staticmethod
    def _note(state: str, notes: dict) -> str:
        if state in RESUMABLE:
            return tr("exam.note_resume")
        return tr(notes[state]) if state in notes else ""

    def selected(self) -> str | None:
        row = self.table.currentRow()
        return (
            self.rows[row].id if 0 <= row < len(self.rows) and self.table.selectedItems() else None
        )

    def select(self, attempt_id: str) -> None:
        for i, r in enumerate(self.rows):
            if r.id == attempt_id:
                self.table.selectRow(i)

    def _current(self):
        aid = self.selected()
        return next((r for r in self.rows if r.id == aid), None)

    def _selection_changed(self) -> None:
        rec = self._current()
        self.start_button.setEnabled(rec is not None and rec.state == "authorised")
        self.pin_card.setVisible(rec is not None and rec.state in RESUMABLE)

    def _start(self) -> None:
        rec = self._current()
        if rec is not None:
            self.start.emit(rec.id)

    def _resume(self) -> None:
        rec = self._current()
        if rec is not None:
            self.resume.emit(rec.id, self.proctor.text().strip(), self.pin.text())

    def clear_pin(self) -> None:
        self.pin.clear()

    def show_status(self, kind: str, text: str) -> None:
        self._status = (kind, text)
        say(self.status, kind, text)

    def status_text(self) -> str:
        return self.status.text() if self.status.isVisible() else ""
