"""One app per data folder: a second copy would move the first one's takes at start-up (they
have no row yet) and write the same database. ``hold(data_dir)`` takes a lock file there for as
long as the app runs; a lock left by a crashed app is taken over (Qt checks its process)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile

LOCK_NAME = "simulator.lock"


def hold(data_dir: Path) -> QLockFile | None:
    """The held lock (keep a reference while the app runs), or None if another app holds it."""
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(Path(data_dir) / LOCK_NAME))
    lock.setStaleLockTime(0)  # never stale by age: only when its process is gone
    return lock if lock.tryLock(0) else None
