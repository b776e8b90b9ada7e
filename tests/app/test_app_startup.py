"""Start-up: the window comes up through the same entry point the command line uses (the
model and catalog load behind it), and the app quits cleanly (threads stopped, exit code 0).
How soon the window is up is measured by ``simulator bench``, not asserted here."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

CLI = "import sys; from simulator.cli import main; sys.exit(main(['app']))"
QUIT = "import sys; from simulator.app.main import run_app; sys.exit(run_app(['--quit-after', '2500']))"


def _env(tmp_path) -> dict:
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        SIMULATOR_TIMINGS="1",
        SIMULATOR_DATA_DIR=str(tmp_path),
    )


def test_window_comes_up_through_the_command_line(tmp_path):
    """``simulator app`` shows the window (how soon is measured by ``simulator bench``)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", CLI],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(tmp_path),
    )
    try:
        line = proc.stdout.readline()
        assert "window shown" in line, proc.stderr.read() if proc.poll() is not None else line
    finally:
        proc.terminate()
        proc.wait(60)


@pytest.mark.slow
def test_app_quits_cleanly(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", QUIT],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "window shown" in out.stdout
    assert "Fatal" not in out.stderr and "QThread: Destroyed" not in out.stderr
    assert (tmp_path / "simulator.db").is_file()
