"""transcribe_and_measure: a file, an array, and a reply recorded live through real PortAudio
from the ALSA file-backed microphone (no mocks), then transcribed and measured."""

from __future__ import annotations

import json

import numpy as np
import pytest
import soundfile as sf

from simulator.speech.delivery_measures import MEASURE_KEYS
from simulator.speech.pipeline import transcribe_and_measure

pytestmark = pytest.mark.model


def test_file_reply_with_fillers(transcriber, clip_path):
    transcription, measures, timings = transcribe_and_measure(
        transcriber, clip_path("fillers.flac")
    )
    assert tuple(measures) == MEASURE_KEYS
    json.dumps(measures)
    assert set(timings) == {"load_s", "decode_s", "transcribe_s", "measure_s"}
    assert "电费" in transcription.text
    assert measures["latency_s"] is None
    assert 150 < measures["rate_cpm"] < 400
    assert measures["speech_s"] > 4
    assert -30 < measures["loudness_dbfs"] < -5
    assert measures["pitch_std_semitones"] is not None
    fillers = {f["text"] for f in measures["fillers"]}
    assert "那个" in fillers and "就是说" in fillers


def test_array_reply_with_latency(transcriber, clip_path):
    speech, _ = sf.read(clip_path("greet.flac"), dtype="float32")
    audio = np.concatenate([np.zeros(int(1.2 * 16000), np.float32), speech])
    transcription, measures, _ = transcribe_and_measure(transcriber, audio, caller_end_s=0.2)
    assert "帮您" in transcription.text
    assert measures["latency_s"] == pytest.approx(1.3, abs=0.15)  # speech begins ~0.3 s in


def test_live_reply_through_alsa_file_mic(require_portaudio, transcriber, clip_path, tmp_path):
    """Real PortAudio + ALSA in a child process records the reply; we transcribe it."""
    from simulator.audio import virtual_mic
    from simulator.audio.fake import read_int16_16k

    speech = read_int16_16k(clip_path("sorry_wait.flac"))
    lead_in = np.zeros(int(0.6 * 16000), np.int16)  # the agent starts 0.6 s after the caller
    raw = virtual_mic.prepare(tmp_path, np.concatenate([lead_in, speech]), tail_silence_s=1.5)
    out = tmp_path / "reply.wav"
    report = virtual_mic.record_in_subprocess(tmp_path, out)
    assert report["ok"], report
    assert report["reason"] == "end_of_turn"
    recorded, rate = sf.read(out, dtype="int16")
    assert rate == 16000
    assert np.array_equal(recorded, np.fromfile(raw, "<i2")[: recorded.size])

    transcription, measures, timings = transcribe_and_measure(transcriber, out, caller_end_s=0.0)
    assert "抱歉" in transcription.text and "帮您" in transcription.text
    assert measures["latency_s"] == pytest.approx(0.6 + 0.24, abs=0.15)
    assert measures["long_pauses"] == []
    assert timings["transcribe_s"] < 20
