"""transcribe_and_measure: a file, an array, and a reply recorded live through real PortAudio
from the ALSA file-backed microphone (no mocks), then transcribed and measured.

What Whisper hears differs between CPUs, so the transcript is checked for its properties and
the measures for being those of the audio and of the words that were heard; latencies are
known by construction (silence put before a clip whose own speech onset is measured)."""

from __future__ import annotations

import json

import numpy as np
import pytest
import soundfile as sf

from simulator.audio.files import load_audio
from simulator.speech.delivery_measures import MEASURE_KEYS, measure_delivery
from simulator.speech.pipeline import transcribe_and_measure
from tests.speech_checks import assert_sensible

pytestmark = [pytest.mark.model, pytest.mark.slow]
SR = 16000


def _onset(samples: np.ndarray) -> float:
    """When speech starts in ``samples`` by the energy detector (no model involved)."""
    return measure_delivery(samples, caller_end_s=0.0)["latency_s"]


def test_file_reply_with_fillers(transcriber, clips, clip_path):
    transcription, measures, timings = transcribe_and_measure(
        transcriber, clip_path("fillers.flac")
    )
    assert tuple(measures) == MEASURE_KEYS
    json.dumps(measures)
    assert set(timings) == {"load_s", "decode_s", "transcribe_s", "measure_s"}
    assert_sensible(transcription.text, clips["fillers.flac"])
    samples = load_audio(clip_path("fillers.flac"))
    # the measures are those of this audio and of the words Whisper gave
    assert measures == measure_delivery(samples, transcription.words)
    assert measures["latency_s"] is None  # not recorded live
    assert measures["duration_s"] == round(samples.size / SR, 3)
    assert measures["rate_cpm"] is not None  # the words carry timings
    print(f"\nfillers heard: {[f['text'] for f in measures['fillers']]}")


def test_array_reply_with_latency(transcriber, clips, clip_path):
    speech, _ = sf.read(clip_path("greet.flac"), dtype="float32")
    audio = np.concatenate([np.zeros(int(1.2 * SR), np.float32), speech])
    transcription, measures, _ = transcribe_and_measure(transcriber, audio, caller_end_s=0.2)
    assert_sensible(transcription.text, clips["greet.flac"])
    # 1.2 s of silence put before the clip, the caller ended at 0.2 s
    assert measures["latency_s"] == pytest.approx(
        _onset(speech) + 1.0, abs=0.021
    )  # one 20 ms frame


@pytest.mark.usefixtures("require_portaudio")
def test_live_reply_through_alsa_file_mic(transcriber, clips, clip_path, tmp_path):
    """Real PortAudio + ALSA in a child process records the reply; we transcribe it."""
    from simulator.audio import virtual_mic
    from simulator.audio.fake import read_int16_16k

    speech = read_int16_16k(clip_path("sorry_wait.flac"))
    lead_in = np.zeros(int(0.6 * SR), np.int16)  # the agent starts 0.6 s after the caller
    raw = virtual_mic.prepare(tmp_path, np.concatenate([lead_in, speech]), tail_silence_s=1.5)
    out = tmp_path / "reply.wav"
    report = virtual_mic.record_in_subprocess(tmp_path, out)
    assert report["ok"], report
    assert report["reason"] == "end_of_turn"
    recorded, rate = sf.read(out, dtype="int16")
    assert rate == SR
    assert np.array_equal(recorded, np.fromfile(raw, "<i2")[: recorded.size])

    transcription, measures, _ = transcribe_and_measure(transcriber, out, caller_end_s=0.0)
    assert_sensible(transcription.text, clips["sorry_wait.flac"])
    assert measures["latency_s"] == pytest.approx(
        _onset(speech) + 0.6, abs=0.021
    )  # one 20 ms frame
    assert measures["long_pauses"] == []
