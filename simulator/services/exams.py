"""Proctored certification exams: registering a candidate, the proctor's authorisation,
the candidate's answers and the exam clock, pause / added time / termination, resuming after a
crash with the proctor's PIN, submitting and the sweep that closes overdue attempts.

Every answer (and oral recording) is saved the moment it is given, in one transaction with its
audit entry; a failed write raises ``SaveFailed``. The exam clock is the candidate's time used,
counted with the injected monotonic ``clock`` and saved at each heartbeat (the UI calls it every
≤ 5 s) and answer: after a crash the remaining time is the limit minus what was saved.
Closed attempts are graded and sealed by ``ExamGrading``; the proctor's operations and the
sweep are in ``exam_proctoring``.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from types import SimpleNamespace

import numpy as np

from simulator.core.exam_attempt import ExamAttempt, ExamError, State, TransitionRefused
from simulator.core.exam_def import ExamDefinition
from simulator.core.quiz_draw import DrawnQuestion, present, present_turn
from simulator.core.quiz_grading import AnswerError, normalise
from simulator.services.exam_grading import ExamGrading
from simulator.services.exam_proctoring import SYSTEM, ProctorOps
from simulator.services.exam_records import (
    LATE_GRACE_MS,
    Candidate,
    ExamPaper,
    SavedAnswer,
    SaveFailed,
    Submission,
    TimeStatus,
)
from simulator.services.proctor_pins import PinService
from simulator.services.resources import Resources
from simulator.services.session import Guard, PermissionDenied, Session
from simulator.store.accounts import AccountStore
from simulator.store.db import Database, new_id
from simulator.store.exams import ExamAttemptRecord, ExamStore
from simulator.store.recordings import RecordingStore

log = logging.getLogger(__name__)


class ExamService(ProctorOps):
    def __init__(
        self,
        db: Database,
        guard: Guard,
        recordings: RecordingStore,
        resources: Resources,
        grading: ExamGrading,
        pins: PinService,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        self.db = db
        self.guard = guard
        self.audit = guard.audit
        self.store = ExamStore(db)
        self.accounts = AccountStore(db)
        self.recordings = recordings
        self.resources = resources
        self.grading = grading
        self.pins = pins
        self.clock = clock
        self.wall = wall
        self.consent_gate: Callable[[str | None], None] | None = None  # PrivacyService's
        self._live: dict[str, float] = {}  # active here: attempt → monotonic counting mark
        self._mine: set[str] = set()  # active or paused in this process

    # ------------------------------------------------------------------ helpers
    @contextmanager
    def _tx(self, what: str) -> Iterator[sqlite3.Connection]:
        try:
            with self.db.tx() as conn:
                yield conn
        except (sqlite3.Error, OSError) as exc:
            log.error("exam write failed (%s): %s", what, exc)
            zh, _sep, en = what.partition(" / ")  # one "中文 / English" message, not two
            raise SaveFailed(
                f"{zh}未能保存，请立即告知监考员：{exc} / {en or zh}: NOT saved — tell the "
                f"proctor now ({exc})"
            ) from exc

    def _stamp(self) -> str:
        """The injected wall clock as stored text (when things happened, for people)."""
        return self.wall().astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")

    def _attempt(self, attempt_id: str) -> ExamAttemptRecord:
        rec = self.store.attempt(attempt_id)
        if rec is None:
            raise ExamError(f"没有这场考试 / no exam attempt {attempt_id}")
        return rec

    def _machine(self, rec: ExamAttemptRecord) -> ExamAttempt:
        return ExamAttempt(
            rec.id, rec.state, rec.limit_ms, rec.extra_ms, rec.used_ms, self._live.get(rec.id)
        )

    def _exam(self, rec: ExamAttemptRecord) -> ExamDefinition:
        return ExamDefinition.model_validate(rec.paper["exam"])

    def _question(self, rec: ExamAttemptRecord, question_id: str) -> SimpleNamespace:
        return SimpleNamespace(**rec.paper["questions"][question_id])

    def _status(self, rec_id: str, m: ExamAttempt, now: float) -> TimeStatus:
        return TimeStatus(
            rec_id, m.state.value, m.limit_ms, m.extra_ms, m.used_at(now), m.remaining_ms(now)
        )

    def _candidate(self, session: Session, rec: ExamAttemptRecord) -> None:
        if session.user_id is None or session.user_id != rec.candidate_id:
            self.audit.record(
                "permission.denied",
                subject=rec.id,
                detail={"operation": "exam.candidate"},
                **self.guard.actor(session),
            )
            raise PermissionDenied(
                f"{session.username or 'anonymous'} 不是本场考试的考生 / is not this attempt's "
                "candidate"
            )

    def _save_state(self, conn, rec_id: str, m: ExamAttempt, **values) -> None:
        values.update(state=m.state.value, used_ms=m.used_ms, extra_ms=m.extra_ms)
        values.setdefault("last_seen_at", self._stamp())
        self.store.update_attempt(conn, rec_id, values)

    def _log(self, conn, action: str, subject: str, who: dict, **detail) -> None:
        self.audit.append(conn, action, subject=subject, detail=detail, **who)

    def _orphan(self, rec: ExamAttemptRecord, m: ExamAttempt) -> bool:
        """Active or paused in a process that is gone: mark it interrupted (audited)."""
        if m.state not in (State.ACTIVE, State.PAUSED) or rec.id in self._mine:
            return False
        t = m.interrupt()
        with self._tx("中断记录 / the interruption") as conn:
            self._save_state(conn, rec.id, m)
            self._log(conn, "exam.interrupted", rec.id, SYSTEM, **t.detail())
        return True

    def _running(self, session: Session, attempt_id: str) -> tuple[ExamAttemptRecord, ExamAttempt]:
        """The candidate's attempt, active here; refused otherwise (in words)."""
        rec = self._attempt(attempt_id)
        self._candidate(session, rec)
        m = self._machine(rec)
        if self._orphan(rec, m) or m.state is State.INTERRUPTED:
            raise TransitionRefused(
                "考试已中断，需监考员输入 PIN 后继续 / the exam was interrupted: the proctor's "
                "PIN is needed to go on"
            )
        if m.state is State.PAUSED:
            raise TransitionRefused("考试已暂停 / the exam is paused")
        if m.state is not State.ACTIVE:
            raise TransitionRefused(
                f"考试不在进行中（{m.state.value}），答案未保存 / the exam is not in progress "
                f"({m.state.value}): the answer was not saved"
            )
        return rec, m

    # ------------------------------------------------------------------ set-up (proctor)
    def definitions(self) -> list[ExamDefinition]:
        return list(self.resources.exams.exams.values())

    # ------------------------------------------------------------------ the candidate
    def start(self, session: Session, attempt_id: str) -> ExamPaper:
        rec = self._attempt(attempt_id)
        self._candidate(session, rec)
        m = self._machine(rec)
        now = self.clock()
        t = m.apply("start", now)
        with self._tx("开考 / the start") as conn:
            self._save_state(conn, rec.id, m, started_at=self._stamp())
            self._log(conn, "exam.started", rec.id, self.guard.actor(session), **t.detail())
        self._live[rec.id] = now
        self._mine.add(rec.id)
        return self.paper(session, attempt_id)

    def paper(self, session: Session, attempt_id: str) -> ExamPaper:
        """The candidate's paper as drawn (the same after a resume) and their saved answers."""
        rec = self._attempt(attempt_id)
        if session.user_id != rec.candidate_id:
            self.guard.require(session, "exam.proctor", attempt_id)
        m = self._machine(rec)
        written = tuple(present(i, self._question(rec, i.question_id)) for i in rec.draw.written)
        catalog = self.resources.catalog if rec.draw.oral else None
        oral = tuple(present_turn(i, catalog) for i in rec.draw.oral)
        answered = {
            a.item: (a.recording if a.part == "oral" else a.answer)
            for a in self.store.latest_answers(rec.id).values()
        }
        exam = rec.paper["exam"]
        return ExamPaper(
            rec.id, rec.exam_id, exam["title"], exam["title_en"],
            self._status(rec.id, m, self.clock()), written, oral, answered,
        )  # fmt: skip

    def heartbeat(self, session: Session, attempt_id: str) -> TimeStatus:
        """Save the time used (the UI calls this every ≤ 5 s); closes the attempt at time-up."""
        rec = self._attempt(attempt_id)
        self._candidate(session, rec)
        m = self._machine(rec)
        now = self.clock()
        if self._orphan(rec, m) or m.state is not State.ACTIVE:
            return self._status(rec.id, m, now)
        m.tick(now)
        self._live[rec.id] = now
        if m.time_up(now):
            self._close(rec, m, "finish", "time_up", SYSTEM, {}, now)
            return self._status(rec.id, self._machine(self._attempt(rec.id)), now)
        with self._tx("计时 / the exam clock") as conn:
            self._save_state(conn, rec.id, m)
        return self._status(rec.id, m, now)

    def save_answer(self, session: Session, attempt_id: str, item: int, answer) -> SavedAnswer:
        """Save a written answer now (a later answer to the same item replaces it)."""
        rec, m = self._running(session, attempt_id)
        self._refuse_late(rec, m)
        drawn = self._drawn_question(rec, item)
        value = normalise(drawn, self._question(rec, drawn.question_id), answer)
        return self._store_answer(session, rec, m, item, "written", value, None)

    def save_oral(
        self,
        session: Session,
        attempt_id: str,
        item: int,
        audio: np.ndarray,
        sample_rate: int,
    ) -> SavedAnswer:
        """Save an oral reply: the recording is written atomically (fsynced, renamed, sha256)
        before its row; the grader hears it only after the exam (no feedback meanwhile)."""
        rec, m = self._running(session, attempt_id)
        self._refuse_late(rec, m)
        drawn = rec.draw.item(item) if 0 <= item < len(rec.draw.items) else None
        if drawn is None or isinstance(drawn, DrawnQuestion):
            raise AnswerError(f"第 {item} 题不是口试题 / item {item} is not an oral item")
        if audio is None or np.asarray(audio).size == 0:
            raise AnswerError("没有录到声音 / nothing was recorded")
        if self.consent_gate is not None:  # no consent to keep recordings: refused, in words
            self.consent_gate(session.user_id)
        name = f"exams/{rec.id}/item{item:02d}-{new_id()[:8]}.wav"
        try:
            saved = self.recordings.save_wav(audio, sample_rate, name)
        except OSError as exc:
            log.error("exam recording not saved: %s", exc)
            raise SaveFailed(
                f"录音未能保存，请立即告知监考员：{exc} / the recording was NOT saved — tell the "
                f"proctor now ({exc})"
            ) from exc
        answer = {"recording": saved.relpath, "sha256": saved.sha256}
        return self._store_answer(session, rec, m, item, "oral", answer, saved)

    def _drawn_question(self, rec: ExamAttemptRecord, item: int) -> DrawnQuestion:
        drawn = rec.draw.item(item) if 0 <= item < len(rec.draw.items) else None
        if not isinstance(drawn, DrawnQuestion):
            raise AnswerError(f"第 {item} 题不是笔试题 / item {item} is not a written item")
        return drawn

    def _refuse_late(self, rec: ExamAttemptRecord, m: ExamAttempt) -> None:
        """Past the time (and the hand-over grace): close the attempt and refuse the answer."""
        now = self.clock()
        if m.remaining_ms(now) < -LATE_GRACE_MS:
            m.tick(now)
            self._close(rec, m, "finish", "time_up", SYSTEM, {}, now)
            raise TransitionRefused(
                "考试时间已到，答案未被接受 / time is up: the answer was not accepted"
            )

    def _store_answer(self, session, rec, m, item, part, value, saved) -> SavedAnswer:
        now = self.clock()
        m.tick(now)
        self._live[rec.id] = now
        with self._tx("答案 / the answer") as conn:
            answer_id = self.store.insert_answer(conn, rec.id, item, part, value, m.used_ms, saved)
            self._save_state(conn, rec.id, m)
            detail = {"item": item, "part": part, "used_ms": m.used_ms}
            if saved is not None:
                detail.update(recording=saved.relpath, sha256=saved.sha256)
            self._log(conn, "exam.answer_saved", rec.id, self.guard.actor(session), **detail)
        status = self._status(rec.id, m, now)
        if m.time_up(now):  # the last second's answer is in; now the attempt closes
            self._close(rec, m, "finish", "time_up", SYSTEM, {}, now)
            status = self._status(rec.id, self._machine(self._attempt(rec.id)), now)
        return SavedAnswer(
            rec.id, item, answer_id, status, saved.relpath if saved else None,
            saved.sha256 if saved else None,
        )  # fmt: skip

    def submit(self, session: Session, attempt_id: str, pending: dict | None = None) -> Submission:
        """The candidate hands in (or the UI's clock reached zero): ``pending`` answers still on
        the screen are saved first, then the attempt closes and is graded and sealed."""
        rec, m = self._running(session, attempt_id)
        now = self.clock()
        m.tick(now)
        reason = "time_up" if m.time_up(now) else "submitted"
        return self._close(rec, m, "finish", reason, self.guard.actor(session), pending or {}, now)

    def _close(self, rec, m, action, reason, who, pending, now) -> Submission:
        saved, late = 0, []
        with self._tx("交卷 / the submission") as conn:
            for item, answer in sorted(pending.items()):
                try:
                    drawn = self._drawn_question(rec, item)
                    value = normalise(drawn, self._question(rec, drawn.question_id), answer)
                except AnswerError as exc:
                    self._log(conn, "exam.answer_refused", rec.id, who, item=item, why=str(exc))
                    continue
                if m.remaining_ms(now) < -LATE_GRACE_MS:
                    late.append(item)
                    self._log(conn, "exam.answer_refused", rec.id, who, item=item, why="late")
                    continue
                self.store.insert_answer(conn, rec.id, item, "written", value, m.used_at(now))
                self._log(conn, "exam.answer_saved", rec.id, who, item=item, part="written",
                          used_ms=m.used_at(now), pending=True)  # fmt: skip
                saved += 1
            t = m.apply(action, now)
            self._save_state(conn, rec.id, m, ended_at=self._stamp(), end_reason=reason)
            name = "exam.finished" if action == "finish" else "exam.terminated"
            self._log(conn, name, rec.id, who, reason=reason, **t.detail())
        self._live.pop(rec.id, None)
        self._mine.discard(rec.id)
        error = None
        try:
            self.grading.grade(rec.id, who)
        except Exception as exc:  # the attempt is closed and kept; the sweep grades it later
            log.exception("grading %s failed", rec.id)
            error = str(exc)
        state = self._attempt(rec.id).state
        return Submission(rec.id, state, reason, saved, tuple(late), error is None, error)

    def candidates(self, session: Session) -> list[Candidate]:
        """The accounts a proctor may register for an exam (enabled trainees and trainers)."""
        self.guard.require(session, "exam.proctor")
        return [
            Candidate(u.id, u.username, u.display_name, u.role)
            for u in self.accounts.all()
            if not u.disabled and u.role in ("trainee", "trainer")
        ]

    def status(self, session: Session, attempt_id: str) -> TimeStatus:
        """The attempt's state and clock now (the candidate's own, or any for a proctor)."""
        rec = self._attempt(attempt_id)
        if session.user_id != rec.candidate_id:
            self.guard.require(session, "exam.proctor", attempt_id)
        return self._status(rec.id, self._machine(rec), self.clock())

    def attempts(self, session: Session, exam_id: str | None = None) -> list[ExamAttemptRecord]:
        """Every attempt (proctor/admin), or one's own (anyone)."""
        if session.may("exam.proctor"):
            return self.store.attempts(exam_id)
        self.guard.require(session, "practice.own")
        return self.store.attempts(exam_id, session.user_id or "")
