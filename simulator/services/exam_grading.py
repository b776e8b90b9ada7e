"""Grading and sealing closed exam attempts; results for the proctor and admin; second ratings.

Grading reads the attempt's own paper (definition and questions as registered) and its latest
saved answers: written items by type, oral items by transcribing the saved recording (the
injected speech service) and grading it with the grader. The result is sealed in one
transaction: the ``exam.graded`` audit entry, the result row carrying that entry as the chain
head, and an Ed25519 signature (the centre's key) over the result's hash and that head. A sealed
result never changes (service and triggers); a person's second rating of an oral item is added
beside it, with who and why, and the effective score takes it into account.
"""

from __future__ import annotations

import hashlib
import json
import logging
from types import SimpleNamespace

from simulator.core.credential import b64url, canonical, unb64url
from simulator.core.exam_attempt import ExamAttempt, ExamError, State
from simulator.core.exam_def import ExamDefinition
from simulator.core.exam_scoring import ItemScore, Rating, score_exam, with_ratings
from simulator.core.quiz_draw import DrawnQuestion
from simulator.core.quiz_grading import grade_answer
from simulator.services.exam_records import ExamResultView, GradingFailed
from simulator.services.resources import Resources
from simulator.services.session import Guard, Session
from simulator.store.accounts import AccountStore
from simulator.store.audit import ChainHead
from simulator.store.db import Database, utc_now
from simulator.store.exams import ExamAttemptRecord, ExamResultRecord, ExamStore
from simulator.store.keys import CentreKeys
from simulator.store.recordings import RecordingStore

log = logging.getLogger(__name__)


def seal_message(row: dict | ExamResultRecord) -> bytes:
    """The bytes the centre signs for a sealed result."""
    if isinstance(row, ExamResultRecord):
        row = {
            "attempt_id": row.attempt_id, "exam_id": row.exam_id,
            "candidate_id": row.candidate_id, "result_sha256": row.result_sha256,
            "head_seat": row.head.seat_id, "head_seq": row.head.seq, "head_hash": row.head.hash,
        }  # fmt: skip
    return canonical(
        {
            "attempt_id": row["attempt_id"],
            "exam_id": row["exam_id"],
            "candidate_id": row["candidate_id"],
            "result_sha256": row["result_sha256"],
            "head": {"seat_id": row["head_seat"], "seq": row["head_seq"], "hash": row["head_hash"]},
        }
    )


def _violations(result) -> tuple[dict, ...]:
    return tuple(
        {"rule": v.rule, "category": v.category, "severity": v.severity, "text": v.text}
        for v in result.violations
    )


