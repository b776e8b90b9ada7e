"""Trainers' packs on disk and their row in ``trainer_packs``.

A pack lives in ``<data>/packs/<pack-id>/``: ``pack.yaml``, its ``audio/`` and ``versions/``,
where every ``pack.yaml`` or audio file that a save replaced is kept (nothing is lost). Files are
written atomically (a temporary file, fsynced, renamed). A deleted pack moves whole to
``<data>/trash/packs/<pack-id>-<time>/``. An import is unpacked into a hidden staging folder
under ``<data>/packs`` and renamed into place in one step.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from simulator.core.catalog import PACK_FILE
from simulator.fileutil import atomic_write_bytes, fsync_dir, sha256_file
from simulator.store.db import Database

PACK_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
VERSIONS = "versions"
STAGING_PREFIX = ".staging-"


def _stamp() -> str:
    now = datetime.now(UTC)
    return now.strftime("%Y%m%dT%H%M%S") + f"{now.microsecond // 1000:03d}Z-{secrets.token_hex(2)}"


class PackFiles:
    """``<data>/packs`` and the trash beside it."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.root = self.data_dir / "packs"
        self.trash = self.data_dir / "trash" / "packs"

    def folder(self, pack_id: str) -> Path:
        if not PACK_ID.match(pack_id or ""):
            raise ValueError(f"not a pack id: {pack_id!r}")
        return self.root / pack_id

    def yaml_path(self, pack_id: str) -> Path:
        return self.folder(pack_id) / PACK_FILE

    def exists(self, pack_id: str) -> bool:
        return self.folder(pack_id).exists()

    def ids(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if p.is_dir() and PACK_ID.match(p.name))

    # ------------------------------------------------------------------ writes
    def keep(self, pack_id: str, rel: str) -> Path | None:
        """Move the pack's current ``rel`` (``pack.yaml`` or ``audio/…``) under
        ``versions/<time>/`` before it is replaced; where it went (None: nothing there)."""
        folder = self.folder(pack_id)
        current = folder / rel
        if not current.is_file():
            return None
        kept = folder / VERSIONS / _stamp() / rel
        kept.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(current, kept)
        fsync_dir(kept.parent)
        return kept

    def write(self, pack_id: str, rel: str, data: bytes) -> tuple[str, Path | None]:
        """Replace ``rel`` in the pack's folder atomically, the previous file kept; returns the
        new file's sha256 and where the old one was kept."""
        target = self.folder(pack_id) / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        kept = self.keep(pack_id, rel)
        atomic_write_bytes(target, data)
        return sha256_file(target), kept

    def retire(self, pack_id: str, rel: str) -> Path | None:
        """Keep ``rel`` under ``versions/`` and remove it (an audio file replaced by one of
        another format)."""
        kept = self.keep(pack_id, rel)
        if kept is not None:
            (self.folder(pack_id) / rel).unlink()
        return kept

    def staging(self) -> Path:
        """A fresh hidden folder under ``<data>/packs`` (same file system: renamed into place)."""
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / f"{STAGING_PREFIX}{secrets.token_hex(6)}"
        path.mkdir()
        return path

    def install(self, staged: Path, pack_id: str) -> Path:
        """Rename a staged pack folder into place (refused if the id is taken meanwhile)."""
        target = self.folder(pack_id)
        if target.exists():
            raise FileExistsError(f"pack folder {target} exists")
        os.rename(staged, target)
        fsync_dir(self.root)
        return target

    def uninstall(self, pack_id: str) -> None:
        """Undo ``install`` (the database write after it failed)."""
        shutil.rmtree(self.folder(pack_id), ignore_errors=True)
        fsync_dir(self.root)

    def to_trash(self, pack_id: str) -> Path:
        folder = self.folder(pack_id)
        self.trash.mkdir(parents=True, exist_ok=True)
        target = self.trash / f"{pack_id}-{_stamp()}"
        os.rename(folder, target)
        fsync_dir(self.trash)
        fsync_dir(self.root)
        return target

    def restore(self, trashed: Path, pack_id: str) -> None:
        """Undo ``to_trash`` (the database write after it failed)."""
        os.rename(trashed, self.folder(pack_id))
        fsync_dir(self.root)

    def clean_staging(self, older_than_s: float = 3600.0) -> None:
        """Remove staging folders an interrupted import left behind (an hour old: one being
        written now by another process is left alone)."""
        if not self.root.is_dir():
            return
        for path in self.root.glob(f"{STAGING_PREFIX}*"):
            try:
                if time.time() - path.stat().st_mtime > older_than_s:
                    shutil.rmtree(path, ignore_errors=True)
            except OSError:
                continue


@dataclass(frozen=True)
class PackRow:
    pack_id: str
    author_id: str | None
    author_name: str
    copied_from: str | None
    sha256: str
    deleted: bool
    created_at: str
    updated_at: str


class PackRecords:
    """The ``trainer_packs`` table."""

    def __init__(self, db: Database):
        self.db = db

    def get(self, pack_id: str) -> PackRow | None:
        row = self.db.one("SELECT * FROM trainer_packs WHERE pack_id=?", [pack_id])
        return _row(row) if row else None

    def all(self) -> dict[str, PackRow]:
        return {r["pack_id"]: _row(r) for r in self.db.query("SELECT * FROM trainer_packs")}

    def saved(
        self,
        conn,
        pack_id: str,
        sha256: str,
        author_id: str | None = None,
        author_name: str = "",
        copied_from: str | None = None,
    ) -> None:
        """Inside a transaction: a pack created (author set) or saved again (sha256)."""
        row = conn.execute("SELECT id FROM trainer_packs WHERE pack_id=?", [pack_id]).fetchone()
        if row is None:
            self.db.insert(
                conn,
                "trainer_packs",
                {"pack_id": pack_id, "author_id": author_id, "author_name": author_name,
                 "copied_from": copied_from, "sha256": sha256},
            )  # fmt: skip
            return
        values: dict = {"sha256": sha256, "deleted": 0}
        if author_id is not None:  # created anew under an id once deleted
            values.update(author_id=author_id, author_name=author_name, copied_from=copied_from)
        self.db.update(conn, "trainer_packs", row["id"], values)

    def deleted(self, conn, pack_id: str) -> None:
        row = conn.execute("SELECT id FROM trainer_packs WHERE pack_id=?", [pack_id]).fetchone()
        if row is not None:
            self.db.update(conn, "trainer_packs", row["id"], {"deleted": 1})


def _row(row: dict) -> PackRow:
    return PackRow(
        row["pack_id"], row["author_id"], row["author_name"], row["copied_from"], row["sha256"],
        bool(row["deleted"]), row["created_at"], row["updated_at"],
    )  # fmt: skip
