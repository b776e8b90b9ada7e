"""Schema version 6: a seat in a training room (see ``simulator.sync``).

* ``sync_outbox`` — every change to a synchronised table, queued in the order it was written
  (filled by triggers the sync installs when the seat joins a centre; a standalone seat has
  none, so it writes exactly as before);
* ``sync_cursors`` — per table, how far the pushes have been committed by the centre and how far
  the pulls have read the centre's changes;
* ``sync_applying`` — holds a row only inside a transaction that applies pulled rows, so the
  outbox triggers leave those rows alone (a pulled row is never pushed back);
* ``sync_rejected`` — records the centre refused, with its reason (shown, never retried);
* ``sync_status`` — the centre this seat belongs to and the last sync's outcome;
* ``exam_bookings`` — exam sessions booked at the centre for this seat (pulled);
* ``proctor_commands`` — the proctor console's pause / resume / added time / termination for an
  attempt on this seat (pulled, applied here, acknowledged back).

Nothing here depends on the trainer's tables (migration 5).
"""

from __future__ import annotations

import sqlite3

SQL = """
CREATE TABLE sync_outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL
);
CREATE INDEX sync_outbox_tbl ON sync_outbox(tbl, seq);

CREATE TABLE sync_cursors (
    tbl TEXT NOT NULL,
    direction TEXT NOT NULL CHECK (direction IN ('push', 'pull')),
    position TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (tbl, direction)
);

CREATE TABLE sync_applying (marker INTEGER NOT NULL);

CREATE TABLE sync_rejected (
    id TEXT PRIMARY KEY,
    tbl TEXT NOT NULL,
    row_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
);

CREATE TABLE sync_status (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE exam_bookings (
    id TEXT PRIMARY KEY,
    exam_id TEXT NOT NULL,
    candidate_id TEXT NOT NULL,
    seat_id TEXT NOT NULL,
    scheduled_at TEXT,
    note TEXT NOT NULL DEFAULT '',
    cancelled INTEGER NOT NULL DEFAULT 0,
    created_by TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE proctor_commands (
    id TEXT PRIMARY KEY,
    seat_id TEXT NOT NULL,
    attempt_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('pause', 'resume', 'add_time', 'terminate')),
    args TEXT NOT NULL DEFAULT '{}',
    issued_by TEXT NOT NULL,
    issued_by_name TEXT NOT NULL DEFAULT '',
    issued_at TEXT NOT NULL,
    applied_at TEXT,
    outcome TEXT,
    detail TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX proctor_commands_open ON proctor_commands(applied_at);
"""


def v6(conn: sqlite3.Connection) -> None:
    from simulator.store.migrations import run_script

    run_script(conn, SQL)
