"""Joining a seat to a centre, and the seat's credential.

``join`` exchanges the enrolment code an administrator made at the centre for this seat's own
credential (a random token; the centre keeps only its hash), sends the seat's public signing
key (the centre checks sealed results with it) and its local accounts (imported at the centre
under the rules in docs/training-room.md), then installs the outbox triggers, which queue the
seat's history for its first push. No database password is typed on the seat: it never talks
to PostgreSQL, only to the centre's service.

The token is a file beside the seat's signing key (``keys/seat-token``, mode 0600), not a row in
the database, so a copy of the database handed to support does not carry it.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

from simulator.fileutil import fsync_dir
from simulator.store.db import utc_now
from simulator.sync.client import CentreClient, SyncError
from simulator.sync.outbox import Outbox, joined
from simulator.sync.records import JoinResult

TOKEN_NAME = "seat-token"
ACCOUNT_COLUMNS = (
    "id", "username", "display_name", "role", "password_hash", "disabled", "created_at",
    "updated_at", "seat_id",
)  # fmt: skip


def token_path(data_dir: Path) -> Path:
    return Path(data_dir) / "keys" / TOKEN_NAME


def save_token(data_dir: Path, token: str) -> None:
    path = token_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    tmp = path.with_name(path.name + ".new")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, token.encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    fsync_dir(path.parent)


def load_token(data_dir: Path) -> str | None:
    try:
        return token_path(data_dir).read_text(encoding="ascii").strip() or None
    except OSError:
        return None


def client_for(services, timeout: float = 30.0) -> CentreClient:
    """A client for the centre this seat joined, with its credential."""
    url = Outbox(services.db).get("centre_url")
    token = load_token(services.data_dir)
    if not url or not token:
        raise SyncError("本座席尚未加入培训中心 / this seat has not joined a centre")
    return CentreClient(url, token, timeout=timeout)


def join(
    services,
    url: str,
    code: str,
    seat_name: str | None = None,
    client: CentreClient | None = None,
) -> JoinResult:
    """Enrol this seat with the centre at ``url`` using an administrator's one-time ``code``."""
    outbox = Outbox(services.db)
    if joined(services.db):
        raise SyncError(
            f"本座席已加入 {outbox.get('centre_url')} / this seat already belongs to "
            f"{outbox.get('centre_url')}"
        )
    name = (seat_name or socket.gethostname()).strip()[:64] or "seat"
    cols = ", ".join(ACCOUNT_COLUMNS)
    accounts = services.db.query(f"SELECT {cols} FROM users ORDER BY created_at")
    client = client or CentreClient(url)
    reply = client.enrol(
        {
            "code": code.strip(),
            "seat_id": services.db.seat_id,
            "seat_name": name,
            "public_key": services.keys.public_pem().decode("ascii"),
            "accounts": accounts,
            "seat_now": utc_now(),
        }
    )
    save_token(services.data_dir, reply["token"])
    renamed = dict(reply.get("renamed") or {})
    with services.db.tx() as conn:
        for user_id, username in renamed.items():
            conn.execute("UPDATE users SET username=? WHERE id=?", [username, user_id])
        outbox.put(
            conn,
            centre_url=client.url,
            centre_id=reply["centre_id"],
            centre_name=reply.get("centre_name", ""),
            seat_name=name,
            joined_at=utc_now(),
        )
    outbox.install()
    return JoinResult(
        services.db.seat_id, name, client.url, reply.get("centre_name", ""), renamed,
        tuple(reply.get("disabled") or ()),
    )  # fmt: skip


def default_seat_name() -> str:
    return socket.gethostname()
