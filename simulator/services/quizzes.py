"""Knowledge quizzes in practice mode and the self-assessment (seed 002).

A quiz draws shuffled questions (options and steps shuffled too) from the banks by topic; each
answer is graded by type and answered with feedback: right or not, the explanation, the seed's
words (evidence) and the seed's title. Every answer is kept; a missed question joins the
trainee's spaced-review queue (``ReviewService``). Trainers see which questions are missed again
and again (misses and distinct trainees per question).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from simulator.core.quiz import SelfAssessment, load_self_assessment
from simulator.core.quiz_draw import (
    DrawnQuestion,
    PresentedQuestion,
    draw_practice,
    draw_questions,
    present,
)
from simulator.core.quiz_grading import AnswerError, Feedback, Heard, feedback, grade_answer
from simulator.services.resources import Resources
from simulator.services.review import ReviewService
from simulator.services.session import Guard, PermissionDenied, Session
from simulator.store.db import Database, new_id
from simulator.store.quizzes import MissedQuestion, QuizStore, SelfAssessmentRecord
from simulator.store.recordings import RecordingStore


@dataclass(frozen=True)
class QuizRun:
    quiz_id: str
    items: tuple[PresentedQuestion, ...]


@dataclass(frozen=True)
class SelfAssessmentOutcome:
    record: SelfAssessmentRecord
    title: str
    advice: str


class QuizService:
    def __init__(
        self,
        db: Database,
        guard: Guard,
        recordings: RecordingStore,
        resources: Resources,
        review: ReviewService,
        wall: Callable[[], datetime] = lambda: datetime.now(UTC),
        self_assessment: SelfAssessment | None = None,
    ):
        self.db = db
        self.guard = guard
        self.store = QuizStore(db)
        self.recordings = recordings
        self.resources = resources
        self.review = review
        self.wall = wall
        self._self_assessment = self_assessment
        self.consent_gate: Callable[[str | None], None] | None = None  # PrivacyService's

    # ------------------------------------------------------------------ quizzes
    def _start(self, session: Session, topics: list[str], draw) -> QuizRun:
        banks = self.resources.banks
        with self.db.tx() as conn:
            quiz_id = self.store.add_quiz(conn, session.user_id, topics, draw)
        items = tuple(present(i, banks.question(i.question_id)) for i in draw.items)
        return QuizRun(quiz_id, items)

    def start(
        self,
        session: Session,
        topics: list[str],
        count: int = 10,
        types: list[str] | None = None,
        seed: int | None = None,
    ) -> QuizRun:
        """A practice quiz of ``count`` questions drawn from ``topics``."""
        self.guard.require(session, "practice.own", ",".join(topics))
        if not topics or count < 1:
            raise AnswerError("请选择至少一个主题 / choose at least one topic")
        seed = secrets.randbits(62) if seed is None else seed
        draw = draw_practice(self.resources.banks, topics, count, seed, types)
        if not draw.items:
            raise AnswerError("这些主题下没有题目 / there are no questions for these topics")
        return self._start(session, topics, draw)

    def start_review(self, session: Session, limit: int = 10) -> QuizRun | None:
        """A quiz of the trainee's due questions (None when nothing is due)."""
        due = [d.item for d in self.review.due(session, limit=500) if d.kind == "question"]
        banks = self.resources.banks
        known = [q for q in due[:limit] if _has(banks, q)]
        if not known:
            return None
        questions = [(banks.question(q), banks.bank_of(q).topic) for q in known]
        return self._start(session, ["review"], draw_questions(questions, secrets.randbits(62)))

    def _item(self, session: Session, quiz_id: str, index: int) -> DrawnQuestion:
        found = self.store.quiz(quiz_id)
        if found is None:
            raise AnswerError(f"没有这次测验 / no quiz {quiz_id}")
        owner, draw = found
        if owner != session.user_id:
            self.guard.audit.record("permission.denied", subject=quiz_id,
                                    detail={"operation": "quiz.answer_others"},
                                    **self.guard.actor(session))  # fmt: skip
            raise PermissionDenied("这不是你的测验 / this is not your quiz")
        try:
            return draw.item(index)
        except IndexError:
            raise AnswerError(f"没有第 {index} 题 / there is no question {index}") from None

    def answer(self, session: Session, quiz_id: str, index: int, answer) -> Feedback:
        """Grade one answer (for ``say``, ``answer`` is what was heard) and say why."""
        self.guard.require(session, "practice.own", quiz_id)
        item = self._item(session, quiz_id, index)
        return self._grade(session, quiz_id, item, answer, None)

    def answer_spoken(
        self, session: Session, quiz_id: str, index: int, audio: np.ndarray, sample_rate: int
    ) -> Feedback:
        """A ``say`` question answered by voice: saved, transcribed, graded."""
        self.guard.require(session, "practice.own", quiz_id)
        item = self._item(session, quiz_id, index)
        if audio is None or np.asarray(audio).size == 0:
            raise AnswerError("没有录到声音 / nothing was recorded")
        if self.consent_gate is not None:
            self.consent_gate(session.user_id)
        name = f"quizzes/{quiz_id}/q{index:02d}-{new_id()[:8]}.wav"
        saved = self.recordings.save_wav(audio, sample_rate, name)
        return self._grade(session, quiz_id, item, self.resources.hear(saved.path), saved)

    def _grade(self, session, quiz_id, item, answer, saved) -> Feedback:
        question = self.resources.banks.question(item.question_id)
        needs_grader = question.type in ("rewrite", "say")
        verdict = grade_answer(
            item, question, answer, self.resources.grader if needs_grader else None
        )
        with self.db.tx() as conn:
            self.store.add_answer(
                conn,
                {"session_id": quiz_id, "user_id": session.user_id, "item": item.index,
                 "question_id": question.id, "topic": item.topic, "type": question.type,
                 "answer": verdict.answer, "correct": int(verdict.correct),
                 "transcript": answer.text if isinstance(answer, Heard) else None,
                 "recording": saved.relpath if saved else None,
                 "recording_sha256": saved.sha256 if saved else None},
            )  # fmt: skip
            self.review.record(conn, session.user_id, "question", question.id, verdict.correct)
        return feedback(item, question, verdict)

    def missed_questions(self, session: Session, min_misses: int = 2) -> list[MissedQuestion]:
        """For trainers: questions missed again and again, with misses and distinct trainees."""
        self.guard.require(session, "team.dashboard")
        return self.store.missed_questions(min_misses)

    # ------------------------------------------------------------------ self-assessment
    @property
    def self_assessment(self) -> SelfAssessment:
        if self._self_assessment is None:
            self._self_assessment = load_self_assessment()
        return self._self_assessment

    def submit_self_assessment(
        self, session: Session, answers: dict[str, int]
    ) -> SelfAssessmentOutcome:
        self.guard.require(session, "practice.own", "self-assessment")
        bank = self.self_assessment
        try:
            total, band = bank.score(answers)
        except ValueError as exc:
            raise AnswerError(
                f"自测未完成或有误 / the self-assessment is incomplete: {exc}"
            ) from exc
        answers = {i.id: answers[i.id] for i in bank.items}
        record_id = self.store.add_self_assessment(session.user_id, bank.id, answers, total,
                                                   band.title)  # fmt: skip
        record = next(r for r in self.store.self_assessments(session.user_id) if r.id == record_id)
        return SelfAssessmentOutcome(record, band.title, band.advice)

    def self_assessment_history(
        self, session: Session, user_id: str | None = None
    ) -> list[SelfAssessmentRecord]:
        """Oldest first (for a chart); staff may read a trainee's."""
        if user_id is not None and user_id != session.user_id:
            self.guard.require(session, "practice.view_others", user_id)
        else:
            self.guard.require(session, "practice.own")
            user_id = session.user_id
        return self.store.self_assessments(user_id)


def _has(banks, question_id: str) -> bool:
    try:
        banks.question(question_id)
        return True
    except Exception:
        return False
