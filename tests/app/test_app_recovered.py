"""Recordings start-up recovered are announced: a banner (zh/en) says how many and where, a
button opens that folder, and it can be dismissed; nothing is shown when nothing was kept, and
a take with no speech in it is not kept to be announced later."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf
from PySide6.QtGui import QDesktopServices

from simulator.app import i18n
from simulator.app.services.device_port import DevicePort
from simulator.app.tasks import SyncTaskRunner
from simulator.audio.fake import FileAudioBackend
from tests.app.conftest import KEYS, history, press, turns, wait_phase
from tests.app.fakes import reply
from tests.app.test_app_calls import start


def _interrupted_take(data: Path, name: str) -> Path:
    """A take's ``.part`` as a crash leaves it (here with a complete header)."""
    part = data / "recordings" / name
    part.parent.mkdir(parents=True, exist_ok=True)
    samples = (np.sin(np.linspace(0, 500, 8000)) * 8000).astype(np.int16)
    sf.write(str(part), samples, 16000, subtype="PCM_16", format="WAV")
    return part


def test_recovered_recordings_are_announced_with_their_folder(make_app, tmp_path, monkeypatch):
    data = tmp_path / "data"
    _interrupted_take(data, "k1/01-t1-1.wav.part")
    _interrupted_take(data, "k1/02-t2-1.wav.part")
    opened: list = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    ctx, window, controller = make_app(["date-good-t1"])
    banner = window.banners["recovered"]
    folder = data / "recovered" / "k1"
    assert banner.isVisible() and not banner.isHidden()
    assert banner.text.text() == i18n.tr("recovered.banner", n=2, folder=str(folder))
    assert "2 段录音" in banner.text.text() and str(folder) in banner.text.text()
    assert sorted(p.name for p in folder.iterdir()) == ["01-t1-1.wav", "02-t2-1.wav"]
    banner.button.click()
    assert [Path(url.toLocalFile()) for url in opened] == [folder]
    banner.close_button.click()
    assert banner.isHidden()


def test_banner_follows_the_language_and_names_the_root_for_several_calls(
    make_app, tmp_path, monkeypatch
):
    data = tmp_path / "data"
    _interrupted_take(data, "k1/01-t1-1.wav.part")
    _interrupted_take(data, "k2/01-t1-1.wav.part")
    ctx, window, controller = make_app(["date-good-t1"])
    settings = window.settings
    controller.navigate("settings")
    settings.language.setCurrentIndex(settings.language.findData("en"))
    try:
        settings.save_button.click()
        text = window.banners["recovered"].text.text()
        assert text.startswith("2 recording(s) could not be saved to your history")
        assert text.endswith(str(data / "recovered"))
        assert window.banners["recovered"].button.text() == "Open folder"
    finally:
        i18n.set_language("zh")


def test_no_banner_when_nothing_was_recovered(make_app, monkeypatch):
    opened: list = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    ctx, window, controller = make_app(["date-good-t1"])
    assert window.banners["recovered"].isHidden() and "recovered" not in controller.folders
    controller.open_recovered()
    assert opened == []


def test_a_take_with_no_speech_is_not_kept_for_recovery(make_app, qtbot, tmp_path):
    silent = tmp_path / "silent.wav"
    sf.write(str(silent), np.zeros(16000, dtype=np.int16), 16000, subtype="PCM_16")
    backend = FileAudioBackend(speed=8.0, trailing_silence_s=2.0)
    port = DevicePort(backend, sources=[silent, reply("date-good-t1")], recordings_dir=tmp_path)
    ctx, window, _ = make_app(port=port)
    start(qtbot, window, "date-invitation")
    press(qtbot, window, KEYS["space"])  # answer, then say nothing
    wait_phase(qtbot, window, "feedback")  # heard nothing, listened again, got the reply
    records = turns(ctx, history(ctx)[0].id)
    assert [Path(r.recording).name for r in records] == ["01-t1-2.wav"]
    assert [p.name for p in ctx.recordings.files()] == ["01-t1-2.wav"]
    assert ctx.services.practice.reconcile().recovered == []


class _HeldGradingRunner(SyncTaskRunner):
    """Runs tasks at once, except grading a spoken reply, held until released."""

    def __init__(self):
        super().__init__()
        self.held: list = []

    def run(self, lane, fn, on_done=None, on_error=None, **kwargs):
        if kwargs.get("name") == "hear_and_grade":
            run = super().run
            self.held.append(lambda: run(lane, fn, on_done, on_error, **kwargs))
            return 0
        return super().run(lane, fn, on_done, on_error, **kwargs)


def test_a_take_whose_call_ended_while_it_was_graded_is_not_kept(make_app, qtbot):
    runner = _HeldGradingRunner()
    ctx, window, _ = make_app(["angry-good-t1"], runner=runner)
    start(qtbot, window, "angry-caller")
    press(qtbot, window, KEYS["space"])
    qtbot.waitUntil(lambda: bool(runner.held), timeout=10000)  # the reply is being graded
    assert [p.name for p in ctx.recordings.files()] == ["01-t1-1.wav"]
    press(qtbot, window, KEYS["esc"])  # hang up before the feedback
    runner.held.pop()()
    assert ctx.recordings.files() == []
    assert ctx.services.practice.reconcile().recovered == []
