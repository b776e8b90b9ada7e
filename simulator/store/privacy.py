"""Consent to keep voice recordings, the centre's settings, and the recordings that may be
deleted: practice turns, drills, spoken quiz answers and the oral answers of exams that are
sealed (or cancelled) — an exam still being graded keeps its recordings."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.store.db import Database

# sources of recordings: the table and how a row's owner and creation time are read
_SOURCES = {
    "turns": (
        "SELECT t.id, t.recording AS path, t.recording_sha256 AS sha256, a.user_id, "
        "t.created_at FROM turns t JOIN attempts a ON a.id = t.attempt_id "
        "WHERE t.recording IS NOT NULL"
    ),
    "drill_answers": (
        "SELECT x.id, x.recording AS path, x.recording_sha256 AS sha256, x.user_id, "
        "x.created_at FROM drill_answers x WHERE x.recording IS NOT NULL"
    ),
    "quiz_answers": (
        "SELECT x.id, x.recording AS path, x.recording_sha256 AS sha256, x.user_id, "
        "x.created_at FROM quiz_answers x WHERE x.recording IS NOT NULL"
    ),
    "exam_answers": (
        "SELECT x.id, x.recording AS path, x.recording_sha256 AS sha256, "
        "e.candidate_id AS user_id, x.created_at FROM exam_answers x "
        "JOIN exam_attempts e ON e.id = x.attempt_id WHERE x.recording IS NOT NULL "
        "AND e.state IN ('sealed', 'cancelled')"
    ),
}
_NOT_DELETED = (
    " AND NOT EXISTS (SELECT 1 FROM recording_deletions d WHERE d.source = '{0}' "
    "AND d.row_id = x.id)"
)


@dataclass(frozen=True)
class ConsentRecord:
    action: str  # given | revoked
    notice: str  # the version of the notice the person saw
    at: str


@dataclass(frozen=True)
class StoredRecording:
    source: str  # turns | drill_answers | quiz_answers | exam_answers
    row_id: str
    path: str  # relative to the data folder
    sha256: str | None
    user_id: str | None
    created_at: str


class PrivacyStore:
    def __init__(self, db: Database):
        self.db = db

    # ------------------------------------------------------------------ consent
    def consent(self, user_id: str) -> ConsentRecord | None:
        row = self.db.one(
            "SELECT action, notice, created_at FROM recording_consents WHERE user_id=? "
            "ORDER BY created_at DESC, rowid DESC LIMIT 1",
            [user_id],
        )
        return ConsentRecord(row["action"], row["notice"], row["created_at"]) if row else None

    def consents(self, user_id: str) -> list[ConsentRecord]:
        return [
            ConsentRecord(r["action"], r["notice"], r["created_at"])
            for r in self.db.query(
                "SELECT action, notice, created_at FROM recording_consents WHERE user_id=? "
                "ORDER BY created_at, rowid",
                [user_id],
            )
        ]

    # ------------------------------------------------------------------ settings
    def setting(self, key: str) -> str | None:
        return self.db.scalar("SELECT value FROM centre_settings WHERE key=?", [key])

    def set_setting(self, conn, key: str, value: str, by: str | None) -> None:
        row = conn.execute("SELECT id FROM centre_settings WHERE key=?", [key]).fetchone()
        if row is None:
            self.db.insert(conn, "centre_settings", {"key": key, "value": value, "changed_by": by})
        else:
            self.db.update(conn, "centre_settings", row["id"], {"value": value, "changed_by": by})

    # ------------------------------------------------------------------ recordings
    def recordings(
        self, user_id: str | None = None, before: str | None = None
    ) -> list[StoredRecording]:
        """Recordings still kept (of ``user_id``; made before ``before``), deletable now."""
        out: list[StoredRecording] = []
        for source, sql in _SOURCES.items():
            if source == "turns":
                query, params = sql, []
                if user_id is not None:
                    query += " AND a.user_id = ?"
                    params.append(user_id)
                if before is not None:
                    query += " AND t.created_at < ?"
                    params.append(before)
            else:
                query, params = sql + _NOT_DELETED.format(source), []
                if user_id is not None:
                    owner = "e.candidate_id" if source == "exam_answers" else "x.user_id"
                    query += f" AND {owner} = ?"
                    params.append(user_id)
                if before is not None:
                    query += " AND x.created_at < ?"
                    params.append(before)
            out += [
                StoredRecording(
                    source, r["id"], r["path"], r["sha256"], r["user_id"], r["created_at"]
                )  # fmt: skip
                for r in self.db.query(query, params)
            ]
        return out

    def deleted(self, conn, rec: StoredRecording, reason: str, by: str | None, at: str) -> None:
        """Inside a transaction: record one deletion (a turn says so on its own row too)."""
        self.db.insert(
            conn, "recording_deletions",
            {"source": rec.source, "row_id": rec.row_id, "user_id": rec.user_id,
             "path": rec.path, "sha256": rec.sha256, "reason": reason, "by_id": by,
             "created_at": at},
        )  # fmt: skip
        if rec.source == "turns":
            self.db.update(
                conn, "turns", rec.row_id,
                {"recording": None, "recording_status": "deleted", "recording_deleted_at": at,
                 "recording_deleted_reason": reason},
            )  # fmt: skip

    def deletions(self, user_id: str | None = None) -> list[dict]:
        sql = "SELECT * FROM recording_deletions"
        params: list = []
        if user_id is not None:
            sql += " WHERE user_id = ?"
            params.append(user_id)
        return self.db.query(sql + " ORDER BY created_at, rowid", params)
