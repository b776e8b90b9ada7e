"""Practice the database could not take yet (it refused a write, the disk was full …), kept as
one JSON file per call under ``<data dir>/pending/`` until it is saved.

The app writes a call's unsaved writes here the moment one fails (and again as more queue up
behind it), and removes the file once they are all saved; whatever is left when the app quits
or dies is saved at the next start (``PracticeStore.reconcile``), with the recordings it points
at, which the start-up sweep leaves in place meanwhile. Writing the same ids twice is harmless:
the attempt and each turn carry the id made when the call made them.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from simulator.fileutil import atomic_write_bytes, fsync_dir

log = logging.getLogger(__name__)

FOLDER = "pending"


@dataclass
class PendingCall:
    """``attempt``: id, user_id, scenario_id, pack_id, title, title_en, mode, started_at.
    ``writes``, in order: {"kind": "attempt"} · {"kind": "turn", "record": TurnRecord.to_dict(),
    "recording": path relative to the data folder or None, "retry": bool} · {"kind": "finish",
    "status": …}."""

    key: str
    attempt: dict
    writes: list[dict] = field(default_factory=list)

    def to_json(self) -> bytes:
        body = {"key": self.key, "attempt": self.attempt, "writes": self.writes}
        return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> PendingCall:
        body = json.loads(raw.decode("utf-8"))
        return cls(body["key"], dict(body["attempt"]), list(body.get("writes", [])))

    @property
    def turns(self) -> int:
        return sum(1 for w in self.writes if w.get("kind") == "turn")

    @property
    def recordings(self) -> set[str]:
        return {w["recording"] for w in self.writes if w.get("recording")}


class PendingStore:
    def __init__(self, data_dir: Path):
        self.folder = Path(data_dir) / FOLDER

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def keep(self, call: PendingCall) -> Path:
        """Write (or rewrite) the call's file atomically."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.path(call.key)
        atomic_write_bytes(path, call.to_json())
        return path

    def forget(self, key: str) -> None:
        path = self.path(key)
        if path.exists():
            path.unlink()
            fsync_dir(self.folder)

    def all(self) -> list[tuple[Path, PendingCall | None]]:
        """Every kept call, oldest first; ``None`` for a file that cannot be read (left in
        place, never deleted)."""
        if not self.folder.is_dir():
            return []
        out = []
        for path in sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns):
            try:
                out.append((path, PendingCall.from_json(path.read_bytes())))
            except (OSError, ValueError, KeyError, TypeError) as exc:
                log.error("unreadable pending practice %s: %s", path, exc)
                out.append((path, None))
        return out
