"""Audio file loading: formats, mono/16 kHz conversion, resampling accuracy, clear errors; the
audio package stands on its own (it imports nothing from the speech package)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import soundfile as sf

from simulator.audio.files import AudioFileError, load_audio, resample


def _sine(freq, rate, seconds, amp=0.5):
    t = np.arange(int(rate * seconds)) / rate
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def _dominant_hz(x, rate=16000):
    spec = np.abs(np.fft.rfft(x * np.hanning(x.size)))
    return np.argmax(spec) * rate / x.size


@pytest.mark.parametrize(
    "fmt,subtype,ext",
    [
        ("WAV", "PCM_16", "wav"),
        ("FLAC", "PCM_16", "flac"),
        ("OGG", "VORBIS", "ogg"),
        ("MP3", "MPEG_LAYER_III", "mp3"),
    ],
)
def test_formats_load_as_mono_16k_float(tmp_path, fmt, subtype, ext):
    rate = 44100
    left = _sine(440, rate, 1.0)
    stereo = np.stack([left, left], axis=1)
    path = tmp_path / f"tone.{ext}"
    sf.write(path, stereo, rate, format=fmt, subtype=subtype)
    audio = load_audio(path)
    assert audio.dtype == np.float32 and audio.ndim == 1
    assert abs(audio.size - 16000) < 1200  # MP3/OGG pad a little
    assert abs(_dominant_hz(audio) - 440) < 3
    rms = np.sqrt(np.mean(audio[2000:14000] ** 2))
    assert abs(rms - 0.5 / np.sqrt(2)) < 0.02


def test_int16_wav_values_and_rate(tmp_path):
    path = tmp_path / "a.wav"
    samples = np.array([0, 16384, -16384, 32767], dtype=np.int16).repeat(4000)
    sf.write(path, samples, 16000, subtype="PCM_16")
    audio = load_audio(path)
    assert audio.size == samples.size
    assert np.allclose(audio, samples / 32768.0)


@pytest.mark.parametrize("rate", [8000, 11025, 22050, 24000, 44100, 48000, 16001])
def test_resample_keeps_a_tone_exactly(rate):
    x = _sine(1000, rate, 1.0)
    y = resample(x, rate, 16000)
    ref = _sine(1000, 16000, 1.0)
    assert y.size == 16000
    assert np.max(np.abs(y[300:-300] - ref[300:-300])) < 1e-3


def _band_energy(x, rate, freq, width=20.0):
    """Share of the signal's energy within ``width`` Hz of ``freq``."""
    spec = np.abs(np.fft.rfft(x * np.hanning(x.size))) ** 2
    f = np.fft.rfftfreq(x.size, 1 / rate)
    return spec[np.abs(f - freq) <= width].sum() / spec.sum()


@pytest.mark.parametrize("rate", [44100, 48000])
@pytest.mark.parametrize("freq", [440.0, 3000.0, 7000.0])
def test_resampled_sine_keeps_its_energy_at_its_frequency(rate, freq):
    y = resample(_sine(freq, rate, 1.0), rate, 16000)
    assert y.size == 16000 and y.dtype == np.float32
    assert _band_energy(y, 16000, freq) > 0.999
    assert np.sqrt(np.mean(y[300:-300] ** 2)) == pytest.approx(0.5 / np.sqrt(2), rel=0.01)


def test_resample_removes_content_above_new_nyquist():
    y = resample(_sine(10000, 44100, 1.0), 44100, 16000)  # 10 kHz cannot exist at 16 kHz
    assert np.sqrt(np.mean(y[300:-300] ** 2)) < 1e-3


def test_missing_file(tmp_path):
    path = tmp_path / "nope.wav"
    with pytest.raises(AudioFileError) as info:
        load_audio(path)
    assert info.value.path == path
    assert str(path) in str(info.value) and "does not exist" in str(info.value)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.wav"
    path.write_bytes(b"")
    with pytest.raises(AudioFileError, match="empty"):
        load_audio(path)


def test_corrupt_file(tmp_path):
    path = tmp_path / "broken.mp3"
    path.write_bytes(b"this is not audio at all " * 50)
    with pytest.raises(AudioFileError) as info:
        load_audio(path)
    assert str(path) in str(info.value) and "corrupt" in str(info.value)


def test_file_without_frames(tmp_path):
    path = tmp_path / "zero.wav"
    sf.write(path, np.zeros(0, dtype=np.int16), 16000, subtype="PCM_16")
    with pytest.raises(AudioFileError, match="no audio"):
        load_audio(path)


def test_directory_is_not_a_file(tmp_path):
    with pytest.raises(AudioFileError, match="not a file"):
        load_audio(tmp_path)


def test_the_audio_package_imports_nothing_from_speech():
    """Nowhere, not even inside a function: every import statement of simulator/audio/*.py,
    and what importing each module pulls in."""
    import ast
    from pathlib import Path

    import simulator.audio

    folder = Path(simulator.audio.__file__).parent
    found = []
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            found += [(path.name, n) for n in names if n.startswith("simulator.speech")]
    assert len(list(folder.glob("*.py"))) >= 7
    assert found == []
    code = (
        "import sys, pkgutil, importlib, simulator.audio as a\n"
        "for m in pkgutil.iter_modules(a.__path__):\n"
        "    importlib.import_module('simulator.audio.' + m.name)\n"
        "print(sorted(n for n in sys.modules if n.startswith('simulator.speech')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]"
