"""Recorder: written as it comes in, atomic finalise, crash recovery, device loss, errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from audio_helpers import crashed_part, speech_blocks

from simulator.audio.backend import SoundDeviceBackend
from simulator.audio.errors import (
    AudioDeviceError,
    DeviceLost,
    NoInputDevice,
    UnsupportedSampleRate,
)
from simulator.audio.recorder import read_part, recover_part

ROOT = Path(__file__).resolve().parents[2]


def _read(path):
    data, rate = sf.read(path, dtype="int16")
    assert rate == 16000
    return data


def test_push_to_talk_finalises_atomically(fake_sd, tmp_path):
    blocks = speech_blocks(40, 0)
    sd = fake_sd({"blocks": blocks, "interval": 0.01})
    out = tmp_path / "takes" / "reply.wav"
    rec = SoundDeviceBackend(sd=sd).start_recording(out, flush_interval_s=0.05)
    time.sleep(0.2)
    assert rec.part_path.exists() and not out.exists()  # never a half file at the final name
    assert rec.part_path.name == "reply.wav.part"
    result = rec.stop()
    assert result.reason == "stopped" and result.path == out
    assert out.exists() and not rec.part_path.exists()
    data = _read(out)
    expected = np.concatenate(blocks)[: data.size]
    assert data.size == result.frames and data.size % 800 == 0 and data.size > 0
    assert np.array_equal(data, expected)


def test_end_of_turn_after_silence_stops_and_reports(fake_sd, tmp_path):
    # 1 s of "speech" then 2 s of silence, delivered as fast as possible.
    blocks = speech_blocks(20, 40)
    levels, turn_ends = [], []
    sd = fake_sd({"blocks": blocks})
    rec = SoundDeviceBackend(sd=sd).start_recording(
        tmp_path / "r.wav", on_level=levels.append, on_end_of_turn=turn_ends.append
    )
    result = rec.wait(5)
    assert result.reason == "end_of_turn"
    assert result.duration_s == pytest.approx(1.8, abs=0.06)  # 1 s speech + 0.8 s silence
    assert turn_ends == [pytest.approx(1.8, abs=0.06)]
    assert result.speech_start_s == 0.0
    assert len(levels) == result.frames // 800
    assert levels[0] > -20 and levels[-1] == -120.0
    assert np.array_equal(_read(result.path), np.concatenate(blocks)[: result.frames])


def test_max_duration_cuts_exactly(fake_sd, tmp_path):
    sd = fake_sd({"blocks": speech_blocks(50, 0)})
    rec = SoundDeviceBackend(sd=sd).start_recording(tmp_path / "r.wav", max_duration_s=1.03)
    result = rec.wait(5)
    assert result.reason == "max_duration"
    assert result.frames == int(1.03 * 16000) == _read(result.path).size


def test_device_lost_keeps_what_was_recorded(fake_sd, tmp_path):
    blocks = speech_blocks(30, 0)
    sd = fake_sd({"blocks": blocks, "lose_after": 12, "interval": 0.005})
    out = tmp_path / "r.wav"
    rec = SoundDeviceBackend(sd=sd).start_recording(out)
    with pytest.raises(DeviceLost) as info:
        rec.wait(5)
    recording = info.value.recording
    assert recording.reason == "device_lost" and recording.path == out
    assert np.array_equal(_read(out), np.concatenate(blocks[:12]))
    assert not rec.part_path.exists()
    assert "麦克风断开" in str(info.value) and "disconnected" in str(info.value)
    with pytest.raises(DeviceLost):
        rec.stop()  # asking again says the same


def test_stalled_device_counts_as_lost(fake_sd, tmp_path):
    blocks = speech_blocks(10, 0)
    sd = fake_sd({"blocks": blocks, "stall_after": 5})
    rec = SoundDeviceBackend(sd=sd).start_recording(tmp_path / "r.wav", stall_timeout_s=0.3)
    with pytest.raises(DeviceLost) as info:
        rec.wait(5)
    assert np.array_equal(_read(info.value.recording.path), np.concatenate(blocks[:5]))


@pytest.mark.parametrize(
    "message,error",
    [
        (
            "Error opening InputStream: Invalid sample rate [PaErrorCode -9997]",
            UnsupportedSampleRate,
        ),
        ("Error querying device -1", NoInputDevice),
        (
            "Error opening InputStream: Invalid number of channels [PaErrorCode -9998]",
            NoInputDevice,
        ),
        (
            "Error opening InputStream: Unanticipated host error [PaErrorCode -9999]",
            AudioDeviceError,
        ),
    ],
)
def test_open_errors_are_mapped_and_leave_nothing(fake_sd, tmp_path, message, error):
    sd = fake_sd({"open_error": message})
    out = tmp_path / "r.wav"
    with pytest.raises(error) as info:
        SoundDeviceBackend(sd=sd).start_recording(out)
    assert type(info.value) is error
    assert message in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_start_error_closes_stream(fake_sd, tmp_path):
    sd = fake_sd({"start_error": "Device unavailable [PaErrorCode -9985]"})
    with pytest.raises(NoInputDevice):
        SoundDeviceBackend(sd=sd).start_recording(tmp_path / "r.wav")
    assert list(tmp_path.iterdir()) == []


def test_crash_leaves_recoverable_part(tmp_path):
    """Kill a recording process outright: the final name is absent, the .part is readable."""
    source = tmp_path / "source.wav"
    rng = np.random.default_rng(3)
    samples = (8000 * rng.uniform(-1, 1, 16000 * 20)).astype(np.int16)
    sf.write(source, samples, 16000, subtype="PCM_16")
    out = tmp_path / "reply.wav"
    script = textwrap.dedent(f"""
        import sys, time
        from simulator.audio.fake import FileAudioBackend
        rec = FileAudioBackend({str(source)!r}, speed=4.0).start_recording(
            {str(out)!r}, flush_interval_s=0.1)
        print("started", flush=True)
        time.sleep(60)
    """)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout.readline().strip() == "started"
        time.sleep(1.0)  # ~4 s of audio at 4x speed
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    part = tmp_path / "reply.wav.part"
    assert part.exists() and not out.exists()
    recovered = recover_part(part)
    assert recovered == out and not part.exists()
    data = _read(out)
    assert data.size > 16000  # at least a second survived
    assert np.array_equal(data, samples[: data.size])


def test_recovery_keeps_the_audio_after_the_last_header_update(tmp_path):
    samples = np.arange(-12000, 12000, dtype=np.int16)
    part = tmp_path / "reply.wav.part"
    crashed_part(part, samples, flushed=16000)
    assert sf.info(str(part)).frames == 16000  # what a reader trusting the header gets
    recovered = recover_part(part, tmp_path / "kept" / "reply.wav")
    assert recovered == tmp_path / "kept" / "reply.wav" and not part.exists()
    assert np.array_equal(_read(recovered), samples[:-1])  # all but the torn sample


def test_recovery_of_empty_or_foreign_parts(tmp_path):
    empty = tmp_path / "a.wav.part"
    with sf.SoundFile(empty, "w", 16000, 1, "PCM_16", format="WAV") as f:
        f.flush()
        header_only = empty.read_bytes()
    empty.write_bytes(header_only)
    assert recover_part(empty) is None and not empty.exists()
    for junk in (b"", b"half written", b"RIFF\xff\xff\xff\xffWAVEdata\x10\x00\x00\x00abcd"):
        bad = tmp_path / "b.wav.part"
        bad.write_bytes(junk)
        with pytest.raises(ValueError):
            read_part(bad)
        with pytest.raises(ValueError):
            recover_part(bad)
        assert bad.read_bytes() == junk


def test_backend_lists_devices_and_checks(fake_sd):
    backend = SoundDeviceBackend(sd=fake_sd({}))
    inputs = backend.input_devices()
    assert [d.name for d in inputs] == ["USB Headset"]
    assert inputs[0].is_default and inputs[0].hostapi == "ALSA"
    assert [d.name for d in backend.output_devices()] == ["USB Headset", "HDMI"]
    backend.check_input()
    bad = SoundDeviceBackend(sd=fake_sd({"check_error": "Invalid sample rate"}))
    with pytest.raises(UnsupportedSampleRate):
        bad.check_input()


def test_backend_plays_arrays_and_files(fake_sd, tmp_path):
    sd = fake_sd({})
    backend = SoundDeviceBackend(sd=sd)
    assert backend.play(np.zeros(8000, np.int16)) == pytest.approx(0.5)
    path = tmp_path / "a.wav"
    sf.write(path, np.zeros(22050, np.float32), 22050)
    assert backend.play(path, device=1) == pytest.approx(1.0)
    backend.stop_playback()
    (data0, rate0, _), (data1, rate1, dev1), last = sd.played
    assert data0.dtype == np.float32 and rate0 == 16000
    assert rate1 == 22050 and dev1 == 1 and last == "stop"


def test_failing_level_callback_still_saves_and_reports(fake_sd, tmp_path):
    sd = fake_sd({"blocks": speech_blocks(10, 0), "interval": 0.005})

    def broken_meter(level):
        raise ZeroDivisionError("meter bug")

    rec = SoundDeviceBackend(sd=sd).start_recording(tmp_path / "r.wav", on_level=broken_meter)
    with pytest.raises(ZeroDivisionError):
        rec.wait(5)
    assert (tmp_path / "r.wav").exists() and not rec.part_path.exists()
    assert rec._result.reason == "error"


def test_a_finished_take_is_fsynced_before_its_rename_and_the_folder_after(
    fake_sd, tmp_path, monkeypatch
):
    """The order a power cut needs: data on disk, then the name, then the name on disk."""
    import simulator.audio.recorder as recorder_mod

    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append(("fsync", os.path.realpath(f"/proc/self/fd/{fd}")))
        return real_fsync(fd)

    def replace(src, dst):
        events.append(("replace", str(src), str(dst)))
        return real_replace(src, dst)

    monkeypatch.setattr(recorder_mod.os, "fsync", fsync)
    monkeypatch.setattr(recorder_mod.os, "replace", replace)
    out = tmp_path / "takes" / "reply.wav"
    sd = fake_sd({"blocks": speech_blocks(20, 40)})
    result = SoundDeviceBackend(sd=sd).start_recording(out).wait(5)
    assert result.reason == "end_of_turn" and out.is_file()
    mine = [e for e in events if str(tmp_path) in "".join(e[1:])]
    part = str(out) + ".part"
    assert mine == [
        ("fsync", part),
        ("replace", part, str(out)),
        ("fsync", str(out.parent)),
    ]
