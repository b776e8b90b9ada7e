"""Seats joining the room: one-time enrolment codes (made by an administrator at the centre,
kept only as hashes, valid for a day by default), the exchange of a code for the seat's own
credential, and finding the seat a request's credential belongs to.

A code is 12 characters from an alphabet without look-alikes (about 60 bits), typed on the seat
once; a seat's credential is 256 random bits, of which the centre keeps only the sha256.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import psycopg

from simulator.centre import accounts
from simulator.centre.db import BadRequest, Forbidden, Unauthorised, audit, iso
from simulator.store.keys import KeyUnusable, load_public_key

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_HOURS = 24.0


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def make_code(conn: psycopg.Connection, now: datetime, hours: float = CODE_HOURS,
              note: str = "", actor: str = "") -> str:  # fmt: skip
    raw = "".join(secrets.choice(ALPHABET) for _ in range(12))
    conn.execute(
        "INSERT INTO enrol_codes (id, code_sha256, note, created_at, expires_at) "
        "VALUES (%s,%s,%s,%s,%s)",
        [str(uuid.uuid4()), accounts.token_hash(raw), note, now, now + timedelta(hours=hours)],
    )
    audit(conn, "enrol.code_made", actor=actor, detail={"note": note, "hours": hours}, at=now)
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


@dataclass(frozen=True)
class Seat:
    id: str
    name: str
    public_key: str


def enrol(conn: psycopg.Connection, body: dict, now: datetime) -> dict:
    """Exchange a code for a seat credential (the code is spent in the same transaction)."""
    code = normalise_code(str(body.get("code", "")))
    row = conn.execute(
        "SELECT * FROM enrol_codes WHERE code_sha256 = %s FOR UPDATE", [accounts.token_hash(code)]
    ).fetchone()
    if row is None or row["used_at"] is not None or row["expires_at"] <= now:
        raise Forbidden(
            "加入码无效、已用过或已过期，请向管理员索取新码 / the enrolment code is unknown, "
            "used or expired: ask the administrator for a new one"
        )
    try:
        seat_id = str(uuid.UUID(str(body["seat_id"])))
        name = str(body.get("seat_name") or "")[:64].strip() or seat_id[:8]
        public_key = str(body["public_key"])
        load_public_key(public_key.encode("ascii"))
    except (KeyError, ValueError, KeyUnusable) as exc:
        raise BadRequest(f"enrolment: {exc}") from None
    token = secrets.token_urlsafe(32)
    conn.execute(
        "INSERT INTO seats (id, name, token_sha256, public_key, enrolled_at) "
        "VALUES (%s,%s,%s,%s,%s) ON CONFLICT (id) DO UPDATE SET name=EXCLUDED.name, "
        "token_sha256=EXCLUDED.token_sha256, public_key=EXCLUDED.public_key, "
        "enrolled_at=EXCLUDED.enrolled_at, revoked_at=NULL",
        [seat_id, name, accounts.token_hash(token), public_key, now],
    )
    conn.execute(
        "UPDATE enrol_codes SET used_at=%s, seat_id=%s WHERE id=%s", [now, seat_id, row["id"]]
    )
    renamed, disabled = accounts.import_accounts(
        conn, seat_id, name, list(body.get("accounts") or []), now
    )
    audit(conn, "seat.enrolled", seat_id=seat_id, subject=seat_id,
          detail={"name": name, "accounts": len(body.get("accounts") or []),
                  "renamed": renamed, "disabled": disabled}, at=now)  # fmt: skip
    meta = dict((r["key"], r["value"]) for r in conn.execute("SELECT key, value FROM centre_meta"))
    return {
        "seat_id": seat_id,
        "token": token,
        "centre_id": meta.get("centre_id"),
        "centre_name": meta.get("name", ""),
        "renamed": renamed,
        "disabled": disabled,
        "server_time": iso(now),
    }


def seat_for(conn: psycopg.Connection, token: str) -> Seat:
    row = conn.execute(
        "SELECT id, name, public_key FROM seats WHERE token_sha256 = %s AND revoked_at IS NULL",
        [accounts.token_hash(token or "")],
    ).fetchone()
    if row is None:
        raise Unauthorised(
            "中心不认可本座席的凭据（已被撤销？请重新加入）/ the centre does not accept this "
            "seat's credential (revoked? join again)"
        )
    return Seat(str(row["id"]), row["name"], row["public_key"])


def revoke(conn: psycopg.Connection, seat_id: str, now: datetime, actor: str = "") -> None:
    conn.execute("UPDATE seats SET revoked_at=%s WHERE id=%s", [now, seat_id])
    audit(conn, "seat.revoked", actor=actor, seat_id=seat_id, subject=seat_id, at=now)
