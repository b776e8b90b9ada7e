"""Local accounts: the first administrator, users and roles, sign-in with Argon2id and
lock-out, and giving the pre-accounts history to an account.

Passwords are hashed with Argon2id at OWASP's minimum parameters (19 MiB, 2 passes, 1 lane);
a hash made with other parameters is re-hashed at the next successful sign-in. After
``LOCK_AFTER`` failed sign-ins in a row an account is locked for ``LOCK_MINUTES``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from simulator.services.session import Guard, PermissionDenied, Role, Session
from simulator.store.accounts import AccountStore, UserRecord
from simulator.store.db import Database, parse_time, utc_now
from simulator.store.practice import PracticeStore

log = logging.getLogger(__name__)
LOCK_AFTER = 5
LOCK_MINUTES = 5
MIN_PASSWORD = 8
_USERNAME = re.compile(r"^[A-Za-z0-9_.\-\u4e00-\u9fff]{2,32}$")


def password_hasher() -> PasswordHasher:
    """OWASP's Argon2id recommendation (m=19 MiB, t=2, p=1)."""
    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


class AccountError(ValueError):
    """Bad input for an account (name taken, password too short …); ``str()`` is for the user."""


class SignInError(Exception):
    """Sign-in refused; ``str()`` says why in words the user can act on (never which part of
    the name/password pair was wrong)."""


class RemoteAccounts(Protocol):
    """The centre behind a seat that joined a training room (``services.room.RoomService``)."""

    def joined(self) -> bool: ...
    def fetch_account(self, username: str, password: str) -> bool: ...
    def signed_in(self, user_id: str, username: str, password: str) -> None: ...


CENTRE_MANAGED = (
    "本座席属于培训中心，账号由中心管理 / this seat belongs to a training room: accounts are "
    "managed at the centre"
)


