"""Killing the app mid-call loses nothing already saved and leaves no row pointing at a
missing recording: a real child process is SIGKILLed while it records the second reply, whose
audio so far is recovered at the next start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import soundfile as sf

from simulator.services import Services, Session
from simulator.store.recordings import sha256_file

CHILD = Path(__file__).parent / "tools" / "kill_child.py"


@pytest.mark.slow
def test_kill_mid_call_keeps_saved_turns(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SIMULATOR_DATA_DIR=str(tmp_path / "base"))
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 120
        line = ""
        while time.monotonic() < deadline and "READY" not in line:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                break
        assert "READY" in line, proc.stderr.read() if proc.poll() is not None else "no READY"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    data = tmp_path / "data"
    (part,) = (data / "recordings").rglob("*.part")  # the reply being recorded
    services = Services.open(data)
    practice, nobody = services.practice, Session.anonymous()
    report = practice.reconcile()
    assert report.missing == [] and report.changed == []  # no row points at a lost file
    (kept,) = report.recovered
    assert Path(kept) == data / "recovered" / part.parent.name / part.name.removesuffix(".part")
    assert sf.info(kept).frames >= 8000 and not part.exists()  # the half second seen, at least
    attempt = practice.history(nobody)[0]
    assert attempt.status == "stopped" and attempt.turn_count == 1
    (row,) = services.db.query("SELECT * FROM turns WHERE attempt_id=?", [attempt.id])
    assert row["transcript"] and row["score"] is not None
    assert sha256_file(services.recordings.absolute(row["recording"])) == row["recording_sha256"]
    assert practice.resume_point(nobody).next_turn == 2
    services.close()
