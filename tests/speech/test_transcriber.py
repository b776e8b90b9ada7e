"""The real base model on real (synthetic-voice) Mandarin audio, silence and noise."""

from __future__ import annotations

import time

import numpy as np
import pytest

from simulator.audio.files import load_audio
from simulator.speech import cer
from simulator.speech.text_guards import bare, to_simplified

pytestmark = pytest.mark.model


_DIGITS = str.maketrans("0123456789", "零一二三四五六七八九")


def _chars(text: str) -> str:
    return bare(to_simplified(text)).translate(_DIGITS)


def char_error_rate(ref: str, hyp: str) -> float:
    return cer.char_error_rate(_chars(ref), _chars(hyp))


def test_greeting_is_transcribed_in_simplified(transcriber, clip_path):
    result = transcriber.transcribe(clip_path("greet.flac"))
    assert "请问有什么可以帮您" in result.text
    assert to_simplified(result.text) == result.text
    assert result.words and all(w.start <= w.end for w in result.words)
    starts = [w.start for w in result.words]
    assert starts == sorted(starts)
    assert result.duration_s == pytest.approx(2.89, abs=0.01)
    assert 1.5 < result.speech_s <= result.duration_s


def test_clips_are_close_to_their_script(transcriber, clips, clip_path):
    for name, script in clips.items():
        result = transcriber.transcribe(clip_path(name))
        cer = char_error_rate(script, result.text)
        assert cer < 0.25, (name, result.text, cer)
        assert not result.dropped or all(d.strip() for d in result.dropped)


def test_five_second_clip_timing(transcriber, clip_path):
    audio = load_audio(clip_path("noisy.flac"))
    assert audio.size / 16000 == pytest.approx(5.25, abs=0.01)
    start = time.perf_counter()
    result = transcriber.transcribe(audio)
    took = time.perf_counter() - start
    print(
        f"\nmodel load {transcriber.load_s:.2f} s; 5.25 s clip transcribed in {took:.2f} s: "
        f"{result.text}"
    )
    assert "大声一点" in result.text
    assert took < 20  # about 1 s on 2 cores; generous for a busy CI machine


def test_silence_returns_nothing_quickly(transcriber):
    start = time.perf_counter()
    result = transcriber.transcribe(np.zeros(16000 * 5, dtype=np.float32))
    assert result.text == "" and result.words == [] and result.segments == []
    assert result.speech_s == 0.0
    assert time.perf_counter() - start < 2.0


def test_empty_and_tiny_input(transcriber):
    assert transcriber.transcribe(np.zeros(0, np.float32)).text == ""
    assert transcriber.transcribe(np.ones(100, np.float32) * 0.1).duration_s == 0.006


def test_noise_and_hum_return_nothing(transcriber):
    rng = np.random.default_rng(0)
    t = np.arange(16000 * 4) / 16000
    for audio in (
        (0.05 * rng.standard_normal(t.size)).astype(np.float32),
        (0.3 * np.sin(2 * np.pi * 50 * t)).astype(np.float32),
    ):
        assert transcriber.transcribe(audio).text == ""


def test_speech_after_long_silence_and_int16_input(transcriber, clip_path):
    speech = load_audio(clip_path("greet.flac"))
    audio = np.concatenate(
        [np.zeros(16000 * 3, np.float32), speech, np.zeros(16000 * 3, np.float32)]
    )
    as_int16 = np.round(audio * 32767).astype(np.int16)
    result = transcriber.transcribe(as_int16)
    assert "有什么可以帮您" in result.text
    assert result.words[0].start >= 2.5  # timings are on the original time axis
    assert result.dropped == []


def test_reused_model_is_consistent(transcriber, clip_path):
    first = transcriber.transcribe(clip_path("sorry_wait.flac")).text
    second = transcriber.transcribe(clip_path("sorry_wait.flac")).text
    assert first == second


def test_prompt_loop_on_real_audio_is_decoded_again(transcriber):
    """On this noisy-line reply the prompt's 普通话 set off a 56-fold loop (dropped, leaving
    nothing); decoded once more without the prompt, the reply is heard."""
    from simulator.core.paths import repo_root

    result = transcriber.transcribe(repo_root() / "benchmarks/data/speech/B216-phone.ogg")
    assert result.retried_without_prompt
    assert len(_chars(result.text)) >= 15 and "普通话" not in result.text


def test_a_checkpoint_can_abandon_a_real_transcription(transcriber, clip_path):
    audio = load_audio(clip_path("greet.flac"))

    class Superseded(Exception):
        pass

    calls = []

    def checkpoint():
        calls.append(1)
        if len(calls) == 2:  # after the encoder, before the decoder
            raise Superseded

    with pytest.raises(Superseded):
        transcriber.transcribe(audio, checkpoint=checkpoint)
    marks = []
    result = transcriber.transcribe(audio, checkpoint=lambda: marks.append(1))
    assert len(marks) >= 3  # encoder, decoder, word alignment
    assert result.text and result.text == transcriber.transcribe(audio).text
