"""A proctored exam attempt as a plain state machine, with its exam clock.

States follow TAO's delivery states plus what a desktop needs after a crash::

    awaiting → authorised → active ⇄ paused
                               ↓  ↘
                       interrupted → active (proctor's PIN)
    active / interrupted → finished;  authorised … interrupted → terminated;
    awaiting / authorised → cancelled;  finished / terminated → graded → sealed

Completion is one-way (edX's rule): a finished, terminated, cancelled, graded or sealed attempt
never returns to an incomplete state. Every transition returns a ``Transition`` for the audit log.

The clock counts the candidate's time with a monotonic clock (seconds, injected by the caller):
``used_ms`` grows only while the attempt is active and is what the store keeps, so a paused
attempt's clock is frozen, a crash loses at most the time since the last save (the UI's
heartbeat every ≤ 5 s), and changing the PC's wall clock neither adds nor steals time.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    AWAITING = "awaiting"
    AUTHORISED = "authorised"
    ACTIVE = "active"
    PAUSED = "paused"
    INTERRUPTED = "interrupted"
    FINISHED = "finished"
    TERMINATED = "terminated"
    CANCELLED = "cancelled"
    GRADED = "graded"
    SEALED = "sealed"


COMPLETED = frozenset(
    {State.FINISHED, State.TERMINATED, State.CANCELLED, State.GRADED, State.SEALED}
)
RUNNING = frozenset({State.ACTIVE, State.PAUSED, State.INTERRUPTED})

STATE_TITLES: dict[State, tuple[str, str]] = {
    State.AWAITING: ("等待授权", "awaiting authorisation"),
    State.AUTHORISED: ("已授权", "authorised"),
    State.ACTIVE: ("进行中", "in progress"),
    State.PAUSED: ("已暂停", "paused"),
    State.INTERRUPTED: ("已中断", "interrupted"),
    State.FINISHED: ("已交卷", "submitted"),
    State.TERMINATED: ("已终止", "terminated"),
    State.CANCELLED: ("已取消", "cancelled"),
    State.GRADED: ("已评分", "graded"),
    State.SEALED: ("已封存", "sealed"),
}

# action → (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[State], State]] = {
    "authorise": (frozenset({State.AWAITING}), State.AUTHORISED),
    "start": (frozenset({State.AUTHORISED}), State.ACTIVE),
    "pause": (frozenset({State.ACTIVE}), State.PAUSED),
    "resume": (frozenset({State.PAUSED}), State.ACTIVE),
    "interrupt": (frozenset({State.ACTIVE, State.PAUSED}), State.INTERRUPTED),
    "recover": (frozenset({State.INTERRUPTED}), State.ACTIVE),
    "finish": (frozenset({State.ACTIVE, State.INTERRUPTED}), State.FINISHED),
    "terminate": (
        frozenset({State.AUTHORISED, State.ACTIVE, State.PAUSED, State.INTERRUPTED}),
        State.TERMINATED,
    ),
    "cancel": (frozenset({State.AWAITING, State.AUTHORISED}), State.CANCELLED),
    "grade": (frozenset({State.FINISHED, State.TERMINATED}), State.GRADED),
    "seal": (frozenset({State.GRADED}), State.SEALED),
}


class ExamError(Exception):
    """Something about an exam the user must be told; ``str()`` is Chinese / English."""


class TransitionRefused(ExamError):
    """The attempt's state does not allow this action."""


@dataclass(frozen=True)
class Transition:
    action: str
    before: State
    after: State
    used_ms: int

    def detail(self) -> dict:
        return {"from": self.before.value, "to": self.after.value, "used_ms": self.used_ms}


class ExamAttempt:
    """One attempt's state and clock. ``now`` arguments are monotonic seconds."""

    def __init__(
        self,
        attempt_id: str,
        state: State | str,
        limit_ms: int,
        extra_ms: int = 0,
        used_ms: int = 0,
        counting_since: float | None = None,
    ):
        self.id = attempt_id
        self.state = State(state)
        self.limit_ms = int(limit_ms)
        self.extra_ms = int(extra_ms)
        self.used_ms = int(used_ms)
        # monotonic time the clock last counted from; None while it does not count (not
        # active, or active in a process that died: its monotonic clock is gone)
        self.counting_since = counting_since if self.state is State.ACTIVE else None

    # ------------------------------------------------------------------ clock
    @property
    def counting(self) -> bool:
        return self.counting_since is not None

    def tick(self, now: float) -> int:
        """Add the time since the last tick to ``used_ms`` (only while counting)."""
        if self.counting_since is not None:
            elapsed = max(0.0, now - self.counting_since)  # a monotonic clock never goes back
            self.used_ms += round(elapsed * 1000)
            self.counting_since = max(self.counting_since, now)
        return self.used_ms

    def used_at(self, now: float) -> int:
        if self.counting_since is None:
            return self.used_ms
        return self.used_ms + round(max(0.0, now - self.counting_since) * 1000)

    def remaining_ms(self, now: float) -> int:
        """The candidate's time left (negative once over)."""
        return self.limit_ms + self.extra_ms - self.used_at(now)

    def time_up(self, now: float) -> bool:
        return self.remaining_ms(now) <= 0

    def add_time(self, delta_ms: int) -> None:
        if delta_ms <= 0:
            raise ExamError("加时须为正数 / added time must be positive")
        if self.state not in (State.AUTHORISED, *RUNNING):
            raise TransitionRefused(
                f"考试{STATE_TITLES[self.state][0]}，不能加时 / "
                f"cannot add time: the attempt is {STATE_TITLES[self.state][1]}"
            )
        self.extra_ms += int(delta_ms)

    # ------------------------------------------------------------------ transitions
    def can(self, action: str) -> bool:
        sources, _target = TRANSITIONS[action]
        return self.state in sources

    def apply(self, action: str, now: float) -> Transition:
        """Make the transition ``action`` at monotonic time ``now`` or refuse it."""
        sources, target = TRANSITIONS[action]
        if self.state not in sources:
            zh, en = STATE_TITLES[self.state]
            raise TransitionRefused(
                f"考试{zh}，不能执行“{ACTION_TITLES[action][0]}” / "
                f"cannot {ACTION_TITLES[action][1]}: the attempt is {en}"
            )
        before = self.state
        self.tick(now)
        self.state = target
        if target is State.ACTIVE:
            self.counting_since = now
        else:
            self.counting_since = None
        return Transition(action, before, target, self.used_ms)

    def interrupt(self) -> Transition:
        """The process that ran the attempt died: its clock reference is gone, ``used_ms`` is
        what was saved last."""
        sources, target = TRANSITIONS["interrupt"]
        if self.state not in sources:
            raise TransitionRefused(f"cannot interrupt an attempt that is {self.state.value}")
        before, self.state, self.counting_since = self.state, target, None
        return Transition("interrupt", before, target, self.used_ms)

    @property
    def completed(self) -> bool:
        return self.state in COMPLETED


ACTION_TITLES: dict[str, tuple[str, str]] = {
    "authorise": ("授权", "authorise it"),
    "start": ("开始", "start it"),
    "pause": ("暂停", "pause it"),
    "resume": ("继续", "resume it"),
    "interrupt": ("中断", "interrupt it"),
    "recover": ("恢复", "recover it"),
    "finish": ("交卷", "submit it"),
    "terminate": ("终止", "terminate it"),
    "cancel": ("取消", "cancel it"),
    "grade": ("评分", "grade it"),
    "seal": ("封存", "seal it"),
}
