"""The core must not import Qt, the sound device or the speech model."""

import pkgutil
import subprocess
import sys

import simulator.core

FORBIDDEN = ("PySide6", "sounddevice", "faster_whisper", "ctranslate2", "soundfile")


def test_core_modules_import_nothing_forbidden():
    names = [m.name for m in pkgutil.walk_packages(simulator.core.__path__, "simulator.core.")]
    assert len(names) >= 8
    code = (
        "import importlib, sys\n"
        f"for n in {names!r}: importlib.import_module(n)\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"simulator.core pulled in: {out.stdout}"
