"""Progress through an assignment (a pack or one scenario, a pass threshold, attempts needed,
a due date), computed from a trainee's completed practice attempts. Pure: the service hands in
the rows and the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

DONE, DONE_LATE, OVERDUE, IN_PROGRESS, NOT_STARTED = (
    "done",
    "done_late",
    "overdue",
    "in_progress",
    "not_started",
)


@dataclass(frozen=True)
class AttemptRow:
    """One completed practice attempt: what counts towards an assignment."""

    scenario_id: str
    score: int | None
    finished_at: str  # UTC ISO text


@dataclass(frozen=True)
class ScenarioProgress:
    scenario_id: str
    title: str
    attempts: int  # completed attempts of this scenario
    passes: int  # … with a score at or above the threshold
    best: int | None
    done: bool
    done_at: str | None  # when the last needed pass was made


@dataclass(frozen=True)
class Progress:
    """A trainee's progress through one assignment."""

    assignment_id: str
    user_id: str
    pack_id: str
    scenario_id: str | None  # None: the whole pack
    title: str
    due_at: str | None
    threshold: int
    min_attempts: int
    scenarios: tuple[ScenarioProgress, ...]
    status: str  # done | done_late | overdue | in_progress | not_started
    completed_at: str | None

    @property
    def done(self) -> int:
        return sum(s.done for s in self.scenarios)

    @property
    def total(self) -> int:
        return len(self.scenarios)

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0

    @property
    def overdue(self) -> bool:
        return self.status == OVERDUE

    def to_dict(self) -> dict:
        return {
            "assignment": self.assignment_id, "user_id": self.user_id, "pack": self.pack_id,
            "scenario": self.scenario_id, "title": self.title, "due_at": self.due_at,
            "threshold": self.threshold, "min_attempts": self.min_attempts,
            "status": self.status, "done": self.done, "total": self.total,
            "completed_at": self.completed_at,
            "scenarios": [
                {"id": s.scenario_id, "title": s.title, "attempts": s.attempts,
                 "passes": s.passes, "best": s.best, "done": s.done}
                for s in self.scenarios
            ],
        }  # fmt: skip


def iso(when: datetime) -> str:
    """An aware datetime as stored (UTC, milliseconds, ``Z``): compares as text."""
    return when.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _after(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a > b


def progress(
    *,
    assignment_id: str,
    user_id: str,
    pack_id: str,
    scenario_id: str | None,
    title: str,
    scenarios: list[tuple[str, str]],
    due_at: str | None,
    threshold: int,
    min_attempts: int,
    attempts: list[AttemptRow],
    now: datetime,
) -> Progress:
    """``scenarios``: (id, title) the assignment covers; ``attempts``: the trainee's completed
    attempts (any scenario). A scenario is done with ``min_attempts`` attempts scoring at least
    ``threshold``; the assignment is done when all are, overdue when not and past due."""
    by_scenario: dict[str, list[AttemptRow]] = {}
    for row in sorted(attempts, key=lambda r: r.finished_at):
        by_scenario.setdefault(row.scenario_id, []).append(row)
    parts = []
    for sid, stitle in scenarios:
        rows = by_scenario.get(sid, [])
        passing = [r for r in rows if r.score is not None and r.score >= threshold]
        scores = [r.score for r in rows if r.score is not None]
        done = len(passing) >= min_attempts
        parts.append(
            ScenarioProgress(
                sid, stitle, len(rows), len(passing), max(scores) if scores else None, done,
                passing[min_attempts - 1].finished_at if done else None,
            )
        )  # fmt: skip
    stamp = iso(now)
    all_done = bool(parts) and all(p.done for p in parts)
    completed_at = max(p.done_at for p in parts) if all_done else None
    if all_done:
        status = DONE_LATE if _after(completed_at, due_at) else DONE
    elif due_at is not None and stamp > due_at:
        status = OVERDUE
    elif any(p.attempts for p in parts):
        status = IN_PROGRESS
    else:
        status = NOT_STARTED
    return Progress(
        assignment_id, user_id, pack_id, scenario_id, title, due_at, threshold, min_attempts,
        tuple(parts), status, completed_at,
    )  # fmt: skip
