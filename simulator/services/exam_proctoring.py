"""The proctor's side of an exam attempt and the housekeeping sweep (a part of
``ExamService``): registering a candidate (the retake rule, the candidate's own draw), the
authorisation (name and ID checked), pause and resume, added time for one candidate with its reason, termination,
cancellation, resuming after a crash with a proctor's PIN, and closing attempts whose time is
used up or that were left interrupted too long. Every change is audited.
"""

from __future__ import annotations

import json
import logging
import secrets
from datetime import timedelta

from simulator.core.exam_attempt import ExamAttempt, State, TransitionRefused
from simulator.core.exam_def import ExamDefinition
from simulator.core.quiz_draw import draw_exam
from simulator.services.accounts import password_hasher
from simulator.services.exam_records import (
    RetakeRefused,
    Submission,
    SweepReport,
    TimeStatus,
    normalise_id_number,
)
from simulator.services.session import PermissionDenied, Session
from simulator.store.db import parse_time
from simulator.store.exams import ExamAttemptRecord

log = logging.getLogger(__name__)
SYSTEM = {"actor_id": None, "actor_name": "system", "actor_role": ""}
_DONE_FOR_RETAKE = ("finished", "terminated", "graded", "sealed")
_OPEN = ("awaiting", "authorised", "active", "paused", "interrupted")


def _dump(obj) -> dict:
    return obj.model_dump(mode="json") if hasattr(obj, "model_dump") else dict(vars(obj))


