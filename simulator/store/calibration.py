"""Calibration sets: reference practice turns (``calibration_items``) that trainers grade blind
(``calibration_grades``, append-only, one per rater and item)."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.store.db import Database


@dataclass(frozen=True)
class CalibrationSet:
    id: str
    name: str
    description: str
    created_by: str | None
    archived: bool
    items: int
    created_at: str
    updated_at: str


@dataclass(frozen=True)
class Grade:
    item_id: str
    rater_id: str
    rater_name: str
    passed: bool
    category: str | None
    comment: str
    created_at: str


class CalibrationStore:
    def __init__(self, db: Database):
        self.db = db

    def sets(self, include_archived: bool = False) -> list[CalibrationSet]:
        where = "" if include_archived else "WHERE s.archived=0"
        rows = self.db.query(
            "SELECT s.*, (SELECT COUNT(*) FROM calibration_items i WHERE i.set_id=s.id "
            f"AND i.removed=0) AS items FROM calibration_sets s {where} ORDER BY s.created_at"
        )
        return [self._set(r) for r in rows]

    def set(self, set_id: str) -> CalibrationSet | None:
        row = self.db.one(
            "SELECT s.*, (SELECT COUNT(*) FROM calibration_items i WHERE i.set_id=s.id "
            "AND i.removed=0) AS items FROM calibration_sets s WHERE s.id=?",
            [set_id],
        )
        return self._set(row) if row else None

    @staticmethod
    def _set(r: dict) -> CalibrationSet:
        return CalibrationSet(
            r["id"], r["name"], r["description"], r["created_by"], bool(r["archived"]),
            int(r["items"]), r["created_at"], r["updated_at"],
        )  # fmt: skip

    def items(self, set_id: str) -> list[dict]:
        """The set's items in order: item id, position and its turn id."""
        return self.db.query(
            "SELECT id, turn_id, position FROM calibration_items WHERE set_id=? AND removed=0 "
            "ORDER BY position",
            [set_id],
        )

    def item(self, item_id: str) -> dict | None:
        return self.db.one(
            "SELECT id, set_id, turn_id, position, removed FROM calibration_items WHERE id=?",
            [item_id],
        )

    def item_of(self, set_id: str, turn_id: str) -> dict | None:
        return self.db.one(
            "SELECT id, removed FROM calibration_items WHERE set_id=? AND turn_id=?",
            [set_id, turn_id],
        )

    def next_position(self, set_id: str) -> int:
        return int(
            self.db.scalar(
                "SELECT COALESCE(MAX(position), 0) + 1 FROM calibration_items WHERE set_id=?",
                [set_id],
            )
        )

    def grades(self, set_id: str) -> list[Grade]:
        return [
            Grade(
                r["item_id"],
                r["rater_id"],
                r["rater_name"],
                bool(r["passed"]),
                r["category"],
                r["comment"],
                r["created_at"],
            )  # fmt: skip
            for r in self.db.query(
                "SELECT g.* FROM calibration_grades g JOIN calibration_items i ON i.id=g.item_id "
                "WHERE g.set_id=? AND i.removed=0 ORDER BY g.created_at",
                [set_id],
            )
        ]

    def grade_of(self, item_id: str, rater_id: str) -> Grade | None:
        r = self.db.one(
            "SELECT * FROM calibration_grades WHERE item_id=? AND rater_id=?", [item_id, rater_id]
        )
        if r is None:
            return None
        return Grade(r["item_id"], r["rater_id"], r["rater_name"], bool(r["passed"]),
                     r["category"], r["comment"], r["created_at"])  # fmt: skip
