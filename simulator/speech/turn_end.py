"""What a live call's early passes are run with, and what the end of a turn does with them: the
one final step the desktop app and the benchmark's replay share.

A runner (the app's speech service, the replay's transcriber) gives a :class:`Hearer`: ``whole``
hears a whole take (transcript and delivery measures, as a short reply always is), ``piece``
decodes a stretch of it uncorrected, ``join`` makes one result of the decoded stretches (the
offline path's joining, :func:`simulator.speech.transcriber.finish`, then the measures over the
whole take), so that a reply heard in pieces live gives the same kind of transcript as
``grade --audio``: word times on the whole take, raw and corrected text.

The final step runs on the model lane after every early pass the lane already had (the lane is
FIFO). Without pieces it reuses the pass the plan allows or hears the whole take, as before.
With pieces it decodes the ones still waiting for the lane, then the tail after the last cut
(or reuses the tail's pass), and joins them. A piece that failed (logged with its cause by the
scheduler) or a decode of the final step that fails (logged here) makes it hear the whole take:
slower, never worse than before pieces.
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from simulator.audio.files import SAMPLE_RATE
from simulator.speech.early_pass import EarlyPass, FinalPlan, PassTimer

log = logging.getLogger(__name__)

Checkpoint = Callable[[], None]


class Hearer(Protocol):
    def whole(self, samples: np.ndarray, checkpoint: Checkpoint) -> Any: ...

    def piece(self, samples: np.ndarray, checkpoint: Checkpoint) -> Any: ...

    def join(self, samples: np.ndarray, parts: list[tuple[float, Any]]) -> Any: ...


@dataclass
class FinalOutcome:
    result: Any  # what ``whole`` or ``join`` returned, or the reused early pass's
    passes: int  # decodes the final step began (0: the early work covered the whole take)
    cost: tuple[float, float] | None  # its last decode's (cost, longest stretch), timed
    pieces: int  # pieces joined (0: heard whole)


def stretch(samples: np.ndarray, start_s: float, end_s: float | None = None) -> np.ndarray:
    """The audio from ``start_s`` to ``end_s`` (None: to the end) of a take."""
    a = int(round(start_s * SAMPLE_RATE))
    return samples[a:] if end_s is None else samples[a : int(round(end_s * SAMPLE_RATE))]


def hear_early(p: EarlyPass, samples: np.ndarray, hearer: Hearer, checkpoint: Checkpoint):
    """What the lane runs for the early pass ``p``; ``samples``: the take up to its pause."""
    if p.part:
        return hearer.piece(stretch(samples, p.start_s, p.end_s), checkpoint)
    return hearer.whole(samples, checkpoint)


def finish_turn(
    plan: FinalPlan | None,
    samples: np.ndarray,
    hearer: Hearer,
    clock: Callable[[], float] = time.perf_counter,
) -> FinalOutcome:
    """The final step for the whole take ``samples``; see the module docstring."""
    ran, cost = 0, None

    def decode(hear, *args):
        nonlocal ran, cost
        timer = PassTimer(clock)
        ran += 1
        out = hear(*args, timer.mark)
        cost = timer.stop()
        return out

    if plan is None or not plan.pieces:
        early = plan.reusable() if plan is not None else None
        if early is not None:
            return FinalOutcome(early, 0, None, 0)
        whole = decode(hearer.whole, samples)
        return FinalOutcome(whole, ran, cost, 0)
    parts: list[tuple[float, Any]] = []
    try:
        for p in plan.pieces:
            if p.state == "waiting":
                parts.append(
                    (p.start_s, decode(hearer.piece, stretch(samples, p.start_s, p.end_s)))
                )
            elif p.state == "done":  # a copy: joining corrects a lone part in place
                parts.append((p.start_s, copy.copy(p.result)))
            else:  # failed (the scheduler logged why) or cancelled
                raise _PieceLost(f"piece {p.number} {p.state}")
        if plan.tail_needed:
            tail = copy.copy(plan.reusable())
            if tail is None:
                tail = decode(hearer.piece, stretch(samples, plan.tail_start_s))
            parts.append((plan.tail_start_s, tail))
    except Exception as exc:
        log.warning(
            "hearing the take in pieces failed, the whole take is transcribed: %s",
            f"{type(exc).__name__}: {exc}",
            exc_info=None if isinstance(exc, _PieceLost) else exc,
        )
        whole = decode(hearer.whole, samples)
        return FinalOutcome(whole, ran, cost, 0)
    return FinalOutcome(hearer.join(samples, parts), ran, cost, len(parts))


def rehearse(
    plan: FinalPlan | None,
    samples: np.ndarray,
    hearer: Hearer,
    grade: Callable[[Any], Any],
) -> bool:
    """The final step and the grading as if the turn ended at the pause of ``plan`` (from
    :meth:`~simulator.speech.early_pass.EarlyPassScheduler.plan_if_ended`; ``samples``: the take
    up to that pause), run on the lane right after the early pass while the trainee is silent.
    Its result is dropped: what it leaves behind is the grader's caches (the learned second
    opinion's embeddings of the reply's clauses, most of a long reply's grading time), so when
    the turn does end there the real final step, run as before on the whole take, grades at
    once. False when there was nothing to rehearse or it failed (logged: the final step then
    does the work, as before)."""
    if plan is None:
        return False
    try:
        final = finish_turn(plan, samples, hearer)
        if final.passes:  # never so with a plan_if_ended plan: it would decode on the lane
            log.warning("rehearsing the end of the turn decoded %d passes", final.passes)
        grade(final.result)
    except Exception as exc:  # noqa: BLE001 - speculative: the final step does it for real
        log.warning(
            "rehearsing the end of the turn failed, the final step grades from scratch: %s",
            f"{type(exc).__name__}: {exc}",
            exc_info=exc,
        )
        return False
    return True


class _PieceLost(Exception):
    """A committed piece has no transcription."""