class ProctorOps:
    """Mixed into ``ExamService`` (its helpers ``_attempt``, ``_machine``, ``_tx`` … are there)."""

    def register(self, session: Session, exam_id: str, candidate_id: str) -> ExamAttemptRecord:
        """A proctor books a candidate for an exam: the retake rule is checked and the
        candidate's own paper drawn (seeded, stored, never drawn again)."""
        self.guard.require(session, "exam.proctor", candidate_id)
        defs = self.resources.exams
        exam = defs.get(exam_id)
        candidate = self.accounts.by_id(candidate_id)
        if candidate is None or candidate.disabled:
            raise RetakeRefused(f"没有可用的考生账号 / no usable candidate account {candidate_id}")
        self._check_retake(exam, candidate_id)
        gate = getattr(self, "consent_gate", None)
        if exam.oral and gate is not None:  # the oral part keeps recordings: consent first
            gate(candidate_id)
        seed = secrets.randbits(62)
        banks = self.resources.banks if exam.written else None
        draw = draw_exam(exam, banks, seed)
        questions = {i.question_id: _dump(banks.question(i.question_id)) for i in draw.written}
        paper = {"exam": exam.model_dump(mode="json"), "questions": questions}
        with self._tx("报名 / the registration") as conn:
            attempt_id = self.store.insert_attempt(
                conn,
                {
                    "exam_id": exam.id,
                    "exam_sha256": defs.sha256.get(exam.id, ""),
                    "paper": json.dumps(paper, ensure_ascii=False, sort_keys=True),
                    "candidate_id": candidate_id,
                    "registered_by": session.user_id,
                    "state": State.AWAITING.value,
                    "seed": seed,
                    "draw": draw.to_json(),
                    "draw_sha256": draw.sha256,
                    "limit_ms": exam.limit_ms,
                },
            )
            self._log(
                conn, "exam.registered", attempt_id, self.guard.actor(session),
                exam_id=exam.id, candidate_id=candidate_id, seed=seed, draw_sha256=draw.sha256,
            )  # fmt: skip
        return self._attempt(attempt_id)

    def _check_retake(self, exam: ExamDefinition, candidate_id: str) -> None:
        mine = self.store.attempts(exam.id, candidate_id)
        if any(a.state in _OPEN for a in mine):
            raise RetakeRefused(
                "该考生已有未完成的本场考试 / the candidate already has an open attempt"
            )
        done = [a for a in mine if a.state in _DONE_FOR_RETAKE]
        if len(done) >= exam.retake.max_attempts:
            raise RetakeRefused(
                f"已考 {len(done)} 次，达到上限 {exam.retake.max_attempts} 次 / "
                f"{len(done)} attempts taken: the limit is {exam.retake.max_attempts}"
            )
        ends = [t for a in done if (t := parse_time(a.ended_at)) is not None]
        if ends and exam.retake.wait_days:
            allowed = max(ends) + timedelta(days=exam.retake.wait_days)
            if self.wall() < allowed:
                day = allowed.date().isoformat()
                raise RetakeRefused(
                    f"距上次考试须间隔 {exam.retake.wait_days} 天，{day} 起可重考 / retakes need "
                    f"{exam.retake.wait_days} days between attempts: allowed from {day}"
                )

    def authorise(
        self, session: Session, attempt_id: str, candidate_name: str, id_number: str,
        confirmed: bool,
    ) -> ExamAttemptRecord:  # fmt: skip
        """The proctor checked the candidate's ID document: name and number entered and
        confirmed. The number is kept only as an Argon2id hash (ID numbers are few enough to
        enumerate, so a plain or salted SHA-256 could be reversed)."""
        self.guard.require(session, "exam.proctor", attempt_id)
        rec = self._attempt(attempt_id)
        if session.user_id == rec.candidate_id:
            self.audit.record(
                "permission.denied", subject=attempt_id,
                detail={"operation": "exam.proctor_own"}, **self.guard.actor(session),
            )  # fmt: skip
            raise PermissionDenied("考生不能为自己监考 / a candidate cannot proctor their own exam")
        name = (candidate_name or "").strip()
        if not name:
            raise TransitionRefused("请输入考生姓名 / enter the candidate's name")
        number = normalise_id_number(id_number)
        if not confirmed:
            raise TransitionRefused(
                "请核对证件与本人后确认 / check the ID document against the person and confirm"
            )
        m = self._machine(rec)
        t = m.apply("authorise", self.clock())
        with self._tx("授权 / the authorisation") as conn:
            self._save_state(
                conn, rec.id, m, proctor_id=session.user_id, candidate_name=name,
                id_hash=password_hasher().hash(number), authorised_at=self._stamp(),
            )  # fmt: skip
            self._log(conn, "exam.authorised", rec.id, self.guard.actor(session),
                      candidate_name=name, **t.detail())  # fmt: skip
        return self._attempt(attempt_id)

    # ------------------------------------------------------------------ the proctor
    def _proctored(
        self, session: Session, attempt_id: str
    ) -> tuple[ExamAttemptRecord, ExamAttempt]:
        self.guard.require(session, "exam.proctor", attempt_id)
        rec = self._attempt(attempt_id)
        m = self._machine(rec)
        self._orphan(rec, m)
        return rec, m

    def pause(self, session: Session, attempt_id: str, reason: str = "") -> TimeStatus:
        rec, m = self._proctored(session, attempt_id)
        now = self.clock()
        t = m.apply("pause", now)
        with self._tx("暂停 / the pause") as conn:
            self._save_state(conn, rec.id, m)
            self._log(conn, "exam.paused", rec.id, self.guard.actor(session), reason=reason,
                      **t.detail())  # fmt: skip
        self._live.pop(rec.id, None)
        return self._status(rec.id, m, now)

    def resume(self, session: Session, attempt_id: str) -> TimeStatus:
        rec, m = self._proctored(session, attempt_id)
        now = self.clock()
        t = m.apply("resume", now)
        with self._tx("继续 / the resume") as conn:
            self._save_state(conn, rec.id, m)
            self._log(conn, "exam.resumed", rec.id, self.guard.actor(session), **t.detail())
        self._live[rec.id] = now
        return self._status(rec.id, m, now)

    def add_time(
        self, session: Session, attempt_id: str, minutes: float, reason: str
    ) -> TimeStatus:
        """Extra time for this candidate only, with the reason (both kept)."""
        rec, m = self._proctored(session, attempt_id)
        if not (reason or "").strip():
            raise TransitionRefused("请填写加时原因 / give the reason for the added time")
        delta = round(float(minutes) * 60_000)
        now = self.clock()
        m.tick(now)
        m.add_time(delta)
        with self._tx("加时 / the added time") as conn:
            self.store.insert_adjustment(conn, rec.id, delta, reason.strip(), session.user_id)
            self._save_state(conn, rec.id, m)
            self._log(conn, "exam.time_added", rec.id, self.guard.actor(session), delta_ms=delta,
                      reason=reason.strip(), extra_ms=m.extra_ms)  # fmt: skip
        if rec.id in self._live:
            self._live[rec.id] = now
        return self._status(rec.id, m, now)

    def terminate(self, session: Session, attempt_id: str, reason: str) -> Submission:
        rec, m = self._proctored(session, attempt_id)
        if not (reason or "").strip():
            raise TransitionRefused("请填写终止原因 / give the reason for terminating")
        return self._close(rec, m, "terminate", reason.strip(), self.guard.actor(session), {},
                           self.clock())  # fmt: skip

    def cancel(self, session: Session, attempt_id: str, reason: str) -> ExamAttemptRecord:
        rec, m = self._proctored(session, attempt_id)
        t = m.apply("cancel", self.clock())
        with self._tx("取消 / the cancellation") as conn:
            self._save_state(conn, rec.id, m, ended_at=self._stamp(), end_reason=reason)
            self._log(conn, "exam.cancelled", rec.id, self.guard.actor(session), reason=reason,
                      **t.detail())  # fmt: skip
        return self._attempt(attempt_id)

    def recover(
        self, session: Session, attempt_id: str, proctor_username: str, pin: str
    ) -> TimeStatus:
        """After a crash: the proctor's PIN lets the candidate go on, with every saved answer
        and the time left that was left (the limit minus the time used before the crash)."""
        rec = self._attempt(attempt_id)
        if session.user_id != rec.candidate_id:
            self.guard.require(session, "exam.proctor", attempt_id)
        m = self._machine(rec)
        self._orphan(rec, m)
        if m.state is not State.INTERRUPTED:
            m.apply("recover", self.clock())  # refused in words
        proctor = self.pins.check(proctor_username, pin, rec.id, session)
        now = self.clock()
        t = m.apply("recover", now)
        who = {"actor_id": proctor.id, "actor_name": proctor.username, "actor_role": proctor.role}
        with self._tx("恢复 / the recovery") as conn:
            self._save_state(conn, rec.id, m)
            self._log(conn, "exam.recovered", rec.id, who, seat_user=session.username,
                      **t.detail())  # fmt: skip
        self._live[rec.id] = now
        self._mine.add(rec.id)
        return self._status(rec.id, m, now)

    # ------------------------------------------------------------------ housekeeping
    def sweep(self) -> SweepReport:
        """At start-up and periodically: attempts of a process that died become interrupted;
        attempts whose time is used up, or left interrupted longer than the exam's resume window
        (by the wall clock — it decides abandonment only, never the candidate's time), are
        closed and graded from their saved answers; closed attempts not yet sealed are graded."""
        report = SweepReport()
        now, wall = self.clock(), self.wall()
        for rec in self.store.attempts(states=("active", "paused", "interrupted")):
            m = self._machine(rec)
            try:
                if self._orphan(rec, m):
                    report.interrupted.append(rec.id)
                if m.state is State.ACTIVE:
                    m.tick(now)
                    if m.time_up(now):
                        self._close(rec, m, "finish", "time_up", SYSTEM, {}, now)
                        report.closed.append(rec.id)
                    else:
                        self._live[rec.id] = now
                        with self._tx("计时 / the exam clock") as conn:
                            self._save_state(conn, rec.id, m)
                elif m.state is State.INTERRUPTED:
                    seen = parse_time(rec.last_seen_at) or parse_time(rec.created_at)
                    window = timedelta(minutes=self._exam(rec).resume_window_minutes)
                    if m.time_up(now) or wall - seen > window:
                        why = "time_up" if m.time_up(now) else "abandoned"
                        self._close(rec, m, "finish", why, SYSTEM, {}, now)
                        report.closed.append(rec.id)
            except Exception as exc:  # one bad attempt must not stop the others
                log.exception("sweep of %s failed", rec.id)
                report.failed.append((rec.id, str(exc)))
        for rec in self.store.attempts(states=("finished", "terminated", "graded")):
            try:
                self.grading.grade(rec.id, SYSTEM)
                report.graded.append(rec.id)
            except Exception as exc:
                report.failed.append((rec.id, str(exc)))
        return report
