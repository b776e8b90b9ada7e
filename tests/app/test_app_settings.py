"""Settings: written on the db lane (never on the UI thread) yet on disk when the app quits;
the playback device can be chosen, is saved and is the one playback uses."""

from __future__ import annotations

import threading
import time

from simulator.app.services.settings import SettingsStore
from simulator.app.tasks import TaskRunner


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
