"""The full-screen proctored exam: the candidate, the clock, the items (written ones answered
with the quiz's answer boxes, oral ones by playing the caller's line and recording a reply),
whether each answer is saved (or why not), the paused notice, a one-way "finish" with its
confirmation, and a panel where the proctor at this seat signs in to pause, resume, add time
or terminate. No hints, no retries of a graded answer, no feedback: nothing is graded here.
Lays out and emits; the exam-run controller does the work."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from simulator.app.exams.views.common import say, state_title
from simulator.app.i18n import pick, tr
from simulator.app.quizzes.views.quiz_answer import AnswerBox
from simulator.app.widgets import LevelMeter, card, label

PROCTOR_ACTIONS = ("pause", "resume", "add_time", "terminate")


class ExamScreen(QWidget):
    go = Signal(int)  # position in the paper (0-based)
    step = Signal(int)  # -1 previous, +1 next
    play_caller = Signal()
    record = Signal()
    stop_record = Signal()
    finish_asked = Signal()
    finish_confirmed = Signal()
    leave = Signal()  # after the exam closed
    proctor_action = Signal(str, str, str, float, str)  # user, password, action, minutes, reason

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.box: AnswerBox | None = None
        self._kind = ""
        self._texts: dict = {}
        root = QVBoxLayout(self)
        root.setContentsMargins(18, 12, 18, 12)
        top = QHBoxLayout()
        self.title = label("", "title")
        self.who = label("", "muted")
        self.state = label("", "examState")
        self.timer = label("", "examTimer")
        self.timer.setStyleSheet("font-size: 26px; font-weight: 600;")
        self.timer.setAccessibleName("time left")
        self.proctor_button = QPushButton()
        self.proctor_button.setCheckable(True)
        self.proctor_button.toggled.connect(lambda on: self.proctor_card.setVisible(on))
        top.addWidget(self.title)
        top.addWidget(self.who)
        top.addStretch(1)
        top.addWidget(self.state)
        top.addWidget(self.timer)
        top.addWidget(self.proctor_button)
        root.addLayout(top)
        self.proctor_card = self._proctor_panel()
        self.proctor_card.setVisible(False)
        root.addWidget(self.proctor_card)
        body = QHBoxLayout()
        self.items = QListWidget()
        self.items.setFixedWidth(120)
        self.items.setAccessibleName("items")
        self.items.itemClicked.connect(lambda item: self.go.emit(self.items.row(item)))
        body.addWidget(self.items)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._question_page())
        self.pages.addWidget(self._paused_page())
        self.pages.addWidget(self._closed_page())
        body.addWidget(self.pages, 1)
        root.addLayout(body, 1)
        self.save_status = label("", "saveStatus", wrap=True)
        self.save_status.setVisible(False)
        root.addWidget(self.save_status)
        self.confirm_card, cl = card(vertical=False)
        self.confirm_text = label("", wrap=True)
        self.confirm_yes = QPushButton()
        self.confirm_yes.setObjectName("danger")
        self.confirm_yes.clicked.connect(self.finish_confirmed)
        self.confirm_no = QPushButton()
        self.confirm_no.clicked.connect(lambda: self.confirm_card.setVisible(False))
        cl.addWidget(self.confirm_text, 1)
        cl.addWidget(self.confirm_yes)
        cl.addWidget(self.confirm_no)
        self.confirm_card.setVisible(False)
        root.addWidget(self.confirm_card)
        nav = QHBoxLayout()
        self.prev_button = QPushButton()
        self.prev_button.clicked.connect(lambda: self.step.emit(-1))
        self.next_button = QPushButton()
        self.next_button.setObjectName("primary")
        self.next_button.clicked.connect(lambda: self.step.emit(1))
        self.finish_button = QPushButton()
        self.finish_button.clicked.connect(self.finish_asked)
        nav.addWidget(self.prev_button)
        nav.addWidget(self.next_button)
        nav.addStretch(1)
        nav.addWidget(self.finish_button)
        root.addLayout(nav)
        self.retranslate()

    # ------------------------------------------------------------------ layout
    def _question_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        self.position = label("", "muted")
        self.prompt = label("", "examPrompt", wrap=True)
        self.prompt.setStyleSheet("font-size: 17px;")
        lay.addWidget(self.position)
        lay.addWidget(self.prompt)
        self.answer_area = QVBoxLayout()
        lay.addLayout(self.answer_area)
        self.oral_card, ol = card()
        self.caller = label("", "quoted", wrap=True)
        self.caller.setStyleSheet("font-size: 17px;")
        ol.addWidget(self.caller)
        orow = QHBoxLayout()
        self.play_button = QPushButton()
        self.play_button.clicked.connect(self.play_caller)
        self.record_button = QPushButton()
        self.record_button.setObjectName("primary")
        self.record_button.clicked.connect(self.record)
        self.stop_button = QPushButton()
        self.stop_button.clicked.connect(self.stop_record)
        self.level = LevelMeter()
        for w in (self.play_button, self.record_button, self.stop_button):
            orow.addWidget(w)
        orow.addWidget(self.level, 1)
        ol.addLayout(orow)
        self.oral_note = label("", "muted", wrap=True)
        ol.addWidget(self.oral_note)
        lay.addWidget(self.oral_card)
        lay.addStretch(1)
        return page

    def _paused_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        self.paused_text = label("", "title", wrap=True)
        self.paused_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addStretch(1)
        lay.addWidget(self.paused_text)
        lay.addStretch(1)
        return page

    def _closed_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        self.closed_title = label("", "title", wrap=True)
        self.closed_text = label("", wrap=True)
        self.leave_button = QPushButton()
        self.leave_button.setObjectName("primary")
        self.leave_button.clicked.connect(self.leave)
        lay.addStretch(1)
        for w in (self.closed_title, self.closed_text):
            lay.addWidget(w)
        lay.addWidget(self.leave_button, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addStretch(1)
        return page

    def _proctor_panel(self):
        frame, lay = card()
        self.proctor_note = label("", "muted", wrap=True)
        lay.addWidget(self.proctor_note)
        row = QHBoxLayout()
        self.p_user = QLineEdit()
        self.p_user.setAccessibleName("proctor user name")
        self.p_password = QLineEdit()
        self.p_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.p_password.setAccessibleName("proctor password")
        self.p_action = QComboBox()
        for _ in PROCTOR_ACTIONS:
            self.p_action.addItem("")
        self.p_minutes = QDoubleSpinBox()
        self.p_minutes.setRange(0.5, 240)
        self.p_minutes.setValue(5)
        self.p_reason = QLineEdit()
        self.p_reason.setAccessibleName("reason")
        self.p_go = QPushButton()
        self.p_go.clicked.connect(self._proctor_go)
        for w in (self.p_user, self.p_password, self.p_action, self.p_minutes):
            row.addWidget(w)
        row.addWidget(self.p_reason, 1)
        row.addWidget(self.p_go)
        lay.addLayout(row)
        self.proctor_status = label("", wrap=True)
        self.proctor_status.setVisible(False)
        lay.addWidget(self.proctor_status)
        return frame

    def retranslate(self) -> None:
        self.proctor_button.setText(tr("exam.proctor_button"))
        self.proctor_note.setText(tr("exam.proctor_note"))
        self.p_user.setPlaceholderText(tr("exam.proctor_name"))
        self.p_password.setPlaceholderText(tr("acct.password"))
        for i, action in enumerate(PROCTOR_ACTIONS):
            self.p_action.setItemText(i, tr(f"exam.act_{action}"))
        self.p_minutes.setSuffix(tr("exam.minutes_suffix"))
        self.p_reason.setPlaceholderText(tr("exam.reason"))
        self.p_go.setText(tr("exam.proctor_go"))
        self.play_button.setText(tr("exam.play_caller"))
        self.record_button.setText(tr("exam.record"))
        self.stop_button.setText(tr("exam.stop_record"))
        self.paused_text.setText(tr("exam.paused"))
        self.prev_button.setText(tr("exam.prev"))
        self.next_button.setText(tr("exam.next"))
        self.finish_button.setText(tr("exam.finish"))
        self.confirm_text.setText(tr("exam.confirm_finish"))
        self.confirm_yes.setText(tr("exam.confirm_yes"))
        self.confirm_no.setText(tr("exam.confirm_no"))
        self.leave_button.setText(tr("exam.leave"))
        if self.box is not None:
            self.box.retranslate()
        for lab, key, fields in self._texts.values():
            lab.setText(tr(key, **fields) if key else "")

    def _text(self, lab, key: str, **fields) -> None:
        """Set a label from a string id, kept for the next retranslate()."""
        self._texts[id(lab)] = (lab, key, fields)
        lab.setText(tr(key, **fields) if key else "")

    # ------------------------------------------------------------------ what the controller shows
    def show_paper(self, title: str, title_en: str, candidate: str, count: int) -> None:
        self.title.setText(pick(title, title_en))
        self.who.setText(candidate)
        self.items.clear()
        for i in range(count):
            self.items.addItem(tr("exam.item_n", n=i + 1))
        self.confirm_card.setVisible(False)
        self.proctor_button.setChecked(False)
        self.proctor_button.setVisible(True)
        for w in (self.prev_button, self.next_button, self.finish_button, self.items):
            w.setEnabled(True)
        say(self.save_status, "info", "")
        self.pages.setCurrentIndex(0)

    def set_answered(self, answered: list[bool]) -> None:
        for i, done in enumerate(answered):
            item = self.items.item(i)
            if item is not None:
                item.setText(tr("exam.item_n", n=i + 1) + (" ✓" if done else ""))

    def _position(self, pos: int, total: int) -> None:
        self.items.setCurrentRow(pos)
        self.position.setText(tr("exam.position", n=pos + 1, total=total))
        self.prev_button.setEnabled(pos > 0)
        self.next_button.setEnabled(pos + 1 < total)

    def show_written(self, pos: int, total: int, question, saved) -> None:
        """``question``: a ``PresentedQuestion``; ``saved``: the answer saved for it, or None."""
        self._kind = "written"
        self._position(pos, total)
        self.prompt.setText(pick(question.prompt, question.prompt_en))  # the box quotes the rest
        self._clear_box()
        self.box = AnswerBox(question)
        if saved is not None:
            self.box.give(saved)
        self.answer_area.addWidget(self.box)
        self.oral_card.setVisible(False)

    def show_oral(self, pos: int, total: int, turn, recorded: bool) -> None:
        """``turn``: a ``PresentedTurn``; ``recorded``: a reply is saved for it."""
        self._kind = "oral"
        self._position(pos, total)
        self._clear_box()
        self.prompt.setText(tr("exam.oral_prompt"))
        self.caller.setText(turn.caller_text)
        self.oral_card.setVisible(True)
        self.level.set_level(0)
        self.set_recording(False)
        self.set_oral_note("exam.oral_saved" if recorded else "exam.oral_none")

    def _clear_box(self) -> None:
        if self.box is not None:
            self.answer_area.removeWidget(self.box)
            self.box.deleteLater()
            self.box = None

    def answer_value(self):
        """The written answer on the screen (positions as shown), or None."""
        return self.box.value() if self.box is not None and self._kind == "written" else None

    def set_recording(self, on: bool) -> None:
        self.record_button.setEnabled(not on)
        self.play_button.setEnabled(not on)
        self.stop_button.setEnabled(on)

    def set_oral_note(self, key: str, **fields) -> None:
        self._text(self.oral_note, key, **fields)

    def set_level(self, value: float) -> None:
        self.level.set_level(value)

    def set_clock(self, text: str, state: str, low: bool) -> None:
        self.timer.setText(text)
        self.timer.setStyleSheet(
            f"font-size: 26px; font-weight: 600; color: {'#c62828' if low else 'palette(text)'};"
        )
        self.state.setText(state_title(state))

    def show_saved(self, kind: str, text: str) -> None:
        say(self.save_status, kind, text)

    def save_text(self) -> str:
        return self.save_status.text() if self.save_status.isVisible() else ""

    def set_paused(self, paused: bool) -> None:
        if self.pages.currentIndex() != 2:
            self.pages.setCurrentIndex(1 if paused else 0)
        for w in (self.prev_button, self.next_button, self.finish_button, self.items):
            w.setEnabled(not paused)
        if paused:
            self.confirm_card.setVisible(False)

    def ask_finish(self, unanswered: int) -> None:
        self.confirm_text.setText(tr("exam.confirm_finish", n=unanswered))
        self.confirm_card.setVisible(True)

    def show_closed(self, title_key: str, text: str) -> None:
        self._clear_box()
        self.pages.setCurrentIndex(2)
        self.proctor_button.setChecked(False)
        self.proctor_button.setVisible(False)
        self._text(self.closed_title, title_key)
        self.closed_text.setText(text)
        self.confirm_card.setVisible(False)
        for w in (self.prev_button, self.next_button, self.finish_button, self.items):
            w.setEnabled(False)

    def is_closed(self) -> bool:
        return self.pages.currentIndex() == 2

    def is_paused(self) -> bool:
        return self.pages.currentIndex() == 1

    # ------------------------------------------------------------------ the proctor's panel
    def _proctor_go(self) -> None:
        self.proctor_action.emit(
            self.p_user.text().strip(), self.p_password.text(),
            PROCTOR_ACTIONS[self.p_action.currentIndex()], self.p_minutes.value(),
            self.p_reason.text().strip(),
        )  # fmt: skip

    def fill_proctor(self, user: str, password: str, action: str, minutes=5.0, reason="") -> None:
        """What a proctor types in the panel (tests and screenshots)."""
        self.proctor_button.setChecked(True)
        self.p_user.setText(user)
        self.p_password.setText(password)
        self.p_action.setCurrentIndex(PROCTOR_ACTIONS.index(action))
        self.p_minutes.setValue(minutes)
        self.p_reason.setText(reason)

    def proctor_done(self, kind: str, text: str) -> None:
        if kind == "ok":
            self.p_password.clear()
            self.p_reason.clear()
        say(self.proctor_status, kind, text)

    def proctor_text(self) -> str:
        return self.proctor_status.text() if self.proctor_status.isVisible() else ""
