"""A practice call as a plain state machine: no Qt, no audio, no clock.

    ringing ─answer→ caller ─line played→ listening ─reply ended→ thinking ─graded→ feedback
    feedback ─next→ caller | waiting (the caller's silence the seed asks for) → caller
    feedback ─retry→ caller (the same turn again)          thinking ─failed→ listening
    any ─hang up / last turn→ ended   (one-way: an ended call never changes again)

The desktop app's call controller drives it and shows each phase; every transition is logged
(``transitions`` keeps them, the ``simulator.core.call`` logger writes them). A transition the
phase does not allow raises ``TransitionError``: the controller ignores keys pressed in the
wrong phase by asking ``can(...)`` first.

What a call has to save (the attempt, each graded turn, how it ended) goes through its
``Outbox`` in order; a write that fails stays there, with every write after it, until a retry
saves them (see ``simulator.app`` for the lane that runs it).
"""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass, field

from simulator.core.records import TurnRecord, new_id
from simulator.core.timing import wait_after

log = logging.getLogger(__name__)

PHASES = ("ringing", "caller", "listening", "thinking", "feedback", "waiting", "ended")
ALLOWED: dict[str, frozenset[str]] = {
    "ringing": frozenset({"caller", "waiting", "ended"}),
    "caller": frozenset({"listening", "ended"}),
    "listening": frozenset({"listening", "thinking", "ended"}),
    "thinking": frozenset({"feedback", "listening", "ended"}),
    "feedback": frozenset({"caller", "waiting", "ended"}),
    "waiting": frozenset({"caller", "ended"}),
    "ended": frozenset(),
}
END_STATUSES = ("completed", "stopped", "abandoned")


class TransitionError(Exception):
    """The call cannot go to that phase from the one it is in."""


@dataclass(frozen=True)
class Step:
    """Where the call goes after a turn's feedback: ``turn_id`` (None: the call ends) after
    ``delay_s`` seconds of caller silence."""

    turn_id: int | None
    delay_s: float = 0.0


# ---------------------------------------------------------------------- saving
SAVE_STATES = ("pending", "saved", "failed", "held")


@dataclass
class Write:
    """One thing the call must save, in order: ``attempt`` (create the attempt row), ``turn``
    (a graded turn and its recording) or ``finish`` (how the call ended)."""

    kind: str
    record: TurnRecord | None = None
    recording: str | None = None  # the take's file (absolute), for a voice turn
    audio: object = None  # the take's samples when the recorder wrote no file
    sample_rate: int = 16000
    take_name: str = ""  # where the recording goes, under the recordings folder
    retry: bool = False  # the turn replaces the earlier take of its seq
    status: str = ""  # for ``finish``
    id: str = field(default_factory=new_id)
    state: str = "pending"
    error: str = ""


class Outbox:
    """The call's writes in order. Thread-safe: the UI thread adds, the database lane saves."""

    def __init__(self):
        self._lock = threading.Lock()
        self._writes: list[Write] = []

    def add(self, write: Write) -> Write:
        with self._lock:
            if any(w.state in ("failed", "held") for w in self._writes):
                write.state = "held"  # behind an unsaved write: saved after it
            self._writes.append(write)
        return write

    def unsaved(self) -> list[Write]:
        """Every write not saved yet, in order."""
        with self._lock:
            return [w for w in self._writes if w.state != "saved"]

    def saved(self, write: Write) -> None:
        with self._lock:
            write.state, write.error = "saved", ""

    def failed(self, write: Write, error: str) -> None:
        """``write`` could not be saved: it and every write after it wait for a retry."""
        with self._lock:
            write.state, write.error = "failed", error
            later = False
            for w in self._writes:
                if w is write:
                    later = True
                elif later and w.state == "pending":
                    w.state = "held"

    def retrying(self) -> None:
        """The trainee asked to try again: every unsaved write is pending."""
        with self._lock:
            for w in self._writes:
                if w.state in ("failed", "held"):
                    w.state, w.error = "pending", ""

    def state_of(self, record_id: str | None) -> tuple[str, str]:
        """(state, error) of the turn write of ``record_id`` (for a held write, the error of
        the one that holds it back); ("saved", "") if there is none."""
        with self._lock:
            blocking = ""
            for w in self._writes:
                if w.state == "failed":
                    blocking = blocking or w.error
                if w.record is not None and w.record.id == record_id:
                    return w.state, w.error or (blocking if w.state == "held" else "")
            return "saved", ""

    def failure(self) -> Write | None:
        """The write that failed (what holds the others back), if any."""
        with self._lock:
            return next((w for w in self._writes if w.state == "failed"), None)

    @property
    def has_writes(self) -> bool:
        with self._lock:
            return bool(self._writes)

    @property
    def clean(self) -> bool:
        with self._lock:
            return all(w.state == "saved" for w in self._writes)


