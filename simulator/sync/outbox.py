"""The seat's half of the sync inside its SQLite database: the outbox triggers (installed when
the seat joins a centre), the queue of changes, the push and pull cursors, the records the
centre refused, and the status keys the settings page reads.

A change is queued by a trigger in the same transaction that makes it, so nothing committed
can be missed; a push cursor moves (and the queue entries up to it are dropped) only after
the centre has committed the batch. Rows applied from a pull are written with a marker row in
``sync_applying`` so the triggers leave them alone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from simulator.store.db import Database, new_id, utc_now
from simulator.sync.registry import REGISTRY, SyncTable

TRIGGER = "sync_q_"
_CHUNK = 500  # ids per IN (...) query


@dataclass(frozen=True)
class Entry:
    seq: int
    table: str
    row_id: str


class Outbox:
    def __init__(self, db: Database, registry: tuple[SyncTable, ...] = REGISTRY):
        self.db = db
        self.registry = registry

    # ------------------------------------------------------------------ tables and triggers
    def present(self) -> set[str]:
        rows = self.db.query("SELECT name FROM sqlite_master WHERE type='table'")
        return {r["name"] for r in rows}

    def local_tables(self) -> list[SyncTable]:
        """Registry entries this seat has (an optional table only where it exists)."""
        have = self.present()
        return [t for t in self.registry if t.name in have]

    def installed(self) -> set[str]:
        rows = self.db.query(
            "SELECT name FROM sqlite_master WHERE type='trigger' AND name LIKE ?", [TRIGGER + "%"]
        )
        return {r["name"][len(TRIGGER) : -2] for r in rows}

    def install(self) -> list[str]:
        """Outbox triggers for every pushed table this seat has and that lacks them, each
        table's existing rows queued in the same transaction; returns the tables done."""
        done = []
        have = self.installed()
        todo = [t for t in self.local_tables() if t.pushed and t.name not in have]
        if not todo:
            return done
        with self.db.tx() as conn:
            for t in todo:
                for sql in _trigger_sql(t):
                    conn.execute(sql)
                where = " WHERE seat_id = (SELECT value FROM meta WHERE key='seat_id')"
                conn.execute(
                    f"INSERT INTO sync_outbox (tbl, row_id) SELECT ?, id FROM {t.name}"
                    f"{where if t.owned else ''} ORDER BY rowid",
                    [t.name],
                )
                done.append(t.name)
        return done

    @contextmanager
    def applying(self, conn: sqlite3.Connection) -> Iterator[None]:
        """Inside a transaction: the rows written meanwhile came from the centre."""
        conn.execute("INSERT INTO sync_applying (marker) VALUES (1)")
        try:
            yield
        finally:
            conn.execute("DELETE FROM sync_applying")

    # ------------------------------------------------------------------ the queue
    def pending(self, limit: int, tables: Iterable[str]) -> list[Entry]:
        names = sorted(set(tables))
        if not names:
            return []
        marks = ",".join("?" for _ in names)
        rows = self.db.query(
            "SELECT o.seq, o.tbl, o.row_id FROM sync_outbox o LEFT JOIN sync_cursors c "
            "ON c.tbl = o.tbl AND c.direction = 'push' "
            f"WHERE o.tbl IN ({marks}) AND o.seq > CAST(COALESCE(c.position, '0') AS INTEGER) "
            "ORDER BY o.seq LIMIT ?",
            [*names, limit],
        )
        return [Entry(r["seq"], r["tbl"], r["row_id"]) for r in rows]

    def rows(self, table: str, ids: list[str]) -> dict[str, dict]:
        out: dict[str, dict] = {}
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i : i + _CHUNK]
            marks = ",".join("?" for _ in chunk)
            for row in self.db.query(f"SELECT * FROM {table} WHERE id IN ({marks})", chunk):
                out[row["id"]] = row
        return out

    def queued_ids(self, table: str) -> set[str]:
        return {
            r["row_id"]
            for r in self.db.query("SELECT row_id FROM sync_outbox WHERE tbl=?", [table])
        }

    def advance(self, conn: sqlite3.Connection, upto: dict[str, int]) -> None:
        """After the centre committed: move each table's push cursor and drop its entries."""
        for table, seq in upto.items():
            self.set_cursor(conn, table, "push", str(seq))
            conn.execute("DELETE FROM sync_outbox WHERE tbl=? AND seq<=?", [table, seq])

    def queued(self) -> dict[str, int]:
        """Records waiting to be pushed, per table (a row changed twice counts once)."""
        rows = self.db.query(
            "SELECT tbl, COUNT(DISTINCT row_id) AS n FROM sync_outbox GROUP BY tbl ORDER BY tbl"
        )
        return {r["tbl"]: r["n"] for r in rows}

    # ------------------------------------------------------------------ cursors
    def cursor(self, table: str, direction: str) -> str | None:
        return self.db.scalar(
            "SELECT position FROM sync_cursors WHERE tbl=? AND direction=?", [table, direction]
        )

    def set_cursor(self, conn: sqlite3.Connection, table: str, direction: str, pos: str) -> None:
        conn.execute(
            "INSERT INTO sync_cursors (tbl, direction, position, updated_at) VALUES (?,?,?,?) "
            "ON CONFLICT (tbl, direction) DO UPDATE SET position=excluded.position, "
            "updated_at=excluded.updated_at",
            [table, direction, pos, utc_now()],
        )

    # ------------------------------------------------------------------ refusals
    def reject(self, conn: sqlite3.Connection, table: str, row_id: str, seq: int, why: str) -> None:
        conn.execute(
            "INSERT INTO sync_rejected (id, tbl, row_id, seq, reason, at) VALUES (?,?,?,?,?,?)",
            [new_id(), table, row_id, seq, why, utc_now()],
        )

    def rejected(self) -> list[dict]:
        return self.db.query("SELECT * FROM sync_rejected ORDER BY at, seq")

    # ------------------------------------------------------------------ status
    def status(self) -> dict[str, str]:
        return {r["key"]: r["value"] for r in self.db.query("SELECT * FROM sync_status")}

    def get(self, key: str) -> str | None:
        return self.db.scalar("SELECT value FROM sync_status WHERE key=?", [key])

    def put(self, conn: sqlite3.Connection, **values: str | None) -> None:
        for key, value in values.items():
            if value is None:
                conn.execute("DELETE FROM sync_status WHERE key=?", [key])
            else:
                conn.execute(
                    "INSERT INTO sync_status (key, value) VALUES (?,?) "
                    "ON CONFLICT (key) DO UPDATE SET value=excluded.value",
                    [key, str(value)],
                )

    def set(self, **values: str | None) -> None:
        with self.db.tx() as conn:
            self.put(conn, **values)


def _trigger_sql(t: SyncTable) -> list[str]:
    own = " AND NEW.seat_id = (SELECT value FROM meta WHERE key='seat_id')" if t.owned else ""
    out = []
    for suffix, event in (("_i", "INSERT"), ("_u", "UPDATE")):
        out.append(
            f"CREATE TRIGGER {TRIGGER}{t.name}{suffix} AFTER {event} ON {t.name} "
            f"WHEN NOT EXISTS (SELECT 1 FROM sync_applying){own} "
            f"BEGIN INSERT INTO sync_outbox (tbl, row_id) VALUES ('{t.name}', NEW.id); END"
        )
    return out


def joined(db: Database) -> bool:
    """Whether this seat belongs to a centre (a standalone seat never does)."""
    try:
        return db.scalar("SELECT value FROM sync_status WHERE key='centre_url'") is not None
    except sqlite3.OperationalError:
        return False
