"""Settings: microphone, playback device, speech model (size or folder), UI language, data
folder (and the one in use), hands-free moving on. The view only edits values; the app
controller saves and applies them."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from simulator.app.i18n import LANGUAGES, tr
from simulator.app.room.views.sync_panel import SyncPanel
from simulator.app.services.settings import Settings
from simulator.app.widgets import card, fill_devices, label, retranslate_devices

MODEL_CHOICES = ("", "small", "medium")


class SettingsView(QWidget):
    save = Signal(object)  # Settings
    refresh_devices = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.settings = Settings()
        outer = QVBoxLayout(self)  # scrolls: the training centre's card makes the page tall
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        inner.setObjectName("page")
        scroll.setWidget(inner)
        outer.addWidget(scroll)
        root = QVBoxLayout(inner)
        root.setContentsMargins(14, 12, 14, 12)
        self._sections = root  # other features' sections go in here, so they scroll too
        self.heading = label("", "title")
        root.addWidget(self.heading)
        frame, lay = card()
        frame.setMaximumWidth(820)
        form = QFormLayout()
        form.setSpacing(10)
        self.language = QComboBox()
        self.language.setObjectName("language")  # each language named in itself
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.mic = QComboBox()
        self.refresh = QPushButton()
        self.refresh.clicked.connect(self.refresh_devices)
        mic_row = QHBoxLayout()
        mic_row.addWidget(self.mic, 1)
        mic_row.addWidget(self.refresh)
        self.output = QComboBox()
        self.model = QComboBox()
        self.model.currentIndexChanged.connect(self._model_changed)
        self.model_dir = QLineEdit()
        self.model_browse = QPushButton()
        self.model_browse.clicked.connect(self._pick_model_dir)
        model_row = QHBoxLayout()
        model_row.addWidget(self.model)
        model_row.addWidget(self.model_dir, 1)
        model_row.addWidget(self.model_browse)
        self.model_status = label("", "muted", wrap=True)
        self.data_dir = QLineEdit()
        self.data_browse = QPushButton()
        self.data_browse.clicked.connect(self._pick_data_dir)
        data_row = QHBoxLayout()
        data_row.addWidget(self.data_dir, 1)
        data_row.addWidget(self.data_browse)
        self.data_in_use = label("", "muted", wrap=True)
        self.data_in_use.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._folders = ("", "")  # (in use, default)
        self.auto = QDoubleSpinBox()
        self.auto.setRange(0, 30)
        self.auto.setDecimals(0)
        self.auto.setMaximumWidth(220)
        self.labels = [QLabel() for _ in range(6)]
        form.addRow(self.labels[0], self.language)
        form.addRow(self.labels[1], mic_row)
        form.addRow(self.labels[2], self.output)
        form.addRow(self.labels[3], model_row)
        form.addRow("", self.model_status)
        form.addRow(self.labels[4], data_row)
        form.addRow("", self.data_in_use)
        form.addRow(self.labels[5], self.auto)
        for lab, w in zip(
            self.labels,
            (self.language, self.mic, self.output, self.model, self.data_dir, self.auto),
            strict=True,
        ):
            lab.setBuddy(w)
        lay.addLayout(form)
        self.note = label("", "muted", wrap=True)
        lay.addWidget(self.note)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton()
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self._save)
        buttons.addWidget(self.save_button)
        lay.addLayout(buttons)
        root.addWidget(frame)
        self.room = SyncPanel()  # this seat's training centre (simulator/app/room)
        self.room.setMaximumWidth(820)
        root.addWidget(self.room)
        root.addStretch(1)
        self.retranslate()

    def add_section(self, widget: QWidget) -> None:
        """Another feature's section below the settings (the privacy of recordings), inside
        the scrolled page (before its closing stretch)."""
        root = self._sections
        root.insertWidget(root.count() - 1, widget)

    def retranslate(self) -> None:
        self.heading.setText(tr("set.heading"))
        for lab, key in zip(
            self.labels,
            (
                "set.language",
                "set.mic",
                "set.output",
                "set.model",
                "set.data_dir",
                "set.auto_continue",
            ),
            strict=True,
        ):
            lab.setText(tr(key))
        self.refresh.setText(tr("set.refresh"))
        self.model_browse.setText(tr("set.browse"))
        self.data_browse.setText(tr("set.browse"))
        self.save_button.setText(tr("set.save"))
        self.note.setText(tr("set.note"))
        self.auto.setSuffix(tr("set.seconds"))
        self.auto.setSpecialValueText(tr("set.auto_off"))
        self._show_folders()
        self.model_dir.setPlaceholderText(tr("set.model_folder"))
        current = self.model.currentIndex()
        self.model.blockSignals(True)
        self.model.clear()
        for key in ("set.model_base", "set.model_small", "set.model_medium", "set.model_folder"):
            self.model.addItem(tr(key))
        self.model.setCurrentIndex(max(0, current))
        self.model.blockSignals(False)
        for combo in (self.mic, self.output):
            retranslate_devices(combo)
        self.room.retranslate()

    def show_settings(
        self,
        settings: Settings,
        inputs: list[str],
        outputs: list[str],
        model_status: str,
        folders: tuple[str, str] = ("", ""),
    ) -> None:
        """``folders``: the data folder in use and the default one (what an empty field
        means)."""
        self.settings = settings
        self._folders = folders
        self._show_folders()
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.set_devices(inputs, settings.input_device)
        self.set_output_devices(outputs, settings.output_device)
        if settings.model in MODEL_CHOICES:
            self.model.setCurrentIndex(MODEL_CHOICES.index(settings.model))
            self.model_dir.clear()
        else:
            self.model.setCurrentIndex(3)
            self.model_dir.setText(settings.model)
        self._model_changed()
        self.data_dir.setText(settings.data_dir)
        self.auto.setValue(settings.auto_next_s)
        self.model_status.setText(model_status)

    def _show_folders(self) -> None:
        in_use, default = self._folders
        self.data_dir.setPlaceholderText(
            tr("set.default_folder_at", path=default) if default else tr("set.default_folder")
        )
        self.data_in_use.setText(tr("set.data_in_use", path=in_use) if in_use else "")
        self.data_in_use.setVisible(bool(in_use))

    def set_devices(self, devices: list[str], current: str) -> None:
        fill_devices(self.mic, devices, current)

    def set_output_devices(self, devices: list[str], current: str) -> None:
        fill_devices(self.output, devices, current)

    def set_model_status(self, text: str) -> None:
        self.model_status.setText(text)

    def _model_changed(self, *_args) -> None:
        custom = self.model.currentIndex() == 3
        self.model_dir.setEnabled(custom)
        self.model_browse.setEnabled(custom)

    def _pick_model_dir(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("set.model"))
        if folder:
            self.model_dir.setText(folder)

    def _pick_data_dir(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("set.data_dir"))
        if folder:
            self.data_dir.setText(folder)

    def values(self) -> Settings:
        idx = self.model.currentIndex()
        model = self.model_dir.text().strip() if idx == 3 else MODEL_CHOICES[max(0, idx)]
        s = Settings(**vars(self.settings))
        s.language = self.language.currentData()
        s.input_device = self.mic.currentData() or ""
        s.output_device = self.output.currentData() or ""
        s.model = model
        s.data_dir = self.data_dir.text().strip()
        s.auto_next_s = float(self.auto.value())
        return s

    def _save(self) -> None:
        self.save.emit(self.values())
