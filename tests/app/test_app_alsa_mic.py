"""End to end through the real sound stack: the app's default audio port (PortAudio via
simulator.audio) records a reply from an ALSA capture device that reads a file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.audio import virtual_mic
from simulator.audio.files import load_audio
from tests.app.fakes import reply

CHILD = Path(__file__).parent / "tools" / "alsa_child.py"


@pytest.mark.slow
@pytest.mark.usefixtures("require_portaudio")
def test_app_records_from_a_real_capture_device(tmp_path):
    home = tmp_path / "home"
    virtual_mic.prepare(home, load_audio(reply("angry-good-t1")), tail_silence_s=2.0)
    env = dict(
        os.environ,
        HOME=str(home),
        QT_QPA_PLATFORM="offscreen",
        SIMULATOR_DATA_DIR=str(tmp_path / "base"),
    )
    env.pop("ALSA_CONFIG_PATH", None)
    out = subprocess.run(
        [sys.executable, str(CHILD), str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["audio_reason"] is None, report
    assert report["mode"] == "voice" and report["passed"], report
    assert report["recording"] and report["recording"].endswith(".wav")
    assert (tmp_path / "data" / report["recording"]).is_file()
    assert report["samples"] > 16000 * 3  # the whole reply was heard
