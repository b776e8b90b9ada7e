"""Answering a quiz question by voice: a record / done-speaking button with a level meter, what
is happening (recording, transcribing, a problem) and a "type instead" button. When recording
cannot work (no microphone, no speech model) it says why and the answer is typed. Lays out and
emits; the quiz controller records, transcribes and grades."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from simulator.app import theme
from simulator.app.i18n import tr
from simulator.app.widgets import LevelMeter, label

# idle: ready to record; recording; transcribing; problem: a take failed (may record again);
# unavailable: recording cannot work here (typed only)
STATES = ("idle", "recording", "transcribing", "problem", "unavailable")


class VoiceBox(QWidget):
    record = Signal()  # start a take
    stop = Signal()  # the trainee is done speaking
    type_instead = Signal()

    def __init__(self, rewrite: bool, parent: QWidget | None = None):
        """``rewrite``: the voice is the second way to answer (a typed rewrite said instead)."""
        super().__init__(parent)
        self.setObjectName("voice")
        self.rewrite = rewrite
        self.state = "idle"
        self._message: tuple[str, dict] | None = None  # string id and its fields
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        row = QHBoxLayout()
        self.record_button = QPushButton()
        self.record_button.setObjectName("" if rewrite else "primary")
        self.record_button.clicked.connect(self._record_clicked)
        self.meter = LevelMeter()
        self.type_button = QPushButton()
        self.type_button.clicked.connect(self.type_instead)
        row.addWidget(self.record_button)
        row.addWidget(self.meter, 1)
        row.addWidget(self.type_button)
        row.addStretch(1)  # the buttons keep their size while the meter is hidden
        lay.addLayout(row)
        self.status = label("", "muted", wrap=True)
        self.status.setObjectName("voiceStatus")
        lay.addWidget(self.status)
        self.set_state("idle")

    def _record_clicked(self) -> None:
        if self.state == "recording":
            self.stop.emit()
        elif self.state in ("idle", "problem"):
            self.record.emit()

    def set_state(self, state: str, key: str | None = None, **fields) -> None:
        """Show ``state``; ``key`` (a string id, with ``fields``) says what happened or why."""
        assert state in STATES, state
        self.state = state
        self._message = (key, fields) if key else None
        self.meter.set_level(0)
        # a rewrite is typed anyway: where it cannot be said, the way to say it is not offered
        self.setVisible(not (self.rewrite and state == "unavailable"))
        self.retranslate()

    def set_level(self, value: float) -> None:
        if self.state == "recording":
            self.meter.set_level(value)

    def lock(self) -> None:
        """After answering: nothing more to record."""
        for w in (self.record_button, self.type_button):
            w.setEnabled(False)

    def retranslate(self) -> None:
        state = self.state
        if state == "recording":
            self.record_button.setText(tr("quiz.stop"))
        elif state == "problem":
            self.record_button.setText(tr("quiz.record_again"))
        else:
            self.record_button.setText(tr("quiz.record_rewrite" if self.rewrite else "quiz.record"))
        self.record_button.setVisible(state != "unavailable")
        self.record_button.setEnabled(state in ("idle", "recording", "problem"))
        self.meter.setVisible(state == "recording")
        self.type_button.setText(tr("quiz.type_instead"))
        self.type_button.setVisible(not self.rewrite and state in ("idle", "problem"))
        if self._message is not None:
            key, fields = self._message
            text = tr(key, **fields)
        elif state == "recording":
            text = tr("quiz.recording")
        elif state == "transcribing":
            text = tr("quiz.transcribing")
        else:
            text = ""
        self.status.setText(text)
        self.status.setVisible(bool(text))
        bad = state in ("problem", "unavailable")
        self.status.setStyleSheet(f"color: {theme.BAD};" if bad else "")

    def status_text(self) -> str:
        return self.status.text() if not self.status.isHidden() else ""
