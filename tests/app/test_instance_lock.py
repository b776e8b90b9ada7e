"""One app per data folder: a second start is refused with a message naming the folder, and a
lock left by a killed app does not keep the trainee out."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from simulator.app.instance_lock import LOCK_NAME, hold

HOLD_AND_WAIT = (
    "import sys, time; from pathlib import Path; from simulator.app.instance_lock import hold; "
    "lock = hold(Path(sys.argv[1])); print('held' if lock else 'refused', flush=True); "
    "time.sleep(60)"
)
QUIT = (
    "import sys; from simulator.app.main import run_app; sys.exit(run_app(['--quit-after', '500']))"
)


def test_a_second_holder_is_refused_until_the_first_lets_go(tmp_path):
    first = hold(tmp_path)
    assert first is not None and (tmp_path / LOCK_NAME).exists()
    assert hold(tmp_path) is None
    first.unlock()
    again = hold(tmp_path)
    assert again is not None
    again.unlock()


def test_the_lock_of_a_killed_app_is_taken_over(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_AND_WAIT, str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout.readline().strip() == "held"
        assert hold(tmp_path) is None  # alive: refused
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    assert (tmp_path / LOCK_NAME).exists()  # left behind by the killed process
    taken = hold(tmp_path)
    assert taken is not None
    taken.unlock()


def test_a_second_app_on_the_same_data_folder_exits_with_a_message(tmp_path):
    lock = hold(tmp_path)
    try:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SIMULATOR_DATA_DIR=str(tmp_path))
        out = subprocess.run(
            [sys.executable, "-c", QUIT], capture_output=True, text=True, env=env, timeout=120
        )
    finally:
        lock.unlock()
    assert out.returncode == 3, out.stderr
    assert "已经在运行" in out.stderr and str(tmp_path) in out.stderr
