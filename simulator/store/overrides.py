"""Trainers' overrides of the grader (append-only rows of ``overrides``), the practice turns they
are about, and the grader's findings per rule (what the override report compares with)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from simulator.core.overrides import Override
from simulator.core.result import GradeResult, result_from_dict
from simulator.store.db import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TurnRow:
    """One saved practice turn with what the review needs around it."""

    id: str
    attempt_id: str
    user_id: str | None
    seq: int
    turn_no: int
    scenario_id: str
    transcript: str
    result: GradeResult
    recording: str | None  # relative to the data folder
    recording_deleted_reason: str | None
    superseded: bool
    created_at: str

    @classmethod
    def from_row(cls, r: dict) -> TurnRow:
        try:
            stored = json.loads(r["result_json"] or "{}")
        except ValueError:
            log.error("turn %s: unreadable result_json", r["id"])
            stored = {}
        result = result_from_dict(stored)
        return cls(
            r["id"], r["attempt_id"], r["user_id"], r["seq"], r["turn_id"],
            result.scenario or r["scenario_id"], r["transcript"] or "", result, r["recording"],
            r["recording_deleted_reason"], bool(r["superseded"]), r["created_at"],
        )  # fmt: skip


_TURN = (
    "SELECT t.*, a.user_id, a.scenario_id FROM turns t JOIN attempts a ON a.id = t.attempt_id "
    "WHERE a.kind = 'practice'"
)


class OverrideStore:
    def __init__(self, db: Database):
        self.db = db

    def turn(self, turn_id: str) -> TurnRow | None:
        row = self.db.one(_TURN + " AND t.id=?", [turn_id])
        return TurnRow.from_row(row) if row else None

    def turns(self, turn_ids: list[str]) -> dict[str, TurnRow]:
        out: dict[str, TurnRow] = {}
        for i in range(0, len(turn_ids), 500):
            chunk = turn_ids[i : i + 500]
            marks = ",".join("?" for _ in chunk)
            for row in self.db.query(_TURN + f" AND t.id IN ({marks})", chunk):
                out[row["id"]] = TurnRow.from_row(row)
        return out

    def add(self, conn, row: dict) -> str:
        return self.db.insert(conn, "overrides", row)

    def for_turns(self, turn_ids: list[str]) -> dict[str, list[Override]]:
        out: dict[str, list[Override]] = {t: [] for t in turn_ids}
        for i in range(0, len(turn_ids), 500):
            chunk = turn_ids[i : i + 500]
            marks = ",".join("?" for _ in chunk)
            for row in self.db.query(
                f"SELECT * FROM overrides WHERE turn_id IN ({marks}) ORDER BY created_at, id",
                chunk,
            ):
                out[row["turn_id"]].append(Override.from_row(row))
        return out

    def all(self, since: str | None = None, until: str | None = None) -> dict[str, list[Override]]:
        """Every override by turn (made between ``since`` and ``until``, when given)."""
        sql, params = "SELECT * FROM overrides WHERE 1=1", []
        if since:
            sql += " AND created_at >= ?"
            params.append(since)
        if until:
            sql += " AND created_at < ?"
            params.append(until)
        out: dict[str, list[Override]] = {}
        for row in self.db.query(sql + " ORDER BY created_at, id", params):
            out.setdefault(row["turn_id"], []).append(Override.from_row(row))
        return out

    def findings(self) -> list[dict]:
        """The grader's findings on practice turns that stand (not superseded): per rule and
        category, how many."""
        return self.db.query(
            "SELECT v.rule, v.category, COUNT(*) AS n FROM violations v "
            "JOIN turns t ON t.id = v.turn_id JOIN attempts a ON a.id = v.attempt_id "
            "WHERE t.superseded = 0 AND a.kind = 'practice' GROUP BY v.rule, v.category"
        )
