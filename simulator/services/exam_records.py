"""Typed records the exam services hand to the screens, and their errors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from simulator.core.exam_attempt import ExamError
from simulator.core.exam_scoring import ExamScore, Rating
from simulator.core.quiz_draw import PresentedQuestion, PresentedTurn
from simulator.store.audit import ChainHead
from simulator.store.exams import TimeAdjustment

LATE_GRACE_MS = 5_000  # an answer handed over this late after time-up is still saved
HEARTBEAT_S = 5  # the UI calls heartbeat() at least this often (the most a crash can lose)


class SaveFailed(ExamError):
    """An answer or recording could not be saved durably; tell the candidate and the proctor."""


class RetakeRefused(ExamError):
    """The retake rule does not allow another attempt (yet)."""


class PinRefused(ExamError):
    """A proctor's PIN was wrong, missing or locked."""


class GradingFailed(ExamError):
    """The attempt is closed but could not be graded yet (it is retried by the sweep)."""


@dataclass(frozen=True)
class Candidate:
    user_id: str
    username: str
    display_name: str
    role: str


@dataclass(frozen=True)
class TimeStatus:
    attempt_id: str
    state: str
    limit_ms: int
    extra_ms: int
    used_ms: int
    remaining_ms: int

    @property
    def closed(self) -> bool:
        return self.state in ("finished", "terminated", "cancelled", "graded", "sealed")


@dataclass(frozen=True)
class ExamPaper:
    """What the candidate's screen shows: the items in their own drawn order, what they have
    already answered (after a resume) and the clock. No right answers, no feedback."""

    attempt_id: str
    exam_id: str
    title: str
    title_en: str
    time: TimeStatus
    written: tuple[PresentedQuestion, ...]
    oral: tuple[PresentedTurn, ...]
    answered: dict[int, object] = field(default_factory=dict)  # item → saved answer (oral: path)


@dataclass(frozen=True)
class SavedAnswer:
    attempt_id: str
    item: int
    answer_id: str
    time: TimeStatus
    recording: str | None = None
    recording_sha256: str | None = None


@dataclass(frozen=True)
class Submission:
    """What the candidate is told after submitting: saved, closed; never the score here."""

    attempt_id: str
    state: str
    reason: str
    answers_saved: int
    refused_late: tuple[int, ...] = ()
    graded: bool = False
    grading_error: str | None = None


@dataclass(frozen=True)
class SweepReport:
    interrupted: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)  # time up or abandoned
    graded: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (attempt, why)


@dataclass(frozen=True)
class ExamResultView:
    """A sealed result as the proctor and admin see it (never the candidate during the exam)."""

    attempt_id: str
    exam_id: str
    exam_title: str
    candidate_id: str
    candidate_username: str
    candidate_name: str
    state: str
    end_reason: str | None
    started_at: str | None
    ended_at: str | None
    used_ms: int
    extra_ms: int
    adjustments: tuple[TimeAdjustment, ...]
    sealed: ExamScore  # as sealed
    effective: ExamScore  # with second ratings
    ratings: tuple[Rating, ...]
    head: ChainHead
    key_id: str
    sealed_at: str
    draw_sha256: str

    def summary(self) -> dict:
        return {
            "attempt_id": self.attempt_id,
            "exam_id": self.exam_id,
            "exam_title": self.exam_title,
            "candidate": self.candidate_name,
            "username": self.candidate_username,
            "state": self.state,
            "end_reason": self.end_reason,
            "ended_at": self.ended_at,
            "used_ms": self.used_ms,
            "extra_ms": self.extra_ms,
            "written": self.effective.written,
            "oral": self.effective.oral,
            "total": self.effective.total,
            "passed": self.effective.passed,
            "sealed_total": self.sealed.total,
            "rerated": bool(self.ratings),
            "per_topic": self.effective.per_topic,
            "sealed_at": self.sealed_at,
        }

    def to_dict(self) -> dict:
        out = self.summary()
        out.update(
            items=[i.to_dict() for i in self.effective.items],
            adjustments=[
                {"delta_ms": a.delta_ms, "reason": a.reason, "proctor_id": a.proctor_id, "at": a.at}
                for a in self.adjustments
            ],
            audit_head=self.head.to_dict(),
            key_id=self.key_id,
            draw_sha256=self.draw_sha256,
        )
        return out


_RESIDENT_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def normalise_id_number(text: str) -> str:
    """An ID document number in a canonical form; an 18-character resident ID's check digit is
    verified (a typo is caught before it is hashed)."""
    value = re.sub(r"\s+", "", text or "").upper()
    if not re.fullmatch(r"[A-Z0-9]{6,32}", value):
        raise ExamError(
            "证件号码须为 6–32 位字母或数字 / the ID number must be 6–32 letters or digits"
        )
    if re.fullmatch(r"\d{17}[\dX]", value):
        total = sum(int(d) * w for d, w in zip(value[:17], _RESIDENT_WEIGHTS, strict=True))
        if "10X98765432"[total % 11] != value[17]:
            raise ExamError(
                "身份证号码校验位不符，请重新核对 / the resident ID number's check digit is "
                "wrong: check it again"
            )
    return value
