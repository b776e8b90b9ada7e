"""Typed records of the training room that cross boundaries: the seat's sync state for the
settings page, a sync run's report, and what the centre answers (the proctor console's feed,
the team dashboard, a trainee's history). The centre builds them, sends them as JSON
(``to_dict``) and the seat's services read them back (``from_dict``); the screens get these,
never dicts.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


def _build(cls: type[T], data: dict, **nested: Any) -> T:
    names = {f.name for f in dataclasses.fields(cls)}
    values = {k: v for k, v in data.items() if k in names}
    for name, convert in nested.items():
        if name in values and values[name] is not None:
            values[name] = convert(values[name])
    return cls(**values)


def to_dict(record) -> dict:
    return dataclasses.asdict(record)


# ---------------------------------------------------------------------- the seat
@dataclass(frozen=True)
class TableQueue:
    table: str
    queued: int  # records waiting to be pushed


@dataclass(frozen=True)
class SyncState:
    """What the settings page shows about this seat's link to its centre."""

    joined: bool
    seat_id: str
    seat_name: str = ""
    centre_url: str | None = None
    centre_name: str = ""
    last_sync_at: str | None = None  # the last run that got through (seat clock, UTC)
    last_attempt_at: str | None = None
    last_error: str | None = None  # plain words; None when the last run got through
    last_error_at: str | None = None
    queued: tuple[TableQueue, ...] = ()
    rejected: int = 0  # records the centre refused (kept here, listed by ``rejections``)
    signed_out: tuple[str, ...] = ()  # accounts disabled at the centre: sign them out

    @property
    def total_queued(self) -> int:
        return sum(q.queued for q in self.queued)

    @property
    def online(self) -> bool:
        return self.joined and self.last_sync_at is not None and self.last_error is None


@dataclass(frozen=True)
class Rejection:
    table: str
    row_id: str
    reason: str


@dataclass
class SyncReport:
    """One ``SyncEngine.run_once``: what moved, and the error that stopped it, if any."""

    pushed: dict[str, int] = field(default_factory=dict)
    pulled: dict[str, int] = field(default_factory=dict)
    recordings: int = 0  # uploaded
    recording_bytes: int = 0  # compressed bytes uploaded
    rejected: list[Rejection] = field(default_factory=list)
    commands: int = 0  # proctor commands applied
    heartbeat: bool = False
    signed_out: list[str] = field(default_factory=list)
    packs_changed: bool = False  # pulled packs changed the data folder: the catalog was reloaded
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class JoinResult:
    seat_id: str
    seat_name: str
    centre_url: str
    centre_name: str
    renamed: dict[str, str]  # local account id → the user name it has in the room
    disabled: tuple[str, ...]  # staff accounts the centre imported disabled (an admin enables)


@dataclass(frozen=True)
class Booking:
    id: str
    exam_id: str
    candidate_id: str
    candidate_name: str
    scheduled_at: str | None
    note: str
    cancelled: bool


# ---------------------------------------------------------------------- the proctor console
@dataclass(frozen=True)
class LiveExam:
    attempt_id: str
    seat_id: str
    seat_name: str
    exam_id: str
    candidate_id: str
    candidate_name: str
    state: str
    remaining_ms: int  # as the seat last reported it
    answered: int
    items: int
    last_heartbeat_at: str  # centre time
    silent_s: float  # seconds since that heartbeat (centre clock)


@dataclass(frozen=True)
class SeatStatus:
    seat_id: str
    name: str
    last_heartbeat_at: str | None
    silent_s: float | None
    queued: int  # records the seat had waiting at its last heartbeat
    clock_offset_ms: int  # centre time minus seat time at the last contact


@dataclass(frozen=True)
class Alert:
    seat_id: str
    seat_name: str
    attempt_id: str | None
    message: str  # zh / en


@dataclass(frozen=True)
class Gap:
    seat_id: str
    seat_name: str
    started_at: str
    ended_at: str
    seconds: float


@dataclass(frozen=True)
class CommandRecord:
    id: str
    seat_id: str
    attempt_id: str
    kind: str
    args: dict
    issued_by: str
    issued_at: str
    applied_at: str | None = None
    outcome: str | None = None  # "applied" | "refused"
    detail: str = ""


@dataclass(frozen=True)
class ConsoleFeed:
    at: str  # centre time
    seats: tuple[SeatStatus, ...]
    exams: tuple[LiveExam, ...]
    alerts: tuple[Alert, ...]
    gaps: tuple[Gap, ...]
    commands: tuple[CommandRecord, ...]

    @classmethod
    def from_dict(cls, d: dict) -> ConsoleFeed:
        return _build(
            cls,
            d,
            seats=lambda v: tuple(_build(SeatStatus, x) for x in v),
            exams=lambda v: tuple(_build(LiveExam, x) for x in v),
            alerts=lambda v: tuple(_build(Alert, x) for x in v),
            gaps=lambda v: tuple(_build(Gap, x) for x in v),
            commands=lambda v: tuple(_build(CommandRecord, x) for x in v),
        )


# ---------------------------------------------------------------------- trainers' reads
@dataclass(frozen=True)
class TraineeSummary:
    user_id: str | None
    username: str
    display_name: str
    attempts: int
    average: float | None
    pass_rate: float | None
    last_at: str | None


@dataclass(frozen=True)
class CategoryCount:
    category: str
    count: int


@dataclass(frozen=True)
class TeamDashboard:
    attempts: int
    trainees: tuple[TraineeSummary, ...]
    categories: tuple[CategoryCount, ...]
    seats: int
    as_of: str | None = None  # when the centre last summed it up (centre time)

    @classmethod
    def from_dict(cls, d: dict) -> TeamDashboard:
        return _build(
            cls,
            d,
            trainees=lambda v: tuple(_build(TraineeSummary, x) for x in v),
            categories=lambda v: tuple(_build(CategoryCount, x) for x in v),
        )


@dataclass(frozen=True)
class HistoryRow:
    attempt_id: str
    seat_id: str
    scenario_id: str
    title: str
    mode: str
    started_at: str
    status: str
    score: int | None
    passed: bool
    turn_count: int
    received_seq: int  # the centre's receive order (not a seat clock)


def history_from(rows: list[dict]) -> list[HistoryRow]:
    return [_build(HistoryRow, r) for r in rows]


def command_from(d: dict) -> CommandRecord:
    return _build(CommandRecord, d)


@dataclass(frozen=True)
class RefusedRecord:
    """A record the centre refused, as the settings page lists it (kept on this seat)."""

    table: str  # the kind of record (a synced table's name)
    row_id: str
    at: str  # when the refusal came back (seat clock, UTC)
    reason: str  # plain words, "中文 / English"

    @property
    def short_id(self) -> str:
        return self.row_id[:8]
