"""Quiz practice: choose topics (or the review queue of missed questions, FSRS-scheduled),
answer one question at a time, see right or wrong with the explanation and the seed's own
words, and a short result at the end. Lays out and emits; the quiz controller does the work."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from simulator.app import theme
from simulator.app.i18n import local_time, message, pick, tr
from simulator.app.quizzes.views.quiz_answer import AnswerBox
from simulator.app.quizzes.views.quiz_feedback import QuizFeedback
from simulator.app.widgets import card, label


class QuizView(QWidget):
    start_quiz = Signal(list, int)  # topics, how many questions
    start_review = Signal()
    answer = Signal(object)  # the AnswerBox's value
    record = Signal()  # say the answer: start a take
    stop_record = Signal()  # done speaking
    next_question = Signal()
    back = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self._topics: list[tuple[str, str, str, int]] = []  # topic, zh, en, count
        self._queue: tuple[list, list, dict] = ([], [], {})
        self._question = None  # (PresentedQuestion, n, total)
        self._feedback = None  # (Feedback, last)
        self._done = None  # (right, total, missed)
        self.box: AnswerBox | None = None
        root = QVBoxLayout(self)
        root.setContentsMargins(14, 12, 14, 12)
        self.heading = label("", "title")
        root.addWidget(self.heading)
        self.error = label("", "quizError", wrap=True)
        self.error.setStyleSheet(f"color: {theme.BAD}; font-weight: 600;")
        self.error.setVisible(False)
        root.addWidget(self.error)
        self.stack = QStackedWidget()
        root.addWidget(self.stack, 1)
        self.stack.addWidget(self._build_setup())
        self.stack.addWidget(self._build_question())
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._go_on)
        self.retranslate()

    # ------------------------------------------------------------------ layout
    def _build_setup(self) -> QWidget:
        page = QWidget()
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        left, ll = card()
        self.intro = label("", "muted", wrap=True)
        self.topics_title = label("", "subtitle")
        self.topic_list = QListWidget()
        self.topic_list.setAccessibleName("topics")
        ll.addWidget(self.intro)
        ll.addWidget(self.topics_title)
        ll.addWidget(self.topic_list, 1)
        start = QHBoxLayout()
        self.count_label = label("")
        self.count = QSpinBox()
        self.count.setRange(1, 60)  # up to a whole topic (the largest has 51)
        self.count.setValue(10)
        self.start_button = QPushButton()
        self.start_button.setObjectName("primary")
        self.start_button.clicked.connect(self._start)
        start.addWidget(self.count_label)
        start.addWidget(self.count)
        start.addStretch(1)
        start.addWidget(self.start_button)
        ll.addLayout(start)
        row.addWidget(left, 1)
        right, rl = card()
        self.review_title = label("", "subtitle")
        self.review_text = label("", "", wrap=True)
        self.review_button = QPushButton()
        self.review_button.clicked.connect(self.start_review)
        rl.addWidget(self.review_title)
        rl.addWidget(self.review_text)
        rl.addWidget(self.review_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.queue = QTableWidget(0, 4)
        self.queue.setObjectName("queue")
        self.queue.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.queue.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.queue.verticalHeader().setVisible(False)
        header = self.queue.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2, 3):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.queue_empty = label("", "muted", wrap=True)
        rl.addWidget(self.queue_empty)
        rl.addWidget(self.queue, 1)
        # for trainers: the questions missed again and again, by everyone on this seat
        self.missed_title = label("", "subtitle")
        self.missed_empty = label("", "muted", wrap=True)
        self.missed = QTableWidget(0, 3)
        self.missed.setObjectName("missed")
        self.missed.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.missed.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.missed.verticalHeader().setVisible(False)
        header = self.missed.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        for w in (self.missed_title, self.missed_empty):
            rl.addWidget(w)
        rl.addWidget(self.missed, 1)
        self._missed: list | None = None
        self.set_missed(None)
        row.addWidget(right, 1)
        return page

    def _build_question(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        qcard, ql = card()
        self.progress = label("", "muted")
        self.prompt = label("", "subtitle", wrap=True)
        self.type_hint = label("", "muted", wrap=True)
        ql.addWidget(self.progress)
        ql.addWidget(self.prompt)
        ql.addWidget(self.type_hint)
        self.answer_host = QVBoxLayout()
        ql.addLayout(self.answer_host)
        buttons = QHBoxLayout()
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.back)
        self.submit_button = QPushButton()
        self.submit_button.setObjectName("primary")
        self.submit_button.clicked.connect(self._submit)
        self.next_button = QPushButton()
        self.next_button.clicked.connect(self.next_question)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        buttons.addWidget(self.next_button)
        ql.addLayout(buttons)
        lay.addWidget(qcard)
        self.feedback = fcard = QuizFeedback()
        holder = QWidget()  # the page's colour around the card, and while it is hidden
        hl = QVBoxLayout(holder)
        hl.setContentsMargins(0, 0, 0, 0)
        hl.addWidget(fcard)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setStyleSheet(
            "QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }"
        )
        scroll.setWidget(holder)
        lay.addWidget(scroll, 1)
        return page

    # ------------------------------------------------------------------ text
    def retranslate(self) -> None:
        self.heading.setText(tr("quiz.heading"))
        self.intro.setText(tr("quiz.intro"))
        self.topics_title.setText(tr("quiz.topics"))
        self.count_label.setText(tr("quiz.count"))
        self.start_button.setText(tr("quiz.start"))
        self.review_title.setText(tr("quiz.review"))
        self.review_button.setText(tr("quiz.review_start"))
        self.queue.setHorizontalHeaderLabels(
            [tr("quiz.col_item"), tr("quiz.col_kind"), tr("quiz.col_due"), tr("quiz.col_misses")]
        )
        self.queue_empty.setText(tr("quiz.queue_empty"))
        self.missed_title.setText(tr("quiz.missed_title"))
        self.missed_empty.setText(tr("quiz.missed_none"))
        self.missed.setHorizontalHeaderLabels(
            [tr("quiz.col_item"), tr("quiz.col_misses"), tr("quiz.col_trainees")]
        )
        self.set_missed(self._missed)
        self.back_button.setText(tr("quiz.back"))
        self.submit_button.setText(tr("quiz.submit"))
        self.set_topics(self._topics)
        self.set_queue(*self._queue)
        if self.box is not None:
            self.box.retranslate()
        if self._question is not None:
            self._show_question_text(*self._question)
        if self._feedback is not None:
            self.show_feedback(*self._feedback)
        if self._done is not None:
            self.show_done(*self._done)

    # ------------------------------------------------------------------ set-up
    def set_topics(self, topics: list[tuple[str, str, str, int]]) -> None:
        """(topic, Chinese title, English title, questions) for each topic with questions."""
        checked = (
            set(self.checked_topics()) if self.topic_list.count() else {t[0] for t in topics[:1]}
        )
        self._topics = list(topics)
        self.topic_list.clear()
        for topic, zh, en, n in topics:
            item = QListWidgetItem(tr("quiz.topic_row", title=pick(zh, en), n=n))
            item.setData(Qt.ItemDataRole.UserRole, topic)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if topic in checked else Qt.CheckState.Unchecked
            )
            self.topic_list.addItem(item)

    def checked_topics(self) -> list[str]:
        return [
            self.topic_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.topic_list.count())
            if self.topic_list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def check_topics(self, topics: list[str]) -> None:
        for i in range(self.topic_list.count()):
            item = self.topic_list.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in topics
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _start(self) -> None:
        topics = self.checked_topics()
        if not topics:
            self.error.setText(tr("quiz.no_topic"))
            self.error.setVisible(True)
            return
        self.error.setVisible(False)
        self.start_quiz.emit(topics, self.count.value())

    def set_queue(self, due: list, queue: list, english: dict | None = None) -> None:
        """``due``: the ``DueItem``s due now; ``queue``: every item of the trainee's queue;
        ``english``: question id → its English prompt."""
        self._queue = (list(due), list(queue), dict(english or {}))
        english = self._queue[2]
        n_due = sum(1 for d in due if d.kind == "question")
        self.review_text.setText(
            tr("quiz.review_due", n=n_due) if n_due else tr("quiz.review_none")
        )
        self.review_button.setEnabled(bool(n_due))
        self.queue.setRowCount(len(queue))
        due_ids = {(d.kind, d.item) for d in due}
        for r, d in enumerate(queue):
            when = tr("quiz.due_now") if (d.kind, d.item) in due_ids else local_time(d.due_at)
            cells = ["", tr(f"quiz.kind_{d.kind}"), when, str(d.misses)]
            for c, text in enumerate(cells):
                self.queue.setItem(r, c, QTableWidgetItem(text))
            # a question in the UI language; a drill is the caller's line, quoted as said
            text = pick(d.text, english.get(d.item)) if d.kind == "question" else f"「{d.text}」"
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            self.queue.setItem(r, 0, item)
        self.queue_empty.setVisible(not queue)

    def set_missed(self, rows: list | None) -> None:
        """For trainers: (prompt, English prompt, misses, trainees) of the questions missed
        again and again; None hides the section (a trainee's page)."""
        self._missed = rows
        staff = rows is not None
        for w in (self.missed_title, self.missed):
            w.setVisible(staff)
        self.missed_empty.setVisible(staff and not rows)
        rows = rows or []
        self.missed.setRowCount(len(rows))
        for r, (prompt, prompt_en, misses, trainees) in enumerate(rows):
            for c, text in enumerate((pick(prompt, prompt_en), str(misses), str(trainees))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.missed.setItem(r, c, item)

    def show_setup(self) -> None:
        self._question = self._feedback = self._done = None
        self.stack.setCurrentIndex(0)

    def on_setup(self) -> bool:
        return self.stack.currentIndex() == 0

    # ------------------------------------------------------------------ questions
    def show_question(self, question, n: int, total: int, caller: str = "") -> None:
        """``question``: a ``PresentedQuestion``, the ``n``-th of ``total``; ``caller``: the
        caller's line a "say" question answers."""
        self._question = (question, n, total)
        self._feedback = self._done = None
        self.error.setVisible(False)
        if self.box is not None:
            self.box.hide()
            self.box.deleteLater()
        self.box = AnswerBox(question, caller=caller)
        self.box.changed.connect(self._answer_changed)
        if self.box.voice is not None:
            self.box.voice.record.connect(self.record)
            self.box.voice.stop.connect(self.stop_record)
        self.answer_host.addWidget(self.box)
        self._show_question_text(question, n, total)
        self.feedback.setVisible(False)
        self.submit_button.setVisible(self.box.typing or question.type != "say")
        self.submit_button.setText(tr("quiz.submit"))
        self.next_button.setVisible(question.type == "say")
        self.next_button.setText(tr("quiz.skip"))
        self._answer_changed()
        self.stack.setCurrentIndex(1)

    def _show_question_text(self, question, n: int, total: int) -> None:
        from simulator.core.quiz_bank import TOPIC_TITLES

        if question.topic == "review":
            topic = tr("quiz.review_topic")
        else:
            topic = pick(*TOPIC_TITLES.get(question.topic, (question.topic, question.topic)))
        self.progress.setText(tr("quiz.progress", n=n, total=total, topic=topic))
        self.prompt.setText(pick(question.prompt, question.prompt_en))
        kind = "say_voice" if question.type == "say" else question.type
        self.type_hint.setText(tr(f"type.{kind}"))

    def _go_on(self) -> None:
        """Ctrl+Enter: submit the answer, or go on to the next question (or the result)."""
        if self.stack.currentIndex() != 1:
            return
        voice = self.box.voice if self.box is not None else None
        if voice is not None and not self.box.typing and self._feedback is None:
            voice.record_button.click()  # record / done speaking, never "skip"
            return
        for button in (self.submit_button, self.next_button):
            if button.isVisible() and button.isEnabled():
                button.click()
                return

    def _answer_changed(self) -> None:
        given = self.box is not None and self.box.value() is not None
        if self.box is not None and self.box.typing and self._feedback is None:
            self.submit_button.setVisible(True)  # a "say" answer typed instead
        self.submit_button.setEnabled(given and self._feedback is None)

    # ------------------------------------------------------------------ voice
    def set_voice(self, state: str, key: str | None = None, **fields) -> None:
        """The voice box's state (``quiz_voice.STATES``) and what to say about it; a question
        that cannot be recorded here is typed instead."""
        if self.box is None or self.box.voice is None:
            return
        self.box.voice.set_state(state, key, **fields)
        if state == "unavailable":
            self.box.start_typing()

    def set_level(self, value: float) -> None:
        if self.box is not None and self.box.voice is not None:
            self.box.voice.set_level(value)

    def voice_text(self) -> str:
        """What the voice box says (tests)."""
        voice = self.box.voice if self.box is not None else None
        return voice.status_text() if voice is not None else ""

    def _submit(self) -> None:
        value = self.box.value() if self.box is not None else None
        if value is None:
            return
        self.submit_button.setEnabled(False)
        self.error.setVisible(False)
        self.answer.emit(value)

    def show_grading(self) -> None:
        self.submit_button.setText(tr("quiz.grading"))

    def show_error(self, text: str) -> None:
        """A refusal or failure in the service's words; the answer can be sent again."""
        self.error.setText(tr("quiz.failed", msg=message(text)))
        self.error.setVisible(True)
        self.submit_button.setText(tr("quiz.submit"))
        self._answer_changed()

    def error_text(self) -> str:
        return self.error.text() if not self.error.isHidden() else ""

    # ------------------------------------------------------------------ feedback
    def show_feedback(self, fb, last: bool, heard: str | None = None) -> None:
        """``fb``: a ``core.quiz_grading.Feedback``; ``last``: no question follows; ``heard``:
        the transcript of a spoken answer."""
        self._feedback = (fb, last, heard)
        question = self._question[0] if self._question else None
        if self.box is not None:
            self.box.lock()
        self.submit_button.setVisible(False)
        self.next_button.setVisible(True)
        self.next_button.setText(tr("quiz.finish" if last else "quiz.next"))
        self.next_button.setFocus()
        self.feedback.show_feedback(fb, question.type if question else "", heard)

    def feedback_text(self) -> str:
        """What the feedback says (tests)."""
        return self.feedback.text() if self._feedback is not None else ""

    def show_done(self, right: int, total: int, missed: int) -> None:
        self._done = (right, total, missed)
        self.feedback.show_done(right, total, missed)
        self.next_button.setVisible(False)
