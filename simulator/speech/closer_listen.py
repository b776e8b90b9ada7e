"""The closer listen after a live result: the take decoded again at beam 5, as ``grade --audio``
decodes it, while the trainee reads the fast (greedy, beam 1) result.

The live call decodes greedily for fast feedback; on the telephone band its verdict agrees with
the typed one less often than beam 5's does (issue 15: long-au phone 75 % at beam 1, 91.7 % at
beam 5). The app therefore queues one more model-lane task once the live result is shown
(:class:`CloserListen`); if its verdict or counted findings differ (:func:`differs`) the call
screen shows the update with a note and the turn is saved with the final result, the first one
kept beside it (``TurnRecord.first_hearing``). The next caller line or a new take cancels it:
its checkpoint raises :class:`CloserCancelled` between the model's stages, and a result that
comes after the cancel is discarded. Whether to listen closer at all is :func:`wanted`.

No Qt here: the app's call controller and the benchmark's replay
(:mod:`simulator.speech.live_latency`) use the same pieces.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

# "waiting" until settled on the UI thread (the lane thread only reads the cancel event)
STATES = ("waiting", "same", "changed", "cancelled", "failed")


class CloserCancelled(Exception):
    """The closer listen was cancelled (the call moved on); raised at a checkpoint."""


def findings(result) -> tuple:
    """What a trainee is told was wrong: the counted violations (rule, severity) and the missing
    required elements, order-free."""
    counted = sorted(
        (v.rule, v.severity) for v in result.violations if v.severity in ("fail", "warn")
    )
    missing = sorted(k for k, found in result.elements.items() if not found)
    return tuple(counted), tuple(missing)


def differs(first, final) -> bool:
    """Whether ``final`` (a ``GradeResult``) changes what the trainee was shown in ``first``:
    the verdict, the branch, or the findings. A score moved by the criteria alone is not."""
    return (
        first.passed != final.passed
        or first.outcome != final.outcome
        or first.next_turn != final.next_turn
        or findings(first) != findings(final)
    )


def first_hearing(first, beam: int) -> dict:
    """What is kept of the live result once the closer listen replaced it (for trainers)."""
    return {
        "beam": beam,
        "passed": first.passed,
        "score": first.score,
        "outcome": first.outcome,
        "transcript": first.transcript,
        "violations": [
            {"rule": v.rule, "category": v.category, "severity": v.severity}
            for v in first.violations
        ],
        "missing": [k for k, found in first.elements.items() if not found],
    }


def wanted(duration_s: float) -> bool:  # noqa: ARG001 - kept for a policy that may use it
    """Whether a take of ``duration_s`` gets a closer listen: always, by measurement
    (``simulator bench``, live-call rows, 2026-12-02 on long-au and short-av, clean and phone):
    of the 7 verdicts it put right, 3 were takes of 6–9 s, so "only takes of 12 s or more"
    gave short-av 47/48 clean and 43/48 phone instead of 48/48 and 45/48; "only where the live
    decode was unsure" (a character under 0.5, or 5 % of them) would have skipped no phone take
    and 2/24 + 8/48 clean ones while keeping every change: it saves little. A cancelled closer
    listen costs the next turn at most its current model stage."""
    return True


class CloserListen:
    """One turn's closer listen: ``run`` on the model lane, ``cancel`` and ``settle`` on the UI
    thread. ``first`` is the live ``GradeResult``."""

    def __init__(self, first: Any):
        self.first = first
        self.state = "waiting"
        self.error: BaseException | None = None
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def checkpoint(self) -> None:
        """Called between the model's stages: raises once the listen is cancelled."""
        if self._cancel.is_set():
            raise CloserCancelled("the call moved on")

    def cancel(self) -> bool:
        """Stop it (the caller's next line, a new take, hanging up). True when it had not
        settled yet: its result, if one still comes, is discarded."""
        self._cancel.set()
        if self.state == "waiting":
            self.state = "cancelled"
            return True
        return False

    def run(self, hear: Callable[[Callable[[], None]], Any], grade: Callable[[Any], Any]):
        """Model lane: ``hear(checkpoint)`` decodes the take closely, ``grade(heard)`` grades
        it; returns ``(heard, result)``. Raises :class:`CloserCancelled` once cancelled."""
        self.checkpoint()
        heard = hear(self.checkpoint)
        self.checkpoint()
        return heard, grade(heard)

    def settle(self, final) -> str:
        """UI thread, ``run`` returned ``final`` (its result): "same", "changed", or
        "cancelled" (the call moved on meanwhile: discard it)."""
        if self.cancelled:
            self.state = "cancelled"
        else:
            self.state = "changed" if differs(self.first, final) else "same"
        return self.state

    def failed(self, exc: BaseException) -> str:
        """UI thread, ``run`` raised ``exc``: "cancelled" when that was the cancel, else
        "failed" (the first result stands; the caller shows and logs ``exc``)."""
        if self.cancelled or isinstance(exc, CloserCancelled):
            self.state = "cancelled"
        else:
            self.state, self.error = "failed", exc
        return self.state
