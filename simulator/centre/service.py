"""The centre's operations, one method per request the HTTP front (``centre/http.py``) serves.

Two kinds of caller: a **seat**, with its own credential, may only send its own records, fetch
recordings' presence, pull what its users may see, report its heartbeat and sign in an account
on itself; a **person** (trainer, proctor, administrator), with the token their own password
got them, reads the whole room and issues commands as their role allows (the same
``PERMISSIONS`` as on a seat; a refusal is audited). The clock (``clock``) is the centre's:
heartbeats, gaps, offsets, expiry and the disabled-account rule all use it.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from simulator.centre import accounts, console, enrol, pull, push, queries
from simulator.centre.db import (
    BadRequest,
    CentreDB,
    CentreUnavailable,
    Forbidden,
    audit,
    iso,
)
from simulator.centre.schema import LATEST, current_version
from simulator.services.session import Session
from simulator.sync.records import to_dict
from simulator.sync.registry import REGISTRY, SyncTable
from simulator.sync.wire import WireError, unpack_recordings

log = logging.getLogger(__name__)


class CentreService:
    def __init__(
        self,
        url: str,
        *,
        clock: Callable[[], datetime] | None = None,
        registry: tuple[SyncTable, ...] = REGISTRY,
        pool_size: int = 8,
        pool_timeout: float = 5.0,
        silence_s: float = 20.0,
        token_hours: float = 12.0,
        dashboard_every_s: float | None = 30.0,
    ):
        self.db = CentreDB(url, pool_size, pool_timeout)
        self.clock = clock or (lambda: datetime.now(UTC))
        self.registry = registry
        self.silence_s = silence_s
        self.token_hours = token_hours
        self._tables: dict[str, SyncTable] | None = None
        self._stop = threading.Event()
        self._refresher: threading.Thread | None = None
        if dashboard_every_s:
            self._refresher = threading.Thread(
                target=self._refresh_loop, args=(dashboard_every_s,), name="centre-dashboard"
            )
            self._refresher.start()

    def close(self) -> None:
        self._stop.set()
        if self._refresher is not None:
            self._refresher.join()
        self.db.close()

    def _refresh_loop(self, every_s: float) -> None:
        """Sum the dashboard up again when practice was written since (never on a request)."""
        seen = None
        while not self._stop.wait(every_s):
            try:
                with self.db.tx() as conn:
                    now = queries.changes(conn)
                if now != seen:
                    self.refresh_dashboard()
                    seen = now
            except Exception:  # the database away: try again next time
                log.exception("refreshing the dashboard failed")

    def refresh_dashboard(self) -> None:
        with self.db.tx() as conn:
            queries.refresh_dashboard(conn, self.clock())

    def tables(self, conn) -> dict[str, SyncTable]:
        """The registry's tables this centre has (an optional one once its migration is in)."""
        if self._tables is None:
            self._tables = {t.name: t for t in self.registry if self.db.columns(conn, t.name)}
        return self._tables

    # ------------------------------------------------------------------ open
    def status(self) -> dict:
        with self.db.tx() as conn:
            version = current_version(conn)
            if version == 0:
                raise CentreUnavailable(
                    "中心数据库尚未初始化 / the centre's database is not set up"
                )
            meta = {r["key"]: r["value"] for r in conn.execute("SELECT * FROM centre_meta")}
            return {
                "centre_id": meta.get("centre_id"),
                "name": meta.get("name", ""),
                "schema": version,
                "latest": LATEST,
                "tables": sorted(self.tables(conn)),
                "server_time": iso(self.clock()),
            }

    def enrol(self, body: dict) -> dict:
        now = self.clock()
        try:
            with self.db.tx() as conn:
                return enrol.enrol(conn, body, now)
        except Forbidden:
            with self.db.tx() as conn:
                audit(conn, "enrol.refused", detail={"seat_id": str(body.get("seat_id", ""))},
                      at=now)  # fmt: skip
            raise

    # ------------------------------------------------------------------ seats
    def seat(self, token: str) -> enrol.Seat:
        with self.db.tx() as conn:
            return enrol.seat_for(conn, token)

    def push(self, seat: enrol.Seat, body: dict) -> dict:
        now = self.clock()
        offset = console.offset_ms(now, body.get("seat_now"))
        with self.db.tx() as conn:
            if offset is not None:
                conn.execute("UPDATE seats SET clock_offset_ms=%s WHERE id=%s", [offset, seat.id])
            pusher = push.Pusher(self.db, conn, seat, self.tables(conn), now,
                                 timedelta(milliseconds=offset or 0))  # fmt: skip
            return pusher.run(body)

    def missing_recordings(self, seat: enrol.Seat, body: dict) -> dict:
        shas = [str(s) for s in body.get("sha256") or []]
        with self.db.tx() as conn:
            have = {
                r["sha256"]
                for r in conn.execute(
                    "SELECT sha256 FROM recordings WHERE sha256 = ANY(%s)", [shas]
                )
            }
        return {"missing": [s for s in shas if s not in have]}

    def upload(self, seat: enrol.Seat, raw: bytes) -> dict:
        try:
            frames = list(unpack_recordings(raw))
        except WireError as exc:
            raise BadRequest(
                f"录音上传不完整或已损坏 / recordings damaged in transit: {exc}"
            ) from None
        with self.db.tx() as conn:
            cur = conn.cursor()
            cur.executemany(
                "INSERT INTO recordings (sha256, size, codec, data, seat_id, received_at) "
                "VALUES (%s,%s,'zlib',%s,%s,%s) ON CONFLICT (sha256) DO NOTHING",
                [(f.sha256, f.size, f.compressed, seat.id, self.clock()) for f in frames],
            )
        return {"stored": len(frames)}

    def pull(self, seat: enrol.Seat, body: dict) -> dict:
        cursors = body.get("cursors") or {}
        if not isinstance(cursors, dict):
            raise BadRequest("pull: cursors must be an object")
        with self.db.tx() as conn:
            tables = [t for t in self.tables(conn).values() if t.pulled]
            return pull.pull(self.db, conn, seat.id, tables, cursors, body.get("limit", 1000))

    def heartbeat(self, seat: enrol.Seat, body: dict) -> dict:
        with self.db.tx() as conn:
            return console.heartbeat(conn, seat.id, body, self.clock(), self.silence_s)

    def seat_signin(self, seat: enrol.Seat, body: dict) -> dict:
        """Someone signs in on a seat while it is connected: the centre checks the password;
        the seat gets the account (with its hash: from now on it may sign in there offline),
        its review queue and history, and a token for reading the room."""
        now = self.clock()
        user = accounts.verify(self.db, str(body.get("username", "")), str(body.get("password", "")),
                               now)  # fmt: skip
        with self.db.tx() as conn:
            accounts.remember_seat(conn, seat.id, user["id"], now)
            token, expires = accounts.issue_token(conn, user["id"], seat.id, now, self.token_hours)
            snap = accounts.snapshot(self.db, conn, seat.id, user["id"])
            audit(conn, "login.seat", actor=user["username"], seat_id=seat.id,
                  subject=str(user["id"]), at=now)  # fmt: skip
        return {"snapshot": snap, "token": token, "expires_at": expires}

    # ------------------------------------------------------------------ people
    def staff_signin(self, body: dict) -> dict:
        now = self.clock()
        user = accounts.verify(self.db, str(body.get("username", "")), str(body.get("password", "")),
                               now)  # fmt: skip
        with self.db.tx() as conn:
            token, expires = accounts.issue_token(conn, user["id"], None, now, self.token_hours)
            audit(conn, "login.staff", actor=user["username"], subject=str(user["id"]), at=now)
        return {"token": token, "expires_at": expires, "user_id": str(user["id"]),
                "role": user["role"]}  # fmt: skip

    def session(self, token: str, operation: str, subject: str = "") -> Session:
        now = self.clock()
        with self.db.tx() as conn:
            who = accounts.token_session(conn, token, now)
        if not who.may(operation):
            with self.db.tx() as conn:
                audit(conn, "permission.denied", actor=who.username, subject=subject,
                      detail={"operation": operation}, at=now)  # fmt: skip
            raise Forbidden(f"{who.username} ({who.role.value}) may not do {operation}")
        return who

    def dashboard(self, token: str, since: str | None = None, fresh: bool = False) -> dict:
        """The team dashboard as of its last refresh (``fresh``: refreshed first — slower)."""
        self.session(token, "team.dashboard")
        if fresh:
            self.refresh_dashboard()
        with self.db.tx() as conn:
            return to_dict(queries.team_dashboard(conn, since))

    def history(self, token: str, user_id: str) -> list[dict]:
        now = self.clock()
        with self.db.tx() as conn:
            who = accounts.token_session(conn, token, now)
        if who.user_id != user_id:
            self.session(token, "practice.view_others", user_id)
        with self.db.tx() as conn:
            return queries.history(conn, _uuid(user_id))

    def attempt(self, token: str, attempt_id: str) -> dict:
        self.session(token, "practice.view_others", attempt_id)
        with self.db.tx() as conn:
            return queries.attempt_detail(conn, _uuid(attempt_id))

    def results(self, token: str, exam_id: str | None = None) -> list[dict]:
        self.session(token, "exam.results")
        with self.db.tx() as conn:
            return queries.exam_results(conn, exam_id)

    def console(self, token: str) -> dict:
        self.session(token, "exam.proctor")
        with self.db.tx() as conn:
            return to_dict(console.feed(conn, self.clock(), self.silence_s))

    def command(self, token: str, body: dict) -> dict:
        who = self.session(token, "exam.proctor", str(body.get("attempt_id", "")))
        with self.db.tx() as conn:
            rec = console.queue_command(
                conn, who, str(body.get("attempt_id", "")), str(body.get("kind", "")),
                dict(body.get("args") or {}), self.clock(),
            )  # fmt: skip
        return to_dict(rec)

    def book(self, token: str, body: dict) -> dict:
        """An exam session booked for a candidate on a seat (pulled by that seat)."""
        who = self.session(token, "exam.proctor")
        now = self.clock()
        booking_id = str(uuid.uuid4())
        with self.db.tx() as conn:
            candidate = accounts.by_name(conn, str(body.get("candidate", "")))
            if candidate is None:
                raise BadRequest(f"没有这个考生 / no candidate {body.get('candidate')!r}")
            seat_id = _uuid(str(body.get("seat_id", "")))
            conn.execute(
                "INSERT INTO exam_bookings (id, exam_id, candidate_id, seat_id, scheduled_at, "
                "note, created_by, created_at, updated_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                [booking_id, str(body.get("exam_id", "")), candidate["id"], seat_id,
                 body.get("scheduled_at"), str(body.get("note") or ""), who.user_id, iso(now),
                 iso(now)],
            )  # fmt: skip
            audit(conn, "exam.booked", actor=who.username, seat_id=seat_id, subject=booking_id,
                  detail={"exam_id": body.get("exam_id"), "candidate": candidate["username"]},
                  at=now)  # fmt: skip
        return {"id": booking_id}

    def manage_account(self, token: str, body: dict) -> dict:
        """An administrator adds an account, disables or enables one, or sets a password;
        anyone sets their own password."""
        now = self.clock()
        action = body.get("action")
        with self.db.tx() as conn:
            who = accounts.token_session(conn, token, now)
        own = action == "password" and str(body.get("user_id", "")) == who.user_id
        if not own:
            who = self.session(token, "accounts.manage", str(body.get("user_id", "")))
        with self.db.tx() as conn:
            if action == "add":
                user_id = accounts.add_user(
                    conn, str(body.get("username", "")), str(body.get("display_name", "")),
                    str(body.get("role", "trainee")), str(body.get("password", "")), now,
                    who.username,
                )  # fmt: skip
                return {"id": user_id}
            user_id = _uuid(str(body.get("user_id", "")))
            if action in ("disable", "enable"):
                if action == "disable" and user_id == who.user_id:
                    raise BadRequest("不能停用自己的账号 / you cannot disable your own account")
                accounts.set_disabled(conn, user_id, action == "disable", now, who.username)
            elif action == "password":
                accounts.set_password(conn, user_id, str(body.get("password", "")), now,
                                      who.username)  # fmt: skip
            else:
                raise BadRequest(f"unknown account action {action!r}")
        return {"id": user_id}

    def enrol_code(self, token: str, body: dict) -> dict:
        who = self.session(token, "settings.centre")
        with self.db.tx() as conn:
            code = enrol.make_code(conn, self.clock(), float(body.get("hours") or 24),
                                   str(body.get("note") or ""), who.username)  # fmt: skip
        return {"code": code}


def _uuid(text: str) -> str:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise BadRequest(f"not an id: {text!r}") from None
