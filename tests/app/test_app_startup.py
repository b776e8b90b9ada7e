"""Start-up: the window is up quickly (the model and catalog load behind it) through the same
entry point the command line uses, and the app quits cleanly (threads stopped, exit code 0)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

CLI = "import sys; from simulator.cli import main; sys.exit(main(['app']))"
QUIT = "import sys; from simulator.app.main import run_app; sys.exit(run_app(['--quit-after', '2500']))"


def _env(tmp_path) -> dict:
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        SIMULATOR_TIMINGS="1",
        SIMULATOR_DATA_DIR=str(tmp_path),
    )


def test_window_is_up_fast(tmp_path):
    env = _env(tmp_path)
    subprocess.run([sys.executable, "-c", "import PySide6.QtWidgets, numpy, pydantic"], env=env)
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-c", CLI],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = proc.stdout.readline()
        up = time.monotonic() - started
        assert "window shown" in line, proc.stderr.read()
    finally:
        proc.terminate()
        proc.wait(30)
    print(f"\nwindow up after {up:.2f} s")
    assert up < float(os.environ.get("SIMULATOR_MAX_WINDOW_S", "3"))


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
