"""The editor's preview: the selected scenario's caller lines in the order a trainee hears
them (each marked when it has no audio and will be shown as text), play and stop, and the
line playing now. Lays out and emits; the preview controller plays through the audio
service."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QWidget

from simulator.app.i18n import tr
from simulator.app.widgets import card, label


class PreviewPanel(QWidget):
    play = Signal()
    stop = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        frame, lay = card(self)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        self.title = label("", "subtitle")
        lay.addWidget(self.title)
        self.scenario = label("", wrap=True)
        lay.addWidget(self.scenario)
        self.lines = QListWidget()
        self.lines.setWordWrap(True)
        self.lines.setAccessibleName("preview lines")
        self.lines.setObjectName("quoted")  # what the caller says stays Chinese
        lay.addWidget(self.lines, 1)
        row = QHBoxLayout()
        self.play_button = QPushButton()
        self.play_button.clicked.connect(self.play)
        self.stop_button = QPushButton()
        self.stop_button.clicked.connect(self.stop)
        row.addWidget(self.play_button)
        row.addWidget(self.stop_button)
        row.addStretch(1)
        lay.addLayout(row)
        self.note = label("", wrap=True)
        lay.addWidget(self.note)
        self._lines: list = []
        self._has_audio: list[bool] = []
        self._title = ""
        self.playing: int | None = None
        self.retranslate()

    def set_lines(self, scenario_title: str, lines: list, has_audio: list[bool]) -> None:
        self._title, self._lines, self._has_audio = scenario_title, list(lines), list(has_audio)
        self.playing = None
        self._fill()

    def _fill(self) -> None:
        self.scenario.setText(self._title)
        self.lines.clear()
        for i, (line, audio) in enumerate(zip(self._lines, self._has_audio, strict=False)):
            text = tr("ed.preview_line", n=line.turn_id, text=line.text or tr("ed.silent"))
            if not audio:
                text += "\n" + tr("ed.preview_no_audio")
            item = QListWidgetItem(("▶ " if i == self.playing else "") + text)
            if not audio:
                item.setForeground(QBrush(QColor("#a05a00")))
            self.lines.addItem(item)
        self.play_button.setEnabled(bool(self._lines) and self.playing is None)
        self.stop_button.setEnabled(self.playing is not None)

    def set_playing(self, index: int | None) -> None:
        self.playing = index
        self._fill()
        if index is not None and 0 <= index < self.lines.count():
            self.lines.setCurrentRow(index)

    def retranslate(self) -> None:
        self.title.setText(tr("ed.preview_title"))
        self.play_button.setText(tr("ed.preview_play"))
        self.stop_button.setText(tr("ed.preview_stop"))
        self.note.setText(tr("ed.preview_note"))
        self._fill()
