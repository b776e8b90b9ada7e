"""Self-assessments, practice quizzes and their answers, drills and the spaced-review cards.

Everything that records what happened (a self-assessment, a quiz's draw, an answer, a drill,
a review) is append-only; a review card is the one row that changes (its FSRS state and due
time).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from simulator.core.quiz_draw import Draw
from simulator.store.db import Database


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True)
class SelfAssessmentRecord:
    id: str
    user_id: str | None
    bank_id: str
    answers: dict[str, int]
    total: int
    band: str
    taken_at: str


@dataclass(frozen=True)
class ReviewCard:
    id: str
    user_id: str
    kind: str  # "question" | "drill"
    item: str  # question id, or "scenario#turn"
    card: dict  # fsrs.Card.to_dict()
    due_at: str
    misses: int
    reviews: int


@dataclass(frozen=True)
class MissedQuestion:
    question_id: str
    topic: str
    misses: int
    trainees: int
    last_missed: str


class QuizStore:
    def __init__(self, db: Database):
        self.db = db

    # ------------------------------------------------------------------ self-assessment
    def add_self_assessment(self, user_id, bank_id, answers, total, band) -> str:
        with self.db.tx() as conn:
            return self.db.insert(
                conn,
                "self_assessments",
                {"user_id": user_id, "bank_id": bank_id, "answers": _json(answers),
                 "total": total, "band": band},
            )  # fmt: skip

    def self_assessments(self, user_id: str | None) -> list[SelfAssessmentRecord]:
        rows = self.db.query(
            "SELECT * FROM self_assessments WHERE user_id IS ? ORDER BY created_at, rowid",
            [user_id],
        )
        return [
            SelfAssessmentRecord(
                r["id"],
                r["user_id"],
                r["bank_id"],
                json.loads(r["answers"]),
                r["total"],
                r["band"],
                r["created_at"],
            )  # fmt: skip
            for r in rows
        ]

    # ------------------------------------------------------------------ quizzes
    def add_quiz(self, conn, user_id, topics: list[str], draw: Draw) -> str:
        return self.db.insert(
            conn, "quiz_sessions",
            {"user_id": user_id, "topics": _json(topics), "seed": draw.seed, "draw": draw.to_json()},
        )  # fmt: skip

    def quiz(self, quiz_id: str) -> tuple[str | None, Draw] | None:
        row = self.db.one("SELECT user_id, draw FROM quiz_sessions WHERE id=?", [quiz_id])
        return (row["user_id"], Draw.from_json(row["draw"])) if row else None

    def add_answer(self, conn, row: dict) -> str:
        row = dict(row, answer=_json(row["answer"]))
        return self.db.insert(conn, "quiz_answers", row)

    def missed_questions(self, min_misses: int) -> list[MissedQuestion]:
        rows = self.db.query(
            "SELECT question_id, MAX(topic) AS topic, COUNT(*) AS misses, "
            "COUNT(DISTINCT COALESCE(user_id, '')) AS trainees, MAX(created_at) AS last "
            "FROM quiz_answers WHERE correct=0 GROUP BY question_id HAVING COUNT(*) >= ? "
            "ORDER BY misses DESC, trainees DESC, question_id",
            [min_misses],
        )
        return [
            MissedQuestion(r["question_id"], r["topic"], r["misses"], r["trainees"], r["last"])
            for r in rows
        ]

    def add_drill(self, conn, row: dict) -> str:
        return self.db.insert(conn, "drill_answers", row)

    # ------------------------------------------------------------------ review cards
    def card(self, user_id: str, kind: str, item: str) -> ReviewCard | None:
        row = self.db.one(
            "SELECT * FROM review_cards WHERE user_id=? AND kind=? AND item=?",
            [user_id, kind, item],
        )
        return self._card(row) if row else None

    @staticmethod
    def _card(row: dict) -> ReviewCard:
        return ReviewCard(row["id"], row["user_id"], row["kind"], row["item"],
                          json.loads(row["card"]), row["due_at"], row["misses"],
                          row["reviews"])  # fmt: skip

    def save_card(self, conn, existing: ReviewCard | None, row: dict) -> str:
        values = dict(row, card=_json(row["card"]))
        if existing is None:
            return self.db.insert(conn, "review_cards", values)
        self.db.update(conn, "review_cards", existing.id, values)
        return existing.id

    def add_review(self, conn, card_id: str, user_id: str, rating: int, log: dict) -> None:
        self.db.insert(conn, "review_log",
                       {"card_id": card_id, "user_id": user_id, "rating": rating,
                        "log": _json(log)})  # fmt: skip

    def due(self, user_id: str, until: str, limit: int) -> list[ReviewCard]:
        rows = self.db.query(
            "SELECT * FROM review_cards WHERE user_id=? AND due_at<=? ORDER BY due_at LIMIT ?",
            [user_id, until, limit],
        )
        return [self._card(r) for r in rows]

    def cards(self, user_id: str) -> list[ReviewCard]:
        rows = self.db.query(
            "SELECT * FROM review_cards WHERE user_id=? ORDER BY due_at", [user_id]
        )
        return [self._card(r) for r in rows]