class AccountService:
    def __init__(
        self,
        db: Database,
        guard: Guard,
        practice: PracticeStore,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        hasher: PasswordHasher | None = None,
    ):
        self.db = db
        self.store = AccountStore(db)
        self.guard = guard
        self.audit = guard.audit
        self.practice = practice
        self.clock = clock
        self.hasher = hasher or password_hasher()
        # set by ``Services`` to the room link; a standalone seat never calls it
        self.remote: RemoteAccounts | None = None

    def _centre_managed(self) -> None:
        if self.remote is not None and self.remote.joined():
            raise AccountError(CENTRE_MANAGED)

    # ------------------------------------------------------------------ set-up
    def needs_first_admin(self) -> bool:
        return self.store.count() == 0

    def create_first_admin(self, username: str, display_name: str, password: str) -> Session:
        """The first start: the administrator account, chosen by the person installing."""
        if not self.needs_first_admin():
            raise AccountError("管理员已存在 / an administrator already exists")
        user_id = self._insert(username, display_name, Role.ADMIN, password, actor=None)
        return self._session(self.store.by_id(user_id))

    def create_user(
        self, actor: Session, username: str, display_name: str, role: Role | str, password: str
    ) -> str:
        self.guard.require(actor, "accounts.manage", username)
        self._centre_managed()
        return self._insert(username, display_name, Role(role), password, actor=actor)

    def _insert(
        self, username: str, display_name: str, role: Role, password: str, actor: Session | None
    ) -> str:
        username = username.strip()
        if not _USERNAME.match(username):
            raise AccountError(
                "用户名须为 2–32 个字母、数字、汉字或 _ . - / "
                "the user name must be 2–32 letters, digits, Han characters or _ . -"
            )
        self._check_password(password)
        if self.store.by_username(username) is not None:
            raise AccountError(f"用户名 {username} 已被使用 / the user name {username} is taken")
        with self.db.tx() as conn:
            user_id = self.db.insert(
                conn,
                "users",
                {
                    "username": username,
                    "display_name": display_name.strip() or username,
                    "role": role.value,
                    "password_hash": self.hasher.hash(password),
                },
            )
            who = self.guard.actor(actor) if actor else {"actor_name": username}
            self.audit.append(
                conn,
                "account.created",
                subject=user_id,
                detail={"username": username, "role": role.value},
                **who,
            )
        return user_id

    @staticmethod
    def _check_password(password: str) -> None:
        if len(password) < MIN_PASSWORD:
            raise AccountError(
                f"密码至少 {MIN_PASSWORD} 位 / the password needs at least {MIN_PASSWORD} characters"
            )

    # ------------------------------------------------------------------ sign-in
    def sign_in(self, username: str, password: str) -> Session:
        user = self.store.by_username(username.strip())
        if (user is None or not user.password_hash) and self.remote is not None:
            # first sign-in on this seat of a room's account: the centre checks and sends it
            if self.remote.fetch_account(username.strip(), password):
                user = self.store.by_username(username.strip())
        now = self.clock()
        if user is None:
            self.hasher.hash(password)  # the same work as a real check: no timing oracle
            self.audit.record("login.failed", actor_name=username, detail={"reason": "unknown"})
            raise SignInError("用户名或密码不正确 / wrong user name or password")
        if user.disabled:
            self.audit.record("login.refused", subject=user.id, detail={"reason": "disabled"})
            raise SignInError("该账号已停用 / this account is disabled")
        if not user.password_hash:  # a room's account that never signed in here, centre away
            self.hasher.hash(password)
            self.audit.record("login.refused", subject=user.id, detail={"reason": "not here"})
            raise SignInError(
                "此账号尚未在本座席登录过，请在连接培训中心时登录 / this account has not signed "
                "in on this seat before: sign in while the seat is connected to the centre"
            )
        locked = parse_time(user.locked_until)
        if locked is not None and locked > now:
            minutes = max(1, round((locked - now).total_seconds() / 60))
            self.audit.record("login.refused", subject=user.id, detail={"reason": "locked"})
            raise SignInError(
                f"连续输错次数过多，账号已锁定，请 {minutes} 分钟后再试 / too many failed sign-ins: "
                f"the account is locked, try again in {minutes} min"
            )
        try:
            self.hasher.verify(user.password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            self._failed(user, now)
            raise SignInError("用户名或密码不正确 / wrong user name or password") from None
        values = {"failed_logins": 0, "locked_until": None, "last_login_at": utc_now()}
        if self.hasher.check_needs_rehash(user.password_hash):
            values["password_hash"] = self.hasher.hash(password)
        with self.db.tx() as conn:
            self.db.update(conn, "users", user.id, values)
            self.audit.append(
                conn,
                "login.ok",
                actor_id=user.id,
                actor_name=user.username,
                actor_role=user.role,
                subject=user.id,
                detail={"rehashed": "password_hash" in values},
            )
        if self.remote is not None:
            try:  # a token for reading the room, while connected (never blocks the sign-in)
                self.remote.signed_in(user.id, user.username, password)
            except Exception:
                log.exception("the room link failed after a sign-in")
        return self._session(user)

    def _failed(self, user: UserRecord, now: datetime) -> None:
        failures = user.failed_logins + 1
        values: dict = {"failed_logins": failures}
        if failures >= LOCK_AFTER:
            until = now + timedelta(minutes=LOCK_MINUTES)
            values["locked_until"] = until.isoformat(timespec="milliseconds").replace("+00:00", "Z")
            values["failed_logins"] = 0
        with self.db.tx() as conn:
            self.db.update(conn, "users", user.id, values)
            self.audit.append(
                conn,
                "login.locked" if "locked_until" in values else "login.failed",
                actor_name=user.username,
                subject=user.id,
                detail={"failures": failures},
            )

    @staticmethod
    def _session(user: UserRecord) -> Session:
        return Session(user.id, user.username, user.display_name, Role(user.role))

    # ------------------------------------------------------------------ administration
    def users(self, actor: Session) -> list[UserRecord]:
        self.guard.require(actor, "accounts.manage")
        return self.store.all()

    def set_password(self, actor: Session, user_id: str, password: str) -> None:
        if actor.user_id != user_id:
            self.guard.require(actor, "accounts.manage", user_id)
        self._centre_managed()
        self._check_password(password)
        with self.db.tx() as conn:
            self.db.update(
                conn,
                "users",
                user_id,
                # a new password lifts a lock-out (the admin resets it for a locked trainee)
                {
                    "password_hash": self.hasher.hash(password),
                    "failed_logins": 0,
                    "locked_until": None,
                },
            )
            self.audit.append(conn, "account.password", subject=user_id, **self.guard.actor(actor))

    def set_disabled(self, actor: Session, user_id: str, disabled: bool) -> None:
        self.guard.require(actor, "accounts.manage", user_id)
        self._centre_managed()
        if disabled and actor.user_id == user_id:
            raise AccountError("不能停用自己的账号 / you cannot disable your own account")
        with self.db.tx() as conn:
            self.db.update(conn, "users", user_id, {"disabled": int(disabled)})
            self.audit.append(
                conn,
                "account.disabled" if disabled else "account.enabled",
                subject=user_id,
                **self.guard.actor(actor),
            )

    def set_role(self, actor: Session, user_id: str, role: Role | str) -> None:
        """The administrator changes an existing account's role (audited with both roles).
        Their own role is refused, so a seat never loses its last administrator this way."""
        self.guard.require(actor, "accounts.manage", user_id)
        self._centre_managed()
        try:
            new_role = Role(role)
        except ValueError:
            raise AccountError(f"没有这个角色：{role} / no such role: {role}") from None
        user = self.store.by_id(user_id)
        if user is None:
            raise AccountError(f"没有这个账号 / no such account {user_id}")
        if actor.user_id == user_id:
            raise AccountError("不能修改自己的角色 / you cannot change your own role")
        if user.role == new_role.value:
            return
        with self.db.tx() as conn:
            self.db.update(conn, "users", user_id, {"role": new_role.value})
            self.audit.append(
                conn,
                "account.role",
                subject=user_id,
                detail={"username": user.username, "from": user.role, "to": new_role.value},
                **self.guard.actor(actor),
            )

    def unowned_history(self, actor: Session) -> int:
        """How many practice attempts on this seat predate accounts (owned by nobody)."""
        self.guard.require(actor, "history.assign_unowned")
        return self.practice.unowned_count()

    def assign_unowned_history(self, actor: Session, user_id: str) -> int:
        """Give the pre-accounts history to the account the admin chose; returns how many
        attempts moved (they are never dropped)."""
        self.guard.require(actor, "history.assign_unowned", user_id)
        if self.store.by_id(user_id) is None:
            raise AccountError(f"no account {user_id}")
        with self.db.tx() as conn:
            moved = self.practice.assign_unowned(conn, user_id)
            self.audit.append(
                conn,
                "history.assigned",
                subject=user_id,
                detail={"attempts": moved},
                **self.guard.actor(actor),
            )
        return moved


__all__ = ["AccountError", "AccountService", "PermissionDenied", "SignInError"]
