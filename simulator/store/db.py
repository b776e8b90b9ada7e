"""The seat's SQLite database: one connection, WAL with ``synchronous=FULL``, foreign keys on,
versioned migrations, and the conventions every table follows so that it can be synchronised
with a centre later (see docs/architecture.md):

* ``id`` is a random UUID (text) made where the row is born, never reused;
* ``created_at`` / ``updated_at`` are UTC ISO-8601 with milliseconds (``utc_now``);
* ``seat_id`` names the seat that wrote the row (one per data folder, kept in ``meta``);
* tables that record what happened (audit entries, exam answers, overrides …) are append-only,
  enforced by triggers.

Writes go through :meth:`Database.tx` (``BEGIN IMMEDIATE`` … ``COMMIT``): a write either lands
whole, durably, or raises; nothing is half-saved.
"""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

DB_NAME = "simulator.db"


class StoreError(Exception):
    """The database cannot do what was asked; ``str()`` is a message for the user."""


def new_id() -> str:
    """A fresh random id (UUID 4, canonical text form)."""
    return str(uuid.uuid4())


def utc_now() -> str:
    """Now, UTC, ISO-8601 with milliseconds and a ``Z``: sorts as text, parses everywhere."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_time(text: str | None) -> datetime | None:
    """A stored timestamp (``utc_now`` form, or an older local time with offset) as an aware
    datetime; None for None or an unreadable value."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class Database:
    """``<data dir>/simulator.db``. Thread-safe: one lock serialises every statement (the app's
    db lane is the only writer; tests and tools may read meanwhile)."""

    def __init__(self, data_dir: Path, name: str = DB_NAME):
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / name
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        self._seat_id: str | None = None
        self._columns: dict[str, frozenset[str]] = {}

    # ------------------------------------------------------------------ connection
    @property
    def conn(self) -> sqlite3.Connection:
        with self._lock:
            if self._conn is None:
                self._conn = self._open()
            return self._conn

    def _open(self) -> sqlite3.Connection:
        from simulator.store.migrations import migrate

        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._columns.clear()
        try:
            conn = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=5000")
            migrate(conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"数据库无法打开 / cannot open the database {self.path}: {exc}"
            ) from exc
        return conn

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    @property
    def seat_id(self) -> str:
        """This data folder's seat id (made by the first migration, never changed)."""
        if self._seat_id is None:
            row = self.one("SELECT value FROM meta WHERE key='seat_id'")
            self._seat_id = row["value"]
        return self._seat_id

    # ------------------------------------------------------------------ statements
    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it commits (durably) or none of it does."""
        with self._lock:
            conn = self.conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def query(self, sql: str, params: Sequence | dict = ()) -> list[dict]:
        with self._lock:
            return [dict(r) for r in self.conn.execute(sql, params).fetchall()]

    def one(self, sql: str, params: Sequence | dict = ()) -> dict | None:
        with self._lock:
            row = self.conn.execute(sql, params).fetchone()
            return dict(row) if row is not None else None

    def scalar(self, sql: str, params: Sequence | dict = ()):
        with self._lock:
            row = self.conn.execute(sql, params).fetchone()
            return row[0] if row is not None else None

    def insert(self, conn: sqlite3.Connection, table: str, row: dict) -> str:
        """Insert ``row`` into ``table`` inside a transaction, filling the sync columns the
        row does not set (``id``, ``created_at``, ``updated_at``, ``seat_id``); returns its id."""
        now = utc_now()
        full = {"id": new_id(), "created_at": now, "updated_at": now, "seat_id": self.seat_id}
        columns = self.columns(conn, table)
        full = {k: v for k, v in full.items() if k in columns}
        full.update(row)
        names = ", ".join(full)
        marks = ", ".join("?" for _ in full)
        conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(full.values()))
        return full["id"]

    def update(self, conn: sqlite3.Connection, table: str, row_id: str, values: dict) -> None:
        """Update one row by id inside a transaction, stamping ``updated_at``."""
        values = dict(values)
        if "updated_at" in self.columns(conn, table):
            values.setdefault("updated_at", utc_now())
        sets = ", ".join(f"{k}=?" for k in values)
        conn.execute(f"UPDATE {table} SET {sets} WHERE id=?", [*values.values(), row_id])

    def columns(self, conn: sqlite3.Connection, table: str) -> frozenset[str]:
        if table not in self._columns:
            rows = conn.execute(f"PRAGMA table_info({table})").fetchall()
            self._columns[table] = frozenset(r[1] for r in rows)
        return self._columns[table]
