"""Settings: shown with the devices and the data folder in use, saved on the db lane (a copy,
so later edits do not race the write; shutdown waits for it), applied at once (language,
devices, speech model)."""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from simulator.app import i18n
from simulator.app.context import AppContext
from simulator.app.room.controllers.sync import RoomSyncController
from simulator.fileutil import data_dir as default_data_dir

log = logging.getLogger(__name__)


class SettingsController(QObject):
    language_changed = Signal()
    input_changed = Signal()
    model_changed = Signal()
    problem = Signal(str, str)  # string id, cause: for the error banner

    def __init__(self, ctx: AppContext, window, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.view = window.settings
        self.model_status = ("", {})  # string id and fields of the model's state
        self.view.save.connect(self.save)
        self.view.refresh_devices.connect(self.refresh_devices)
        self.room = RoomSyncController(ctx, window, self.view.room, self)  # the centre's card

    def show(self) -> None:
        audio = self.ctx.audio
        key, fields = self.model_status
        self.view.show_settings(
            self.ctx.settings,
            audio.input_devices(),
            audio.output_devices(),
            i18n.tr(key, **fields) if key else "",
            (str(self.ctx.services.data_dir), str(default_data_dir())),
        )
        self.room.refresh()

    def set_model_status(self, key: str, **fields) -> None:
        self.model_status = (key, fields)
        self.view.set_model_status(i18n.tr(key, **fields))

    def refresh_devices(self) -> None:
        self.input_changed.emit()
        self.view.set_devices(self.ctx.audio.input_devices(), self.ctx.settings.input_device)
        self.view.set_output_devices(
            self.ctx.audio.output_devices(), self.ctx.settings.output_device
        )

    def save(self, new) -> None:
        old = self.ctx.settings
        self.ctx.settings = new
        self.write()
        self.ctx.audio.output_device = new.output_device
        if new.language != old.language:
            i18n.set_language(new.language)
            self.language_changed.emit()
        if new.input_device != old.input_device:
            self.ctx.audio.input_device = new.input_device
            self.input_changed.emit()
        if new.model != old.model:
            self.model_changed.emit()
        self.view.set_model_status(i18n.tr("set.saved"))

    def write(self) -> None:
        """Write a copy of the settings on the db lane: the fsync stays off the UI thread, and
        shutdown waits for queued tasks, so the last change is on disk when the app quits."""
        snapshot = replace(self.ctx.settings)
        store = self.ctx.settings_store
        self.ctx.runner.run(
            "db",
            lambda: store.save(snapshot),
            None,
            self._failed,
            name="save_settings",
        )

    def _failed(self, exc: BaseException) -> None:
        msg = str(exc) or type(exc).__name__
        log.error("saving settings to %s failed: %s", self.ctx.settings_store.path, msg)
        self.problem.emit("set.save_failed", msg)