# ---------------------------------------------------------------------- the call
class Call:
    """One practice call of ``scenario``. ``attempt_id`` is made here, so the attempt row, its
    turns and any replay of them after a failure all agree on it."""

    def __init__(
        self,
        scenario,
        pack_id: str = "",
        *,
        typed: bool = False,
        attempt_id: str | None = None,
    ):
        self.scenario = scenario
        self.pack_id = pack_id
        self.typed = typed
        self.key = uuid.uuid4().hex[:12]  # names the call's recordings folder
        self.attempt_id = attempt_id or new_id()
        self.resumed = attempt_id is not None
        self.phase = "ringing"
        self.seq = 0
        self.turn = None
        self.pause_s = 0.0  # the caller's silence before the current turn's line
        self.retrying = False
        self.status = "in_progress"
        self.records: dict[int, TurnRecord] = {}  # seq → the turn as last graded
        self.best: dict[int, TurnRecord] = {}  # seq → its best try
        self.transitions: list[tuple[str, str, str]] = []  # (from, to, why)
        self.outbox = Outbox()

    # ------------------------------------------------------------------ state
    @property
    def finished(self) -> bool:
        return self.phase == "ended"

    @property
    def mode(self) -> str:
        return "typed" if self.typed else "voice"

    @property
    def record(self) -> TurnRecord | None:
        """The current turn's graded record (in ``feedback``)."""
        return self.records.get(self.seq)

    def can(self, phase: str) -> bool:
        return phase in ALLOWED[self.phase]

    def _go(self, phase: str, why: str = "") -> None:
        if phase not in ALLOWED[self.phase]:
            raise TransitionError(f"call {self.key}: {self.phase} → {phase} is not allowed")
        self.transitions.append((self.phase, phase, why))
        log.info("call %s (%s): %s → %s %s", self.key, self.scenario.id, self.phase, phase, why)
        self.phase = phase

    # ------------------------------------------------------------------ starting
    def answer(self) -> None:
        """The trainee answers: the first turn's caller line."""
        if self.phase != "ringing":
            raise TransitionError(f"call {self.key}: answer while {self.phase}")
        self.outbox.add(Write("attempt"))
        self.play_turn(self.scenario.turns[0].id, why="answered")

    def resume(self, records: list[TurnRecord], next_turn: int) -> None:
        """Continue a stopped attempt: its turns so far, then ``next_turn``."""
        for record in records:
            self.records[record.seq] = record
            self._keep_best(record)
        self.seq = max(self.records, default=0)
        self.play_turn(next_turn, why="resumed")

    # ------------------------------------------------------------------ turns
    def play_turn(self, turn_id: int, delay_s: float = 0.0, retry: bool = False, why: str = ""):
        """The caller's line of ``turn_id`` (after ``delay_s`` of silence: ``waiting``)."""
        self.turn = self.scenario.turn(turn_id)
        self.pause_s = delay_s
        self.retrying = retry
        if not retry:
            self.seq += 1
        reason = f"turn {turn_id} (seq {self.seq}){' retry' if retry else ''} {why}".strip()
        self._go("waiting" if delay_s > 0 else "caller", reason)

    def caller_speaks(self) -> None:
        """The silence before the line is over."""
        self._go("caller", "after the pause")

    def listen(self, why: str = "") -> None:
        """The trainee's turn (again, after no speech, a failed grading or a lost mic)."""
        self._go("listening", why)

    def replied(self, why: str = "") -> None:
        """The reply ended: transcribing and grading."""
        self._go("thinking", why)

    def graded(self, record: TurnRecord) -> TurnRecord:
        """The graded turn is shown; it replaces an earlier try of the same seq."""
        self.records[record.seq] = record
        self._keep_best(record)
        self._go("feedback", f"score {record.score}")
        return record

    def amend(self, record: TurnRecord) -> TurnRecord:
        """The feedback's turn heard again (the app's closer listen): ``record`` (the same id)
        replaces it as the turn's try, and as its best try where it was the best (an earlier
        try that scored more than the amended one is not kept: the best is per try, final)."""
        shown = self.records.get(record.seq)
        if self.phase != "feedback" or shown is None or shown.id != record.id:
            raise TransitionError(f"call {self.key}: no feedback of turn {record.id} to amend")
        self.records[record.seq] = record
        best = self.best.get(record.seq)
        if best is None or best.id == record.id:
            self.best[record.seq] = record
        else:
            self._keep_best(record)
        log.info("call %s (%s): turn amended, score %d", self.key, self.scenario.id, record.score)
        return record

    def _keep_best(self, record: TurnRecord) -> None:
        best = self.best.get(record.seq)
        if best is None or record.score >= best.score:
            self.best[record.seq] = record

    def best_score(self) -> int | None:
        """The call's score with each turn at its best try (what a retry can raise)."""
        if not self.best:
            return None
        return round(sum(r.score for r in self.best.values()) / len(self.best))

    def next_step(self) -> Step:
        """Where the reply's branch leads, and the pause the seed asks for first."""
        record = self.record
        if self.phase != "feedback" or record is None:
            raise TransitionError(f"call {self.key}: no feedback to move on from")
        return Step(record.result.next_turn, wait_after(self.turn.timing))

    def move_on(self) -> Step:
        """Leave the feedback: the next turn's line, or (last turn) the closing silence /
        the end. Returns the step taken; ``ended`` is reached through ``end``."""
        step = self.next_step()
        if step.turn_id is not None:
            self.play_turn(step.turn_id, delay_s=step.delay_s, why="next")
        elif step.delay_s > 0:
            self._go("waiting", "before hanging up")
        else:
            self.end("completed")
        return step

    def retry(self) -> None:
        """Answer the same turn again."""
        if self.phase != "feedback":
            raise TransitionError(f"call {self.key}: retry while {self.phase}")
        self.play_turn(self.turn.id, retry=True, why="retried")

    # ------------------------------------------------------------------ ending
    def end(self, status: str = "completed") -> bool:
        """Close the call (one-way). False if it had already ended."""
        if status not in END_STATUSES:
            raise ValueError(f"unknown end status {status!r}")
        if self.finished:
            return False
        self.status = status
        self._go("ended", status)
        if self.resumed or self.outbox.has_writes:
            self.outbox.add(Write("finish", status=status))
        return True

    def hang_up(self) -> bool:
        """The trainee hangs up: "stopped" with replies so far, else "abandoned"."""
        return self.end("stopped" if self.records else "abandoned")

    # ------------------------------------------------------------------ saving
    def save_turn(self, record: TurnRecord, **take) -> Write:
        """Queue the graded turn (and its take) for the database."""
        return self.outbox.add(Write("turn", record=record, retry=self.retrying, **take))
