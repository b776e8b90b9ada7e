"""Accounts at the centre: the room's users (created, disabled and given new passwords here, by
an administrator), sign-in checked with the same Argon2id hashes and lock-out as on a seat,
the short-lived tokens a signed-in person's requests carry, the snapshot a seat receives when
someone signs in on it for the first time, and the import of a joining seat's own accounts.

Seats never change accounts: they pull them. A password hash travels only to the seats the
account has signed in on (``seat_users``).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from datetime import datetime, timedelta

import psycopg
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from simulator.centre.db import BadRequest, CentreDB, Unauthorised, audit, iso, plain_row
from simulator.services.accounts import LOCK_AFTER, LOCK_MINUTES, MIN_PASSWORD, password_hasher
from simulator.services.session import Role, Session

_USERNAME = re.compile(r"^[A-Za-z0-9_.\-\u4e00-\u9fff@#]{2,64}$")
_HASHER = password_hasher()
WRONG = "用户名或密码不正确 / wrong user name or password"
USER_COLUMNS = ("id", "username", "display_name", "role", "password_hash", "disabled",
                "created_at", "updated_at", "seat_id")  # fmt: skip


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise BadRequest(
            f"密码至少 {MIN_PASSWORD} 位 / the password needs at least {MIN_PASSWORD} characters"
        )


def add_user(
    conn: psycopg.Connection, username: str, display_name: str, role: str, password: str,
    now: datetime, actor: str = "",
) -> str:  # fmt: skip
    username = (username or "").strip()
    if not _USERNAME.match(username):
        raise BadRequest(f"用户名无效 / not a valid user name: {username!r}")
    if role not in {r.value for r in Role}:
        raise BadRequest(f"未知角色 / unknown role {role!r}")
    _check_password(password)
    taken = conn.execute("SELECT 1 FROM users WHERE lower(username) = lower(%s)", [username])
    if taken.fetchone():
        raise BadRequest(f"用户名 {username} 已被使用 / the user name {username} is taken")
    user_id = str(uuid.uuid4())
    stamp = iso(now)
    conn.execute(
        "INSERT INTO users (id, username, display_name, role, password_hash, created_at, "
        "updated_at, seat_id) VALUES (%s,%s,%s,%s,%s,%s,%s,'centre')",
        [user_id, username, display_name.strip() or username, role, _HASHER.hash(password),
         stamp, stamp],
    )  # fmt: skip
    audit(conn, "account.created", actor=actor, subject=user_id,
          detail={"username": username, "role": role}, at=now)  # fmt: skip
    return user_id


def by_name(conn: psycopg.Connection, username: str) -> dict | None:
    return conn.execute(
        "SELECT * FROM users WHERE lower(username) = lower(%s)", [username.strip()]
    ).fetchone()


def set_disabled(
    conn: psycopg.Connection, user_id: str, disabled: bool, now: datetime, actor: str = ""
) -> None:
    cur = conn.execute(
        "UPDATE users SET disabled=%s, disabled_at=%s, updated_at=%s WHERE id=%s",
        [int(disabled), now if disabled else None, iso(now), user_id],
    )
    if cur.rowcount == 0:
        raise BadRequest(f"没有这个账号 / no account {user_id}")
    audit(conn, "account.disabled" if disabled else "account.enabled", actor=actor,
          subject=user_id, at=now)  # fmt: skip


def set_password(
    conn: psycopg.Connection, user_id: str, password: str, now: datetime, actor: str = ""
) -> None:
    _check_password(password)
    cur = conn.execute(
        "UPDATE users SET password_hash=%s, failed_logins=0, locked_until=NULL, updated_at=%s "
        "WHERE id=%s",
        [_HASHER.hash(password), iso(now), user_id],
    )
    if cur.rowcount == 0:
        raise BadRequest(f"没有这个账号 / no account {user_id}")
    audit(conn, "account.password", actor=actor, subject=user_id, at=now)


def verify(db: CentreDB, username: str, password: str, now: datetime) -> dict:
    """The account whose password this is (enabled, not locked); ``Unauthorised`` otherwise,
    the failure counted (lock-out after ``LOCK_AFTER`` in a row)."""
    with db.tx() as conn:
        user = by_name(conn, username or "")
    if user is None:
        _HASHER.hash(password or "x")  # the same work as a real check
        raise Unauthorised(WRONG)
    if user["disabled"]:
        raise Unauthorised("该账号已停用 / this account is disabled")
    if user["locked_until"] is not None and user["locked_until"] > now:
        raise Unauthorised("连续输错次数过多，账号已锁定 / too many failed sign-ins: locked")
    try:
        _HASHER.verify(user["password_hash"], password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        failures = user["failed_logins"] + 1
        locked = now + timedelta(minutes=LOCK_MINUTES) if failures >= LOCK_AFTER else None
        with db.tx() as conn:
            conn.execute(
                "UPDATE users SET failed_logins=%s, locked_until=%s WHERE id=%s",
                [0 if locked else failures, locked, user["id"]],
            )
            audit(conn, "login.failed", subject=str(user["id"]), detail={"failures": failures},
                  at=now)  # fmt: skip
        raise Unauthorised(WRONG) from None
    if user["failed_logins"]:
        with db.tx() as conn:
            conn.execute("UPDATE users SET failed_logins=0 WHERE id=%s", [user["id"]])
    return user


def issue_token(
    conn: psycopg.Connection, user_id, seat_id: str | None, now: datetime, hours: float
) -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    expires = now + timedelta(hours=hours)
    conn.execute(
        "INSERT INTO staff_tokens (token_sha256, user_id, seat_id, created_at, expires_at) "
        "VALUES (%s,%s,%s,%s,%s)",
        [token_hash(token), user_id, seat_id, now, expires],
    )
    conn.execute("DELETE FROM staff_tokens WHERE expires_at < %s", [now])
    return token, iso(expires)


def token_session(conn: psycopg.Connection, token: str, now: datetime) -> Session:
    """The enabled account a person's token stands for; ``Unauthorised`` otherwise."""
    row = conn.execute(
        "SELECT u.* FROM staff_tokens t JOIN users u ON u.id = t.user_id "
        "WHERE t.token_sha256 = %s AND t.expires_at > %s",
        [token_hash(token or ""), now],
    ).fetchone()
    if row is None or row["disabled"]:
        raise Unauthorised(
            "登录已过期，请重新登录 / the sign-in has expired or the account is disabled: "
            "sign in again"
        )
    return Session(str(row["id"]), row["username"], row["display_name"], Role(row["role"]))


