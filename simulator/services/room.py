"""The training room from a seat (Qt-free): joining a centre, the sync state for the settings
page, the sync lane the app runs (``engine`` / ``loop``), the link that lets someone sign in
on this seat for the first time through the centre, and what staff read or do across the room
when connected (team dashboard, a trainee's history, the proctor console and its commands).

A standalone seat (never joined) works exactly as before: every call here that needs the
centre raises ``RoomError`` saying so, and sign-in stays local.

Reading the room needs the person's own token from the centre, got when they signed in on
this seat while it was connected (their password is never kept); after an offline sign-in they
sign in again once the centre is back.
"""

from __future__ import annotations

import logging
import threading
import urllib.parse
from datetime import UTC, datetime

from simulator.services.session import Guard, Session
from simulator.store.db import Database, parse_time
from simulator.sync.client import CentreClient, Refused, SyncError
from simulator.sync.engine import SyncEngine, sync_state
from simulator.sync.join import client_for, join
from simulator.sync.local_apply import apply_rows
from simulator.sync.loop import SyncLoop
from simulator.sync.outbox import Outbox, joined
from simulator.sync.records import (
    Booking,
    CommandRecord,
    ConsoleFeed,
    HistoryRow,
    JoinResult,
    SyncState,
    TeamDashboard,
    command_from,
    history_from,
)
from simulator.sync.registry import BY_NAME

log = logging.getLogger(__name__)
SIGN_IN_TIMEOUT_S = 5.0  # a sign-in never waits long for an unreachable centre


class RoomError(Exception):
    """The room cannot do this now; ``str()`` says why (not joined, sign in again …)."""


