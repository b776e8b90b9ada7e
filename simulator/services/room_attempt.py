"""An attempt made on another seat, opened for review here (Qt-free; the app runs it on its
sync lane): its turns, the grader's results and the overrides already made are read from the
centre and kept on this seat as copies of the centre's rows (written as a pull writes, so they
are never sent back), then reviewed exactly like an attempt made here. A trainer's override
of such a turn is this seat's own record: written locally, pushed at the next sync, and pulled
by the seat that holds the attempt (centre schema 6).

The recordings stay at the centre: a copied turn points at none, and the review says where
the recording is. When the centre cannot be reached, a copy made earlier is opened as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.services.errors import NotFound
from simulator.services.overrides import AttemptReview
from simulator.services.room import RoomError
from simulator.services.session import Session
from simulator.sync.client import SyncError
from simulator.sync.local_apply import _upsert, columns
from simulator.sync.outbox import Outbox

READ_TIMEOUT_S = 8.0


@dataclass(frozen=True)
class RemoteReview:
    review: AttemptReview
    seat_id: str  # the seat that holds the attempt and its recordings
    fresh: bool  # read from the centre now (False: an earlier copy, the centre unreachable)
    reason: str = ""  # why the earlier copy ("中文 / English")


class RemoteAttempts:
    def __init__(self, services):
        self.services = services
        self.db = services.db

    def open(self, session: Session, attempt_id: str) -> RemoteReview:
        """The attempt for review, read from the centre (``practice.view_others``)."""
        try:
            detail = self.services.room.attempt_detail(session, attempt_id, READ_TIMEOUT_S)
        except (RoomError, SyncError) as exc:
            if not self._copied(attempt_id):
                raise
            review = self.services.overrides.open_attempt(session, attempt_id)
            seat = self.db.scalar("SELECT seat_id FROM attempts WHERE id=?", [attempt_id])
            return RemoteReview(review, str(seat or ""), False, str(exc))
        self._keep(detail)
        review = self.services.overrides.open_attempt(session, attempt_id)
        return RemoteReview(review, str(detail["attempt"].get("seat_id") or ""), True)

    def _copied(self, attempt_id: str) -> bool:
        return bool(self.db.scalar("SELECT COUNT(*) FROM turns WHERE attempt_id=?", [attempt_id]))

    def _keep(self, detail: dict) -> None:
        attempt = detail.get("attempt") or {}
        if not attempt.get("id"):
            raise NotFound("中心没有这次练习", "the centre has no such attempt")
        own = self.db.seat_id
        with self.db.tx() as conn, Outbox(self.db).applying(conn):
            if str(attempt.get("seat_id")) != own:
                _insert(conn, "attempts", attempt, replace=True)
            for turn in detail.get("turns") or []:
                if str(turn.get("seat_id")) == own:
                    continue  # this seat's own turn: its copy is the truth
                # the recording is at the centre (and its seat), not in this data folder
                _insert(conn, "turns", {**turn, "recording": None, "recording_status": None},
                        replace=True)  # fmt: skip
            for row in detail.get("overrides") or []:
                if str(row.get("seat_id")) != own:
                    _insert(conn, "overrides", row, replace=False)


def _insert(conn, table: str, row: dict, replace: bool) -> None:
    names = [c for c in columns(conn, table) if c in row]
    if replace:
        _upsert(conn, table, row, names)  # as a pull writes (the seat's triggers rely on it)
        return
    marks = ",".join("?" for _ in names)
    conn.execute(
        f"INSERT INTO {table} ({','.join(names)}) VALUES ({marks}) ON CONFLICT (id) DO NOTHING",
        [row[n] for n in names],
    )
