"""Where the repository's data folders are (scenarios/, exams/, assets/) and the training
manuals the data cites (seeds/: a copy of ../shared/seeds/, so a clean checkout has them)."""

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
    """The training manuals (``SIMULATOR_SEEDS`` overrides): the repository's copy in seeds/,
    kept identical to ../shared/seeds/ (a test checks it wherever both exist)."""
    env = os.environ.get("SIMULATOR_SEEDS")
    return Path(env) if env else repo_root() / "seeds"


def shared_seeds_dir() -> Path:
    """The manuals' source of truth beside the repository (absent on some machines)."""
    return repo_root().parent / "shared" / "seeds"
