"""The caller line's audio in the editor: what the line has now (a recording, rendered
audio, or none: marked, the line is shown as text), recording a take with the trainer's own
voice, its waveform and length, trimming its start and end, hearing it back, saving it into
the pack, and rendering the line with the TTS authoring tool (disabled, with the reason,
when it is not installed). Lays out and emits; the caller audio controller does the work."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from simulator.app.i18n import tr
from simulator.app.widgets import LevelMeter, card, label


class Waveform(QWidget):
    """A take's envelope (0–1 per column), the trimmed-off parts shaded."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMinimumHeight(64)
        self.envelope: list[float] = []
        self.duration = 0.0
        self.start = self.end = 0.0

    def set_take(self, envelope: list[float], duration: float, start: float, end: float):
        self.envelope, self.duration, self.start, self.end = list(envelope), duration, start, end
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        w, h = self.width(), self.height()
        p.fillRect(0, 0, w, h, QColor("#f4f6fa"))
        if not self.envelope or self.duration <= 0:
            p.end()
            return
        p.setPen(QPen(QColor("#3465a4"), 1))
        n, mid = len(self.envelope), h / 2
        for x in range(w):
            v = self.envelope[min(n - 1, int(x * n / w))]
            p.drawLine(QPointF(x, mid - v * mid), QPointF(x, mid + v * mid))
        shade = QColor(0, 0, 0, 70)
        x0, x1 = self.start / self.duration * w, self.end / self.duration * w
        p.fillRect(QRectF(0, 0, x0, h), shade)
        p.fillRect(QRectF(x1, 0, w - x1, h), shade)
        p.end()


class CallerAudioPanel(QWidget):
    play_current = Signal()
    record = Signal()
    stop = Signal()
    hear_take = Signal()
    save_take = Signal()
    render = Signal()
    trim_changed = Signal(float, float)  # start, end (seconds into the take)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        frame, lay = card(self)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        self.title = label("", "subtitle")
        lay.addWidget(self.title)
        self.state = label("", "audioState", wrap=True)
        lay.addWidget(self.state)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for i, (name, signal) in enumerate(
            (
                ("play_current", self.play_current),
                ("record", self.record),
                ("stop", self.stop),
                ("hear_take", self.hear_take),
                ("save_take", self.save_take),
                ("render", self.render),
            )
        ):
            b = self.buttons[name] = QPushButton()
            b.clicked.connect(signal)
            grid.addWidget(b, i // 3, i % 3)
        lay.addLayout(grid)
        self.meter = LevelMeter()
        lay.addWidget(self.meter)
        self.wave = Waveform()
        lay.addWidget(self.wave)
        row = QHBoxLayout()
        self.start_label, self.end_label = QLabel(), QLabel()
        self.start_spin, self.end_spin = QDoubleSpinBox(), QDoubleSpinBox()
        for lab, spin in ((self.start_label, self.start_spin), (self.end_label, self.end_spin)):
            spin.setDecimals(2)
            spin.setSingleStep(0.05)
            spin.setSuffix(" s")
            spin.valueChanged.connect(self._trim)
            row.addWidget(lab)
            row.addWidget(spin)
        lay.addLayout(row)
        self.length = label("", wrap=True)
        lay.addWidget(self.length)
        self.note = label("", wrap=True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.note)
        self._line: tuple[str | None, bool, bool, bool] = (None, False, False, False)
        self._tts: str | None = None  # why rendering is disabled, or None
        self._take: tuple[float, float, float] | None = None  # duration, start, end
        self._note: tuple[str, str, dict] | None = None
        self.recording = False
        self.retranslate()

    # ------------------------------------------------------------------ state
    def set_line(self, ref: str | None, recorded: bool, exists: bool, editable: bool) -> None:
        """The line's audio now: its reference (None: none), whether it is the trainer's
        own recording, whether the file is there."""
        self._line = (ref, recorded, exists, editable)
        self._show()

    def set_tts(self, reason_key: str | None) -> None:
        self._tts = reason_key
        self._show()

    def set_recording(self, recording: bool) -> None:
        self.recording = recording
        self.meter.set_level(0.0)
        self._show()

    def set_level(self, value: float) -> None:
        self.meter.set_level(value)

    def set_take(self, envelope: list[float], duration: float, start: float, end: float):
        self._take = (duration, start, end)
        for spin, value in ((self.start_spin, start), (self.end_spin, end)):
            spin.blockSignals(True)
            spin.setRange(0.0, duration)
            spin.setValue(value)
            spin.blockSignals(False)
        self.wave.set_take(envelope, duration, start, end)
        self._show()

    def clear_take(self) -> None:
        self._take = None
        self.wave.set_take([], 0.0, 0.0, 0.0)
        self._show()

    def set_trim(self, start: float, end: float) -> None:
        """Move the trim marks as a user does (tests and tools)."""
        self.start_spin.setValue(start)
        self.end_spin.setValue(end)

    def _trim(self, *_args) -> None:
        self.trim_changed.emit(self.start_spin.value(), self.end_spin.value())

    def show_note(self, kind: str, key: str, **fields) -> None:
        self._note = (kind, key, fields)
        colour = {"error": "#b00020", "done": "#1b6e20"}.get(kind, "#333333")
        self.note.setStyleSheet(f"color: {colour};")
        self.note.setText(tr(key, **fields))

    @property
    def note_text(self) -> str:
        return self.note.text() if self._note else ""

    def _show(self) -> None:
        ref, recorded, exists, editable = self._line
        if ref is None:
            self.state.setText(tr("ed.audio_none"))
            self.state.setStyleSheet("color: #a05a00;")
        elif not exists:
            self.state.setText(tr("ed.audio_missing", ref=ref))
            self.state.setStyleSheet("color: #a05a00;")
        else:
            kind = tr("ed.audio_recorded") if recorded else tr("ed.audio_rendered")
            self.state.setText(tr("ed.audio_has", ref=ref, kind=kind))
            self.state.setStyleSheet("")
        b, take = self.buttons, self._take
        b["play_current"].setEnabled(bool(ref and exists) and not self.recording)
        b["record"].setEnabled(editable and not self.recording)
        b["stop"].setEnabled(self.recording)
        b["hear_take"].setEnabled(take is not None and not self.recording)
        b["save_take"].setEnabled(editable and take is not None and not self.recording)
        b["render"].setEnabled(editable and self._tts is None and not self.recording)
        b["render"].setToolTip(tr(self._tts) if self._tts else "")
        for spin in (self.start_spin, self.end_spin):
            spin.setEnabled(take is not None and not self.recording)
        if take is None:
            self.length.setText(tr("ed.take_none") if editable else "")
        else:
            duration, start, end = take
            self.length.setText(tr("ed.take_length", total=duration, kept=max(0.0, end - start)))
        if self._tts and editable:
            self.length.setText(self.length.text() + "\n" + tr(self._tts))

    def retranslate(self) -> None:
        self.title.setText(tr("ed.audio_title"))
        for name, b in self.buttons.items():
            b.setText(tr(f"ed.audio_{name}"))
        self.start_label.setText(tr("ed.trim_start"))
        self.end_label.setText(tr("ed.trim_end"))
        if self._note is not None:
            kind, key, fields = self._note
            self.show_note(kind, key, **fields)
        self._show()
