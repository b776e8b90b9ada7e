"""Load an audio file (WAV/FLAC/OGG/MP3, anything libsndfile reads) as float32 mono 16 kHz.

Decoding uses soundfile; formats libsndfile cannot open fall back to PyAV (through
faster-whisper's ``decode_audio``) when it is installed. Resampling is soxr's (band-limited,
delay-compensated). Problems raise :class:`AudioFileError` naming the path.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16000


class AudioFileError(Exception):
    """An audio file cannot be used; ``path`` and ``problem`` say which and why."""

    def __init__(self, path: str | os.PathLike, problem: str):
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"无法读取音频文件 / Cannot read audio file {self.path}: {problem}")


def load_audio(path: str | os.PathLike, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Decode ``path`` to a 1-D float32 array at ``sample_rate`` (mono, range about ±1)."""
    path = Path(path)
    if not path.exists():
        raise AudioFileError(path, "文件不存在 / file does not exist")
    if not path.is_file():
        raise AudioFileError(path, "不是文件 / not a file")
    if path.stat().st_size == 0:
        raise AudioFileError(path, "文件为空 / file is empty")
    audio, rate = _decode(path)
    if audio.size == 0:
        raise AudioFileError(path, "文件中没有音频 / file contains no audio")
    if not np.all(np.isfinite(audio)):
        raise AudioFileError(path, "音频数据损坏 / audio data is corrupt (NaN or Inf)")
    return resample(audio, rate, sample_rate)


def _decode(path: Path) -> tuple[np.ndarray, int]:
    import soundfile as sf

    try:
        data, rate = sf.read(str(path), dtype="float32", always_2d=True)
    except (sf.LibsndfileError, RuntimeError, ValueError) as exc:
        sf_problem = str(exc)
        decoded = _decode_with_av(path)
        if decoded is None:
            raise AudioFileError(
                path, f"格式无法识别或文件损坏 / unreadable or corrupt ({sf_problem})"
            ) from exc
        return decoded
    return data.mean(axis=1, dtype=np.float32), int(rate)


def _decode_with_av(path: Path) -> tuple[np.ndarray, int] | None:
    try:
        from faster_whisper.audio import decode_audio
    except ImportError:
        return None
    try:
        return decode_audio(str(path), sampling_rate=SAMPLE_RATE).astype(np.float32), SAMPLE_RATE
    except Exception:  # PyAV raises many error types for broken input
        return None


def resample(audio: np.ndarray, rate_in: int, rate_out: int = SAMPLE_RATE) -> np.ndarray:
    """Mono float32 ``audio`` from ``rate_in`` to ``rate_out`` Hz (soxr, high quality)."""
    import soxr

    audio = np.asarray(audio, dtype=np.float32)
    if rate_in <= 0 or rate_out <= 0:
        raise ValueError(f"sample rates must be positive, got {rate_in} and {rate_out}")
    if rate_in == rate_out or audio.size == 0:
        return audio.copy()
    return np.ascontiguousarray(soxr.resample(audio, rate_in, rate_out, quality="VHQ"))
