"""Synthetic signals for the end-of-turn tests: speech-like replies, line noise, hum, coughs."""

from __future__ import annotations

import numpy as np

SR = 16000
BLOCK = 800  # samples of a recorder block: 0.05 s (simulator.audio.backend.BLOCK_S)


def _band(x: np.ndarray, low: float = 300.0, high: float = 3400.0) -> np.ndarray:
    spectrum = np.fft.rfft(x)
    freqs = np.fft.rfftfreq(x.size, 1 / SR)
    spectrum[(freqs < low) | (freqs > high)] = 0
    return np.fft.irfft(spectrum, x.size)


def syllable(rng, seconds: float, pitch: float, level: float) -> np.ndarray:
    """A voiced syllable: harmonics of a gliding pitch under a rise-and-decay envelope, with a
    breathy onset; RMS about ``level`` (linear)."""
    n = int(seconds * SR)
    t = np.arange(n) / SR
    f0 = pitch * (1 + 0.15 * (t / seconds - 0.5))
    phase = 2 * np.pi * np.cumsum(f0) / SR
    voice = sum(np.sin(k * phase) / k for k in range(1, 12))
    onset = int(0.03 * SR)
    voice[:onset] = rng.standard_normal(onset) * 0.3  # an unvoiced initial
    envelope = np.minimum(1.0, t / 0.03) * np.exp(-2.5 * t / seconds)
    x = voice * envelope
    return x / np.sqrt(np.mean(x * x)) * level


def reply(rng, phrases: int = 6, pause_s: float = 0.6, weak_db: float = 14.0):
    """A long reply (about 2 s a phrase): phrases of 4–8 syllables, short gaps inside a phrase,
    ``pause_s`` between phrases; syllables vary in level, and the last ones of a phrase fade by
    up to ``weak_db`` (the quiet endings a noisy line swallows). Returns (audio at about −20
    dBFS of active speech, end of speech in seconds)."""
    parts = []
    for p in range(phrases):
        count = int(rng.integers(4, 9))
        pitch = float(rng.uniform(110, 220))
        for s in range(count):
            fade = weak_db * max(0, s - count + 3) / 3
            level = 0.1 * 10 ** ((rng.uniform(-4, 2) - fade) / 20)
            parts.append(syllable(rng, float(rng.uniform(0.15, 0.25)), pitch, level))
            parts.append(np.zeros(int(rng.uniform(0.02, 0.12) * SR)))
        if p < phrases - 1:
            parts.append(np.zeros(int(pause_s * SR)))
    x = np.concatenate(parts)
    return x, x.size / SR


def line_noise(rng, seconds: float, level_dbfs: float, crackle: bool = True) -> np.ndarray:
    """Telephone-band hiss with slow gusts (±4 dB) and crackle pops, RMS ``level_dbfs``."""
    n = int(seconds * SR)
    gust_points = rng.uniform(0.6, 1.6, int(seconds * 2) + 2)
    gusts = np.interp(np.arange(n) / SR, np.arange(gust_points.size) * 0.5, gust_points)
    x = rng.standard_normal(n) * gusts
    if crackle:
        for pos in rng.integers(0, n, size=int(4 * seconds)):
            length = min(n - pos, int(SR * rng.uniform(0.005, 0.04)))
            x[pos : pos + length] += (
                rng.standard_normal(length) * 4 * np.exp(-np.linspace(0, 6, length))
            )
    x = _band(x)
    return x / np.sqrt(np.mean(x * x)) * 10 ** (level_dbfs / 20)


def white(rng, seconds: float, level_dbfs: float) -> np.ndarray:
    return rng.standard_normal(int(seconds * SR)) * 10 ** (level_dbfs / 20)


def hum(seconds: float, level_dbfs: float, mains: float = 50.0) -> np.ndarray:
    """Mains hum with its harmonics (a buzzing headset), RMS ``level_dbfs``."""
    t = np.arange(int(seconds * SR)) / SR
    x = sum(np.sin(2 * np.pi * mains * k * t) / k for k in (1, 2, 3, 4, 6))
    return x / np.sqrt(np.mean(x * x)) * 10 ** (level_dbfs / 20)


def cough(rng, level: float = 0.3) -> np.ndarray:
    """A cough: 0.35 s of a loud noise burst, sharp attack, slow decay."""
    n = int(0.35 * SR)
    return rng.standard_normal(n) * level * np.exp(-np.linspace(0, 4, n))


def click() -> np.ndarray:
    """A click: 5 ms of a decaying full-scale pop."""
    n = int(0.005 * SR)
    return np.exp(-np.linspace(0, 5, n)) * 0.9


def blocks(x: np.ndarray, size: int = BLOCK):
    """The recorder's int16 blocks of float ``x``."""
    pcm = np.clip(np.round(x * 32768), -32768, 32767).astype(np.int16)
    return [pcm[i : i + size] for i in range(0, pcm.size, size)]


def end_of_turn(detector, x: np.ndarray) -> float | None:
    """Seconds into ``x`` at which ``detector`` ends the turn (None: it never does)."""
    for block in blocks(x):
        if detector.feed(block):
            return detector.t
    return None
