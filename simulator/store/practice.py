"""Practice attempts, their graded turns and violations, and the recordings beside them.

A turn row is inserted only after its recording file is on disk (``recordings``), in one
transaction with its violations and the attempt's totals. Attempts and turns keep the ids the
call made for them, so writing one again (a retry, a replay) changes nothing. ``reconcile`` at
start-up first saves the practice a failed write left in ``pending/``, then checks the
recordings the rows point at — a missing or changed file is *marked* (``recording_status``),
never unlinked, and marked ``ok`` again when the file is back — and keeps the files no row
points at under ``recovered/``.

Queries are per owner: ``user_id`` is the account the attempt belongs to; ``None`` is the
history from before accounts existed (owned by nobody until an admin gives it to someone).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from simulator.core.records import AttemptRecord, TurnRecord
from simulator.store.db import Database, utc_now
from simulator.store.pending import PendingCall, PendingStore
from simulator.store.recordings import RecordingStore, SavedRecording

log = logging.getLogger(__name__)
# other tables whose rows point at files under recordings/ (never orphans)
OTHER_RECORDINGS = ("exam_answers", "quiz_answers", "drill_answers")


@dataclass
class ReconcileReport:
    missing: list[str] = field(default_factory=list)  # turn ids whose file is gone
    changed: list[str] = field(default_factory=list)  # turn ids whose file differs
    relinked: list[str] = field(default_factory=list)  # turn ids whose file is back
    removed: list[str] = field(default_factory=list)  # the app's own temporary/empty files
    recovered: list[str] = field(default_factory=list)  # files kept under recovered/
    replayed: int = 0  # turns a failed write had left in pending/, saved now
    pending: list[str] = field(default_factory=list)  # pending/ files that still cannot be saved
    # (user id, scenario id, turn id) of each failed turn saved from pending/ now (the review
    # queue's hook did not see them when they were practised)
    failed_turns: list[tuple[str, str, int]] = field(default_factory=list)
    lost: int = 0  # turns (current tries) whose recording is missing or changed, in all
    # takes from pending/ not kept: their account has no consent to keep recordings (the turn
    # is saved without its recording; paths relative to the data folder)
    discarded: list[str] = field(default_factory=list)


class PracticeStore:
    def __init__(self, db: Database, recordings: RecordingStore):
        self.db = db
        self.recordings = recordings
        self.pending = PendingStore(recordings.data_dir)
        # whether an account may keep recordings (``PrivacyService.may_record``): a take
        # replayed from pending/ is kept only with consent (None: no consent rules)
        self.may_keep: Callable[[str | None], bool] | None = None

    # ------------------------------------------------------------------ writes
    def start_attempt(
        self,
        user_id: str | None,
        scenario_id: str,
        pack_id: str,
        title: str,
        title_en: str,
        mode: str,
        kind: str = "practice",
        attempt_id: str | None = None,
        started_at: str | None = None,
    ) -> str:
        """A new attempt (``attempt_id``: the id the call made; an attempt that already has
        it is left as it is)."""
        with self.db.tx() as conn:
            if attempt_id and self.db.one("SELECT id FROM attempts WHERE id=?", [attempt_id]):
                return attempt_id
            row = {"id": attempt_id} if attempt_id else {}
            return self.db.insert(
                conn,
                "attempts",
                row
                | {
                    "user_id": user_id,
                    "kind": kind,
                    "scenario_id": scenario_id,
                    "pack_id": pack_id,
                    "title": title,
                    "title_en": title_en,
                    "mode": mode,
                    "started_at": started_at or utc_now(),
                    "status": "in_progress",
                },
            )

    def has_turn(self, turn_id: str | None) -> bool:
        """Whether a turn with this (client-made) id is stored already."""
        return (
            bool(turn_id) and self.db.one("SELECT id FROM turns WHERE id=?", [turn_id]) is not None
        )

    def record_turn(
        self,
        attempt_id: str,
        turn: TurnRecord,
        recording: SavedRecording | None = None,
        retry: bool = False,
    ) -> str:
        """Insert one graded turn (after its recording is on disk) and update the attempt;
        a retry supersedes the earlier take of the same ``seq``. A turn whose id is already
        stored is not inserted again."""
        result = turn.result
        with self.db.tx() as conn:
            if self.db.one("SELECT id FROM attempts WHERE id=?", [attempt_id]) is None:
                raise KeyError(f"no attempt {attempt_id}")
            if turn.id and self.db.one("SELECT id FROM turns WHERE id=?", [turn.id]):
                return turn.id
            if retry:
                conn.execute(
                    "UPDATE turns SET superseded=1, updated_at=? WHERE attempt_id=? AND seq=?",
                    [utc_now(), attempt_id, turn.seq],
                )
            row = {"id": turn.id} if turn.id else {}
            row |= {
                "attempt_id": attempt_id,
                "seq": turn.seq,
                "turn_id": result.turn,
                "caller_text": turn.caller_text,
                "transcript": result.transcript,
                "score": result.score,
                "passed": int(result.passed),
                "outcome": result.outcome,
                "next_turn": result.next_turn,
                "mode": turn.mode,
                "latency_s": turn.latency_s,
                "feedback_s": turn.feedback_s,
                "result_json": json.dumps(turn.stored_json(), ensure_ascii=False),
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
            turn_id = self.db.insert(conn, "turns", row)
            for v in result.violations:
                self.db.insert(
                    conn,
                    "violations",
                    {
                        "turn_id": turn_id,
                        "attempt_id": attempt_id,
                        "scenario_id": result.scenario,
                        "category": v.category,
                        "severity": v.severity,
                        "rule": v.rule,
                        "text": v.text,
                    },
                )
            self._refresh_attempt(conn, attempt_id, result.next_turn, turn.mode)
        return turn_id

    def _refresh_attempt(self, conn, attempt_id: str, next_turn: int | None, mode: str) -> None:
        rows = conn.execute(
            "SELECT score, passed, mode FROM turns WHERE attempt_id=? AND superseded=0",
            [attempt_id],
        ).fetchall()
        modes = {r["mode"] for r in rows} | {mode}
        self.db.update(
            conn,
            "attempts",
            attempt_id,
            {
                "score": round(sum(r["score"] for r in rows) / len(rows)) if rows else None,
                "passed": int(all(r["passed"] for r in rows)) if rows else 0,
                "turn_count": len(rows),
                "next_turn": next_turn,
                "mode": modes.pop() if len(modes) == 1 else "mixed",
            },
        )

    def finish_attempt(self, attempt_id: str, status: str = "completed") -> None:
        with self.db.tx() as conn:
            self.db.update(
                conn, "attempts", attempt_id, {"status": status, "finished_at": utc_now()}
            )

    def assign_unowned(self, conn, user_id: str) -> int:
        """Inside a transaction: give the history from before accounts existed to ``user_id``;
        returns how many attempts moved."""
        cur = conn.execute(
            "UPDATE attempts SET user_id=?, updated_at=? WHERE user_id IS NULL",
            [user_id, utc_now()],
        )
        return cur.rowcount

    # ------------------------------------------------------------------ reads
    def attempt(self, attempt_id: str) -> AttemptRecord | None:
        row = self.db.one("SELECT * FROM attempts WHERE id=?", [attempt_id])
        return AttemptRecord.from_row(row) if row else None

    def attempt_turns(self, attempt_id: str, include_superseded: bool = False) -> list[TurnRecord]:
        sql = "SELECT * FROM turns WHERE attempt_id=?"
        if not include_superseded:
            sql += " AND superseded=0"
        out = []
        for row in self.db.query(sql + " ORDER BY seq, created_at", [attempt_id]):
            try:
                stored = json.loads(row["result_json"] or "{}")
            except ValueError:
                log.error("turn %s: unreadable result_json", row["id"])
                stored = {}
            rec = row.get("recording")
            deleted = row.get("recording_deleted_reason")
            out.append(
                TurnRecord.from_stored(
                    stored,
                    seq=row["seq"],
                    caller_text=row["caller_text"] or "",
                    mode=row["mode"],
                    recording=str(self.recordings.absolute(rec)) if rec else None,
                    recording_status="deleted"
                    if deleted
                    else (row.get("recording_status") if rec else None),
                    feedback_s=row.get("feedback_s"),
                    latency_s=row.get("latency_s"),
                    id=row["id"],
                    recording_deleted=deleted,
                )
            )
        return out

    def history(self, user_id: str | None, limit: int = 500) -> list[AttemptRecord]:
        rows = self.db.query(
            "SELECT * FROM attempts WHERE user_id IS ? AND turn_count > 0 AND kind='practice' "
            "ORDER BY started_at DESC LIMIT ?",
            [user_id, limit],
        )
        return [AttemptRecord.from_row(r) for r in rows]

    def scenario_stats(self, user_id: str | None) -> dict[str, dict]:
        """Per scenario: how many attempts, and the best score, each attempt scored with every
        turn at its best try (a retry that went worse does not lower it)."""
        out: dict[str, dict] = {}
        for row in self.db.query(
            "SELECT a.scenario_id, COUNT(*) AS attempts, MAX(b.best) AS best FROM attempts a "
            "LEFT JOIN (SELECT attempt_id, ROUND(AVG(top)) AS best FROM ("
            "  SELECT attempt_id, seq, MAX(score) AS top FROM turns GROUP BY attempt_id, seq"
            ") GROUP BY attempt_id) b ON b.attempt_id = a.id "
            "WHERE a.user_id IS ? AND a.turn_count > 0 AND a.kind='practice' "
            "GROUP BY a.scenario_id",
            [user_id],
        ):
            best = row["best"]
            out[row["scenario_id"]] = {
                "attempts": row["attempts"],
                "best": int(best) if best is not None else None,
            }
        return out

    def resume_point(self, user_id: str | None) -> AttemptRecord | None:
        """The owner's latest unfinished practice attempt that has a next turn, if any."""
        row = self.db.one(
            "SELECT * FROM attempts WHERE user_id IS ? AND kind='practice' "
            "AND status IN ('in_progress', 'stopped') AND next_turn IS NOT NULL "
            "AND turn_count > 0 ORDER BY started_at DESC LIMIT 1",
            [user_id],
        )
        return AttemptRecord.from_row(row) if row else None

    def score_series(self, user_id: str | None) -> list[AttemptRecord]:
        rows = self.db.query(
            "SELECT * FROM attempts WHERE user_id IS ? AND kind='practice' AND turn_count > 0 "
            "AND score IS NOT NULL ORDER BY started_at",
            [user_id],
        )
        return [AttemptRecord.from_row(r) for r in rows]

    def category_counts(self, user_id: str | None) -> list[tuple[str, int]]:
        return [
            (r["category"], r["n"])
            for r in self.db.query(
                "SELECT v.category, COUNT(*) AS n FROM violations v "
                "JOIN turns t ON t.id = v.turn_id JOIN attempts a ON a.id = v.attempt_id "
                "WHERE t.superseded = 0 AND a.user_id IS ? AND a.kind='practice' "
                "GROUP BY v.category ORDER BY n DESC, v.category",
                [user_id],
            )
        ]

    def unowned_count(self) -> int:
        return int(self.db.scalar("SELECT COUNT(*) FROM attempts WHERE user_id IS NULL") or 0)

    # ------------------------------------------------------------------ start-up
    def reconcile(self) -> ReconcileReport:
        """Check every recording a row points at (mark missing/changed, re-link those that are
        back) and keep the files no row points at under ``recovered/``."""
        report = ReconcileReport()
        started = time.time_ns()
        present = self.recordings.files()  # listed first: a take begun meanwhile is left alone
        referenced: set[str] = self._replay_pending(report)
        updates: list[tuple[str, dict]] = []
        for row in self.db.query(
            "SELECT id, recording, recording_sha256, recording_size, recording_mtime_ns, "
            "recording_status FROM turns WHERE recording IS NOT NULL"
        ):
            referenced.add(row["recording"])
            known = (row["recording_size"], row["recording_mtime_ns"])
            status, stamp = self.recordings.check(row["recording"], row["recording_sha256"], *known)
            values: dict = {}
            if status != (row["recording_status"] or "ok"):
                values["recording_status"] = status
                {"missing": report.missing, "mismatch": report.changed, "ok": report.relinked}[
                    status
                ].append(row["id"])
            if status == "ok" and stamp != known:  # hashed and unchanged: not read again
                values.update(recording_size=stamp[0], recording_mtime_ns=stamp[1])
            if values:
                updates.append((row["id"], values))
        for table in OTHER_RECORDINGS:  # exam answers, quiz answers, drills: theirs, kept
            referenced.update(
                r["recording"]
                for r in self.db.query(f"SELECT recording FROM {table} WHERE recording IS NOT NULL")
            )
        if updates:
            with self.db.tx() as conn:  # one commit (one fsync) for all
                for row_id, values in updates:
                    self.db.update(conn, "turns", row_id, values)
        for path in self.recordings.orphans(referenced, present):
            try:
                if not self.recordings.settled(path, started):
                    continue  # renamed or written since the listing: a take being recorded
                kept = self.recordings.salvage(path)
                (report.recovered if kept is not None else report.removed).append(str(kept or path))
            except OSError as exc:  # one odd file must not stop the start-up
                log.warning("cleaning up %s failed: %s", path, exc)
        with self.db.tx() as conn:
            conn.execute(
                "UPDATE attempts SET status='stopped', updated_at=? WHERE status='in_progress'",
                [utc_now()],
            )
        report.lost = int(
            self.db.scalar(
                "SELECT COUNT(*) FROM turns WHERE superseded=0 "
                "AND recording_status IN ('missing', 'mismatch')"
            )
            or 0
        )
        return report

    # ------------------------------------------------------------------ pending
    def keep_pending(self, call: PendingCall) -> None:
        self.pending.keep(call)

    def forget_pending(self, key: str) -> None:
        self.pending.forget(key)

    def _replay_pending(self, report: ReconcileReport) -> set[str]:
        """Save what failed writes left in ``pending/``; returns the recordings the calls
        that still cannot be saved point at (the sweep leaves them where they are)."""
        keep: set[str] = set()
        for path, call in self.pending.all():
            if call is None:
                report.pending.append(str(path))
                continue
            try:
                failed = self._replay(call, report)
            except Exception as exc:  # noqa: BLE001 - kept for the next start, and reported
                log.error("pending practice %s could not be saved: %s", path, exc)
                report.pending.append(str(path))
                keep |= call.recordings
                continue
            self.pending.forget(call.key)
            report.replayed += call.turns
            report.failed_turns += failed
        return keep

    def _may_keep(self, user_id: str | None) -> bool:
        return self.may_keep is None or self.may_keep(user_id)

    def _replay(self, call: PendingCall, report: ReconcileReport) -> list[tuple[str, str, int]]:
        """Save one call's kept writes; returns its failed turns saved now (of a user). A
        take whose account has no consent to keep recordings (now: it may have been withdrawn
        since, here or on another seat) is deleted and its turn saved without it."""
        a = call.attempt
        failed: list[tuple[str, str, int]] = []
        self.start_attempt(
            a.get("user_id"),
            a["scenario_id"],
            a.get("pack_id", ""),
            a.get("title", ""),
            a.get("title_en", ""),
            a.get("mode", "typed"),
            attempt_id=a["id"],
            started_at=a.get("started_at"),
        )
        for w in call.writes:
            if w.get("kind") == "turn":
                saved = self.recordings.existing(w["recording"]) if w.get("recording") else None
                if saved is not None and not self._may_keep(a.get("user_id")):
                    self.recordings.discard(saved.path)
                    report.discarded.append(w["recording"])
                    saved = None
                turn = TurnRecord.from_dict(w["record"])
                new = not self.has_turn(turn.id)
                self.record_turn(a["id"], turn, saved, bool(w.get("retry")))
                if new and not turn.passed and a.get("user_id"):
                    failed.append((a["user_id"], turn.result.scenario, turn.result.turn))
            elif w.get("kind") == "finish":
                self.finish_attempt(a["id"], w.get("status") or "stopped")
        return failed


__all__ = ["PracticeStore", "ReconcileReport", "SavedRecording"]
