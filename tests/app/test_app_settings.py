"""Settings: written on the db lane (never on the UI thread) yet on disk when the app quits;
the playback device can be chosen, is saved and is the one playback uses; a saved device that
is not connected stays the choice (marked so) until the trainee picks another."""

from __future__ import annotations

import threading
import time

from simulator.app import i18n
from simulator.app.services.audio_ports import AudioUnavailable
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

    def play(audio, sample_rate=None, device=None, blocking=False, start_s=0.0):
        if unplugged and device is not None:
            raise NoOutputDevice(f"no device named {device!r}")
        devices.append(device)
        return real_play(audio, sample_rate, device, blocking, start_s)

    monkeypatch.setattr(backend, "play", play)
    return devices


def test_settings_are_saved_on_the_db_lane(make_app):
    ctx, _, controller = make_app(["date-good-t1"])
    ctx.runner.ran.clear()
    controller.home.set_device("USB Mic")
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
    controller.home.set_device("USB Mic")
    controller.home.set_device("Headset")
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


def test_unplugged_playback_device_falls_back_to_the_default(make_app, monkeypatch, qtbot, caplog):
    ctx, window, controller = make_app(["date-good-t1"])
    played = spy_playback(monkeypatch, ctx, unplugged=True)
    ctx.audio.output_device = "USB Headset"
    reports = []
    ctx.audio.playback_failed.connect(lambda token, msg: reports.append(msg))
    with caplog.at_level("WARNING"):
        controller.play_file(str(reply("date-good-t1")))
    assert played == [None]
    assert "no device named 'USB Headset'" in caplog.text  # the cause is logged
    qtbot.waitUntil(lambda: bool(reports), timeout=5000)
    assert "USB Headset" in reports[0] and "默认" in reports[0]  # the trainee is told
    text = window.banners["error"].text.text()  # said in the error banner, not silent
    assert window.banners["error"].isVisibleTo(window) and reports[0] in text
    assert "系统默认" in text
    controller.play_file(str(reply("date-good-t1")))  # the same problem is not repeated
    qtbot.wait(50)
    assert played == [None, None] and len(reports) == 1


def test_no_speaker_at_all_is_reported_and_the_call_goes_on(make_app, monkeypatch, qtbot):
    ctx, window, controller = make_app(["date-good-t1"])
    backend = ctx.audio.port.backend

    def no_output(audio, sample_rate=None, device=None, blocking=False):
        raise NoOutputDevice("no output device")

    monkeypatch.setattr(backend, "play", no_output)
    done, reports = [], []
    ctx.audio.playback_done.connect(done.append)
    ctx.audio.playback_failed.connect(lambda token, msg: reports.append((token, msg)))
    message = ctx.audio.play(reply("date-good-t1"), 7)
    assert message is not None and "扬声器" in message
    qtbot.waitUntil(lambda: bool(done) and bool(reports), timeout=5000)
    assert done == [7] and reports == [(7, message)]  # the caller's turn still moves on


def test_no_speaker_at_all_is_said_in_the_app(make_app, monkeypatch, qtbot, caplog):
    ctx, window, controller = make_app(["date-good-t1"])

    def play(*args, **kwargs):
        raise NoOutputDevice("no output device found")

    monkeypatch.setattr(ctx.audio.port.backend, "play", play)
    controller.play_file(str(reply("date-good-t1")))
    banner = window.banners["error"]
    qtbot.waitUntil(lambda: banner.isVisibleTo(window), timeout=5000)
    assert banner.text.text().startswith("无法播放声音") and "扬声器" in banner.text.text()
    assert any("playback of" in r.getMessage() for r in caplog.records)  # with the cause


def _saved_devices(tmp_path, mic: str, output: str) -> None:
    store = SettingsStore(tmp_path / "base")
    settings = store.load()
    settings.input_device, settings.output_device = mic, output
    store.save(settings)


def test_unplugged_devices_stay_chosen_in_settings(make_app, tmp_path):
    _saved_devices(tmp_path, "Desk Mic", "USB Headset")
    ctx, window, controller = make_app(["date-good-t1"])
    view = window.settings
    window.navigate.emit("settings")
    assert view.mic.currentText() == "Desk Mic（未连接）" and view.mic.currentData() == "Desk Mic"
    assert view.output.currentText() == "USB Headset（未连接）"
    assert [view.output.itemData(i) for i in range(view.output.count())] == [
        "",
        OUTPUT,
        "USB Headset",
    ]
    view.language.setCurrentIndex(view.language.findData("en"))
    try:
        view.save_button.click()  # saving something else keeps both devices
        saved = ctx.settings_store.load()
        assert (saved.language, saved.input_device, saved.output_device) == (
            "en",
            "Desk Mic",
            "USB Headset",
        )
        assert view.mic.currentText() == "Desk Mic (not connected)"
        assert view.output.itemText(0) == "System default"
    finally:
        i18n.set_language("zh")
    view.mic.setCurrentIndex(0)  # the trainee picks the system default after all
    view.save_button.click()
    saved = ctx.settings_store.load()
    assert (saved.input_device, saved.output_device) == ("", "USB Headset")
    window.navigate.emit("settings")
    assert view.mic.count() == 2 and view.mic.currentIndex() == 0


def test_home_lists_the_unplugged_microphone_and_lets_another_be_picked(
    make_app, tmp_path, qtbot, monkeypatch
):
    _saved_devices(tmp_path, "Desk Mic", "")
    ctx, window, controller = make_app(["date-good-t1"])
    port = ctx.audio.port
    real_check = port.check_input

    def check_input(device=""):
        if device and device not in port.input_devices():
            raise AudioUnavailable(f"no device named {device!r}")
        real_check(device)

    monkeypatch.setattr(port, "check_input", check_input)
    controller.home.check_audio()
    combo = window.home.devices
    assert window.banners["mic"].isVisible() and "Desk Mic" in window.banners["mic"].text.text()
    assert combo.isEnabled() and combo.currentText() == "Desk Mic（未连接）"
    assert ctx.settings_store.load().input_device == "Desk Mic"  # shown, not overwritten
    combo.setCurrentIndex(0)  # the system default
    qtbot.waitUntil(lambda: window.banners["mic"].isHidden(), timeout=2000)
    assert ctx.settings_store.load().input_device == "" and combo.count() == 2
