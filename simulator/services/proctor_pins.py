"""Proctors' PINs: set by the proctor, Argon2id-hashed, checked to resume an attempt after a
crash. After ``LOCK_AFTER`` wrong PINs in a row the PIN is locked for ``LOCK_MINUTES``; every
check, right or wrong, is audited."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta

from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from simulator.services.accounts import password_hasher
from simulator.services.exam_records import PinRefused
from simulator.services.session import Guard, Session
from simulator.store.accounts import AccountStore, UserRecord
from simulator.store.db import Database, parse_time
from simulator.store.exams import ExamStore

LOCK_AFTER = 5
LOCK_MINUTES = 10
_PIN = re.compile(r"^\d{6,12}$")


class PinService:
    def __init__(self, db: Database, guard: Guard, store: ExamStore, wall: Callable[[], datetime]):
        self.db = db
        self.guard = guard
        self.audit = guard.audit
        self.store = store
        self.accounts = AccountStore(db)
        self.wall = wall
        self.hasher = password_hasher()

    def set_pin(self, session: Session, pin: str) -> None:
        """The signed-in proctor sets (or changes) their own PIN: 6–12 digits."""
        self.guard.require(session, "exam.proctor", session.user_id or "")
        if not _PIN.match(pin or ""):
            raise PinRefused("PIN 须为 6–12 位数字 / the PIN must be 6–12 digits")
        with self.db.tx() as conn:
            self.store.set_pin(conn, session.user_id, self.hasher.hash(pin))
            self.audit.append(
                conn, "proctor.pin_set", subject=session.user_id, **self.guard.actor(session)
            )

    def has_pin(self, user_id: str) -> bool:
        return self.store.pin(user_id) is not None

    def check(self, proctor_username: str, pin: str, subject: str, by: Session) -> UserRecord:
        """The proctor whose PIN this is, or ``PinRefused`` (audited either way)."""
        user = self.accounts.by_username((proctor_username or "").strip())
        refused = PinRefused("监考员或 PIN 不正确 / wrong proctor or PIN")
        who = self.guard.actor(by)
        if user is None or user.disabled or user.role not in ("proctor", "admin"):
            self.audit.record(
                "exam.pin_refused",
                subject=subject,
                detail={"proctor": proctor_username, "reason": "no such proctor"},
                **who,
            )
            raise refused
        row = self.store.pin(user.id)
        if row is None:
            self.audit.record(
                "exam.pin_refused", subject=subject, detail={"proctor": user.username,
                "reason": "no PIN set"}, **who,
            )  # fmt: skip
            raise PinRefused(
                f"监考员 {user.username} 尚未设置 PIN / proctor {user.username} has not set a PIN"
            )
        now = self.wall()
        locked = parse_time(row["locked_until"])
        if locked is not None and locked > now:
            self.audit.record(
                "exam.pin_refused", subject=subject, detail={"proctor": user.username,
                "reason": "locked"}, **who,
            )  # fmt: skip
            raise PinRefused(
                "PIN 错误次数过多，已锁定，请稍后再试 / too many wrong PINs: locked, try later"
            )
        try:
            self.hasher.verify(row["pin_hash"], pin or "")
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            failed = int(row["failed"]) + 1
            until = None
            if failed >= LOCK_AFTER:
                until = (now + timedelta(minutes=LOCK_MINUTES)).isoformat().replace("+00:00", "Z")
                failed = 0
            with self.db.tx() as conn:
                self.store.pin_attempt(conn, user.id, failed, until)
                self.audit.append(
                    conn,
                    "exam.pin_refused",
                    subject=subject,
                    detail={"proctor": user.username, "reason": "wrong PIN", "locked": bool(until)},
                    **who,
                )
            raise refused from None
        with self.db.tx() as conn:
            self.store.pin_attempt(conn, user.id, 0, None)
        return user
