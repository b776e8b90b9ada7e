"""Settings: written on the db lane (never on the UI thread) yet on disk when the app quits;
the playback device can be chosen, is saved and is the one playback uses."""

from __future__ import annotations

import threading
import time

from simulator.app.services.settings import SettingsStore
from simulator.app.tasks import TaskRunner
from simulator.audio.errors import NoOutputDevice
from tests.app.fakes import reply

OUTPUT = "file: null output"  # the FileAudioBackend's one playback device


def spy_playback(monkeypatch, ctx, unplugged: bool = False) -> list:
    """The device each playback asked the backend for (None = system default)."""
    backend = ctx.audio.port.backend
    real_play = backend.play
    devices: list = []

    def play(audio, sample_rate=None, device=None, blocking=False):
        if unplugged and device is not None:
            raise NoOutputDevice(f"no device named {device!r}")
        devices.append(device)
        return real_play(audio, sample_rate, device, blocking)

    monkeypatch.setattr(backend, "play", play)
    return devices


def test_settings_are_saved_on_the_db_lane(make_app):
    ctx, _, controller = make_app(["date-good-t1"])
    ctx.runner.ran.clear()
    controller.set_device("USB Mic")
    assert ctx.runner.ran == [("db", "save_settings")]
    assert ctx.settings_store.load().input_device == "USB Mic"


def test_settings_written_off_the_ui_thread_are_flushed_on_quit(make_app, monkeypatch):
    ctx, _, controller = make_app(["date-good-t1"], runner=TaskRunner())
    store = ctx.settings_store
    writers: list[int] = []
    real_save = store.save

    def slow_save(settings):
        writers.append(threading.get_ident())
        time.sleep(0.3)  # a slow disk: quitting must still wait for the write
        real_save(settings)

    monkeypatch.setattr(store, "save", slow_save)
    controller.set_device("USB Mic")
    controller.set_device("Headset")
    controller.shutdown()
    assert len(writers) == 2 and threading.get_ident() not in writers
    assert SettingsStore(store.folder).load().input_device == "Headset"


def test_choose_the_playback_device(make_app, monkeypatch):
    ctx, window, controller = make_app(["date-good-t1"])
    played = spy_playback(monkeypatch, ctx)
    window.navigate.emit("settings")
    view = window.settings
    choices = [view.output.itemData(i) for i in range(view.output.count())]
    assert choices == ["", OUTPUT] and view.output.currentIndex() == 0
    assert view.labels[2].text() == "播放设备" and view.labels[2].buddy() is view.output
    view.output.setCurrentIndex(view.output.findData(OUTPUT))
    view.save_button.click()
    assert ctx.settings_store.load().output_device == OUTPUT
    controller.play_file(str(reply("date-good-t1")))
    assert played == [OUTPUT]
    window.close()
    ctx2, window2, _ = make_app()  # after a restart: still the chosen device
    assert ctx2.audio.output_device == OUTPUT
    window2.navigate.emit("settings")
    assert window2.settings.output.currentData() == OUTPUT


def test_unplugged_playback_device_falls_back_to_the_default(make_app, monkeypatch):
    ctx, _, controller = make_app(["date-good-t1"])
    played = spy_playback(monkeypatch, ctx, unplugged=True)
    ctx.audio.output_device = "USB Headset"
    controller.play_file(str(reply("date-good-t1")))
    assert played == [None]
