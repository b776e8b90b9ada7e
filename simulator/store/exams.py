"""Exam attempts, their answers, added time, sealed results, second ratings and proctors' PINs.

Writers take the caller's transaction (``conn``) so that each change commits together with its
audit entry; readers return typed records. Answers, added time, results and ratings are
append-only (triggers); an answer given twice is two rows and the latest counts.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from simulator.core.exam_scoring import ExamScore, Rating
from simulator.core.quiz_draw import Draw
from simulator.store.audit import ChainHead
from simulator.store.db import Database, utc_now


@dataclass(frozen=True)
class ExamAttemptRecord:
    id: str
    exam_id: str
    exam_sha256: str
    paper: dict  # {"exam": definition, "questions": {id: question}} as registered
    candidate_id: str
    registered_by: str | None
    proctor_id: str | None
    state: str
    seed: int
    draw: Draw
    draw_sha256: str
    candidate_name: str | None
    id_hash: str | None
    limit_ms: int
    extra_ms: int
    used_ms: int
    authorised_at: str | None
    started_at: str | None
    last_seen_at: str | None
    ended_at: str | None
    end_reason: str | None
    created_at: str

    @classmethod
    def from_row(cls, row: dict) -> ExamAttemptRecord:
        return cls(
            id=row["id"],
            exam_id=row["exam_id"],
            exam_sha256=row["exam_sha256"],
            paper=json.loads(row["paper"]),
            candidate_id=row["candidate_id"],
            registered_by=row["registered_by"],
            proctor_id=row["proctor_id"],
            state=row["state"],
            seed=int(row["seed"]),
            draw=Draw.from_json(row["draw"]),
            draw_sha256=row["draw_sha256"],
            candidate_name=row["candidate_name"],
            id_hash=row["id_hash"],
            limit_ms=int(row["limit_ms"]),
            extra_ms=int(row["extra_ms"]),
            used_ms=int(row["used_ms"]),
            authorised_at=row["authorised_at"],
            started_at=row["started_at"],
            last_seen_at=row["last_seen_at"],
            ended_at=row["ended_at"],
            end_reason=row["end_reason"],
            created_at=row["created_at"],
        )


@dataclass(frozen=True)
class ExamAnswerRecord:
    id: str
    attempt_id: str
    item: int
    part: str
    answer: object
    recording: str | None
    recording_sha256: str | None
    recording_size: int | None
    duration_s: float | None
    used_ms: int
    created_at: str

    @classmethod
    def from_row(cls, row: dict) -> ExamAnswerRecord:
        return cls(
            id=row["id"],
            attempt_id=row["attempt_id"],
            item=int(row["item"]),
            part=row["part"],
            answer=json.loads(row["answer"]),
            recording=row["recording"],
            recording_sha256=row["recording_sha256"],
            recording_size=row["recording_size"],
            duration_s=row["duration_s"],
            used_ms=int(row["used_ms"]),
            created_at=row["created_at"],
        )


@dataclass(frozen=True)
class TimeAdjustment:
    delta_ms: int
    reason: str
    proctor_id: str
    at: str


@dataclass(frozen=True)
class ExamResultRecord:
    id: str
    attempt_id: str
    exam_id: str
    candidate_id: str
    sealed: ExamScore  # as sealed (never changes)
    result_sha256: str
    head: ChainHead
    key_id: str
    signature: str
    sealed_at: str
    detail_json: str  # the stored text the hash is over

    @classmethod
    def from_row(cls, row: dict) -> ExamResultRecord:
        return cls(
            id=row["id"],
            attempt_id=row["attempt_id"],
            exam_id=row["exam_id"],
            candidate_id=row["candidate_id"],
            sealed=ExamScore.from_dict(json.loads(row["detail"])),
            result_sha256=row["result_sha256"],
            head=ChainHead(row["head_seat"], int(row["head_seq"]), row["head_hash"]),
            key_id=row["key_id"],
            signature=row["signature"],
            sealed_at=row["created_at"],
            detail_json=row["detail"],
        )


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class ExamStore:
    def __init__(self, db: Database):
        self.db = db

    # ------------------------------------------------------------------ attempts
    def insert_attempt(self, conn: sqlite3.Connection, row: dict) -> str:
        return self.db.insert(conn, "exam_attempts", row)

    def update_attempt(self, conn: sqlite3.Connection, attempt_id: str, values: dict) -> None:
        self.db.update(conn, "exam_attempts", attempt_id, values)

    def attempt(self, attempt_id: str) -> ExamAttemptRecord | None:
        row = self.db.one("SELECT * FROM exam_attempts WHERE id=?", [attempt_id])
        return ExamAttemptRecord.from_row(row) if row else None

    def attempts(
        self,
        exam_id: str | None = None,
        candidate_id: str | None = None,
        states: tuple[str, ...] | None = None,
    ) -> list[ExamAttemptRecord]:
        sql, params = "SELECT * FROM exam_attempts WHERE 1=1", []
        if exam_id is not None:
            sql += " AND exam_id=?"
            params.append(exam_id)
        if candidate_id is not None:
            sql += " AND candidate_id=?"
            params.append(candidate_id)
        if states:
            sql += f" AND state IN ({','.join('?' for _ in states)})"
            params.extend(states)
        rows = self.db.query(sql + " ORDER BY created_at", params)
        return [ExamAttemptRecord.from_row(r) for r in rows]

    # ------------------------------------------------------------------ answers
    def insert_answer(
        self,
        conn: sqlite3.Connection,
        attempt_id: str,
        item: int,
        part: str,
        answer: object,
        used_ms: int,
        recording=None,
    ) -> str:
        row = {
            "attempt_id": attempt_id,
            "item": item,
            "part": part,
            "answer": _json(answer),
            "used_ms": used_ms,
        }
        if recording is not None:
            row.update(
                recording=recording.relpath,
                recording_sha256=recording.sha256,
                recording_size=recording.size,
                duration_s=recording.duration_s,
            )
        return self.db.insert(conn, "exam_answers", row)

    def answers(self, attempt_id: str) -> list[ExamAnswerRecord]:
        rows = self.db.query(
            "SELECT * FROM exam_answers WHERE attempt_id=? ORDER BY created_at, rowid",
            [attempt_id],
        )
        return [ExamAnswerRecord.from_row(r) for r in rows]

    def latest_answers(self, attempt_id: str) -> dict[int, ExamAnswerRecord]:
        out: dict[int, ExamAnswerRecord] = {}
        for answer in self.answers(attempt_id):  # in order: the later one wins
            out[answer.item] = answer
        return out

    # ------------------------------------------------------------------ time
    def insert_adjustment(
        self, conn, attempt_id: str, delta_ms: int, reason: str, proctor_id: str
    ) -> None:
        self.db.insert(
            conn,
            "exam_time_adjustments",
            {
                "attempt_id": attempt_id,
                "delta_ms": delta_ms,
                "reason": reason,
                "proctor_id": proctor_id,
            },
        )

    def adjustments(self, attempt_id: str) -> list[TimeAdjustment]:
        return [
            TimeAdjustment(r["delta_ms"], r["reason"], r["proctor_id"], r["created_at"])
            for r in self.db.query(
                "SELECT * FROM exam_time_adjustments WHERE attempt_id=? ORDER BY created_at",
                [attempt_id],
            )
        ]

    # ------------------------------------------------------------------ results
    def insert_result(self, conn, row: dict) -> str:
        return self.db.insert(conn, "exam_results", row)

    def result(self, attempt_id: str) -> ExamResultRecord | None:
        row = self.db.one("SELECT * FROM exam_results WHERE attempt_id=?", [attempt_id])
        return ExamResultRecord.from_row(row) if row else None

    def results(self, exam_id: str | None = None) -> list[ExamResultRecord]:
        sql, params = "SELECT * FROM exam_results", []
        if exam_id is not None:
            sql += " WHERE exam_id=?"
            params.append(exam_id)
        rows = self.db.query(sql + " ORDER BY created_at", params)
        return [ExamResultRecord.from_row(r) for r in rows]

    def result_rows(self) -> list[dict]:
        """Raw rows, for the audit check that recomputes their hashes and signatures."""
        return self.db.query("SELECT * FROM exam_results ORDER BY created_at")

    def insert_rating(self, conn, result_id: str, attempt_id: str, rating: Rating) -> None:
        self.db.insert(
            conn,
            "exam_ratings",
            {
                "result_id": result_id,
                "attempt_id": attempt_id,
                "item": rating.item,
                "rater_id": rating.rater_id,
                "rater_name": rating.rater_name,
                "score": rating.score,
                "passed": int(rating.passed),
                "reason": rating.reason,
            },
        )

    def ratings(self, attempt_id: str) -> list[Rating]:
        return [
            Rating(
                r["item"],
                r["score"],
                bool(r["passed"]),
                r["rater_id"],
                r["rater_name"],
                r["reason"],
                r["created_at"],
            )  # fmt: skip
            for r in self.db.query(
                "SELECT * FROM exam_ratings WHERE attempt_id=? ORDER BY created_at, rowid",
                [attempt_id],
            )
        ]

    # ------------------------------------------------------------------ proctors' PINs
    def pin(self, user_id: str) -> dict | None:
        return self.db.one("SELECT * FROM proctor_pins WHERE user_id=?", [user_id])

    def set_pin(self, conn, user_id: str, pin_hash: str) -> None:
        existing = conn.execute("SELECT id FROM proctor_pins WHERE user_id=?", [user_id]).fetchone()
        values = {"pin_hash": pin_hash, "failed": 0, "locked_until": None}
        if existing:
            self.db.update(conn, "proctor_pins", existing["id"], values)
        else:
            self.db.insert(conn, "proctor_pins", {"user_id": user_id, **values})

    def pin_attempt(self, conn, user_id: str, failed: int, locked_until: str | None) -> None:
        conn.execute(
            "UPDATE proctor_pins SET failed=?, locked_until=?, updated_at=? WHERE user_id=?",
            [failed, locked_until, utc_now(), user_id],
        )
