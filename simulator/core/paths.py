"""Where the repository's data folders are (scenarios/, exams/, assets/)."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def repo_root() -> Path:
    return Path(os.environ.get("SIMULATOR_REPO", REPO_ROOT))


def scenarios_dir() -> Path:
    return repo_root() / "scenarios"


def exams_dir() -> Path:
    return repo_root() / "exams"


def audio_dir() -> Path:
    return repo_root() / "assets" / "audio"