class RoomService:
    def __init__(self, services):
        self.services = services
        self.db: Database = services.db
        self.guard: Guard = services.guard
        self._tokens: dict[str, tuple[str, datetime]] = {}
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ joining and state
    def joined(self) -> bool:
        return joined(self.db)

    def state(self) -> SyncState:
        """Last sync, records queued per table, the last error in words (no network)."""
        return sync_state(self.services)

    def rejections(self, session: Session) -> list[dict]:
        self.guard.require(session, "settings.centre")
        return Outbox(self.db).rejected()

    def join(
        self,
        session: Session | None,
        url: str,
        code: str,
        seat_name: str | None = None,
        client: CentreClient | None = None,
    ) -> JoinResult:
        """Join the centre at ``url`` with an administrator's enrolment code (an admin signed
        in here, or ``None`` from the command line: the code is the authority)."""
        if session is not None:
            self.guard.require(session, "settings.centre", url)
        result = join(self.services, url, code, seat_name, client)
        actor = self.guard.actor(session) if session else {"actor_name": "command line"}
        self.services.audit.record(
            "room.joined", subject=result.centre_url,
            detail={"seat_name": result.seat_name, "renamed": result.renamed}, **actor,
        )  # fmt: skip
        return result

    def engine(self, **options) -> SyncEngine:
        if not self.joined():
            raise RoomError("本座席尚未加入培训中心 / this seat has not joined a centre")
        return SyncEngine(self.services, **options)

    def loop(self, interval_s: float = 5.0, **options) -> SyncLoop:
        """The sync lane for the app: ``start()``, and at exit ``stop()`` and ``join()``."""
        return SyncLoop(self.engine(**options), interval_s)

    # ------------------------------------------------------------------ sign-in through the centre
    def _client(self) -> CentreClient:
        return client_for(self.services, timeout=SIGN_IN_TIMEOUT_S)

    def fetch_account(self, username: str, password: str) -> bool:
        """Called by the sign-in when this seat does not know the account (or has no hash for
        it): the centre checks the password and sends the account; False if it refuses or
        cannot be reached (the local sign-in then says so)."""
        if not self.joined():
            return False
        try:
            reply = self._client().seat_signin(username, password)
        except Refused:
            return False
        except SyncError as exc:
            log.info("sign-in through the centre not possible: %s", exc)
            return False
        self._keep(reply)
        return True

    def signed_in(self, user_id: str, username: str, password: str) -> None:
        """After a local sign-in on a joined seat: get the person's token for reading the room
        (best effort; offline it simply is not there)."""
        if not self.joined() or self._token_of(user_id) is not None:
            return
        try:
            self._keep(self._client().seat_signin(username, password))
        except SyncError as exc:
            log.info("no centre token for %s: %s", username, exc)

    def signed_out(self, user_id: str | None) -> None:
        with self._lock:
            self._tokens.pop(user_id or "", None)

    def _keep(self, reply: dict) -> None:
        snap = reply["snapshot"]
        user_id = snap["user"]["id"]
        outbox = Outbox(self.db)
        with self.db.tx() as conn, outbox.applying(conn):
            apply_rows(conn, BY_NAME["users"], [snap["user"]], self.db.seat_id, set())
            for table in ("attempts", "review_cards", "recording_consents"):
                if table not in snap:
                    continue
                pending = outbox.queued_ids(table)
                apply_rows(conn, BY_NAME[table], snap.get(table, []), self.db.seat_id, pending)
        expires = parse_time(reply.get("expires_at")) or datetime.now(UTC)
        with self._lock:
            self._tokens[user_id] = (reply["token"], expires)

    def _token_of(self, user_id: str | None) -> str | None:
        with self._lock:
            held = self._tokens.get(user_id or "")
        if held is None or held[1] <= datetime.now(UTC):
            return None
        return held[0]

    def must_sign_out(self, session: Session) -> bool:
        """The account was disabled at the centre (the sync told this seat): sign it out."""
        if session.user_id is None:
            return False
        return bool(self.db.scalar("SELECT disabled FROM users WHERE id=?", [session.user_id]))

    # ------------------------------------------------------------------ reading the room
    def _staff(
        self, session: Session, operation: str, subject: str = "", timeout: float = 30.0
    ) -> tuple:
        self.guard.require(session, operation, subject)
        if not self.joined():
            raise RoomError("本座席尚未加入培训中心 / this seat has not joined a centre")
        token = self._token_of(session.user_id)
        if token is None:
            raise RoomError(
                "请在连接中心时重新登录以查看全室数据 / sign in again while connected to the "
                "centre to read the whole room"
            )
        return client_for(self.services, timeout=timeout), token

    def dashboard(
        self,
        session: Session,
        since: str | None = None,
        fresh: bool = False,
        timeout: float = 30.0,
    ) -> TeamDashboard:
        """The whole room's practice since the day of ``since``, as of the centre's last
        summing up (``as_of``; ``fresh`` sums it up first)."""
        client, token = self._staff(session, "team.dashboard", timeout=timeout)
        query = urllib.parse.urlencode(
            {k: v for k, v in (("since", since), ("fresh", "1" if fresh else None)) if v}
        )
        path = "/dashboard" + (f"?{query}" if query else "")
        return TeamDashboard.from_dict(client.staff("GET", path, token))

    def trainee_history(
        self, session: Session, user_id: str | None = None, timeout: float = 30.0
    ) -> list[HistoryRow]:
        """A trainee's practice from every seat (one's own, or staff: anyone's)."""
        user_id = user_id or session.user_id
        operation = "practice.own" if user_id == session.user_id else "practice.view_others"
        client, token = self._staff(session, operation, user_id or "", timeout)
        return history_from(client.staff("GET", f"/history?user={user_id}", token))

    def attempt_detail(self, session: Session, attempt_id: str, timeout: float = 30.0) -> dict:
        """One attempt from the centre as its seat wrote it: ``attempt``, ``turns`` (with the
        grader's results), ``violations`` and ``overrides`` (staff: ``practice.view_others``)."""
        client, token = self._staff(session, "practice.view_others", attempt_id, timeout)
        query = urllib.parse.urlencode({"id": attempt_id})
        return client.staff("GET", f"/attempt?{query}", token)

    def console(self, session: Session) -> ConsoleFeed:
        client, token = self._staff(session, "exam.proctor")
        return ConsoleFeed.from_dict(client.staff("GET", "/console", token))

    def command(
        self,
        session: Session,
        attempt_id: str,
        kind: str,
        minutes: float | None = None,
        reason: str = "",
    ) -> CommandRecord:
        """Pause, resume, add time to or terminate an exam on any seat of the room."""
        client, token = self._staff(session, "exam.proctor", attempt_id)
        args: dict = {"reason": reason}
        if minutes is not None:
            args["minutes"] = minutes
        body = {"attempt_id": attempt_id, "kind": kind, "args": args}
        return command_from(client.staff("POST", "/commands", token, body))

    # ------------------------------------------------------------------ administering the room
    def enrol_code(self, session: Session, hours: float = 24.0, note: str = "") -> str:
        """A one-time code another seat joins with."""
        client, token = self._staff(session, "settings.centre")
        return client.staff("POST", "/enrol-code", token, {"hours": hours, "note": note})["code"]

    def add_account(
        self, session: Session, username: str, display_name: str, role: str, password: str
    ) -> str:
        client, token = self._staff(session, "accounts.manage", username)
        body = {"action": "add", "username": username, "display_name": display_name,
                "role": role, "password": password}  # fmt: skip
        return client.staff("POST", "/accounts", token, body)["id"]

    def set_account_disabled(self, session: Session, user_id: str, disabled: bool) -> None:
        client, token = self._staff(session, "accounts.manage", user_id)
        action = "disable" if disabled else "enable"
        client.staff("POST", "/accounts", token, {"action": action, "user_id": user_id})

    def set_password(self, session: Session, user_id: str, password: str) -> None:
        """One's own password (anyone), or another's (an administrator); every seat gets the
        new hash at its next pull."""
        operation = "practice.own" if user_id == session.user_id else "accounts.manage"
        client, token = self._staff(session, operation, user_id)
        body = {"action": "password", "user_id": user_id, "password": password}
        client.staff("POST", "/accounts", token, body)

    def book_exam(
        self, session: Session, exam_id: str, candidate: str, seat_id: str,
        scheduled_at: str | None = None, note: str = "",
    ) -> str:  # fmt: skip
        """Book an exam session for ``candidate`` (user name) on a seat of the room."""
        client, token = self._staff(session, "exam.proctor", candidate)
        body = {"exam_id": exam_id, "candidate": candidate, "seat_id": seat_id,
                "scheduled_at": scheduled_at, "note": note}  # fmt: skip
        return client.staff("POST", "/bookings", token, body)["id"]

    def bookings(self, session: Session) -> list[Booking]:
        """Exam sessions booked at the centre for this seat."""
        self.guard.require(session, "exam.proctor")
        rows = self.db.query(
            "SELECT b.*, COALESCE(u.display_name, '') AS name FROM exam_bookings b "
            "LEFT JOIN users u ON u.id = b.candidate_id ORDER BY b.scheduled_at, b.created_at"
        )
        return [
            Booking(
                r["id"],
                r["exam_id"],
                r["candidate_id"],
                r["name"],
                r["scheduled_at"],
                r["note"],
                bool(r["cancelled"]),
            )  # fmt: skip
            for r in rows
        ]


__all__ = ["RoomError", "RoomService"]
