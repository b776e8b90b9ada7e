"""The centre service's connections to PostgreSQL (a psycopg pool whose connections are
checked before use, so a restarted server is reconnected to, and whose commits are durable
before they are answered), the errors the service maps to
HTTP answers, the centre's own audit entries, and the column lists of the mirrored tables.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool, PoolTimeout

log = logging.getLogger(__name__)

# columns only the centre has: never sent to a seat, never accepted from one
CENTRE_ONLY = frozenset(
    {"src_seq", "recv_seq", "received_at", "txid", "flags", "disabled_at", "acked_at",
     "effective_at", "failed_logins", "locked_until"}
)  # fmt: skip


class CentreError(Exception):
    """A request the centre cannot serve; ``status`` is the HTTP answer, ``str()`` the words."""

    status = 400


class BadRequest(CentreError):
    status = 400


class Unauthorised(CentreError):
    status = 401


class Forbidden(CentreError):
    status = 403


class NotFound(CentreError):
    status = 404


class Conflict(CentreError):
    status = 409


class CentreUnavailable(CentreError):
    status = 503


def _durable_commits(conn: psycopg.Connection) -> None:
    """A commit returns only once it is flushed, even on a server set to commit asynchronously
    (``synchronous_commit=off``, a common tuning for speed): a seat drops its queue entries on
    the centre's answer, so an answer given before the batch is durable would lose the batch
    in a crash. A stricter setting (remote_write, remote_apply) is kept."""
    setting = conn.execute("SHOW synchronous_commit").fetchone()["synchronous_commit"]
    if setting == "off":
        conn.execute("SET synchronous_commit = on")
    conn.commit()


def iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class CentreDB:
    def __init__(self, url: str, max_size: int = 8, timeout: float = 5.0):
        self.url = url
        self.pool = ConnectionPool(
            url,
            min_size=1,
            max_size=max_size,
            timeout=timeout,
            check=ConnectionPool.check_connection,
            kwargs={"row_factory": dict_row},
            configure=_durable_commits,
            # give up a failing reconnection soon: the next request starts a fresh one at once,
            # rather than waiting out an ever longer back-off after the server came back
            reconnect_timeout=timeout,
            open=True,
            name="centre",
        )
        self._columns: dict[str, list[str]] = {}

    @contextmanager
    def tx(self) -> Iterator[psycopg.Connection]:
        """One transaction on a pooled connection; a database that does not answer is
        ``CentreUnavailable`` (the seat tries again later)."""
        try:
            with self.pool.connection() as conn, conn.transaction():
                yield conn
        except (psycopg.OperationalError, PoolTimeout) as exc:
            log.warning("the database is not answering: %s", exc)
            raise CentreUnavailable(
                "中心数据库暂时无法访问，稍后自动重试 / the centre's database is not answering; "
                "the seat will try again"
            ) from exc

    def close(self) -> None:
        self.pool.close()

    def columns(self, conn: psycopg.Connection, table: str) -> list[str]:
        """The table's columns in order ([] when the centre has no such table)."""
        if table not in self._columns:
            rows = conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                "current_schema() AND table_name = %s ORDER BY ordinal_position",
                [table],
            ).fetchall()
            found = [r["column_name"] for r in rows]
            if not found:
                return []
            self._columns[table] = found
        return self._columns[table]

    def public_columns(self, conn: psycopg.Connection, table: str, skip=()) -> list[str]:
        return [c for c in self.columns(conn, table) if c not in CENTRE_ONLY and c not in skip]


def audit(
    conn: psycopg.Connection,
    action: str,
    *,
    actor: str = "",
    seat_id: str | None = None,
    subject: str = "",
    detail: dict | None = None,
    at: datetime | None = None,
) -> None:
    """An entry in the centre's own append-only log (enrolments, refusals, staff actions)."""
    conn.execute(
        "INSERT INTO centre_audit (at, actor, seat_id, action, subject, detail) "
        "VALUES (COALESCE(%s, now()), %s, %s, %s, %s, %s)",
        [at, actor, seat_id, action, subject, json.dumps(detail or {}, ensure_ascii=False)],
    )


def plain(value):
    """A value as JSON carries it (uuids as text)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return str(value)


def plain_row(row: dict, columns: list[str] | None = None) -> dict:
    return {k: plain(row[k]) for k in (columns or row)}
