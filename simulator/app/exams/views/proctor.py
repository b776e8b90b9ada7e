"""The proctor's page on this seat: book a candidate for an exam, the attempts with their state
and time, authorise the selected one (name and ID number entered, checked and confirmed),
pause, resume, add time or terminate it (with a reason), cancel one not started, and set the
proctor's own PIN that resumes an attempt after a crash; when the list was last read (the
controller reads it again every few seconds while the page is shown). Lays out and emits."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from simulator.app.exams.views.common import clock, fill, headers, say, state_title, table
from simulator.app.i18n import local_time, pick, tr
from simulator.app.widgets import card, label

ACTIONS = ("pause", "resume", "add_time", "terminate", "cancel")


class ProctorView(QWidget):
    register = Signal(str, str)  # exam id, candidate user id
    authorise = Signal(str, str, str, bool)  # attempt, name, ID number, confirmed
    act = Signal(str, str, float, str)  # attempt, action, minutes, reason
    set_pin = Signal(str, str)  # PIN, again
    refresh = Signal()
    shown = Signal(bool)  # the page became visible (True) or hidden (False)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.rows: list = []  # (ExamAttemptRecord, candidate name)
        self._exams: list = []
        self._candidates: list = []
        self._status = ("", "")
        self._updated, self._every_s = "", 0  # HH:MM:SS of the last read, how often
        root = QVBoxLayout(self)
        root.setContentsMargins(14, 12, 14, 12)
        self.heading = label("", "title")
        root.addWidget(self.heading)
        book, bl = card(vertical=False)
        self.exam_box = QComboBox()
        self.exam_box.setAccessibleName("exam")
        self.candidate_box = QComboBox()
        self.candidate_box.setAccessibleName("candidate")
        for box in (self.exam_box, self.candidate_box):  # filled after the page first shows
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.book_button = QPushButton()
        self.book_button.clicked.connect(self._register)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.book_label = label()
        self.updated = label("", "muted")
        for w in (self.book_label, self.exam_box, self.candidate_box, self.book_button):
            bl.addWidget(w)
        bl.addStretch(1)
        bl.addWidget(self.updated)
        bl.addWidget(self.refresh_button)
        root.addWidget(book)
        self.table = table(6, "attempts", stretch=2)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        root.addWidget(self.table, 1)
        self.status = label("", "proctorStatus", wrap=True)
        self.status.setVisible(False)
        root.addWidget(self.status)
        auth, al = card(vertical=False)
        self.auth_label = label()
        self.name = QLineEdit()
        self.name.setAccessibleName("candidate name")
        self.id_number = QLineEdit()
        self.id_number.setAccessibleName("ID number")
        self.checked = QCheckBox()
        self.auth_button = QPushButton()
        self.auth_button.setObjectName("primary")
        self.auth_button.clicked.connect(self._authorise)
        al.addWidget(self.auth_label)
        al.addWidget(self.name, 1)
        al.addWidget(self.id_number, 1)
        al.addWidget(self.checked)
        al.addWidget(self.auth_button)
        root.addWidget(auth)
        acts, xl = card(vertical=False)
        self.minutes = QDoubleSpinBox()
        self.minutes.setRange(0.5, 240)
        self.minutes.setValue(5)
        self.minutes.setAccessibleName("minutes")
        self.reason = QLineEdit()
        self.reason.setAccessibleName("reason")
        self.buttons: dict[str, QPushButton] = {}
        for action in ACTIONS[:2]:
            xl.addWidget(self._action_button(action))
        xl.addWidget(self.minutes)
        xl.addWidget(self.reason, 1)
        for action in ACTIONS[2:]:
            xl.addWidget(self._action_button(action))
        root.addWidget(acts)
        pin, pl = card(vertical=False)
        self.pin_label = label("", wrap=True)
        self.pin = QLineEdit()
        self.pin_again = QLineEdit()
        for edit in (self.pin, self.pin_again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setMaximumWidth(160)
        self.pin_button = QPushButton()
        self.pin_button.clicked.connect(lambda: self.set_pin.emit(self.pin.text(),
                                                                  self.pin_again.text()))  # fmt: skip
        pl.addWidget(self.pin_label, 1)
        for w in (self.pin, self.pin_again, self.pin_button):
            pl.addWidget(w)
        root.addWidget(pin)
        self.retranslate()
        self._selection_changed()

    def _action_button(self, action: str) -> QPushButton:
        b = self.buttons[action] = QPushButton()
        if action == "terminate":
            b.setObjectName("danger")
        b.clicked.connect(lambda: self._act(action))
        return b

    def retranslate(self) -> None:
        self.heading.setText(tr("proctor.title"))
        self.book_label.setText(tr("proctor.book"))
        self.book_button.setText(tr("proctor.register"))
        self.refresh_button.setText(tr("proctor.refresh"))
        headers(self.table, ["proctor.col_candidate", "exam.col_exam", "exam.col_state",
                             "proctor.col_used", "exam.col_left", "proctor.col_booked"])  # fmt: skip
        self.auth_label.setText(tr("proctor.authorise_label"))
        self.name.setPlaceholderText(tr("proctor.name"))
        self.id_number.setPlaceholderText(tr("proctor.id_number"))
        self.checked.setText(tr("proctor.checked"))
        self.auth_button.setText(tr("proctor.authorise"))
        self.minutes.setSuffix(tr("exam.minutes_suffix"))
        self.reason.setPlaceholderText(tr("exam.reason"))
        for action, b in self.buttons.items():
            b.setText(tr(f"exam.act_{action}"))
        self.pin_label.setText(tr("proctor.pin_label"))
        self.pin.setPlaceholderText(tr("exam.pin"))
        self.pin_again.setPlaceholderText(tr("proctor.pin_again"))
        self.pin_button.setText(tr("proctor.set_pin"))
        self.show_updated(self._updated)
        self.set_choices(self._exams, self._candidates, force=True)
        self.set_attempts(self.rows)
        if self._status[1]:
            say(self.status, *self._status)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.shown.emit(True)

    def hideEvent(self, event) -> None:  # noqa: N802
        super().hideEvent(event)
        self.shown.emit(False)

    # ------------------------------------------------------------------ filled by the controller
    def show_updated(self, at: str, every_s: int = 0) -> None:
        """``at``: the local time (HH:MM:SS) the list was last read, read again every
        ``every_s`` seconds; "" hides the note."""
        self._updated, self._every_s = at, every_s or self._every_s
        self.updated.setText(tr("proctor.updated", at=at, s=self._every_s) if at else "")

    def set_choices(self, exams: list, candidates: list, force: bool = False) -> None:
        """``exams``: ``ExamDefinition``s; ``candidates``: ``Candidate``s. The choices stay as
        they are when nothing changed (a refresh every few seconds must not disturb them)."""
        exams, candidates = list(exams), list(candidates)
        if not force and (exams, candidates) == (self._exams, self._candidates):
            return
        self._exams, self._candidates = exams, candidates
        exam, cand = self.exam_box.currentData(), self.candidate_box.currentData()
        self.exam_box.clear()
        for e in self._exams:
            self.exam_box.addItem(pick(e.title, e.title_en), e.id)
        self.candidate_box.clear()
        for c in self._candidates:
            self.candidate_box.addItem(f"{c.display_name} ({c.username})", c.user_id)
        self.exam_box.setCurrentIndex(max(0, self.exam_box.findData(exam)))
        self.candidate_box.setCurrentIndex(max(0, self.candidate_box.findData(cand)))

    def choose(self, exam_id: str, username: str) -> None:
        self.exam_box.setCurrentIndex(max(0, self.exam_box.findData(exam_id)))
        for i, c in enumerate(self._candidates):
            if c.username == username:
                self.candidate_box.setCurrentIndex(i)

    def set_attempts(self, rows: list) -> None:
        keep = self.selected()
        self.rows = list(rows)
        fill(
            self.table,
            [
                [
                    name,
                    pick(r.paper["exam"]["title"], r.paper["exam"].get("title_en")),
                    state_title(r.state),
                    clock(r.used_ms),
                    clock(r.limit_ms + r.extra_ms - r.used_ms),
                    local_time(r.created_at),
                ]
                for r, name in self.rows
            ],
        )
        if keep is not None:
            self.select(keep)
        self._selection_changed()

    def selected(self) -> str | None:
        row = self.table.currentRow()
        if 0 <= row < len(self.rows) and self.table.selectedItems():
            return self.rows[row][0].id
        return None

    def select(self, attempt_id: str) -> None:
        for i, (r, _name) in enumerate(self.rows):
            if r.id == attempt_id:
                self.table.selectRow(i)

    def _selection_changed(self) -> None:
        aid = self.selected()
        state = next((r.state for r, _n in self.rows if r.id == aid), None)
        self.auth_button.setEnabled(state == "awaiting")
        allowed = {
            "pause": ("active",),
            "resume": ("paused",),
            "add_time": ("authorised", "active", "paused", "interrupted"),
            "terminate": ("authorised", "active", "paused", "interrupted"),
            "cancel": ("awaiting", "authorised"),
        }
        for action, b in self.buttons.items():
            b.setEnabled(state in allowed[action])

    def _register(self) -> None:
        exam, cand = self.exam_box.currentData(), self.candidate_box.currentData()
        if exam and cand:
            self.register.emit(exam, cand)

    def _authorise(self) -> None:
        aid = self.selected()
        if aid:
            self.authorise.emit(aid, self.name.text().strip(), self.id_number.text().strip(),
                                self.checked.isChecked())  # fmt: skip

    def fill_authorisation(self, name: str, id_number: str, confirmed: bool) -> None:
        self.name.setText(name)
        self.id_number.setText(id_number)
        self.checked.setChecked(confirmed)

    def _act(self, action: str) -> None:
        aid = self.selected()
        if aid:
            self.act.emit(aid, action, self.minutes.value(), self.reason.text().strip())

    def fill_action(self, minutes: float, reason: str) -> None:
        self.minutes.setValue(minutes)
        self.reason.setText(reason)

    def cleared(self) -> None:
        """After a success: the typed ID number, reason and PINs leave the screen."""
        for edit in (self.name, self.id_number, self.reason, self.pin, self.pin_again):
            edit.clear()
        self.checked.setChecked(False)

    def show_status(self, kind: str, text: str) -> None:
        self._status = (kind, text)
        say(self.status, kind, text)

    def status_text(self) -> str:
        return self.status.text() if self.status.isVisible() else ""
