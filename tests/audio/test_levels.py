"""Levels and the end-of-turn detector."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.audio.levels import EndOfTurnDetector, peak_dbfs, rms_dbfs, voiced_mask

SR = 16000


def sine(seconds, amp, freq=300.0):
    t = np.arange(int(SR * seconds)) / SR
    return amp * np.sin(2 * np.pi * freq * t)


def blocks(x, size=800):
    return [x[i : i + size] for i in range(0, len(x), size)]


def test_levels_in_dbfs():
    assert rms_dbfs(sine(1, 1.0)) == pytest.approx(-3.01, abs=0.01)
    assert rms_dbfs(sine(1, 0.1)) == pytest.approx(-23.01, abs=0.01)
    assert peak_dbfs(sine(1, 0.5)) == pytest.approx(-6.02, abs=0.01)
    assert rms_dbfs(np.zeros(100)) == -120.0 and rms_dbfs(np.zeros(0)) == -120.0
    assert rms_dbfs(np.full(100, 16384, np.int16)) == pytest.approx(-6.02, abs=0.01)


def test_voiced_mask_marks_the_tone():
    x = np.concatenate([np.zeros(SR), sine(1, 0.1), np.zeros(SR)])
    mask = voiced_mask(x, SR)
    assert mask[:48].sum() == 0 and mask[52:98].all() and mask[102:].sum() == 0


def test_end_of_turn_after_speech_then_silence():
    detector = EndOfTurnDetector(SR)
    x = np.concatenate([np.zeros(SR // 2), sine(1.0, 0.2), np.zeros(SR * 2)])
    ended_at = None
    for i, block in enumerate(blocks(x)):
        if detector.feed(block):
            ended_at = (i + 1) * 800 / SR
            break
    assert ended_at == pytest.approx(1.5 + 0.8, abs=0.06)
    assert detector.speech_start_s == pytest.approx(0.5, abs=0.05)


def test_no_end_of_turn_without_speech_or_during_short_pauses():
    detector = EndOfTurnDetector(SR)
    assert not any(detector.feed(b) for b in blocks(np.zeros(SR * 3)))
    detector = EndOfTurnDetector(SR)
    x = np.concatenate([sine(0.5, 0.2), np.zeros(int(SR * 0.6)), sine(0.5, 0.2)])
    assert not any(detector.feed(b) for b in blocks(x))
    assert detector.speaking


def test_steady_hum_is_learned_as_noise():
    rng = np.random.default_rng(0)
    hum = lambda s: sine(s, 0.01, 50) + 0.003 * rng.standard_normal(int(SR * s))  # noqa: E731
    detector = EndOfTurnDetector(SR)
    x = np.concatenate([hum(1.0), hum(1.0) + sine(1.0, 0.3), hum(2.0)])
    ends = [detector.feed(b) for b in blocks(x)]
    assert any(ends)
    assert ends.index(True) * 800 / SR == pytest.approx(2.8, abs=0.1)


def test_pause_detector_reports_each_pause_once_and_the_last_voiced_block():
    from simulator.audio.levels import PAUSE_S, PauseDetector

    detector = PauseDetector(sample_rate=SR)
    gap = np.zeros(int(SR * 0.4))
    x = np.concatenate([sine(1.0, 0.2), gap, sine(0.3, 0.2), np.zeros(SR * 2)])
    pauses, resumed, ended_at = [], [], None
    for block in blocks(x):
        ended = detector.feed(block)
        if detector.pause_started:
            pauses.append((round(detector.t, 2), round(detector.last_voiced_s, 2)))
        if detector.resumed:
            resumed.append(round(detector.t, 2))
        if ended:
            ended_at = detector.t
            break
    assert pauses == [(1.0 + PAUSE_S, 1.0), (1.7 + PAUSE_S, 1.7)]
    assert resumed == [1.45]  # the first speech block after the first pause (ends at 1.45 s)
    assert ended_at == pytest.approx(1.7 + 0.8, abs=0.06)
    assert not detector.pause_started  # the block that ends the turn is not a new pause
