"""Audio errors: one-line bilingual messages; PortAudio missing is an error, not a crash."""

from __future__ import annotations

import importlib.abc
import sys

import pytest

from simulator.audio import errors
from simulator.audio.backend import SoundDeviceBackend


@pytest.mark.parametrize(
    "cls",
    [
        errors.PortAudioMissing,
        errors.NoInputDevice,
        errors.NoOutputDevice,
        errors.UnsupportedSampleRate,
        errors.DeviceLost,
    ],
)
def test_messages_are_one_line_chinese_and_english(cls):
    exc = cls("detail here")
    text = str(exc)
    assert isinstance(exc, errors.AudioDeviceError)
    assert "\n" not in text and " / " in text and text.endswith("(detail here)")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in exc.zh)
    assert exc.en.isascii()


class _NoPortAudio(importlib.abc.MetaPathFinder):
    """Makes ``import sounddevice`` fail the way it does without libportaudio."""

    def find_spec(self, name, path=None, target=None):
        if name == "sounddevice":
            raise OSError("PortAudio library not found")
        return None


def test_missing_portaudio_is_reported(monkeypatch):
    monkeypatch.delitem(sys.modules, "sounddevice", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_NoPortAudio(), *sys.meta_path])
    backend = SoundDeviceBackend()  # constructing never touches PortAudio
    with pytest.raises(errors.PortAudioMissing) as info:
        backend.input_devices()
    assert "libportaudio2" in str(info.value) and "PortAudio library not found" in str(info.value)


def test_missing_sounddevice_package_is_reported(monkeypatch):
    monkeypatch.setitem(sys.modules, "sounddevice", None)
    with pytest.raises(errors.PortAudioMissing, match="sounddevice is not installed"):
        SoundDeviceBackend().start_recording("/tmp/never.wav")
