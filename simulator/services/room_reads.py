"""What a trainer reads on a joined seat, and where it comes from: the team dashboard and a
trainee's attempts from the whole centre when it answers, else from this seat's own store
with the reason in words (Qt-free; the app runs these on its sync lane, never the UI thread).

A standalone seat reads its own store exactly as before (``Source.joined`` is False and the
screens say nothing about a centre). A refusal of the role itself (``PermissionDenied``) is
never turned into a fallback: it is raised, as the local services raise it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from simulator.services.room import RoomError
from simulator.services.session import Session
from simulator.sync.client import SyncError
from simulator.sync.records import RefusedRecord, TeamDashboard

READ_TIMEOUT_S = 8.0  # a trainer does not wait long for an unreachable centre

LOCAL_FILTER = (
    "中心汇总只按开始日期筛选，按组或截止日期查看时显示本机数据 / the centre sums up by start "
    "date only: by group or up to a date, this seat's data is shown"
)
LOCAL_TRAINEE = "学员个人看板只含本机记录 / a trainee's own dashboard holds this seat's records"


@dataclass(frozen=True)
class Source:
    """Where a read's data comes from."""

    centre: bool  # the whole centre (every seat)
    joined: bool  # this seat joined a centre (a standalone seat shows no source)
    reason: str = ""  # why this seat's data only ("中文 / English"); "" from the centre
    as_of: str | None = None  # when the centre last summed up its dashboard (centre time)


@dataclass(frozen=True)
class TeamRead:
    source: Source
    centre: TeamDashboard | None = None  # when ``source.centre``
    local: object | None = None  # this seat's ``services.dashboards.team`` otherwise


@dataclass(frozen=True)
class AttemptRow:
    """One practice attempt in a trainee's list, from this seat or another."""

    id: str
    title: str
    title_en: str
    started_at: str
    score: int | None
    passed: bool
    seat_id: str
    here: bool  # made on this seat, its turns here (else it is opened from the centre)


@dataclass(frozen=True)
class HistoryRead:
    source: Source
    attempts: tuple[AttemptRow, ...]


class RoomReads:
    def __init__(self, services):
        self.services = services
        self.room = services.room

    # ------------------------------------------------------------------ dashboards
    def team(
        self,
        session: Session,
        since: date | None = None,
        until: date | None = None,
        group_id: str | None = None,
    ) -> TeamRead:
        dashboards = self.services.dashboards
        if not self.room.joined():
            return TeamRead(
                Source(False, False), local=dashboards.team(session, since, until, group_id)
            )
        if group_id or until:
            local = dashboards.team(session, since, until, group_id)
            return TeamRead(Source(False, True, LOCAL_FILTER), local=local)
        try:
            dash = self.room.dashboard(session, since.isoformat() if since else None,
                                       timeout=READ_TIMEOUT_S)  # fmt: skip
        except (RoomError, SyncError) as exc:
            local = dashboards.team(session, since, until, group_id)
            return TeamRead(Source(False, True, str(exc)), local=local)
        return TeamRead(Source(True, True, as_of=dash.as_of), centre=dash)

    def trainee(self, session: Session, user_id: str):
        """A trainee's dashboard (this seat's records) and its source."""
        data = self.services.dashboards.trainee(session, user_id)
        joined = self.room.joined()
        return data, Source(False, joined, LOCAL_TRAINEE if joined else "")

    # ------------------------------------------------------------------ a trainee's attempts
    def history(
        self, session: Session, user_id: str, titles_en: dict[str, str] | None = None
    ) -> HistoryRead:
        """A trainee's practice attempts: every seat's when the centre answers (the latest it
        received first), this seat's otherwise."""
        local = self.services.practice.history(session, user_id)  # the role is checked here
        seat = self.services.db.seat_id
        origin = self._origin([a.id for a in local])
        with_turns = {i for i, (made_on, turns) in origin.items() if turns and made_on == seat}
        mine = tuple(
            AttemptRow(
                a.id,
                a.title,
                a.title_en,
                a.started_at,
                a.score,
                a.passed,
                origin.get(a.id, (seat, False))[0],
                a.id in with_turns,
            )  # fmt: skip
            for a in local
        )
        if not self.room.joined():
            return HistoryRead(Source(False, False), mine)
        try:
            rows = self.room.trainee_history(session, user_id, timeout=READ_TIMEOUT_S)
        except (RoomError, SyncError) as exc:
            return HistoryRead(Source(False, True, str(exc)), mine)
        here = {a.id: a for a in local}
        names = titles_en or {}
        out = []
        for r in rows:
            a = here.get(r.attempt_id)
            title_en = a.title_en if a else names.get(r.scenario_id, r.title)
            out.append(AttemptRow(r.attempt_id, r.title, title_en, r.started_at, r.score,
                                  r.passed, r.seat_id,
                                  r.attempt_id in with_turns and r.seat_id == seat))  # fmt: skip
        return HistoryRead(Source(True, True), tuple(out))

    def _origin(self, ids: list[str]) -> dict[str, tuple[str, bool]]:
        """Attempt id → (the seat it was made on, whether its turns are on this seat): an
        attempt pulled with its trainee's history has none here; one opened from the centre
        has copies of them, and is still another seat's."""
        found: dict[str, tuple[str, bool]] = {}
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            marks = ",".join("?" * len(part))
            rows = self.services.db.query(
                "SELECT a.id, a.seat_id, EXISTS (SELECT 1 FROM turns t WHERE t.attempt_id = a.id)"
                f" AS turns FROM attempts a WHERE a.id IN ({marks})",
                part,
            )
            found.update((r["id"], (r["seat_id"], bool(r["turns"]))) for r in rows)
        return found

    # ------------------------------------------------------------------ refused records
    def refused(self, session: Session) -> list[RefusedRecord]:
        """The records the centre refused, the latest first, each with its reason in words."""
        rows = self.room.rejections(session)  # administrators (settings.centre)
        return [
            RefusedRecord(r["tbl"], r["row_id"], r["at"], plain_reason(r["reason"]))
            for r in reversed(rows)
        ]


_PLAIN = (
    (re.compile(r"foreign key", re.I),
     "它引用的记录中心还没有", "it points at a record the centre does not have"),
    (re.compile(r"not written", re.I), "中心未能写入", "the centre could not write it"),
    (re.compile(r"duplicate key|unique", re.I),
     "中心已有一条同编号的不同记录", "the centre holds a different record with this id"),
    (re.compile(r"append-only|cannot be (changed|updated)|read-only|sealed", re.I),
     "这条记录在中心已定稿，不能再改", "the centre's copy is final and cannot change"),
)  # fmt: skip


def plain_reason(reason: str) -> str:
    """The centre's reason in words a person can act on ("中文 / English"): a message the
    centre already words in both languages is kept; a database's wording gets a plain
    sentence in front (its detail kept after it)."""
    text = (reason or "").strip()
    zh, sep, en = text.partition(" / ")
    if sep and zh and not zh.startswith("中心拒收"):
        return text
    for pattern, plain_zh, plain_en in _PLAIN:
        if pattern.search(text):
            detail = en if sep else text
            return f"{plain_zh} / {plain_en} ({detail})"
    if sep:
        return text
    return f"中心拒收：{text} / refused by the centre: {text}"


__all__ = ["AttemptRow", "HistoryRead", "RoomReads", "Source", "TeamRead", "plain_reason"]
