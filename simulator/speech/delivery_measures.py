"""Delivery measures of one spoken reply: pace, latency, pauses, loudness, clipping, fillers
and pitch variation, from the audio plus Whisper's word timings.

``measure_delivery`` returns a JSON-ready dict with exactly the keys in ``MEASURE_KEYS``.
Levels are dBFS of the RMS (full-scale sine = −3.01 dBFS). Speech/pause timing uses the
energy detector in :mod:`simulator.audio.levels`; pace uses the word timings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from simulator.audio.levels import (
    FRAME_S,
    as_float,
    frame_power,
    mask_runs,
    power_to_db,
    voiced_mask,
)
from simulator.speech.text_guards import is_han

MEASURE_KEYS = (
    "duration_s",
    "speech_s",
    "rate_cpm",
    "latency_s",
    "long_pauses",
    "loudness_dbfs",
    "peak_dbfs",
    "clipping_ratio",
    "fillers",
    "pitch_std_semitones",
)
LONG_PAUSE_S = 1.5
CLIP_LEVEL = 0.999
MIN_RATE_SPAN_S = 0.5
WORD_GAP_S = 0.3  # a silence this long between words counts as a clause boundary
# Pitch tracker settings.
PITCH_FRAME_S = 0.04
PITCH_HOP_S = 0.01
PITCH_MIN_HZ = 60.0
PITCH_MAX_HZ = 400.0
PITCH_MIN_CORR = 0.45
PITCH_MIN_FRAMES = 20
PITCH_OUTLIER_ST = 10.0  # farther than this from the median is an octave error


def measure_delivery(
    audio: np.ndarray,
    words: Iterable[Sequence] = (),
    caller_end_s: float | None = None,
    sample_rate: int = 16000,
) -> dict:
    """All delivery measures for ``audio`` (mono, float ±1 or int16).

    ``words`` are ``(word, start, end, probability)`` tuples (``Word`` works);
    ``caller_end_s`` is when the caller's line ended on the same time axis, or ``None``
    when the reply was not recorded live (then ``latency_s`` is ``None``).
    """
    x = as_float(np.ravel(audio))
    words = [(str(w[0]), float(w[1]), float(w[2])) for w in words]
    mask = voiced_mask(x, sample_rate)
    runs = mask_runs(mask)
    power = frame_power(x, sample_rate)
    voiced_power = power[: mask.size][mask]
    peak = float(np.max(np.abs(x))) if x.size else 0.0
    first_speech = runs[0][0] * FRAME_S if runs else (words[0][1] if words else None)
    return {
        "duration_s": round(x.size / sample_rate, 3),
        "speech_s": round(float(mask.sum()) * FRAME_S, 3),
        "rate_cpm": speaking_rate_cpm(words),
        "latency_s": (
            None
            if caller_end_s is None or first_speech is None
            else round(first_speech - caller_end_s, 3)
        ),
        "long_pauses": long_pauses(runs),
        "loudness_dbfs": (
            round(float(power_to_db(np.mean(voiced_power))), 2) if voiced_power.size else None
        ),
        "peak_dbfs": round(float(20.0 * np.log10(peak)), 2) if peak > 0 else None,
        "clipping_ratio": round(float(np.mean(np.abs(x) >= CLIP_LEVEL)), 6) if x.size else 0.0,
        "fillers": find_fillers(words),
        "pitch_std_semitones": pitch_std_semitones(x, sample_rate, mask),
    }


def speaking_rate_cpm(words: Sequence[tuple[str, float, float]]) -> float | None:
    """Han characters per minute from the first word's start to the last word's end."""
    if not words:
        return None
    chars = sum(1 for w in words for ch in w[0] if is_han(ch))
    span = words[-1][2] - words[0][1]
    if chars == 0 or span < MIN_RATE_SPAN_S:
        return None
    return round(chars * 60.0 / span, 1)


def long_pauses(runs: list[tuple[int, int]], min_s: float = LONG_PAUSE_S) -> list[dict]:
    """Silences longer than ``min_s`` between voiced runs (frame index pairs)."""
    pauses = []
    for (_, end), (start, _) in zip(runs, runs[1:], strict=False):
        duration = (start - end) * FRAME_S
        if duration > min_s:
            pauses.append(
                {
                    "start": round(end * FRAME_S, 2),
                    "end": round(start * FRAME_S, 2),
                    "duration": round(duration, 2),
                }
            )
    return pauses


# --- fillers --------------------------------------------------------------------------------

_ALWAYS = ("这个这个", "就是说", "嗯", "呃")  # fillers wherever they occur
_BOUNDARY = "\x00"


def find_fillers(words: Sequence[tuple[str, float, float]]) -> list[dict]:
    """Fillers 嗯 啊 呃 那个 就是说 这个这个 with the start time of the word they begin in.

    啊 counts only at the start of a clause (not 好啊), 那个 only before a pause or comma (not
    那个问题), and a standalone 额 is read as 呃. Repeats (嗯嗯) count once.
    """
    chars: list[str] = []
    starts: list[float] = []
    prev_end = None
    for text, start, end in words:
        if prev_end is not None and start - prev_end >= WORD_GAP_S:
            chars.append(_BOUNDARY)
            starts.append(start)
        for ch in text:
            keep = is_han(ch) or ch.isalnum()
            chars.append(ch if keep else _BOUNDARY)
            starts.append(start)
        prev_end = end
    text = "".join(chars)
    found: list[dict] = []
    i = 0
    while i < len(text):
        before = i == 0 or text[i - 1] == _BOUNDARY
        hit = _filler_at(text, i, before)
        if hit is None:
            i += 1
            continue
        label, length = hit
        found.append({"text": label, "start": round(starts[i], 2)})
        i += length
        while text.startswith(label, i):  # 嗯嗯 / 那个那个 count once
            i += len(label)
    return found


def _filler_at(text: str, i: int, at_clause_start: bool) -> tuple[str, int] | None:
    for label in _ALWAYS:
        if text.startswith(label, i):
            return label, len(label)
    after = text[i + 1 : i + 2]
    standalone_end = after in ("", _BOUNDARY)
    if text[i] == "啊" and at_clause_start:
        return "啊", 1
    if text[i] == "额" and at_clause_start and standalone_end:
        return "呃", 1
    if text.startswith("那个", i) and text[i + 2 : i + 3] in ("", _BOUNDARY, "那"):
        return "那个", 2
    return None


# --- pitch ----------------------------------------------------------------------------------


def pitch_track(x: np.ndarray, sample_rate: int, mask: np.ndarray | None = None) -> np.ndarray:
    """F0 in Hz of each voiced analysis frame (autocorrelation with parabolic refinement)."""
    frame = int(round(PITCH_FRAME_S * sample_rate))
    hop = int(round(PITCH_HOP_S * sample_rate))
    if x.size < frame:
        return np.zeros(0)
    n_frames = 1 + (x.size - frame) // hop
    starts = np.arange(n_frames) * hop
    if mask is not None and mask.size:
        centre = ((starts + frame // 2) / (FRAME_S * sample_rate)).astype(int)
        starts = starts[mask[np.minimum(centre, mask.size - 1)]]
    if starts.size == 0:
        return np.zeros(0)
    frames = x[starts[:, None] + np.arange(frame)[None, :]]
    frames = frames - frames.mean(axis=1, keepdims=True)
    lag_min = int(sample_rate / PITCH_MAX_HZ)
    lag_max = min(int(np.ceil(sample_rate / PITCH_MIN_HZ)), frame - 2)
    n_fft = 1 << int(np.ceil(np.log2(frame + lag_max + 1)))
    spec = np.fft.rfft(frames, n=n_fft, axis=1)
    acf = np.fft.irfft(spec.real**2 + spec.imag**2, n=n_fft, axis=1)[:, : lag_max + 2]
    energy = acf[:, 0]
    ok = energy > 1e-10
    acf = acf[ok] / energy[ok, None]
    search = acf[:, lag_min : lag_max + 1]
    best = np.argmax(search, axis=1) + lag_min
    peak = acf[np.arange(acf.shape[0]), best]
    voiced = peak >= PITCH_MIN_CORR
    best, acf = best[voiced], acf[voiced]
    rows = np.arange(best.size)
    left, mid, right = acf[rows, best - 1], acf[rows, best], acf[rows, best + 1]
    denom = left - 2 * mid + right
    shift = np.where(
        np.abs(denom) > 1e-12, 0.5 * (left - right) / np.where(denom == 0, 1, denom), 0.0
    )
    lag = best + np.clip(shift, -0.5, 0.5)
    return sample_rate / lag


def pitch_std_semitones(
    x: np.ndarray, sample_rate: int, mask: np.ndarray | None = None
) -> float | None:
    """Standard deviation of F0 in semitones over voiced frames; None if too little voicing."""
    f0 = pitch_track(x, sample_rate, mask)
    if f0.size < PITCH_MIN_FRAMES:
        return None
    semitones = 12.0 * np.log2(f0 / np.median(f0))
    semitones = semitones[np.abs(semitones) <= PITCH_OUTLIER_ST]
    if semitones.size < PITCH_MIN_FRAMES:
        return None
    return round(float(np.std(semitones)), 2)
