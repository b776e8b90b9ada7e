"""The answer area of one quiz question, by type: radio buttons (single choice, true/false),
check boxes (multiple choice), a list moved with Up/Down (put the steps in order), a text box
(rewrite, which may also be said: `quiz_voice.VoiceBox`) or the caller's line with the voice box
("say it"; typed when recording cannot work or the trainee chooses to). ``value()`` is the answer in the positions shown, as ``services.quizzes.answer``
takes it; None while nothing is given. Options and steps are shown in the UI's language (the
banks' ``options_en`` / ``steps_en`` in English); the sentence to rewrite stays as it is (the
widget is named ``quoted``)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from simulator.app.i18n import pick, tr
from simulator.app.quizzes.views.quiz_voice import VoiceBox
from simulator.app.widgets import label


class AnswerBox(QWidget):
    changed = Signal()

    def __init__(self, question, parent: QWidget | None = None, caller: str = ""):
        """``question``: a ``core.quiz_draw.PresentedQuestion``; ``caller``: the caller's line
        a "say" question answers."""
        super().__init__(parent)
        self.kind = question.type
        self.question = question
        self.buttons: list = []
        self.group: QButtonGroup | None = None
        self.steps: QListWidget | None = None
        self.text: QPlainTextEdit | None = None
        self.voice: VoiceBox | None = None
        self.typing = self.kind == "rewrite"  # a "say" answer is typed only when asked to
        self._moves: list[QPushButton] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        inner = QVBoxLayout()
        inner.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(inner)
        if self.kind in ("single", "multiple"):
            self.group = QButtonGroup(self)
            self.group.setExclusive(self.kind == "single")
            for i in range(len(question.options)):
                b = QRadioButton() if self.kind == "single" else QCheckBox()
                b.setAccessibleName(f"option {i + 1}")
                self.group.addButton(b, i)
                self.buttons.append(b)
                inner.addWidget(b)
            self.group.buttonToggled.connect(lambda *_: self.changed.emit())
        elif self.kind == "true_false":
            self.group = QButtonGroup(self)
            for i in range(2):
                b = QRadioButton()
                self.group.addButton(b, i)
                self.buttons.append(b)
                lay.addWidget(b)
            self.group.buttonToggled.connect(lambda *_: self.changed.emit())
        elif self.kind == "order":
            row = QHBoxLayout()
            self.steps = QListWidget()
            self.steps.setAccessibleName("steps")
            for i in range(len(question.steps)):
                self.steps.addItem("")
                self.steps.item(i).setData(256, i)  # Qt.UserRole: the shown position
            self.steps.setCurrentRow(0)
            self.steps.setDragDropMode(QListWidget.DragDropMode.InternalMove)  # or Up/Down
            self.steps.model().rowsMoved.connect(lambda *_: self.changed.emit())
            rows = (self.steps.sizeHintForRow(0) + 2) * len(question.steps) + 10
            self.steps.setFixedHeight(max(rows, 60))
            row.addWidget(self.steps, 1)
            moves = QVBoxLayout()
            for step in (-1, 1):
                b = QPushButton()
                b.clicked.connect(lambda _=False, d=step: self.move(d))
                moves.addWidget(b)
                self._moves.append(b)
            moves.addStretch(1)
            row.addLayout(moves)
            inner.addLayout(row)
        elif self.kind in ("rewrite", "say"):
            self.caller_title = label("", "muted") if self.kind == "say" else None
            if self.caller_title is not None:
                inner.addWidget(self.caller_title)
            said = question.sentence if self.kind == "rewrite" else caller
            sentence = label(f"「{said}」", "", wrap=True)
            sentence.setObjectName("quoted")  # the words to rewrite / the caller's, as they are
            inner.addWidget(sentence)
            self.text = QPlainTextEdit()
            self.text.setMaximumHeight(90)
            self.text.textChanged.connect(self.changed)
            self.text.setVisible(self.typing)
            lay.addWidget(self.text)
            self.voice = VoiceBox(rewrite=self.kind == "rewrite")
            self.voice.type_instead.connect(self.start_typing)
            lay.addWidget(self.voice)
        lay.addStretch(1)
        self.retranslate()

    def _text(self, texts: tuple[str, ...], english: tuple[str, ...], pos: int) -> str:
        return pick(texts[pos], english[pos] if english else None)

    def retranslate(self) -> None:
        q = self.question
        if self.kind in ("single", "multiple"):
            for i, b in enumerate(self.buttons):
                b.setText(self._text(q.options, q.options_en, i))
        if self.steps is not None:
            for r in range(self.steps.count()):
                item = self.steps.item(r)
                item.setText(self._text(q.steps, q.steps_en, item.data(256)))
        if self.kind == "true_false":
            for b, key in zip(self.buttons, ("quiz.true", "quiz.false"), strict=True):
                b.setText(tr(key))
        for b, key in zip(self._moves, ("quiz.up", "quiz.down"), strict=False):
            b.setText(tr(key))
        if self.text is not None:
            key = "quiz.rewrite_hint" if self.kind == "rewrite" else "quiz.say_hint"
            self.text.setPlaceholderText(tr(key))
        if self.kind == "say":
            self.caller_title.setText(tr("quiz.caller_says"))
        if self.voice is not None:
            self.voice.retranslate()

    def start_typing(self) -> None:
        """Answer a "say" question by typing (chosen, or recording cannot work)."""
        if self.text is None or self.typing:
            return
        self.typing = True
        self.text.setVisible(True)
        self.text.setFocus()
        self.changed.emit()

    def value(self):
        """The answer in shown positions, or None when none is given yet."""
        if self.kind == "single":
            return self.group.checkedId() if self.group.checkedId() >= 0 else None
        if self.kind == "multiple":
            picked = [i for i, b in enumerate(self.buttons) if b.isChecked()]
            return picked or None
        if self.kind == "true_false":
            return {0: True, 1: False}.get(self.group.checkedId())
        if self.kind == "order":
            return [self.steps.item(r).data(256) for r in range(self.steps.count())]
        if self.kind in ("rewrite", "say") and self.typing:
            return self.text.toPlainText().strip() or None
        return None

    def move(self, step: int) -> None:
        """Move the selected step up (-1) or down (+1)."""
        row = self.steps.currentRow()
        to = row + step
        if row < 0 or not 0 <= to < self.steps.count():
            return
        item = self.steps.takeItem(row)
        self.steps.insertItem(to, item)
        self.steps.setCurrentRow(to)
        self.changed.emit()

    def set_order(self, shown_positions: list[int]) -> None:
        """Put the steps in this order (tests, scripted screenshots)."""
        q = self.question
        self.steps.clear()
        for i, pos in enumerate(shown_positions):
            self.steps.addItem(self._text(q.steps, q.steps_en, pos))
            self.steps.item(i).setData(256, pos)

    def give(self, value) -> None:
        """Answer as a trainee would (tests, scripted screenshots)."""
        if self.kind == "single":
            self.buttons[value].setChecked(True)
        elif self.kind == "multiple":
            for i, b in enumerate(self.buttons):
                b.setChecked(i in value)
        elif self.kind == "true_false":
            self.buttons[0 if value else 1].setChecked(True)
        elif self.kind == "order":
            self.set_order(list(value))
        elif self.kind in ("rewrite", "say"):
            self.start_typing()
            self.text.setPlainText(value)

    def lock(self) -> None:
        """After answering: the answer stays visible but cannot change."""
        for w in (*self.buttons, *self._moves, self.steps, self.text):
            if w is not None:
                w.setEnabled(False)
        if self.voice is not None:
            self.voice.lock()
