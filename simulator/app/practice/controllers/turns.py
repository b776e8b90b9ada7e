"""The work behind a call's turns: ``CallSession`` (what the call controller tracks of a call
besides its state machine: the audio of the turn in progress and its timing), early passes at
the reply's pauses and hearing and grading a spoken reply (model-lane tasks), and the
``TurnRecord`` a graded reply becomes."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from simulator.app.context import AppContext
from simulator.app.services.speech import Heard
from simulator.core.call import Call
from simulator.core.records import TurnRecord, new_id
from simulator.core.timing import timing_notes
from simulator.speech.early_pass import EarlyPass, EarlyPassScheduler, FinalPlan
from simulator.speech.grading import grade_heard
from simulator.speech.turn_end import finish_turn, hear_early, rehearse
from simulator.store.db import utc_now


@dataclass(eq=False)
class CallSession:
    """A call in progress: its state machine (``call``) and the live details of the turn."""

    call: Call
    takes: int = 0
    take_name: str = ""
    started: float = field(default_factory=time.perf_counter)
    started_at: str = field(default_factory=utc_now)
    listen_started: float | None = None
    onset_s: float | None = None
    # When the call resumed after the previous reply's feedback (the feedback pause is frozen
    # time, so silence is counted from here): perf_counter, None on the first turn.
    resumed_at: float | None = None
    silence_before_s: float | None = None
    kept: bool = False  # the call's unsaved writes are in pending/
    # Who made the call: its writes (a retry after "switch user" too) are theirs.
    who: object = None  # simulator.services.Session

    @property
    def scenario(self):
        return self.call.scenario

    @property
    def turn(self):
        return self.call.turn

    @property
    def seq(self) -> int:
        return self.call.seq

    @property
    def typed(self) -> bool:
        return self.call.typed


class SpeechHearer:
    """The speech service as the final step's :class:`~simulator.speech.turn_end.Hearer`: a
    whole take is heard with ``hear``; a long take's pieces with ``hear_piece`` and
    ``hear_joined``."""

    def __init__(self, speech):
        self.speech = speech

    def whole(self, samples, checkpoint):
        return self.speech.hear(samples, caller_end_s=0.0, checkpoint=checkpoint)

    def piece(self, samples, checkpoint):
        return self.speech.hear_piece(samples, checkpoint=checkpoint)

    def join(self, samples, parts):
        return self.speech.hear_joined(samples, parts, caller_end_s=0.0)


def run_early(
    ctx: AppContext,
    early: EarlyPassScheduler,
    p: EarlyPass | None,
    scenario_id: str | None = None,
    turn_id: int | None = None,
) -> None:
    """Run the early pass ``p`` (if the scheduler gave one) on the model lane; when it ends,
    the pause it held back (or the piece it queued) may start. Its failure is logged with its
    cause by the scheduler and the final pass transcribes the whole take; the trainee hears of it
    only if that fails too. With the turn's scenario and turn, a pass that leaves the final step
    nothing to decode is followed by a rehearsal of the final step and its grading
    (:func:`~simulator.speech.turn_end.rehearse`), so the grader's caches are warm when the
    turn ends there."""
    if p is None:
        return
    hearer = SpeechHearer(ctx.speech)

    def hear() -> EarlyPass:
        early.run(p, lambda checkpoint: hear_early(p, p.payload, hearer, checkpoint))
        if scenario_id is not None and not p.superseded:
            plan = early.plan_if_ended(p)
            rehearse(
                plan,
                p.payload,
                hearer,
                lambda heard: grade_spoken(ctx, scenario_id, turn_id, heard),
            )
        return p

    def ended(_outcome) -> None:
        # the lane is free: maybe a held pause or a queued piece starts
        run_early(ctx, early, early.ended(p), scenario_id, turn_id)

    ctx.runner.run("model", hear, ended, ended, name="hear_early")


def grade_spoken(ctx: AppContext, scenario_id: str, turn_id: int | None, heard: Heard):
    """Grade what the speech service heard (with its unsure characters and hearing)."""
    return grade_heard(ctx.grader, scenario_id, turn_id, heard, heard.measures)


def hear_and_grade(
    ctx: AppContext,
    scenario_id: str,
    turn_id: int,
    take,
    plan: FinalPlan | None,
    clock: Callable[[], float] = time.perf_counter,
) -> Callable[[], tuple]:
    """Model-lane task: the final step (:func:`~simulator.speech.turn_end.finish_turn`; the lane
    is FIFO: the early passes ahead of it already ran) reuses the early pass ``plan`` allows or
    joins a long take's pieces, else transcribes + measures the whole take, timing the pass it
    ran; then grade."""

    def work():
        final = finish_turn(plan, take.audio, SpeechHearer(ctx.speech), clock)
        heard = final.result
        if final.passes == 0:
            heard.timings["early_pass"] = 1.0
        if final.cost is not None:
            heard.timings["pass_s"], heard.timings["pass_span_s"] = final.cost
        if final.pieces:
            heard.timings["pieces"] = float(final.pieces)
        return heard, grade_spoken(ctx, scenario_id, turn_id, heard)

    return work


def graded_record(
    ctx: AppContext, s: CallSession, heard, result, take, feedback_s: float | None
) -> TurnRecord:
    """The graded reply of the turn in progress as the trainee sees it (``take`` None: typed)."""
    typed = take is None
    answer = result.closest_answer
    audio = ctx.audio_path(answer.audio, s.scenario.id) if answer is not None else None
    return TurnRecord(
        seq=s.seq,
        result=result,
        caller_text=s.turn.caller.text,
        mode="typed" if typed else "voice",
        recording=None if typed else str(ctx.recordings.folder / s.take_name),
        recording_status=None if typed else "ok",
        answer_audio=str(audio) if audio else None,
        notes=tuple(timing_notes(s.turn.timing, None if typed else s.onset_s, s.silence_before_s)),
        feedback_s=feedback_s,
        latency_s=None if typed else s.onset_s,
        heard_timings={
            k: round(v, 4)
            for k, v in (heard.timings.items() if heard is not None else ())
            if isinstance(v, int | float)
        },
        id=new_id(),
    )
