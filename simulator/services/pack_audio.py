"""Caller audio a trainer gives a pack: checked to decode, its format named, leading and
trailing silence trimmed on request (``audio.levels``' voice-activity mask), and — when the
authoring extra and the TTS environment are installed — rendered from the line's text."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from simulator.services.errors import PackError

FORMATS = {"WAV": ".wav", "OGG": ".ogg", "FLAC": ".flac"}
MARGIN_S = 0.15  # kept around the speech when trimming, so no syllable is clipped
MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Clip:
    """Audio that decodes: its bytes, file suffix and length (after any trimming)."""

    data: bytes
    suffix: str
    duration_s: float
    trimmed_s: float = 0.0


def _soundfile():
    try:
        import soundfile
    except ImportError as exc:  # the "speech" extra is not installed
        raise PackError(
            "无法读取音频：未安装音频组件（soundfile）",
            f"cannot read audio: the audio libraries are not installed (soundfile: {exc})",
        ) from exc
    return soundfile


def decode(data: bytes, name: str = "audio") -> tuple[np.ndarray, int, str]:
    """Mono float samples, rate and suffix of audio bytes; :class:`PackError` naming ``name``
    when they do not decode (or hold nothing)."""
    sf = _soundfile()
    if not data:
        raise PackError(f"{name}：文件为空", f"{name}: the file is empty")
    if len(data) > MAX_BYTES:
        raise PackError(f"{name}：文件过大", f"{name}: the file is larger than 50 MB")
    with tempfile.NamedTemporaryFile(suffix=".audio") as tmp:
        tmp.write(data)
        tmp.flush()
        try:
            info = sf.info(tmp.name)
            samples, rate = sf.read(tmp.name, dtype="float32", always_2d=True)
        except (sf.LibsndfileError, RuntimeError, ValueError, EOFError) as exc:
            raise PackError(
                f"{name}：音频损坏或格式无法识别", f"{name}: corrupt or not audio ({exc})"
            ) from exc
    suffix = FORMATS.get(info.format)
    if suffix is None:
        raise PackError(
            f"{name}：只接受 WAV、OGG 或 FLAC 音频",
            f"{name}: only WAV, OGG or FLAC audio is accepted (got {info.format})",
        )
    mono = samples.mean(axis=1) if samples.size else np.zeros(0, dtype=np.float32)
    if mono.size == 0 or not np.all(np.isfinite(mono)):
        raise PackError(f"{name}：文件中没有音频", f"{name}: the file holds no audio")
    return mono, int(rate), suffix


def clip(data: bytes, trim: bool, name: str = "audio") -> Clip:
    """Checked (and, with ``trim``, trimmed) audio ready to write into a pack."""
    mono, rate, suffix = decode(data, name)
    duration = mono.size / rate
    if not trim:
        return Clip(data, suffix, duration)
    from simulator.audio.levels import FRAME_S, mask_runs, to_int16, voiced_mask
    from simulator.audio.recorder import wav_bytes

    runs = mask_runs(voiced_mask(mono, rate))
    if not runs:
        raise PackError(
            f"{name}：录音中没有听到说话声，未保存", f"{name}: no speech found in it: not saved"
        )
    frame = int(round(FRAME_S * rate))
    start = max(0, runs[0][0] * frame - int(MARGIN_S * rate))
    end = min(mono.size, runs[-1][1] * frame + int(MARGIN_S * rate))
    kept = mono[start:end]
    return Clip(
        wav_bytes(to_int16(kept), rate), ".wav", kept.size / rate, duration - kept.size / rate
    )


def render_line(text: str, persona: dict, tts_python: Path | None = None) -> bytes:
    """The caller line rendered by the authoring tool (a silent line needs no TTS); a
    :class:`PackError` saying what to install when the tool is not there."""
    try:
        from simulator.authoring.render import (
            DEFAULT_TTS_PYTHON,
            RenderError,
            TTSUnavailableError,
            render_lines,
        )
    except ImportError as exc:
        raise PackError(
            "未安装配音工具（authoring 扩展），无法生成来电录音",
            f"the voice rendering tool is not installed (the 'authoring' extra): {exc}",
        ) from exc
    with tempfile.TemporaryDirectory(prefix="pack-render-") as tmp:
        line = {"text": text, "persona": persona, "path": "line.ogg"}
        try:
            render_lines([line], tmp, tts_python=tts_python or DEFAULT_TTS_PYTHON, force=True)
        except TTSUnavailableError as exc:
            first = str(exc).splitlines()[0]
            raise PackError(
                "未安装语音合成环境（tools/tts/setup.sh），无法生成来电录音",
                f"text-to-speech is not installed (run tools/tts/setup.sh once): {first}",
            ) from exc
        except (RenderError, ImportError, OSError) as exc:
            raise PackError("生成来电录音失败", f"rendering the caller line failed: {exc}") from exc
        return (Path(tmp) / "line.ogg").read_bytes()
