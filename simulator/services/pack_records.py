"""Typed records of the pack service: a pack as listed (with provenance), a check's problems
and warnings, a save, a caller line's new audio."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from simulator.core.catalog import TRAINER, LoadProblem
from simulator.core.schema import Pack
from simulator.services.session import Session


@dataclass(frozen=True)
class PackInfo:
    """One pack as the pack list shows it."""

    pack_id: str
    title: str
    title_en: str
    kind: str  # "shipped" (read-only template) | "trainer" (in the data folder)
    author: str
    author_id: str | None
    copied_from: str | None
    modified: str | None  # UTC ISO time of the last save (a shipped pack: its file's)
    scenarios: tuple[str, ...]
    problems: tuple[str, ...] = ()  # a trainer's pack that does not load: why
    warnings: tuple[str, ...] = ()

    @property
    def editable(self) -> bool:
        return self.kind == TRAINER

    def to_dict(self) -> dict:
        return {
            "id": self.pack_id, "title": self.title, "title_en": self.title_en,
            "kind": self.kind, "author": self.author, "copied_from": self.copied_from,
            "modified": self.modified, "scenarios": list(self.scenarios),
            "problems": list(self.problems), "warnings": list(self.warnings),
        }  # fmt: skip


@dataclass(frozen=True)
class PackCheck:
    """A pack checked without writing: the pack (None when it does not validate), problems
    (refuse) and warnings (allowed: e.g. a caller line without audio)."""

    pack: Pack | None
    problems: tuple[LoadProblem, ...]
    warnings: tuple[LoadProblem, ...]

    @property
    def ok(self) -> bool:
        return self.pack is not None and not self.problems


@dataclass(frozen=True)
class SavedPack:
    pack_id: str
    sha256: str
    kept: Path | None  # the previous pack.yaml, under versions/
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class AttachedAudio:
    pack_id: str
    scenario_id: str
    turn_id: int
    ref: str  # audio/… as written in the pack
    path: Path
    duration_s: float
    trimmed_s: float
    source: str  # "recorded" | "rendered"


def _author(session: Session) -> str:
    return session.display_name or session.username


def _iso_mtime(path: Path) -> str | None:
    try:
        ts = path.stat().st_mtime
    except OSError:
        return None
    when = datetime.fromtimestamp(ts, UTC)
    return when.isoformat(timespec="milliseconds").replace("+00:00", "Z")
