"""A call's state (``CallSession``) and the work behind one turn, as plain functions the call controller hands to the task runner:
hear and grade a spoken reply (model lane), save the recording and the graded turn (db lane),
and build the feedback item the views show (from a fresh result or a stored row)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from simulator.app.controllers.context import AppContext
from simulator.core.records import TurnRecord
from simulator.speech.early_pass import FinalPlan, PassTimer


@dataclass
class CallSession:
    scenario: object
    pack_id: str
    typed: bool
    key: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    attempt_id: str | None = None  # assigned on the db lane
    seq: int = 0
    turn: object = None
    items: dict[int, dict] = field(default_factory=dict)  # seq → turn feedback item
    takes: int = 0
    take_name: str = ""
    started: float = field(default_factory=time.perf_counter)
    listen_started: float | None = None
    onset_s: float | None = None
    # When the call resumed after the previous reply's feedback (the feedback pause is frozen
    # time, so silence is counted from here): perf_counter, None on the first turn.
    resumed_at: float | None = None
    silence_before_s: float | None = None
    retrying: bool = False
    finished: bool = False
    status: str = "completed"  # how the call ended: completed, stopped or abandoned


def hear_and_grade(
    ctx: AppContext,
    scenario_id: str,
    turn_id: int,
    take,
    plan: FinalPlan | None,
    clock: Callable[[], float] = time.perf_counter,
) -> Callable[[], tuple]:
    """Model-lane task: reuse the early pass ``plan`` allows (the lane is FIFO: it already ran),
    else transcribe + measure the whole take, timing that pass; then grade."""

    def work():
        heard = plan.reusable() if plan is not None else None
        if heard is not None:
            heard.timings["early_pass"] = 1.0
        else:
            timer = PassTimer(clock)
            heard = ctx.speech.hear(take.audio, caller_end_s=0.0, checkpoint=timer.mark)
            heard.timings["pass_s"], heard.timings["pass_span_s"] = timer.stop()
        result = ctx.grader.grade(
            scenario_id, turn_id, heard.text, delivery=heard.measures, unsure=heard.unsure
        )
        return heard, result

    return work


def save_turn(
    ctx: AppContext, call: CallSession, record: TurnRecord, take, name: str, retry: bool
) -> Callable[[], str]:
    """Db-lane task: the recording is moved in place and fsynced first, then the row goes in."""
    practice, who, recordings = ctx.services.practice, ctx.session, ctx.recordings

    def save() -> str:
        saved = None
        if take is not None:
            if take.path is not None:
                saved = recordings.adopt(take.path, name)
            else:
                saved = recordings.save_wav(take.audio, take.sample_rate, name)
        return practice.record_turn(who, call.attempt_id, record, saved, retry)

    return save


def view_item(record: TurnRecord, ctx: AppContext) -> dict:
    """The feedback item the views show for a graded turn (fresh or stored)."""
    answer = record.result.closest_answer or {}
    audio = ctx.audio_path(answer.get("audio"))
    return {
        "seq": record.seq,
        "result": record.stored_json(),
        "mode": record.mode,
        "recording": record.recording if record.recording_status in (None, "ok") else None,
        "recording_status": record.recording_status,
        "caller_text": record.caller_text,
        "answer_audio": str(audio) if audio else None,
        "notes": [n.to_dict() for n in record.notes],
        "feedback_s": record.feedback_s,
    }
