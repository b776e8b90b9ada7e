"""The spaced-review queue: missed quiz questions and failed call turns come back later.

Scheduling is FSRS (PyPI ``fsrs``): an item joins a trainee's queue the first time it is missed
(rated Again); each later answer rates it Good or Again and FSRS sets when it is due. Fuzzing is
off so that the same answers give the same schedule. A call turn failed in practice joins the
same queue as a short drill (the caller's line, answered by voice, graded): the practice path
calls ``turn_failed``; ``due`` lists questions and drills together, soonest first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import fsrs
import numpy as np

from simulator.core.quiz_grading import AnswerError, Heard
from simulator.core.result import GradeResult
from simulator.services.resources import Resources
from simulator.services.session import Guard, Session
from simulator.store.db import Database, new_id
from simulator.store.quizzes import QuizStore
from simulator.store.recordings import RecordingStore


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class DueItem:
    kind: str  # "question" | "drill"
    item: str  # question id, or "scenario#turn"
    due_at: str
    misses: int
    reviews: int
    text: str  # the question's prompt, or the caller's line

    @property
    def scenario_turn(self) -> tuple[str, int] | None:
        if self.kind != "drill":
            return None
        scenario, turn = self.item.rsplit("#", 1)
        return scenario, int(turn)


@dataclass(frozen=True)
class DrillFeedback:
    scenario_id: str
    turn_id: int
    passed: bool
    result: GradeResult
    recording: str | None
    next_due: str


class ReviewService:
    def __init__(
        self,
        db: Database,
        guard: Guard,
        recordings: RecordingStore,
        resources: Resources,
        wall: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        self.db = db
        self.guard = guard
        self.store = QuizStore(db)
        self.recordings = recordings
        self.resources = resources
        self.wall = wall
        self.scheduler = fsrs.Scheduler(enable_fuzzing=False)
        self.consent_gate: Callable[[str | None], None] | None = None  # PrivacyService's

    def record(self, conn, user_id: str | None, kind: str, item: str, correct: bool) -> None:
        """Inside the caller's transaction: rate one answer of ``user_id``'s item."""
        if user_id is None:  # the anonymous seat user has no queue
            return
        existing = self.store.card(user_id, kind, item)
        if existing is None and correct:
            return  # only what was missed joins the queue
        if existing is None:
            card_id = int.from_bytes(
                hashlib.sha256(f"{user_id}|{kind}|{item}".encode()).digest()[:6]
            )
            card = fsrs.Card(card_id=card_id, due=self.wall())
        else:
            card = fsrs.Card.from_dict(existing.card)
        rating = fsrs.Rating.Good if correct else fsrs.Rating.Again
        card, log = self.scheduler.review_card(card, rating, self.wall())
        row = {
            "user_id": user_id, "kind": kind, "item": item, "card": card.to_dict(),
            "due_at": _iso(card.due),
            "misses": (existing.misses if existing else 0) + (0 if correct else 1),
            "reviews": (existing.reviews if existing else 0) + 1,
        }  # fmt: skip
        card_row = self.store.save_card(conn, existing, row)
        self.store.add_review(conn, card_row, user_id, int(rating), log.to_dict())

    # ------------------------------------------------------------------ the practice hook
    def turn_failed(self, session: Session, scenario_id: str, turn_id: int) -> None:
        """A practice turn failed: it joins the trainee's queue as a drill."""
        self.guard.require(session, "practice.own", scenario_id)
        with self.db.tx() as conn:
            self.record(conn, session.user_id, "drill", f"{scenario_id}#{turn_id}", False)

    def replayed_turn_failed(self, user_id: str, scenario_id: str, turn_id: int) -> None:
        """A failed turn of ``user_id`` saved at start-up from the writes a failure had kept
        (start-up housekeeping, no session: as the practice replay itself)."""
        with self.db.tx() as conn:
            self.record(conn, user_id, "drill", f"{scenario_id}#{turn_id}", False)

    # ------------------------------------------------------------------ reads
    def due(
        self, session: Session, limit: int = 50, until: datetime | None = None
    ) -> list[DueItem]:
        """The trainee's due questions and drills, soonest first."""
        self.guard.require(session, "practice.own")
        if session.user_id is None:
            return []
        cards = self.store.due(session.user_id, _iso(until or self.wall()), limit)
        return [
            DueItem(c.kind, c.item, c.due_at, c.misses, c.reviews, self._text(c.kind, c.item))
            for c in cards
        ]

    def queue(self, session: Session) -> list[DueItem]:
        """Every item in the trainee's queue, due or not."""
        self.guard.require(session, "practice.own")
        if session.user_id is None:
            return []
        return [
            DueItem(c.kind, c.item, c.due_at, c.misses, c.reviews, self._text(c.kind, c.item))
            for c in self.store.cards(session.user_id)
        ]

    def _text(self, kind: str, item: str) -> str:
        try:
            if kind == "question":
                return self.resources.banks.question(item).prompt
            scenario, turn = item.rsplit("#", 1)
            return self.resources.catalog.scenario(scenario).turn(int(turn)).caller.text
        except Exception:  # a question or scenario no longer in the data: still listed
            return item

    # ------------------------------------------------------------------ drills
    def answer_drill(
        self,
        session: Session,
        scenario_id: str,
        turn_id: int,
        audio: np.ndarray | None = None,
        sample_rate: int = 16000,
        heard: Heard | None = None,
    ) -> DrillFeedback:
        """Answer a drill by voice (``audio``, transcribed by the speech service) or with what
        the app already heard; graded by the grader and rated in the queue."""
        self.guard.require(session, "practice.own", scenario_id)
        saved = None
        if heard is None:
            if audio is None or np.asarray(audio).size == 0:
                raise AnswerError("没有录到声音 / nothing was recorded")
            if self.consent_gate is not None:
                self.consent_gate(session.user_id)
            name = f"drills/{session.user_id or 'anon'}/{scenario_id}-t{turn_id}-{new_id()[:8]}.wav"
            saved = self.recordings.save_wav(audio, sample_rate, name)
            heard = self.resources.hear(saved.path)
        result = self.resources.grader.grade(
            scenario_id,
            turn_id,
            heard.text,
            heard.delivery,
            unsure=heard.unsure or None,
            hearing=heard.hearing,
        )
        import json

        with self.db.tx() as conn:
            self.store.add_drill(
                conn,
                {"user_id": session.user_id, "scenario_id": scenario_id, "turn_id": turn_id,
                 "transcript": result.transcript, "score": result.score,
                 "passed": int(result.passed), "recording": saved.relpath if saved else None,
                 "recording_sha256": saved.sha256 if saved else None,
                 "result_json": json.dumps(result.to_dict(), ensure_ascii=False)},
            )  # fmt: skip
            self.record(conn, session.user_id, "drill", f"{scenario_id}#{turn_id}", result.passed)
        card = (
            self.store.card(session.user_id, "drill", f"{scenario_id}#{turn_id}")
            if (session.user_id)
            else None
        )
        return DrillFeedback(
            scenario_id, turn_id, result.passed, result, saved.relpath if saved else None,
            card.due_at if card else "",
        )  # fmt: skip
