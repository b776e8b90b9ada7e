"""End to end through real PortAudio and ALSA (no mocks): a capture device that reads a raw
file, recorded by SoundDeviceBackend in a child process, comes back bit for bit."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from simulator.audio import virtual_mic

pytestmark = pytest.mark.usefixtures("require_portaudio")


def _reply(seconds=1.5, seed=7):
    """Voiced 'speech' (a 150 Hz tone under noise) with a quiet lead-in; every sample value
    matters for bit checks."""
    rng = np.random.default_rng(seed)
    n = int(16000 * seconds)
    tone = np.sin(2 * np.pi * 150 * np.arange(n) / 16000)
    speech = (9000 * (0.6 * tone + 0.4 * rng.uniform(-1, 1, n))).astype(np.int16)
    return np.concatenate([np.zeros(4000, np.int16), speech])


def test_recording_matches_the_file_bit_for_bit(tmp_path):
    reply = _reply()
    raw = virtual_mic.prepare(tmp_path, reply, tail_silence_s=1.5)
    out = tmp_path / "take.wav"
    report = virtual_mic.record_in_subprocess(tmp_path, out)
    assert report["ok"], report
    assert "default" in report["devices"]
    assert report["reason"] == "end_of_turn"
    assert report["speech_start_s"] == pytest.approx(0.25, abs=0.05)
    data, rate = sf.read(out, dtype="int16")
    assert rate == 16000 and data.size == report["frames"]
    assert data.size == pytest.approx(reply.size + 0.8 * 16000, abs=800)
    assert np.array_equal(data, np.fromfile(raw, "<i2")[: data.size])
    assert not (tmp_path / "take.wav.part").exists()


def test_max_duration_through_portaudio(tmp_path):
    virtual_mic.prepare(tmp_path, _reply(seconds=3.0), tail_silence_s=0.5)
    report = virtual_mic.record_in_subprocess(tmp_path, tmp_path / "t.wav", max_duration_s=1.0)
    assert report["ok"] and report["reason"] == "max_duration" and report["frames"] == 16000
