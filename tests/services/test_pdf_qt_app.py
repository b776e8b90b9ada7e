"""The PDF renderers' Qt application lets a window be built later in the same process (a
certificate printed, then the app or a GUI test): a bare QGuiApplication made Qt abort the
process when the first window was built (seen as a crashed test worker)."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
from simulator.services.certificate_pdf import _app
app = _app()
from PySide6.QtWidgets import QApplication, QMainWindow
assert isinstance(app, QApplication), type(app)
window = QMainWindow()
window.setWindowTitle("ok")
print(window.windowTitle())
"""


def test_a_window_can_be_built_after_a_pdf_was_rendered_in_the_same_process():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
