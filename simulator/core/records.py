"""Typed records of practice that cross boundaries: controller → store → views.

A ``TurnRecord`` is one graded reply as the trainee saw it (the grader's ``GradeResult`` plus
what the call added: the caller's line, the mode, the recording, timing notes, how long the
feedback took). An ``AttemptRecord`` is one practice call (or exam oral part, or drill).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace

from simulator.core.result import GradeResult, result_from_dict

TIMING_KINDS = ("too_soon", "too_late", "note")


@dataclass(frozen=True)
class TimingNote:
    """A finding about when the trainee spoke: ``too_soon`` (``got_s`` seconds of silence where
    the seeds ask for ``limit_s``) or ``too_late`` (``got_s`` seconds to the first word, over
    ``limit_s``). ``tip``/``tip_en`` are the turn's own timing note, if it has one; views word
    the rest in the UI language. A note stored before notes were structured is kind ``note``
    with its sentence in ``text``."""

    kind: str
    limit_s: float
    got_s: float
    tip: str = ""
    tip_en: str = ""
    text: str = ""

    def to_dict(self) -> dict:
        out = {
            "kind": self.kind,
            "limit_s": self.limit_s,
            "got_s": round(self.got_s, 2),
            "tip": self.tip,
            "tip_en": self.tip_en,
        }
        if self.text:
            out["text"] = self.text
        return out

    @classmethod
    def from_dict(cls, d: dict) -> TimingNote:
        if d.get("kind") not in TIMING_KINDS:  # stored as free text: {explanation, suggestion}
            return cls("note", 0.0, 0.0, d.get("suggestion", ""), "", d.get("explanation", ""))
        return cls(
            d["kind"],
            float(d.get("limit_s") or 0.0),
            float(d.get("got_s") or 0.0),
            d.get("tip", ""),
            d.get("tip_en", ""),
            d.get("text", ""),
        )


def new_id() -> str:
    """A fresh record id (UUID 4): made where the record is born, so that saving it again
    (a retry, a replay after a crash) is recognised as the same record."""
    return str(uuid.uuid4())


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
    id: str | None = None  # the stored row's id (made with the record, see ``new_id``)
    # why the recording was deleted (retention | owner | admin | consent_revoked); transcript
    # and score stay
    recording_deleted: str | None = None
    # the live (fast) result when the app's closer listen changed it: verdict, score, transcript,
    # findings (``simulator.speech.closer_listen.first_hearing``); None: the result is the first
    first_hearing: dict | None = None

    @property
    def passed(self) -> bool:
        return self.result.passed

    @property
    def score(self) -> int:
        return self.result.score

    @property
    def recording_lost(self) -> bool:
        """A recording was saved but the file is gone or changed since."""
        return self.recording_status in ("missing", "mismatch")

    def stored_json(self) -> dict:
        """What the store keeps in ``turns.result_json``: the grader's result (the CLI's JSON
        contract) with the transcription timings merged in and the timing notes beside it."""
        out = self.result.to_dict()
        out["timings"] = {**out.get("timings", {}), **self.heard_timings}
        out["notes"] = [n.to_dict() for n in self.notes]
        if self.first_hearing:
            out["first_hearing"] = self.first_hearing
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
            TimingNote.from_dict(n) for n in stored.get("notes", []) if isinstance(n, dict)
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
            first_hearing=first if isinstance(first := stored.get("first_hearing"), dict) else None,
        )

    def to_dict(self) -> dict:
        """Everything needed to save this record later (the journal of unsaved turns)."""
        return {
            "id": self.id,
            "seq": self.seq,
            "caller_text": self.caller_text,
            "mode": self.mode,
            "feedback_s": self.feedback_s,
            "latency_s": self.latency_s,
            "result": self.stored_json(),
        }

    @classmethod
    def from_dict(cls, d: dict) -> TurnRecord:
        return cls.from_stored(
            d.get("result") or {},
            seq=int(d["seq"]),
            caller_text=d.get("caller_text", ""),
            mode=d.get("mode", "typed"),
            feedback_s=d.get("feedback_s"),
            latency_s=d.get("latency_s"),
            id=d.get("id"),
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
