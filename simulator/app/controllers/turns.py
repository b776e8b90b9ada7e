"""A call's state (``CallSession``) and the work behind one turn, as plain functions the call controller hands to the task runner:
hear and grade a spoken reply (model lane), save the recording and the graded turn (db lane),
and build the feedback item the views show (from a fresh result or a stored row)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from simulator.app.controllers.context import AppContext
from simulator.speech.early_pass import FinalPlan, PassTimer


@dataclass
class CallSession:
    scenario: object
    pack_id: str
    typed: bool
    key: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    attempt_id: int | None = None  # assigned on the db lane
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
    ctx: AppContext,
    session,
    seq: int,
    item: dict,
    take,
    name: str,
    latency_s: float | None,
    retry: bool,
) -> Callable[[], int]:
    """Db-lane task: the recording is moved in place and fsynced first, then the row goes in."""
    store = ctx.store

    def save() -> int:
        saved = None
        if take is not None:
            if take.path is not None:
                saved = store.recordings.adopt(take.path, name)
            else:
                saved = store.recordings.save_wav(take.audio, take.sample_rate, name)
        return store.record_turn(
            session.attempt_id,
            seq,
            item["caller_text"],
            item["result"],
            item["mode"],
            saved,
            latency_s,
            item["feedback_s"],
            retry,
        )

    return save


def _str(path) -> str | None:
    return str(path) if path else None


def new_item(
    ctx: AppContext,
    seq: int,
    res: dict,
    caller_text: str,
    recording: str | None,
    feedback_s: float | None,
) -> dict:
    """The feedback item for a turn just graded (``res`` is ``GradeResult.to_dict()``)."""
    answer = res.get("closest_answer") or {}
    return {
        "seq": seq,
        "result": res,
        "mode": "voice" if recording else "typed",
        "recording": recording,
        "caller_text": caller_text,
        "answer_audio": _str(ctx.audio_path(answer.get("audio"))),
        "notes": res.get("notes", []),
        "feedback_s": feedback_s,
    }


def item_from_row(row: dict, ctx: AppContext) -> dict:
    """The feedback item for a stored turn row (history, continuing a call)."""
    item = new_item(
        ctx,
        row["seq"],
        row["result"],
        row["caller_text"],
        row.get("recording_abs"),
        row.get("feedback_s"),
    )
    item["mode"] = row["mode"]
    return item