def snapshot(db: CentreDB, conn: psycopg.Connection, seat_id: str, user_id) -> dict:
    """What a seat needs when an account signs in there for the first time: the account (with
    its hash, so it can sign in there offline from now on), its review queue, its practice
    history (attempts written elsewhere) and its consent to keep recordings."""
    from simulator.sync.registry import BY_NAME

    user = conn.execute(
        f"SELECT {', '.join(USER_COLUMNS)} FROM users WHERE id=%s", [user_id]
    ).fetchone()
    out = {"user": plain_row(user)}
    for table, where in (("review_cards", "user_id = %s"),
                         ("attempts", "user_id = %s AND seat_id <> %s"),
                         ("recording_consents", "user_id = %s AND seat_id <> %s")):  # fmt: skip
        cols = db.public_columns(conn, table, BY_NAME[table].local_only)
        if not cols:
            continue  # a table a later migration brings
        params = [user_id] if table == "review_cards" else [user_id, seat_id]
        rows = conn.execute(
            f"SELECT {', '.join(cols)} FROM {table} WHERE {where} ORDER BY recv_seq", params
        ).fetchall()
        out[table] = [plain_row(r, cols) for r in rows]
    return out


def remember_seat(conn: psycopg.Connection, seat_id: str, user_id, now: datetime) -> None:
    conn.execute(
        "INSERT INTO seat_users (seat_id, user_id, since) VALUES (%s,%s,%s) ON CONFLICT DO NOTHING",
        [seat_id, user_id, now],
    )


def import_accounts(
    conn: psycopg.Connection, seat_id: str, seat_name: str, accounts: list, now: datetime
) -> tuple[dict[str, str], list[str]]:
    """A joining seat's own accounts. An account the centre already has is only linked to the
    seat; a new one keeps its id, name and password hash — its name suffixed ``@seat`` when
    the room already uses it — and a staff account (trainer, proctor, admin) arrives disabled
    until a centre administrator enables it: a seat cannot bring its own administrators.
    Returns (id → new name, ids imported disabled)."""
    renamed: dict[str, str] = {}
    disabled: list[str] = []
    suffix = re.sub(r"[^A-Za-z0-9_.\-]", "", seat_name)[:16] or seat_id[:8]
    for a in accounts:
        if not isinstance(a, dict):
            raise BadRequest("accounts: each account must be an object")
        try:
            user_id = str(uuid.UUID(str(a["id"])))
            username, role = str(a["username"]).strip(), str(a["role"])
            pw_hash = str(a["password_hash"])
        except (KeyError, ValueError) as exc:
            raise BadRequest(f"accounts: {exc}") from None
        if role not in {r.value for r in Role} or not _USERNAME.match(username):
            raise BadRequest(f"accounts: unusable account {username!r} ({role})")
        if conn.execute("SELECT 1 FROM users WHERE id=%s", [user_id]).fetchone() is None:
            name = username
            if conn.execute(
                "SELECT 1 FROM users WHERE lower(username)=lower(%s)", [name]
            ).fetchone():
                name = f"{username}@{suffix}"
                n = 2
                while conn.execute(
                    "SELECT 1 FROM users WHERE lower(username)=lower(%s)", [name]
                ).fetchone():
                    name, n = f"{username}@{suffix}-{n}", n + 1
                renamed[user_id] = name
            staff = role != Role.TRAINEE.value
            off = staff or bool(a.get("disabled"))
            if staff:
                disabled.append(user_id)
            stamp = iso(now)
            conn.execute(
                "INSERT INTO users (id, username, display_name, role, password_hash, disabled,"
                " disabled_at, created_at, updated_at, seat_id) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,"
                "%s,%s)",
                [user_id, name, str(a.get("display_name") or name), role, pw_hash, int(off),
                 now if off else None, str(a.get("created_at") or stamp), stamp, seat_id],
            )  # fmt: skip
            audit(conn, "account.imported", seat_id=seat_id, subject=user_id,
                  detail={"username": name, "was": username, "role": role,
                          "disabled": off}, at=now)  # fmt: skip
        remember_seat(conn, seat_id, user_id, now)
    return renamed, disabled
