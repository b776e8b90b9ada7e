"""Typed records of practice that cross boundaries: controller → store → views.

A ``TurnRecord`` is one graded reply as the trainee saw it (the grader's ``GradeResult`` plus
what the call added: the caller's line, the mode, the recording, timing notes, how long the
feedback took). An ``AttemptRecord`` is one practice call (or exam oral part, or drill).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from simulator.core.result import GradeResult, result_from_dict


@dataclass(frozen=True)
class TimingNote:
    """A finding about when the trainee spoke (too soon after the caller, too late)."""

    explanation: str
    suggestion: str

    def to_dict(self) -> dict:
        return {"explanation": self.explanation, "suggestion": self.suggestion}


@dataclass(frozen=True)
class TurnRecord:
    seq: int
    result: GradeResult
    caller_text: str
    mode: str  # "voice" | "typed"
    recording: str | None = None  # absolute path of the saved take
    recording_status: str | None = None  # "ok" | "missing" | "mismatch" | "deleted" (None: none)
    answer_audio: str | None = None  # absolute path of the closest model answer's audio
    notes: tuple[TimingNote, ...] = ()
    feedback_s: float | None = None  # end of the reply → feedback shown
    latency_s: float | None = None  # end of the caller's line → the trainee's first word
    heard_timings: dict[str, float] = field(default_factory=dict)  # transcription timings
    id: str | None = None  # the stored row's id, once saved
    # why the recording was deleted (retention | owner | admin | consent_revoked); transcript
    # and score stay
    recording_deleted: str | None = None

    @property
    def passed(self) -> bool:
        return self.result.passed

    @property
    def score(self) -> int:
        return self.result.score

    def stored_json(self) -> dict:
        """What the store keeps in ``turns.result_json``: the grader's result (the CLI's JSON
        contract) with the transcription timings merged in and the timing notes beside it."""
        out = self.result.to_dict()
        out["timings"] = {**out.get("timings", {}), **self.heard_timings}
        out["notes"] = [n.to_dict() for n in self.notes]
        return out

    @classmethod
    def from_stored(
        cls,
        stored: dict,
        *,
        seq: int,
        caller_text: str,
        mode: str,
        recording: str | None = None,
        recording_status: str | None = None,
        feedback_s: float | None = None,
        latency_s: float | None = None,
        id: str | None = None,
        recording_deleted: str | None = None,
    ) -> TurnRecord:
        notes = tuple(
            TimingNote(n.get("explanation", ""), n.get("suggestion", ""))
            for n in stored.get("notes", [])
            if isinstance(n, dict)
        )
        return cls(
            seq=seq,
            result=result_from_dict(stored),
            caller_text=caller_text,
            mode=mode,
            recording=recording,
            recording_status=recording_status,
            notes=notes,
            feedback_s=feedback_s,
            latency_s=latency_s,
            id=id,
            recording_deleted=recording_deleted,
        )

    def with_(self, **changes) -> TurnRecord:
        return replace(self, **changes)


@dataclass(frozen=True)
class AttemptRecord:
    id: str
    user_id: str | None
    kind: str  # "practice" | "exam" | "drill"
    scenario_id: str
    pack_id: str
    title: str
    title_en: str
    mode: str  # "voice" | "typed" | "mixed"
    started_at: str
    finished_at: str | None
    status: str  # "in_progress" | "completed" | "stopped" | "abandoned"
    score: int | None
    passed: bool
    turn_count: int
    next_turn: int | None

    @classmethod
    def from_row(cls, row: dict) -> AttemptRecord:
        return cls(
            id=row["id"],
            user_id=row.get("user_id"),
            kind=row.get("kind") or "practice",
            scenario_id=row["scenario_id"],
            pack_id=row.get("pack_id") or "",
            title=row.get("title") or "",
            title_en=row.get("title_en") or "",
            mode=row.get("mode") or "typed",
            started_at=row.get("started_at") or "",
            finished_at=row.get("finished_at"),
            status=row.get("status") or "in_progress",
            score=row.get("score"),
            passed=bool(row.get("passed")),
            turn_count=int(row.get("turn_count") or 0),
            next_turn=row.get("next_turn"),
        )
