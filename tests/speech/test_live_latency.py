"""The live-call replay behind the benchmark's feedback wait: the app's early start at pauses,
its one in-order model lane and the reuse of the last pass, on a scripted timeline."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.core.catalog import load_catalog
from simulator.core.grader import Grader
from simulator.speech.live_latency import replay
from simulator.speech.transcriber import Transcription

SR = 16000
REPLY = "您好，请问有什么可以帮您？"


def _tone(seconds: float) -> np.ndarray:
    t = np.arange(int(SR * seconds)) / SR
    return 0.2 * np.sin(2 * np.pi * 300.0 * t)


def _three_phrases() -> np.ndarray:
    """Speech 0–1.0 s, 1.4–1.7 s and 2.1–2.4 s: pauses are heard at 1.3, 2.0 and 2.7 s and the
    turn ends at 3.2 s."""
    gap = np.zeros(int(SR * 0.4))
    return np.concatenate([_tone(1.0), gap, _tone(0.3), gap, _tone(0.3), np.zeros(SR // 2)])


class _Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class _ScriptedTranscriber:
    """Each pass 'takes' ``seconds`` on the scripted clock and hears the same reply."""

    load_s = 0.0

    def __init__(self, clock: _Clock, seconds: float):
        self.clock, self.seconds = clock, seconds
        self.heard_s: list[float] = []

    def transcribe(self, samples):
        self.heard_s.append(round(len(samples) / SR, 2))
        self.clock.now += self.seconds
        return Transcription(text=REPLY)


@pytest.fixture(scope="module")
def grader():
    return Grader(load_catalog())


def _scenario(grader) -> str:
    return next(iter(grader.catalog.scenarios))


def test_fast_passes_keep_up_and_the_last_is_reused(grader):
    clock = _Clock()
    fake = _ScriptedTranscriber(clock, 0.2)
    turn = replay(fake, grader, _scenario(grader), None, _three_phrases(), clock=clock)
    assert fake.heard_s == [1.3, 2.0, 2.7]  # the audio up to each pause
    assert turn.passes == 3 and turn.reused
    assert turn.after_turn_end_s == pytest.approx(0.0, abs=1e-6)  # ready before the turn ended
    assert turn.after_last_voice_s == pytest.approx(0.8, abs=0.06)
    assert turn.text == REPLY


def test_a_busy_lane_skips_superseded_passes_and_the_wait_is_the_backlog(grader):
    clock = _Clock()
    fake = _ScriptedTranscriber(clock, 2.0)
    turn = replay(fake, grader, _scenario(grader), None, _three_phrases(), clock=clock)
    # pass 1 runs 1.3–3.3 s; the pause at 2.0 s is superseded by the one at 2.7 s before the
    # lane is free, so pass 2 (2.7 s of audio) runs 3.3–5.3 s and the turn (ended 3.2 s) waits
    assert fake.heard_s == [1.3, 2.7]
    assert turn.passes == 2 and turn.reused
    assert turn.after_turn_end_s == pytest.approx(5.3 - 3.2, abs=0.06)


def test_a_clip_whose_turn_never_ends_is_refused(grader):
    clock = _Clock()
    with pytest.raises(ValueError, match="did not end"):
        replay(_ScriptedTranscriber(clock, 0.1), grader, _scenario(grader), None, np.zeros(SR))


@pytest.mark.model
def test_the_early_pass_hears_what_the_whole_take_says(corrected_transcriber, clip_path):
    from simulator.audio.files import load_audio

    samples = load_audio(clip_path("fillers.flac"))
    grader = Grader(load_catalog())
    turn = replay(corrected_transcriber, grader, _scenario(grader), None, samples)
    assert turn.reused and turn.passes >= 1
    assert turn.text == corrected_transcriber.transcribe(samples).text
    assert 0.0 <= turn.after_turn_end_s < turn.after_last_voice_s
