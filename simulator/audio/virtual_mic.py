"""A real ALSA capture device that "hears" a raw audio file, for end-to-end tests through
PortAudio on machines without a sound card.

``prepare(folder, audio)`` writes ``folder/reply.raw`` (s16le, 16 kHz, mono) and an
``.asoundrc`` whose default capture device reads it (playback goes to ``null``). ALSA reads
``$HOME/.asoundrc`` when PortAudio starts, so the recording must run in a process whose HOME
is ``folder``: :func:`record_in_subprocess` does that and returns the recorder's result.
Recording int16 / 16 kHz / 1 channel yields the raw file bit for bit. The device delivers
data faster than real time, and repeats stale data once the file is exhausted: end the raw
file with silence and let end-of-turn detection (or ``max_duration_s``) stop the recording.
Needs Debian's libportaudio2.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from simulator.audio.levels import to_int16

SAMPLE_RATE = 16000

_ASOUNDRC = """\
pcm.!default {{ type asym; playback.pcm "null"; capture.pcm "mic" }}
pcm.mic {{ type file; slave.pcm "null"; file "/dev/null"; infile "{infile}"; format "raw" }}
"""

_RECORD_SCRIPT = """
import json, sys
from simulator.audio.backend import SoundDeviceBackend
from simulator.audio.errors import AudioDeviceError
args = json.loads(sys.argv[1])
levels = []
try:
    backend = SoundDeviceBackend()
    devices = [d.name for d in backend.input_devices()]
    rec = backend.start_recording(args["out"], on_level=levels.append,
                                  max_duration_s=args["max_duration_s"])
    result = rec.wait(args["timeout_s"])
    if result is None:
        rec.stop()
        raise SystemExit("recording did not finish in time")
    out = {"ok": True, "devices": devices, "reason": result.reason, "frames": result.frames,
           "duration_s": result.duration_s, "speech_start_s": result.speech_start_s,
           "levels": len(levels), "max_level": max(levels) if levels else None}
except AudioDeviceError as exc:
    out = {"ok": False, "error": type(exc).__name__, "message": str(exc)}
print(json.dumps(out))
"""


def prepare(folder: str | os.PathLike, audio: np.ndarray, tail_silence_s: float = 1.5) -> Path:
    """Write ``reply.raw`` (``audio`` + silence) and ``.asoundrc`` into ``folder``; return the
    raw file's path."""
    folder = Path(folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    raw = folder / "reply.raw"
    samples = np.concatenate(
        [to_int16(audio), np.zeros(int(tail_silence_s * SAMPLE_RATE), np.int16)]
    )
    samples.astype("<i2").tofile(raw)
    (folder / ".asoundrc").write_text(_ASOUNDRC.format(infile=raw), encoding="utf-8")
    return raw


def record_in_subprocess(
    folder: str | os.PathLike,
    out_wav: str | os.PathLike,
    *,
    max_duration_s: float = 30.0,
    timeout_s: float = 60.0,
) -> dict:
    """Record from the virtual mic in ``folder`` with the real SoundDeviceBackend in a child
    process; return its JSON report (``ok``, ``reason``, ``frames``, … or ``error``)."""
    folder = Path(folder).resolve()
    env = dict(os.environ, HOME=str(folder))
    env.pop("ALSA_CONFIG_PATH", None)
    project_root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [project_root, env.get("PYTHONPATH")]))
    args = {
        "out": str(Path(out_wav).resolve()),
        "max_duration_s": max_duration_s,
        "timeout_s": timeout_s,
    }
    proc = subprocess.run(
        [sys.executable, "-c", _RECORD_SCRIPT, json.dumps(args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout_s + 30,
    )
    if proc.returncode != 0 or not proc.stdout.strip():
        raise RuntimeError(
            f"recording subprocess failed ({proc.returncode}): {proc.stderr[-2000:]}"
        )
    return json.loads(proc.stdout.strip().splitlines()[-1])
