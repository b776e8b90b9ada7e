"""The real base model on real (synthetic-voice) Mandarin audio, silence and noise.

Whisper's int8 output differs from one CPU to another: these tests check properties of what
it hears (see tests/speech_checks.py), never its exact words; the guards' logic is tested with
a scripted decoder in test_transcriber_retry.py."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.audio.files import load_audio
from simulator.core.paths import repo_root
from simulator.speech import text_guards as tg
from simulator.speech.transcriber import DEFAULT_PROMPT
from tests.speech_checks import PHONE_CER, assert_sensible

pytestmark = [pytest.mark.model, pytest.mark.slow]


def test_greeting_is_transcribed_in_simplified_with_word_timings(transcriber, clips, clip_path):
    result = transcriber.transcribe(clip_path("greet.flac"))
    assert_sensible(result.text, clips["greet.flac"])
    assert result.words and all(w.start <= w.end for w in result.words)
    starts = [w.start for w in result.words]
    assert starts == sorted(starts)
    assert all(0.0 <= w.start and w.end <= result.duration_s + 0.05 for w in result.words)
    assert result.duration_s == pytest.approx(2.89, abs=0.01)
    assert 1.5 < result.speech_s <= result.duration_s


def test_clips_are_close_to_their_script(transcriber, clips, clip_path):
    for name, script in clips.items():
        result = transcriber.transcribe(clip_path(name))
        print(f"\n{name}: {result.text}")
        assert_sensible(result.text, script)
        assert result.raw_text == result.text  # no correction without a corrector


def test_silence_returns_nothing(transcriber):
    result = transcriber.transcribe(np.zeros(16000 * 5, dtype=np.float32))
    assert result.text == "" and result.words == [] and result.segments == []
    assert result.speech_s == 0.0 and result.duration_s == 5.0


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


def test_speech_after_long_silence_and_int16_input(transcriber, clips, clip_path):
    speech = load_audio(clip_path("greet.flac"))
    audio = np.concatenate(
        [np.zeros(16000 * 3, np.float32), speech, np.zeros(16000 * 3, np.float32)]
    )
    as_int16 = np.round(audio * 32767).astype(np.int16)
    result = transcriber.transcribe(as_int16)
    assert_sensible(result.text, clips["greet.flac"])
    assert result.words[0].start >= 2.5  # timings are on the original time axis
    assert result.words[-1].end <= 3.0 + speech.size / 16000 + 0.5


def test_reused_model_is_consistent(transcriber, clip_path):
    first = transcriber.transcribe(clip_path("sorry_wait.flac")).text
    second = transcriber.transcribe(clip_path("sorry_wait.flac")).text
    assert first == second


def test_noisy_line_reply_is_heard_without_prompt_trouble(transcriber):
    """A noisy-line reply on which the prompt's 普通话 once set off a loop (on some CPUs):
    whatever this CPU hears, no loop or echo of the prompt is left, and the reply is heard."""
    item = {"text": "补贴政策是政府定的，您问我们客服，我们上哪儿知道去？"}
    result = transcriber.transcribe(repo_root() / "benchmarks/data/speech/B216-phone.ogg")
    print(f"\nB216-phone: {result.text} (retried without prompt: {result.retried_without_prompt})")
    assert_sensible(result.text, item["text"], PHONE_CER)
    assert tg.collapse_loops(result.text)[0] == result.text
    assert not tg.is_prompt_echo(result.text, DEFAULT_PROMPT)


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
    assert result.text and result.text == transcriber.transcribe(audio).text  # same machine
