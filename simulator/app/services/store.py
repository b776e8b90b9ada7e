"""Attempts, turns, transcripts, scores and recording paths in SQLite (sqlite-utils, WAL).

The ``db`` lane of the task runner is the one writer (a lock also serialises any other
reader); every write commits at once, so killing the app loses nothing already saved. A turn row is inserted only after its recording
file is on disk (see ``recordings``); ``reconcile`` at start-up clears rows whose file went
missing or changed and moves the recordings no row points at (a take a crash interrupted, its
``.part``, or one finished but never saved) to the ``recovered`` folder.
"""

from __future__ import annotations

import functools
import json
import logging
import sqlite3
import threading
import time
from datetime import datetime
from pathlib import Path

import sqlite_utils

from simulator.app.services.recordings import RecordingStore, SavedRecording

DB_NAME = "simulator.db"
SCHEMA_VERSION = 2  # 2: turns.recording_mtime_ns

log = logging.getLogger(__name__)


def _locked(method):
    """One caller at a time: the db lane normally, but tests and tools may read meanwhile."""

    @functools.wraps(method)
    def run(self, *args, **kwargs):
        with self._lock:
            return method(self, *args, **kwargs)

    return run


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


class Store:
    """The attempt database in ``<data dir>/simulator.db``; recordings beside it."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / DB_NAME
        self.recordings = RecordingStore(self.data_dir)
        self._db: sqlite_utils.Database | None = None
        self._lock = threading.RLock()

    # ------------------------------------------------------------------ connection
    @property
    def db(self) -> sqlite_utils.Database:
        with self._lock:
            if self._db is None:
                self.data_dir.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(str(self.path), check_same_thread=False)
                db = sqlite_utils.Database(conn)
                db.enable_wal()
                db.execute("PRAGMA synchronous=FULL")
                db.execute("PRAGMA foreign_keys=ON")
                self._create(db)
                self._db = db
            return self._db

    @staticmethod
    def _create(db: sqlite_utils.Database) -> None:
        db["attempts"].create(
            {
                "id": int,
                "scenario_id": str,
                "pack_id": str,
                "title": str,
                "title_en": str,
                "mode": str,
                "started_at": str,
                "finished_at": str,
                "status": str,
                "score": int,
                "passed": int,
                "turn_count": int,
                "next_turn": int,
            },
            pk="id",
            if_not_exists=True,
            defaults={"status": "in_progress", "turn_count": 0},
        )
        db["turns"].create(
            {
                "id": int,
                "attempt_id": int,
                "seq": int,
                "turn_id": int,
                "caller_text": str,
                "transcript": str,
                "score": int,
                "passed": int,
                "outcome": str,
                "next_turn": int,
                "mode": str,
                "superseded": int,
                "recording": str,
                "recording_sha256": str,
                "recording_size": int,
                "recording_mtime_ns": int,
                "recording_status": str,
                "duration_s": float,
                "latency_s": float,
                "feedback_s": float,
                "result_json": str,
                "created_at": str,
            },
            pk="id",
            if_not_exists=True,
            foreign_keys=[("attempt_id", "attempts", "id")],
            defaults={"superseded": 0},
        )
        db["violations"].create(
            {
                "id": int,
                "turn_row": int,
                "attempt_id": int,
                "scenario_id": str,
                "category": str,
                "severity": str,
                "rule": str,
                "text": str,
            },
            pk="id",
            if_not_exists=True,
            foreign_keys=[("turn_row", "turns", "id")],
        )
        if "recording_mtime_ns" not in db["turns"].columns_dict:  # a version 1 database
            db["turns"].add_column("recording_mtime_ns", int)
        db["turns"].create_index(["attempt_id"], if_not_exists=True)
        db["violations"].create_index(["category"], if_not_exists=True)
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.conn.close()
                self._db = None

    # ------------------------------------------------------------------ writes
    @_locked
    def start_attempt(
        self, scenario_id: str, pack_id: str, title: str, title_en: str, mode: str
    ) -> int:
        with self.db.atomic():
            table = self.db["attempts"].insert(
                {
                    "scenario_id": scenario_id,
                    "pack_id": pack_id,
                    "title": title,
                    "title_en": title_en,
                    "mode": mode,
                    "started_at": now_iso(),
                    "status": "in_progress",
                    "turn_count": 0,
                }
            )
        return int(table.last_pk)

    @_locked
    def record_turn(
        self,
        attempt_id: int,
        seq: int,
        caller_text: str,
        result: dict,
        mode: str,
        recording: SavedRecording | None = None,
        latency_s: float | None = None,
        feedback_s: float | None = None,
        retry: bool = False,
    ) -> int:
        """Insert one graded turn (after its recording is on disk) and update the attempt."""
        db = self.db
        with db.atomic():
            if retry:
                db.execute(
                    "UPDATE turns SET superseded=1 WHERE attempt_id=? AND seq=?", [attempt_id, seq]
                )
            row = {
                "attempt_id": attempt_id,
                "seq": seq,
                "turn_id": result["turn"],
                "caller_text": caller_text,
                "transcript": result.get("transcript", ""),
                "score": result["score"],
                "passed": int(bool(result["passed"])),
                "outcome": result.get("outcome"),
                "next_turn": result.get("next_turn"),
                "mode": mode,
                "superseded": 0,
                "latency_s": latency_s,
                "feedback_s": feedback_s,
                "result_json": json.dumps(result, ensure_ascii=False),
                "created_at": now_iso(),
            }
            if recording is not None:
                row.update(
                    recording=recording.relpath,
                    recording_sha256=recording.sha256,
                    recording_size=recording.size,
                    recording_mtime_ns=recording.mtime_ns,
                    recording_status="ok",
                    duration_s=recording.duration_s,
                )
            turn_row = int(db["turns"].insert(row).last_pk)
            db["violations"].insert_all(
                {
                    "turn_row": turn_row,
                    "attempt_id": attempt_id,
                    "scenario_id": result["scenario"],
                    "category": v["category"],
                    "severity": v["severity"],
                    "rule": v["rule"],
                    "text": v.get("text", ""),
                }
                for v in result.get("violations", [])
            )
            self._refresh_attempt(attempt_id, next_turn=result.get("next_turn"), mode=mode)
        return turn_row

    def _refresh_attempt(self, attempt_id: int, next_turn: int | None, mode: str) -> None:
        db = self.db
        rows = list(
            db.query(
                "SELECT score, passed, mode FROM turns WHERE attempt_id=? AND superseded=0",
                [attempt_id],
            )
        )
        modes = {r["mode"] for r in rows} | {mode}
        score = round(sum(r["score"] for r in rows) / len(rows)) if rows else None
        db["attempts"].update(
            attempt_id,
            {
                "score": score,
                "passed": int(all(r["passed"] for r in rows)) if rows else 0,
                "turn_count": len(rows),
                "next_turn": next_turn,
                "mode": modes.pop() if len(modes) == 1 else "mixed",
            },
        )

    @_locked
    def finish_attempt(self, attempt_id: int, status: str = "completed") -> None:
        with self.db.atomic():
            self.db["attempts"].update(attempt_id, {"status": status, "finished_at": now_iso()})

    # ------------------------------------------------------------------ reads
    @_locked
    def attempt(self, attempt_id: int) -> dict | None:
        rows = list(self.db.query("SELECT * FROM attempts WHERE id=?", [attempt_id]))
        return rows[0] if rows else None

    @_locked
    def attempt_turns(self, attempt_id: int, include_superseded: bool = False) -> list[dict]:
        sql = "SELECT * FROM turns WHERE attempt_id=?"
        if not include_superseded:
            sql += " AND superseded=0"
        out = []
        for row in self.db.query(sql + " ORDER BY seq, id", [attempt_id]):
            row["result"] = json.loads(row.pop("result_json") or "{}")
            if row.get("recording"):
                row["recording_abs"] = str(self.recordings.absolute(row["recording"]))
            out.append(row)
        return out

    @_locked
    def history(self, limit: int = 500) -> list[dict]:
        return list(
            self.db.query(
                "SELECT * FROM attempts WHERE turn_count > 0 ORDER BY started_at DESC, id DESC LIMIT ?",
                [limit],
            )
        )

    @_locked
    def scenario_stats(self) -> dict[str, dict]:
        out: dict[str, dict] = {}
        for row in self.db.query(
            "SELECT scenario_id, COUNT(*) AS attempts, MAX(score) AS best FROM attempts "
            "WHERE turn_count > 0 GROUP BY scenario_id"
        ):
            out[row["scenario_id"]] = {"attempts": row["attempts"], "best": row["best"]}
        return out

    @_locked
    def resume_point(self) -> dict | None:
        """The latest unfinished attempt that has a next turn, if any."""
        rows = list(
            self.db.query(
                "SELECT * FROM attempts WHERE status IN ('in_progress', 'stopped') "
                "AND next_turn IS NOT NULL AND turn_count > 0 ORDER BY id DESC LIMIT 1"
            )
        )
        return rows[0] if rows else None

    @_locked
    def score_series(self) -> list[dict]:
        return list(
            self.db.query(
                "SELECT id, scenario_id, title, title_en, started_at, score, mode FROM attempts "
                "WHERE turn_count > 0 AND score IS NOT NULL ORDER BY started_at, id"
            )
        )

    @_locked
    def category_counts(self) -> list[tuple[str, int]]:
        return [
            (r["category"], r["n"])
            for r in self.db.query(
                "SELECT v.category, COUNT(*) AS n FROM violations v JOIN turns t ON t.id = v.turn_row "
                "WHERE t.superseded = 0 GROUP BY v.category ORDER BY n DESC, v.category"
            )
        ]

    # ------------------------------------------------------------------ start-up
    @_locked
    def reconcile(self) -> dict:
        """Unlink rows from missing/changed recordings; move the recordings no row points at
        to ``recovered`` (deleting only temporary files and empty takes)."""
        db = self.db
        started = time.time_ns()
        present = self.recordings.files()  # listed first: a take begun meanwhile is left alone
        cleared: list[tuple[int, str]] = []
        referenced: set[str] = set()
        updates: list[tuple[int, dict]] = []
        for row in list(
            db.query(
                "SELECT id, recording, recording_sha256, recording_size, recording_mtime_ns "
                "FROM turns WHERE recording IS NOT NULL"
            )
        ):
            known = (row["recording_size"], row["recording_mtime_ns"])
            status, stamp = self.recordings.check(row["recording"], row["recording_sha256"], *known)
            if status == "ok":
                referenced.add(row["recording"])
                if stamp != known:  # hashed and unchanged: remember it, so next time it is not
                    updates.append(
                        (row["id"], {"recording_size": stamp[0], "recording_mtime_ns": stamp[1]})
                    )
                continue
            cleared.append((row["id"], status))
            updates.append(
                (
                    row["id"],
                    {
                        "recording": None,
                        "recording_sha256": None,
                        "recording_size": None,
                        "recording_mtime_ns": None,
                        "recording_status": status,
                    },
                )
            )
        with db.atomic():  # one commit (one fsync) for all, not one per recording
            for row_id, values in updates:
                db["turns"].update(row_id, values)
        removed, recovered = [], []
        for path in self.recordings.orphans(referenced, present):
            try:
                if not self.recordings.settled(path, started):
                    continue  # renamed or written since the listing: a take being recorded
                kept = self.recordings.salvage(path)
                if kept is not None:
                    recovered.append(str(kept))
                else:
                    removed.append(str(path))
            except Exception as exc:  # noqa: BLE001 - one odd file must not stop the start-up
                log.warning("cleaning up %s failed: %s", path, exc)
        with db.atomic():
            db.execute("UPDATE attempts SET status='stopped' WHERE status='in_progress'")
        return {"cleared": cleared, "removed": removed, "recovered": recovered}
