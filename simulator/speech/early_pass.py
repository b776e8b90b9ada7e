"""When a live call transcribes early: the one scheduler the desktop app and the benchmark share.

While a turn is open, the trainee's pauses (``PAUSE_S`` of silence after speech) are chances to
transcribe what was said so far, so that the feedback is ready soon after the turn ends (0.8 s
of silence). The scheduler decides:

- at a pause, whether to start a pass now, hold it until the model lane is free (a pause is
  never queued behind a busy lane; a long take's piece is, see below), or leave it to the
  final pass;
- which pass is superseded: speech that resumes after a pause makes what was started or held
  for it out of date. A running pass is cancelled at its next checkpoint (the transcriber checks
  between the encoder, the decoder and the word alignment), so it frees the lane early;
- at the end of the turn, which pass the final step may reuse: the one whose pause no speech
  followed, once it has finished without error (else the final pass runs on the whole take).

It measures what a pass costs on the machine at hand (a running estimate over the passes it
ran): the whole pass, and the longest stretch between two checkpoints (mostly Whisper's
encoder, about 0.9 s on a 2-core EPYC whatever the clip's length), which is how long a
superseded pass can still hold the lane. Over the spoken-reply fixtures the next pause came
1.0 s or more after the previous one in 90 % of cases, and speech resumed within 0.35 s of a
pause in 90 %. So while that stretch is under ``KEEP_UP_SPAN_S`` a pass starts at every pause;
when it is longer, a pass first waits until ``HOLD_S`` of silence have passed since the pause
(a wasted pass would otherwise often still be running at the next pause); when it is longer
than ``GIVE_UP_SPAN_S`` early passes stop and the final pass runs at the end of the turn. The
two bounds are where, replaying the 156 pause timelines of the fixture and tuning replies with
such passes, the 95th percentile of last voice → result was lowest.

Long replies are heard in pieces (:mod:`simulator.speech.pieces` decodes a reply longer than
``LONG_REPLY_S`` in pieces cut at its pauses): a pass over the whole take costs about a quarter
of the take's length (5–6 s over 20 s at beam 1 on a 2-core EPYC, so the last voice → result
p95 of 15–25 s replies was 7.2 s), and every pass at a pause was thrown away when speech
resumed. So once the take is longer than ``CUT_FROM_S`` (= ``LONG_REPLY_S``: a reply that ends
sooner is decoded whole, exactly as before, and as ``grade --audio`` does), a pause that comes
``PIECE_MIN_S`` or more after the last cut is a cut: the stretch from the last cut to this pause
(``PAD_S`` of the pause on each side, as offline) is a piece, committed for good. Speech that
resumes does not make it stale, so a piece is never cancelled, never held for silence, and
waits in a queue when the lane is busy (a tail pass running for an earlier pause is superseded
by the cut). After a cut, the passes at pauses hear only the tail from the last cut (whole-take
passes would grow again), under the rules above. At the end of the turn the final step
(:mod:`simulator.speech.turn_end`) takes the committed pieces, decodes those still waiting and
the tail (or reuses the tail's pass), and joins them with the offline path's joining. If a
piece fails (its error is logged), the turn goes back to whole-take passes and makes no more
cuts; a final step that already had the failed piece in its plan transcribes the whole take.
The pause detector only reports silences of ``PAUSE_S`` (0.3 s), longer than the
``MIN_CUT_PAUSE_S`` an offline cut needs, so every pause may be a cut.

Grading a reply costs more than its rules: the learned second opinion embeds each clause of the
transcript (e5, about a third of a tail pass's time for a 20 s reply on a 2-core EPYC, cached by
clause). So right after a pass that would leave the final step nothing to decode
(:meth:`EarlyPassScheduler.plan_if_ended`: each piece as it is decoded, the pass at the last
pause while the trainee is silent) the lane rehearses the final step and the grading
(:func:`simulator.speech.turn_end.rehearse`) and drops the result: the clauses are embedded
while the trainee still speaks, and the real final step, run as before on the whole take, finds
them cached (the verdict is the one it always gave).

No Qt, no threads of its own: the app runs :meth:`EarlyPassScheduler.run` on its model lane
and reports back with :meth:`EarlyPassScheduler.ended` on the UI thread;
:func:`simulator.speech.live_latency.replay` does the same on a simulated timeline.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from simulator.speech.pieces import LONG_REPLY_S, PAD_S, PIECE_MIN_S

log = logging.getLogger(__name__)

DEFAULT_COST_S = 1.0  # assumed before any pass has run
DEFAULT_SPAN_S = 0.6
COST_WEIGHT = 0.3  # weight of the newest pass in the running estimates
KEEP_UP_SPAN_S = 1.25
GIVE_UP_SPAN_S = 1.7
HOLD_S = 0.3
SAME_PAUSE_S = 1e-6
CUT_FROM_S = LONG_REPLY_S  # no cut before the take is this long: short replies are heard whole


class PassCancelled(Exception):
    """Raised at a checkpoint of a pass that speech has superseded."""


class PassTimer:
    """Times a pass and the longest stretch between its checkpoints; ``mark`` is the
    checkpoint callback a transcriber calls between its stages."""

    def __init__(self, clock: Callable[[], float]):
        self.clock = clock
        self.marks = [clock()]

    def mark(self) -> None:
        self.marks.append(self.clock())

    def stop(self) -> tuple[float, float]:
        """(whole cost, longest stretch between two checkpoints), in seconds."""
        self.mark()
        gaps = [b - a for a, b in itertools.pairwise(self.marks)]
        return self.marks[-1] - self.marks[0], max(gaps, default=0.0)


@dataclass(eq=False)
class EarlyPass:
    """One transcription for the pause heard after ``last_voiced_s``: of the take so far, or,
    once a long take has been cut, of the stretch from ``start_s`` to ``end_s`` (None: to the
    end of what ``payload`` holds) for joining (``part``); a committed ``piece`` ends at its cut.

    ``state`` is set on the lane that runs it (so the final step, next on that lane, sees it):
    running → done | failed | cancelled; a piece waiting for the lane is ``waiting``."""

    number: int
    last_voiced_s: float  # seconds into the take: the speech it hears ends here
    payload: Any  # what the runner transcribes (the app: the audio so far)
    hold_s: float = 0.0  # silence to wait for after the pause before transcribing
    heard_at: float = 0.0  # the scheduler's clock when the pause was heard
    cancel: threading.Event = field(default_factory=threading.Event)
    state: str = "running"
    result: Any = None
    error: BaseException | None = None
    cost_s: float | None = None
    span_s: float | None = None
    start_s: float = 0.0  # seconds into the take where the audio it hears starts
    end_s: float | None = None
    part: bool = False  # hears a stretch to be joined (a piece, or the tail after a cut)
    piece: bool = False  # a committed piece: never superseded

    @property
    def superseded(self) -> bool:
        return self.cancel.is_set()


@dataclass(frozen=True)
class FinalPlan:
    """What the end of a turn may reuse: ``early`` ran (or runs) on the lane ahead of the final
    step; :meth:`reusable` is called there, once it has finished."""

    early: EarlyPass | None
    last_voiced_s: float | None
    pieces: tuple[EarlyPass, ...] = ()  # the committed pieces of a long take, in order
    tail_start_s: float = 0.0  # where the audio after the last cut starts (with its pad)

    @property
    def tail_needed(self) -> bool:
        """Speech followed the last cut (always so without pieces)."""
        if not self.pieces or self.last_voiced_s is None:
            return True
        return self.last_voiced_s > self.pieces[-1].last_voiced_s + SAME_PAUSE_S

    def reusable(self):
        """The early pass's result if it finished without error and no speech followed its
        pause; None: the final step must transcribe the take (or its tail after the pieces)."""
        p = self.early
        if p is None or p.state != "done" or self.last_voiced_s is None:
            return None
        if abs(p.last_voiced_s - self.last_voiced_s) > SAME_PAUSE_S:
            return None
        return p.result


class EarlyPassScheduler:
    """Decides when a live call transcribes early; see the module docstring. ``clock`` times
    the passes (tests give a scripted one). The estimates carry over from turn to turn."""

    def __init__(
        self,
        clock: Callable[[], float] = time.perf_counter,
        cost_s: float = DEFAULT_COST_S,
        span_s: float = DEFAULT_SPAN_S,
    ):
        self.clock = clock
        self.cost_s = cost_s
        self.span_s = span_s
        self.measured = 0  # passes whose cost went into the estimates
        self.started = 0  # early passes started (all turns)
        self.cancelled = 0  # early passes cancelled (all turns)
        self._numbers = itertools.count(1)
        self._running: EarlyPass | None = None  # on the lane now
        self._held: tuple[float, Any, float] | None = None  # last voiced, payload, heard at
        self._latest: EarlyPass | None = None  # the newest pass of this turn
        self._cut_s = 0.0  # seconds into the take of the last committed cut (0: none)
        self._pieces: list[EarlyPass] = []  # committed this turn, in order
        self._queue: list[EarlyPass] = []  # pieces waiting for the lane
        self._cuts_off = False  # a piece failed: this turn is heard whole

    # ------------------------------------------------------------------ estimates
    @property
    def hold_s(self) -> float | None:
        """Silence to wait for after a pause before a pass starts; None: no early passes."""
        if self.span_s <= KEEP_UP_SPAN_S:
            return 0.0
        if self.span_s <= GIVE_UP_SPAN_S:
            return HOLD_S
        return None

    def record(self, cost_s: float, span_s: float | None = None) -> None:
        """Fold a finished pass's cost (and longest uncancellable stretch) into the estimates."""
        span_s = cost_s if span_s is None else span_s
        if self.measured == 0:
            self.cost_s, self.span_s = cost_s, span_s
        else:
            self.cost_s += COST_WEIGHT * (cost_s - self.cost_s)
            self.span_s += COST_WEIGHT * (span_s - self.span_s)
        self.measured += 1

    # ------------------------------------------------------------------ events
    def new_turn(self) -> None:
        """A new take starts: nothing of the previous one is started or reused any more."""
        if self._running is not None:
            self._running.cancel.set()
        self._held = None
        self._latest = None
        self._cut_s = 0.0
        self._pieces, self._queue = [], []
        self._cuts_off = False

    @property
    def tail_start_s(self) -> float:
        """Where the passes of this turn start hearing: at the last cut, with its pad."""
        return max(0.0, self._cut_s - PAD_S) if self._pieces else 0.0

    def pause(self, last_voiced_s: float, payload: Any = None) -> EarlyPass | None:
        """A pause was heard after speech ending at ``last_voiced_s``. Returns the pass to start
        now, or None (held or queued until the lane is free, or left to the final pass)."""
        self._supersede_before(last_voiced_s)
        if self._is_cut(last_voiced_s):
            return self._cut(last_voiced_s, payload)
        hold = self.hold_s
        if hold is None:
            log.debug(
                "pause at %.2f s: left to the final pass (span %.2f s)", last_voiced_s, self.span_s
            )
            return None
        if self._running is not None:  # not queued: started when the lane is free
            self._held = (last_voiced_s, payload, self.clock())
            return None
        return self._start(last_voiced_s, payload, hold, self.clock())

    def wants(self, last_voiced_s: float) -> bool:
        """Whether a pause after speech ending at ``last_voiced_s`` would make the lane owe a
        pass (a cut, or a pass at the pause unless early passes are given up)."""
        return self._is_cut(last_voiced_s) or self.hold_s is not None

    def _is_cut(self, last_voiced_s: float) -> bool:
        return (
            not self._cuts_off
            and last_voiced_s >= CUT_FROM_S
            and last_voiced_s - self._cut_s >= PIECE_MIN_S
        )

    def voice(self) -> None:
        """Speech resumed after a pause: what was started or held for it is superseded."""
        self._held = None
        if self._latest is not None and not self._latest.piece and not self._latest.superseded:
            self._latest.cancel.set()
            log.debug("early pass %d superseded: speech resumed", self._latest.number)

    def ended(self, p: EarlyPass) -> EarlyPass | None:
        """The lane finished ``p`` (done, failed or cancelled). Returns the queued piece or the
        held pass to start now."""
        if p.state == "done" and p.cost_s is not None:
            self.record(p.cost_s, p.span_s)
        elif p.state == "failed" and p.piece:
            log.warning(
                "piece %d (%.2f–%.2f s) failed, the final pass will transcribe the whole take: %s",
                p.number,
                p.start_s,
                p.end_s,
                f"{type(p.error).__name__}: {p.error}",
                exc_info=p.error,
            )
            if p in self._pieces:  # this turn's: the rest of it is heard whole, as before
                self._pieces, self._queue, self._cut_s, self._cuts_off = [], [], 0.0, True
        elif p.state == "failed":
            log.warning(
                "early pass %d failed, the final pass will transcribe the whole take: %s",
                p.number,
                f"{type(p.error).__name__}: {p.error}",
                exc_info=p.error,
            )
        elif p.state == "cancelled":
            self.cancelled += 1
        if self._running is p:
            self._running = None
        if self._running is None and self._queue:
            nxt = self._running = self._queue.pop(0)
            nxt.state = "running"
            self.started += 1
            return nxt
        if self._running is None and self._held is not None:
            last_voiced_s, payload, heard_at = self._held
            self._held = None
            hold = self.hold_s
            if hold is not None:
                return self._start(last_voiced_s, payload, hold, heard_at)
        return None

    def end_of_turn(self, last_voiced_s: float | None) -> FinalPlan:
        """The turn ended: a held pause is dropped (the final pass covers it), and so are the
        queued pieces (the final step, next on the lane, decodes them); the plan says which
        pieces and which pass the final step may use."""
        self._held = None
        self._queue = []
        p = self._latest
        if p is not None and (p.piece or p.superseded or p.state in ("failed", "cancelled")):
            p = None
        return FinalPlan(p, last_voiced_s, tuple(self._pieces), self.tail_start_s)

    def plan_if_ended(self, p: EarlyPass) -> FinalPlan | None:
        """The plan :meth:`end_of_turn` would give if the turn ended at ``p``'s pause, when it
        leaves the final step nothing to decode; None otherwise. A pass at a pause qualifies
        while it is this turn's newest, finished and not superseded, with every piece before it
        done and no newer pause waiting for the lane; a piece once it and every piece before it
        are done, whatever came after it: its clauses stay in the transcript, so their grading
        is work the end of the turn would do anyway, done while the lane would otherwise idle or
        hear what may be superseded (a piece waiting for the lane may end up decoded by the
        final step, never rehearsed). The lane calls it right after ``p`` to
        rehearse the final step and the grading (:func:`simulator.speech.turn_end.rehearse`),
        so the grader's caches are warm when the turn ends."""
        pieces = tuple(self._pieces)  # a snapshot: the UI thread may cut a new piece meanwhile
        if p.state != "done":
            return None
        if p.piece:
            if p not in pieces:
                return None  # a piece of an earlier turn, or the turn went back to whole passes
            upto = pieces[: pieces.index(p) + 1]
            if any(q.state != "done" for q in upto):
                return None
            return FinalPlan(None, p.last_voiced_s, upto, p.last_voiced_s)
        if p is not self._latest or p.superseded or self._held is not None:
            return None  # speech resumed, or a newer pause waits for the lane
        if any(q.state != "done" for q in pieces):
            return None
        if pieces and p.last_voiced_s < pieces[-1].last_voiced_s - SAME_PAUSE_S:
            return None  # a newer piece was cut after p
        plan = FinalPlan(p, p.last_voiced_s, pieces, self.tail_start_s)
        return plan if plan.reusable() is not None else None

    # ------------------------------------------------------------------ the lane's side
    def run(
        self,
        p: EarlyPass,
        hear: Callable[[Callable[[], None]], Any],
        *,
        cancelled: Callable[[], bool] | None = None,
        wait: Callable[[float], bool] | None = None,
    ) -> EarlyPass:
        """Run ``p`` where the model lives: wait out what is left of its hold (counted from its
        pause), then ``hear(checkpoint)``.

        ``checkpoint`` raises :class:`PassCancelled` once the pass is superseded; ``cancelled``
        and ``wait(seconds) -> cancelled?`` default to ``p.cancel`` (the replay gives its
        simulated ones). Sets ``p.state``, ``result``, ``error``, ``cost_s`` and ``span_s``,
        and re-raises what went wrong."""
        cancelled = cancelled or p.cancel.is_set
        wait = wait or p.cancel.wait
        try:
            left = p.hold_s - (self.clock() - p.heard_at) if p.hold_s else 0.0
            if (left > 0 and wait(left)) or cancelled():
                raise PassCancelled(f"early pass {p.number} superseded before it started")
            timer = PassTimer(self.clock)

            def checkpoint() -> None:
                timer.mark()
                if cancelled():
                    raise PassCancelled(f"early pass {p.number} superseded")

            p.result = hear(checkpoint)
            p.cost_s, p.span_s = timer.stop()
            p.state = "done"
        except PassCancelled as exc:
            p.state, p.error = "cancelled", exc
            raise
        except Exception as exc:
            p.state, p.error = "failed", exc
            raise
        return p

    # ------------------------------------------------------------------ helpers
    def _start(self, last_voiced_s: float, payload: Any, hold: float, heard_at: float) -> EarlyPass:
        p = EarlyPass(next(self._numbers), last_voiced_s, payload, hold, heard_at)
        p.start_s, p.part = self.tail_start_s, bool(self._pieces)
        self._running = self._latest = p
        self.started += 1
        log.debug("early pass %d at %.2f s (hold %.2f s)", p.number, last_voiced_s, hold)
        return p

    def _cut(self, last_voiced_s: float, payload: Any) -> EarlyPass | None:
        """Commit a piece from the last cut to this pause: started now, or queued (never held:
        it is never out of date, and the final step would have to decode it anyway)."""
        self._held = None
        cut = last_voiced_s + PAD_S  # within the PAUSE_S of silence already heard
        p = EarlyPass(next(self._numbers), last_voiced_s, payload, heard_at=self.clock())
        p.start_s, p.end_s, p.part, p.piece = self.tail_start_s, cut + PAD_S, True, True
        self._cut_s = cut
        self._pieces.append(p)
        self._latest = p
        log.debug("piece %d: %.2f–%.2f s committed", p.number, p.start_s, p.end_s)
        if self._running is not None:
            p.state = "waiting"
            self._queue.append(p)
            return None
        self._running = p
        self.started += 1
        return p

    def _supersede_before(self, last_voiced_s: float) -> None:
        """A pause after newer speech supersedes older passes even without a ``voice`` call."""
        p = self._latest
        if p is not None and not p.piece and p.last_voiced_s < last_voiced_s - SAME_PAUSE_S:
            p.cancel.set()
