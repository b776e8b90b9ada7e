"""The call's closer listen: after the live (greedy) result of a spoken reply is shown, the take
is decoded again at beam 5 on the model lane (``simulator.speech.closer_listen``), and the
turn's write waits for it, so that the stored turn carries the final verdict.

``CloserListener`` holds at most one turn. Whatever happens, the held turn is saved exactly
once, through ``save``: with the final result when the closer listen changed it (``show`` is
called first, to update the screen), with the live result when it agreed, failed (``failed``
is told why: the screen shows it, the log has it) or was cancelled because the call moved on
(``cancel``: the caller's next line, a retry, hanging up). A result that comes after the
cancel is discarded; a cancelled decode stops at the model's next stage.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from simulator.app.context import AppContext
from simulator.app.practice.controllers.turns import CallSession, grade_spoken
from simulator.core.records import TurnRecord
from simulator.speech.closer_listen import CloserListen, first_hearing, wanted
from simulator.speech.transcriber import LIVE_BEAM_SIZE

log = logging.getLogger(__name__)


@dataclass(eq=False)
class Held:
    """A graded turn whose write waits for its closer listen."""

    session: CallSession
    record: TurnRecord
    take: Any
    listen: CloserListen


class CloserListener:
    """See the module docstring. ``save(session, record, take)`` queues the turn's write;
    ``show(held, record, changed)`` shows the settled result; ``failed(held, exc)`` reports a
    failure."""

    def __init__(
        self,
        ctx: AppContext,
        save: Callable[[CallSession, TurnRecord, Any], None],
        show: Callable[[Held, TurnRecord, bool], None],
        failed: Callable[[Held, BaseException], None],
    ):
        self.ctx = ctx
        self._save, self._show, self._failed = save, show, failed
        self.held: Held | None = None

    def available(self) -> bool:
        """The speech service can listen closer (a scripted stand-in may not)."""
        return callable(getattr(self.ctx.speech, "hear_closely", None))

    def wanted(self, take) -> bool:
        """Whether ``take`` (None: a typed reply) gets a closer listen."""
        if take is None or not self.available():
            return False
        return wanted(len(take.audio) / max(1, take.sample_rate))

    def start(self, s: CallSession, record: TurnRecord, take) -> bool:
        """Hold ``record``'s write and queue its closer listen; False (saved at once) when the
        reply is typed, the policy does not want one, or the service cannot listen closer."""
        self.cancel("another turn was graded")
        if not self.wanted(take):
            self._save(s, record, take)
            return False
        held = self.held = Held(s, record, take, CloserListen(record.result))
        speech, ctx = self.ctx.speech, self.ctx
        scenario_id, turn_id = s.scenario.id, s.turn.id

        def work():
            return held.listen.run(
                lambda checkpoint: speech.hear_closely(take.audio, checkpoint=checkpoint),
                lambda heard: grade_spoken(ctx, scenario_id, turn_id, heard),
            )

        self.ctx.runner.run(
            "model",
            work,
            lambda out: self._done(held, out),
            lambda exc: self._error(held, exc),
            name="hear_closely",
        )
        return True

    def cancel(self, why: str) -> bool:
        """The call moves on: stop the closer listen and save the turn as first graded. True
        when a turn was held."""
        held, self.held = self.held, None
        if held is None:
            return False
        held.listen.cancel()
        log.info("closer listen of turn %s cancelled: %s", held.record.id, why)
        self._save(held.session, held.record, held.take)
        return True

    def _done(self, held: Held, out: tuple) -> None:
        heard, final = out
        state = held.listen.settle(final)
        if held is not self.held or state == "cancelled":
            log.info("closer listen of turn %s came after the call moved on", held.record.id)
            return
        self.held = None
        record = held.record
        try:
            if state == "changed":
                record = closer_record(self.ctx, held.session, record, heard, final)
                log.info(
                    "closer listen changed turn %s: %s %d → %s %d",
                    record.id,
                    "passed" if held.listen.first.passed else "failed",
                    held.listen.first.score,
                    "passed" if final.passed else "failed",
                    final.score,
                )
            else:
                record = record.with_(
                    heard_timings={**record.heard_timings, **_closer_timings(heard, 0.0)}
                )
            self._show(held, record, state == "changed")
        except Exception as exc:  # noqa: BLE001 - shown and logged; the turn is saved below
            log.error("the closer listen of turn %s failed: %s", held.record.id, exc, exc_info=exc)
            self._failed(held, exc)
        finally:  # the held turn is saved whatever happened (module docstring)
            self._save(held.session, record, held.take)

    def _error(self, held: Held, exc: BaseException) -> None:
        state = held.listen.failed(exc)
        if held is not self.held or state == "cancelled":
            return
        self.held = None
        log.error("the closer listen of turn %s failed: %s", held.record.id, exc, exc_info=exc)
        self._failed(held, exc)
        self._save(held.session, held.record, held.take)


def closer_record(ctx: AppContext, s: CallSession, record: TurnRecord, heard, final) -> TurnRecord:
    """``record`` (the live result, not saved yet) with the closer listen's result ``final``:
    the same id, the model answer's audio for its closest answer, the live result kept as
    ``first_hearing``."""
    answer = final.closest_answer
    audio = ctx.audio_path(answer.audio, s.scenario.id) if answer is not None else None
    return record.with_(
        result=final,
        answer_audio=str(audio) if audio else None,
        heard_timings={**record.heard_timings, **_closer_timings(heard, 1.0)},
        first_hearing=first_hearing(record.result, LIVE_BEAM_SIZE),
    )


def _closer_timings(heard, changed: float) -> dict[str, float]:
    """What the stored turn's timings say of its closer listen."""
    seconds = heard.timings.get("hear_s") if heard is not None else None
    out = {"closer_changed": changed}
    if isinstance(seconds, int | float):
        out["closer_s"] = float(seconds)
    return out
