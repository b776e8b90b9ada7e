"""Delivery measures on synthetic signals whose answers are known."""

from __future__ import annotations

import json

import numpy as np
import pytest

from simulator.speech.delivery_measures import (
    MEASURE_KEYS,
    find_fillers,
    measure_delivery,
    speaking_rate_cpm,
)

SR = 16000


def tone(seconds, freq=220.0, amp=0.1):
    t = np.arange(int(SR * seconds)) / SR
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def silence(seconds):
    return np.zeros(int(SR * seconds), dtype=np.float32)


def test_exact_keys_and_json_ready():
    m = measure_delivery(np.concatenate([silence(0.5), tone(1.0)]))
    assert tuple(m) == MEASURE_KEYS
    json.dumps(m)


def test_sine_level_gives_loudness_and_peak():
    m = measure_delivery(np.concatenate([silence(1), tone(2, amp=0.1), silence(1)]))
    assert m["loudness_dbfs"] == pytest.approx(-23.01, abs=0.1)  # RMS of a 0.1 sine
    assert m["peak_dbfs"] == pytest.approx(-20.0, abs=0.01)
    assert m["clipping_ratio"] == 0.0
    assert m["speech_s"] == pytest.approx(2.0, abs=0.05)
    assert m["duration_s"] == pytest.approx(4.0)


def test_int16_input_reads_the_same():
    x = np.concatenate([silence(0.5), tone(1.0, amp=0.5)])
    as_int = np.round(x * 32767).astype(np.int16)
    assert measure_delivery(as_int)["loudness_dbfs"] == pytest.approx(
        measure_delivery(x)["loudness_dbfs"], abs=0.01
    )


def test_inserted_silence_is_a_long_pause():
    x = np.concatenate([silence(0.5), tone(1.5), silence(2.0), tone(1.0), silence(1.0), tone(1.0)])
    m = measure_delivery(x)
    assert len(m["long_pauses"]) == 1  # the 1.0 s gap is not long
    pause = m["long_pauses"][0]
    assert pause["start"] == pytest.approx(2.0, abs=0.03)
    assert pause["end"] == pytest.approx(4.0, abs=0.03)
    assert pause["duration"] == pytest.approx(2.0, abs=0.05)


def test_pause_detection_ignores_leading_and_trailing_silence():
    assert measure_delivery(np.concatenate([silence(3), tone(1), silence(3)]))["long_pauses"] == []


def test_clipped_signal_ratio():
    t = np.arange(SR) / SR
    raw = 1.5 * np.sin(2 * np.pi * 197.3 * t)  # not a whole number of samples per period
    clipped = np.clip(raw, -1.0, 1.0)
    expected = np.mean(np.abs(raw) >= 0.999)  # = 1 - (2/π)·asin(0.999/1.5) ≈ 0.535
    m = measure_delivery(clipped)
    assert m["clipping_ratio"] == pytest.approx(expected, abs=1e-4)
    assert m["clipping_ratio"] == pytest.approx(1 - 2 / np.pi * np.arcsin(0.999 / 1.5), abs=0.01)
    assert m["peak_dbfs"] == pytest.approx(0.0, abs=0.01)


def test_glide_pitch_std():
    """A glide rising one octave at a steady rate in semitones: uniform over 12 semitones,
    so the standard deviation is 12/√12 ≈ 3.46."""
    seconds = 2.0
    t = np.arange(int(SR * seconds)) / SR
    freq = 150.0 * 2 ** (t / seconds)
    x = 0.3 * np.sin(2 * np.pi * np.cumsum(freq) / SR)
    m = measure_delivery(np.concatenate([silence(0.5), x, silence(0.5)]))
    assert m["pitch_std_semitones"] == pytest.approx(12 / np.sqrt(12), abs=0.15)


def test_steady_pitch_has_no_variation():
    m = measure_delivery(np.concatenate([silence(0.5), tone(1.5, freq=180, amp=0.3)]))
    assert m["pitch_std_semitones"] == pytest.approx(0.0, abs=0.05)


def test_pitch_is_null_with_too_little_voicing():
    assert measure_delivery(np.concatenate([silence(1), tone(0.1)]))["pitch_std_semitones"] is None
    rng = np.random.default_rng(1)
    noise = (0.1 * rng.standard_normal(SR)).astype(np.float32)  # loud, but no pitch
    assert measure_delivery(noise)["pitch_std_semitones"] is None


def test_silence_only():
    m = measure_delivery(silence(2))
    assert m["speech_s"] == 0.0
    assert m["loudness_dbfs"] is None and m["peak_dbfs"] is None
    assert m["pitch_std_semitones"] is None
    assert m["latency_s"] is None
    assert m["long_pauses"] == [] and m["fillers"] == []


def test_latency_from_caller_end():
    x = np.concatenate([silence(1.8), tone(1.0)])
    assert measure_delivery(x, caller_end_s=0.5)["latency_s"] == pytest.approx(1.3, abs=0.03)
    assert measure_delivery(x)["latency_s"] is None  # not live


def test_rate_counts_han_characters_over_word_span():
    words = [
        ("您好，", 1.0, 1.5),
        ("请问", 1.5, 2.0),
        ("有什么", 2.0, 2.6),
        ("OK", 2.6, 2.8),
        ("可以帮您？", 2.8, 4.0),
    ]
    # 2 + 2 + 3 + 4 = 11 Han characters over 3.0 s → 220 per minute
    assert speaking_rate_cpm(words) == pytest.approx(220.0)
    assert speaking_rate_cpm([]) is None
    assert speaking_rate_cpm([("嗯", 0.0, 0.2)]) is None  # too short to be a rate
    m = measure_delivery(tone(5), words=[(w, s, e, 0.9) for w, s, e in words])
    assert m["rate_cpm"] == pytest.approx(220.0)


def test_fillers_found_in_words():
    words = [
        ("嗯，", 0.0, 0.3),
        ("那个，", 0.4, 0.8),
        ("您", 0.9, 1.0),
        ("这个", 1.0, 1.2),
        ("这个", 1.2, 1.4),
        ("月", 1.4, 1.5),
        ("就是说", 1.6, 2.0),
        ("电费", 2.0, 2.3),
        ("啊", 2.9, 3.0),
        ("好", 3.0, 3.2),
        ("嗯嗯", 3.2, 3.5),
    ]
    found = find_fillers(words)
    assert [(f["text"], f["start"]) for f in found] == [
        ("嗯", 0.0),
        ("那个", 0.4),
        ("这个这个", 1.0),
        ("就是说", 1.6),
        ("啊", 2.9),
        ("嗯", 3.2),
    ]


def test_words_that_only_look_like_fillers():
    words = [
        ("我找", 0.0, 0.3),
        ("那个", 0.3, 0.5),
        ("工号", 0.5, 0.8),
        ("的", 0.8, 0.9),
        ("小王", 0.9, 1.2),
        ("好啊", 1.2, 1.5),
        ("额度", 1.5, 1.8),
        ("这个", 1.8, 2.0),
        ("问题", 2.0, 2.3),
    ]
    assert find_fillers(words) == []


def test_standalone_e_is_a_filler():
    assert find_fillers([("额，", 0.0, 0.2), ("您好", 0.3, 0.6)]) == [{"text": "呃", "start": 0.0}]