class ExamGrading:
    def __init__(
        self,
        db: Database,
        guard: Guard,
        recordings: RecordingStore,
        resources: Resources,
        keys: CentreKeys,
    ):
        self.db = db
        self.guard = guard
        self.audit = guard.audit
        self.store = ExamStore(db)
        self.accounts = AccountStore(db)
        self.recordings = recordings
        self.resources = resources
        self.keys = keys

    # ------------------------------------------------------------------ grading
    def _items(self, rec: ExamAttemptRecord) -> list[ItemScore]:
        answers = self.store.latest_answers(rec.id)
        items: list[ItemScore] = []
        for drawn in rec.draw.items:
            given = answers.get(drawn.index)
            if isinstance(drawn, DrawnQuestion):
                key, topic = drawn.question_id, drawn.topic
                if given is None:
                    items.append(ItemScore(drawn.index, "written", key, topic, False, False, 0))
                    continue
                question = SimpleNamespace(**rec.paper["questions"][key])
                grader = self.resources.grader if question.type == "rewrite" else None
                verdict = grade_answer(drawn, question, given.answer, grader)
                items.append(
                    ItemScore(
                        drawn.index,
                        "written",
                        key,
                        topic,
                        True,
                        verdict.correct,
                        verdict.score,
                        answer=verdict.answer,
                        violations=_violations(verdict.grade) if verdict.grade else (),
                    )  # fmt: skip
                )
                continue
            key = drawn.key
            if given is None or not given.recording:
                items.append(
                    ItemScore(
                        drawn.index, "oral", key, drawn.scenario_id, False, False, 0, auto_score=0
                    )  # fmt: skip
                )
                continue
            heard = self.resources.hear(self.recordings.absolute(given.recording))
            result = self.resources.grader.grade(
                drawn.scenario_id, drawn.turn_id, heard.text, heard.delivery,
                unsure=heard.unsure or None, hearing=heard.hearing,
            )  # fmt: skip
            items.append(
                ItemScore(
                    drawn.index,
                    "oral",
                    key,
                    drawn.scenario_id,
                    True,
                    result.passed,
                    result.score,
                    transcript=result.transcript,
                    recording=given.recording,
                    recording_sha256=given.recording_sha256,
                    violations=_violations(result),
                    auto_score=result.score,
                )  # fmt: skip
            )
        return items

    def grade(self, attempt_id: str, who: dict) -> ExamResultRecord:
        """Grade and seal a closed attempt (idempotent: a sealed one returns its result)."""
        rec = self.store.attempt(attempt_id)
        if rec is None:
            raise ExamError(f"没有这场考试 / no exam attempt {attempt_id}")
        if rec.state == State.SEALED.value:
            return self.store.result(attempt_id)
        if rec.state not in ("finished", "terminated", "graded"):
            raise ExamError(
                f"考试尚未结束（{rec.state}），不能评分 / the attempt is {rec.state}: not closed yet"
            )
        exam = ExamDefinition.model_validate(rec.paper["exam"])
        try:
            items = self._items(rec)
        except Exception as exc:
            self.audit.record(
                "exam.grading_failed", subject=rec.id, detail={"error": str(exc)}, **who
            )
            raise GradingFailed(
                f"评分失败，答案均已保存，稍后将重试：{exc} / grading failed (every answer is "
                f"saved; it is retried later): {exc}"
            ) from exc
        score = score_exam(exam, items, terminated=rec.state == "terminated")
        detail = json.dumps(score.to_dict(), ensure_ascii=False, sort_keys=True)
        digest = hashlib.sha256(detail.encode("utf-8")).hexdigest()
        m = ExamAttempt(rec.id, rec.state, rec.limit_ms, rec.extra_ms, rec.used_ms)
        with self.db.tx() as conn:
            if m.state is not State.GRADED:
                t = m.apply("grade", 0.0)
                self.store.update_attempt(conn, rec.id, {"state": m.state.value})
                entry = self.audit.append(
                    conn, "exam.graded", subject=rec.id,
                    detail={"result_sha256": digest, "total": score.total,
                            "passed": score.passed, **t.detail()}, **who,
                )  # fmt: skip
            else:  # graded by a run that died before sealing: a fresh entry anchors this one
                entry = self.audit.append(
                    conn, "exam.graded", subject=rec.id,
                    detail={"result_sha256": digest, "total": score.total,
                            "passed": score.passed, "again": True}, **who,
                )  # fmt: skip
            head = ChainHead(entry.seat_id, entry.seq, entry.hash)
            row = {
                "attempt_id": rec.id, "exam_id": rec.exam_id, "candidate_id": rec.candidate_id,
                "score": score.total, "passed": int(score.passed), "detail": detail,
                "result_sha256": digest, "head_seat": head.seat_id, "head_seq": head.seq,
                "head_hash": head.hash, "key_id": self.keys.key_id,
            }  # fmt: skip
            row["signature"] = b64url(self.keys.sign(seal_message(row)))
            result_id = self.store.insert_result(conn, row)
            t = m.apply("seal", 0.0)
            self.store.update_attempt(conn, rec.id, {"state": m.state.value})
            self.audit.append(
                conn, "exam.sealed", subject=rec.id,
                detail={"result_id": result_id, "key_id": row["key_id"], "head_seq": head.seq,
                        **t.detail()}, **who,
            )  # fmt: skip
        return self.store.result(attempt_id)

    # ------------------------------------------------------------------ results
    def _view(self, result: ExamResultRecord) -> ExamResultView:
        rec = self.store.attempt(result.attempt_id)
        exam = ExamDefinition.model_validate(rec.paper["exam"])
        ratings = self.store.ratings(rec.id)
        user = self.accounts.by_id(rec.candidate_id)
        return ExamResultView(
            attempt_id=rec.id, exam_id=rec.exam_id, exam_title=exam.title,
            candidate_id=rec.candidate_id, candidate_username=user.username if user else "",
            candidate_name=rec.candidate_name or (user.display_name if user else ""),
            state=rec.state, end_reason=rec.end_reason, started_at=rec.started_at,
            ended_at=rec.ended_at, used_ms=rec.used_ms, extra_ms=rec.extra_ms,
            adjustments=tuple(self.store.adjustments(rec.id)), sealed=result.sealed,
            effective=with_ratings(exam, result.sealed, ratings), ratings=tuple(ratings),
            head=result.head, key_id=result.key_id, sealed_at=result.sealed_at,
            draw_sha256=rec.draw_sha256,
        )  # fmt: skip

    def results(self, session: Session, exam_id: str | None = None) -> list[ExamResultView]:
        self.guard.require(session, "exam.results", exam_id or "")
        return [self._view(r) for r in self.store.results(exam_id)]

    def result(self, session: Session, attempt_id: str) -> ExamResultView:
        """One sealed result with per-topic scores and, for the oral part, the transcripts,
        recordings (paths and sha256) and violations."""
        self.guard.require(session, "exam.results", attempt_id)
        result = self.store.result(attempt_id)
        if result is None:
            raise ExamError("该考试尚无封存的成绩 / this attempt has no sealed result yet")
        return self._view(result)

    def my_outcomes(self, session: Session) -> list[dict]:
        """A candidate's own sealed attempts: exam, date, total, passed (no item detail)."""
        self.guard.require(session, "practice.own")
        out = []
        for rec in self.store.attempts(candidate_id=session.user_id or ""):
            result = self.store.result(rec.id) if rec.state == "sealed" else None
            if result is None:
                continue
            exam = ExamDefinition.model_validate(rec.paper["exam"])
            effective = with_ratings(exam, result.sealed, self.store.ratings(rec.id))
            out.append({"attempt_id": rec.id, "exam_id": rec.exam_id, "exam_title": exam.title,
                        "ended_at": rec.ended_at, "total": effective.total,
                        "passed": effective.passed})  # fmt: skip
        return out

    def rate_oral(
        self, session: Session, attempt_id: str, item: int, score: int, passed: bool, reason: str
    ) -> ExamResultView:
        """A documented second rating of an oral item by a person (both ratings are kept)."""
        self.guard.require(session, "exam.rerate", attempt_id)
        result = self.store.result(attempt_id)
        if result is None:
            raise ExamError("只能复评已封存的成绩 / only a sealed result can be re-rated")
        rec = self.store.attempt(attempt_id)
        if session.user_id == rec.candidate_id:
            self.audit.record("permission.denied", subject=attempt_id,
                              detail={"operation": "exam.rerate_own"},
                              **self.guard.actor(session))  # fmt: skip
            raise ExamError("不能复评自己的考试 / you cannot re-rate your own exam")
        items = {i.index: i for i in result.sealed.items}
        if item not in items or items[item].part != "oral":
            raise ExamError(f"第 {item} 题不是口试题 / item {item} is not an oral item")
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 100:
            raise ExamError("分数须为 0–100 的整数 / the score must be a whole number 0–100")
        if not (reason or "").strip():
            raise ExamError("请写明复评理由 / give the reason for the second rating")
        rating = Rating(item, score, bool(passed), session.user_id, session.username,
                        reason.strip(), utc_now())  # fmt: skip
        with self.db.tx() as conn:
            self.store.insert_rating(conn, result.id, attempt_id, rating)
            self.audit.append(conn, "exam.rerated", subject=attempt_id,
                              detail={"item": item, "score": score, "passed": bool(passed),
                                      "auto_score": items[item].auto_score,
                                      "reason": reason.strip()},
                              **self.guard.actor(session))  # fmt: skip
        return self._view(self.store.result(attempt_id))

    # ------------------------------------------------------------------ checks
    def check_sealed(self, public) -> tuple[list[ChainHead], list[str]]:
        """Every sealed result's signed head (anchors for the audit check) and the problems:
        a result whose stored detail no longer matches its hash, or whose signature fails."""
        anchors: list[ChainHead] = []
        problems: list[str] = []
        for row in self.store.result_rows():
            digest = hashlib.sha256(row["detail"].encode("utf-8")).hexdigest()
            if digest != row["result_sha256"]:
                problems.append(f"sealed result of attempt {row['attempt_id']} was altered")
            try:
                public.verify(unb64url(row["signature"]), seal_message(row))
            except Exception:
                problems.append(
                    f"sealed result of attempt {row['attempt_id']}: the signature does not match"
                )
            anchors.append(ChainHead(row["head_seat"], int(row["head_seq"]), row["head_hash"]))
        return anchors, problems
