"""Recordings start-up recovered are announced: a banner (zh/en) says how many and where, a
button opens that folder, and it can be dismissed; nothing is shown when nothing was kept."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf
from PySide6.QtGui import QDesktopServices

from simulator.app import i18n


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
    banner = window.recovered_banner
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
        text = window.recovered_banner.text.text()
        assert text.startswith("2 recording(s) from an interrupted call")
        assert text.endswith(str(data / "recovered"))
        assert window.recovered_banner.button.text() == "Open folder"
    finally:
        i18n.set_language("zh")


def test_no_banner_when_nothing_was_recovered(make_app, monkeypatch):
    opened: list = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    ctx, window, controller = make_app(["date-good-t1"])
    assert window.recovered_banner.isHidden() and controller.recovered is None
    controller.open_recovered()
    assert opened == []
