"""Where the repository's data folders are (scenarios/, exams/, assets/) and the training
manuals the data cites (../shared/seeds/ beside the repository)."""

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


def seeds_dir() -> Path:
    """The training manuals (``SIMULATOR_SEEDS`` overrides): ../shared/seeds/ beside the repo."""
    env = os.environ.get("SIMULATOR_SEEDS")
    return Path(env) if env else repo_root().parent / "shared" / "seeds"
