"""FileAudioBackend: the same interface, recording by streaming a real file."""

from __future__ import annotations

import time

import numpy as np
import pytest
import soundfile as sf

from simulator.audio.errors import DeviceLost, NoInputDevice, UnsupportedSampleRate
from simulator.audio.fake import FileAudioBackend

SR = 16000


@pytest.fixture
def reply(tmp_path):
    t = np.arange(SR) / SR
    speech = (0.3 * np.sin(2 * np.pi * 220 * t) * 32767).astype(np.int16)
    path = tmp_path / "reply.wav"
    sf.write(path, np.concatenate([np.zeros(SR // 4, np.int16), speech]), SR, subtype="PCM_16")
    return path


def test_streams_file_bit_for_bit_and_ends_turn(reply, tmp_path):
    backend = FileAudioBackend(reply, speed=None)
    levels = []
    result = backend.start_recording(tmp_path / "out.wav", on_level=levels.append).wait(5)
    assert result.reason == "end_of_turn"
    assert result.duration_s == pytest.approx(1.25 + 0.8, abs=0.06)
    data, _ = sf.read(result.path, dtype="int16")
    source, _ = sf.read(reply, dtype="int16")
    assert np.array_equal(data[: source.size], source)
    assert not data[source.size :].any()
    assert max(levels) == pytest.approx(-13.5, abs=0.2)


def test_real_time_pacing(reply, tmp_path):
    """At speed 4 the 2.05 s take streams in about 0.5 s: not finished at a third of that
    (a busy machine only makes it later), finished well within the wait."""
    rec = FileAudioBackend(reply, speed=4.0).start_recording(tmp_path / "out.wav")
    assert rec.wait(0.15) is None and not rec.finished
    result = rec.wait(30)
    assert result is not None and result.reason == "end_of_turn"
    assert result.duration_s == pytest.approx(1.25 + 0.8, abs=0.06)


def test_push_to_talk_and_end_of_input(reply, tmp_path):
    backend = FileAudioBackend(reply, speed=None, trailing_silence_s=0.2)
    result = backend.start_recording(tmp_path / "a.wav", auto_stop=False).wait(5)
    assert result.reason == "end_of_input"
    assert result.duration_s == pytest.approx(1.45, abs=0.01)
    backend.speed = 1.0
    rec = backend.start_recording(tmp_path / "b.wav")
    time.sleep(0.3)
    assert rec.stop().reason == "stopped"


def test_simulated_unplug_keeps_audio(reply, tmp_path):
    backend = FileAudioBackend(reply, speed=None, lose_device_after_s=0.5)
    with pytest.raises(DeviceLost) as info:
        backend.start_recording(tmp_path / "out.wav").wait(5)
    assert info.value.recording.frames == SR // 2
    assert sf.info(tmp_path / "out.wav").frames == SR // 2


def test_devices_errors_and_playback(reply, tmp_path):
    backend = FileAudioBackend(reply, speed=None)
    assert [d.name for d in backend.input_devices()] == ["file: reply.wav"]
    assert backend.output_devices()
    with pytest.raises(UnsupportedSampleRate):
        backend.check_input(sample_rate=44100)
    assert backend.play(reply, blocking=True) == pytest.approx(1.25)
    assert backend.played == [(reply, SR)]
    with pytest.raises(NoInputDevice):
        FileAudioBackend().start_recording(tmp_path / "x.wav")


def test_other_rates_are_converted(tmp_path):
    path = tmp_path / "cd.wav"
    t = np.arange(44100) / 44100
    sf.write(path, 0.3 * np.sin(2 * np.pi * 220 * t), 44100)
    result = FileAudioBackend(path, speed=None).start_recording(tmp_path / "o.wav").wait(5)
    assert result.duration_s == pytest.approx(1.8, abs=0.06)


def test_wait_with_timeout_returns_none_while_recording(reply, tmp_path):
    rec = FileAudioBackend(reply, speed=1.0).start_recording(tmp_path / "o.wav")
    assert rec.wait(0.05) is None and not rec.finished
    result = rec.stop()
    assert rec.finished and result.reason == "stopped"
    assert rec.wait(0) == result


def test_playback_starts_where_asked(reply):
    """Seeking: the file (1.25 s) played from 0.5 s in lasts 0.75 s; past its end, nothing."""
    backend = FileAudioBackend(reply, speed=None)
    assert backend.play(reply) == pytest.approx(1.25)
    assert backend.play(reply, start_s=0.5) == pytest.approx(0.75)
    assert backend.play(reply, start_s=9.0) == 0.0
