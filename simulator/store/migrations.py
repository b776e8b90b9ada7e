"""Versioned schema migrations of the seat database (``PRAGMA user_version``).

Each migration is a function of a connection, run once, in order, inside one transaction with
the version bump. A new feature adds a migration at the end of ``MIGRATIONS``; a migration is
never edited once it has shipped.

Versions 1 and 2 are the pre-accounts schema (integer ids, made by sqlite-utils); version 3
rebuilds it in the sync-ready form (see ``simulator.store.db``), keeping every attempt, turn and
violation: the practice history already on a PC is kept, owned by nobody until an admin gives it
to an account.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable

SYNC_COLUMNS = """
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    seat_id TEXT NOT NULL"""


def _append_only(table: str) -> str:
    return f"""
CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;
CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;
"""


V3 = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('trainee', 'trainer', 'proctor', 'admin')),
    password_hash TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    disabled INTEGER NOT NULL DEFAULT 0,
    last_login_at TEXT,{SYNC_COLUMNS}
);

CREATE TABLE attempts (
    id TEXT PRIMARY KEY,
    user_id TEXT REFERENCES users(id),
    kind TEXT NOT NULL DEFAULT 'practice',
    scenario_id TEXT NOT NULL,
    pack_id TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    title_en TEXT NOT NULL DEFAULT '',
    mode TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL DEFAULT 'in_progress',
    score INTEGER,
    passed INTEGER NOT NULL DEFAULT 0,
    turn_count INTEGER NOT NULL DEFAULT 0,
    next_turn INTEGER,{SYNC_COLUMNS}
);
CREATE INDEX attempts_user ON attempts(user_id, started_at);
CREATE INDEX attempts_scenario ON attempts(scenario_id);

CREATE TABLE turns (
    id TEXT PRIMARY KEY,
    attempt_id TEXT NOT NULL REFERENCES attempts(id),
    seq INTEGER NOT NULL,
    turn_id INTEGER NOT NULL,
    caller_text TEXT NOT NULL DEFAULT '',
    transcript TEXT NOT NULL DEFAULT '',
    score INTEGER NOT NULL,
    passed INTEGER NOT NULL,
    outcome TEXT,
    next_turn INTEGER,
    mode TEXT NOT NULL,
    superseded INTEGER NOT NULL DEFAULT 0,
    recording TEXT,
    recording_sha256 TEXT,
    recording_size INTEGER,
    recording_mtime_ns INTEGER,
    recording_status TEXT,
    duration_s REAL,
    latency_s REAL,
    feedback_s REAL,
    result_json TEXT NOT NULL,{SYNC_COLUMNS}
);
CREATE INDEX turns_attempt ON turns(attempt_id, seq);

CREATE TABLE violations (
    id TEXT PRIMARY KEY,
    turn_id TEXT NOT NULL REFERENCES turns(id),
    attempt_id TEXT NOT NULL REFERENCES attempts(id),
    scenario_id TEXT NOT NULL,
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    rule TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    seat_id TEXT NOT NULL
);
CREATE INDEX violations_category ON violations(category);
CREATE INDEX violations_turn ON violations(turn_id);

CREATE TABLE audit (
    id TEXT PRIMARY KEY,
    seat_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor_id TEXT,
    actor_name TEXT NOT NULL DEFAULT '',
    actor_role TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '{{}}',
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (seat_id, seq)
);
{_append_only("audit")}
"""


def _legacy_tables(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
    return {r[0] for r in rows}


def _v3(conn: sqlite3.Connection) -> None:
    from simulator.store.db import utc_now

    old = _legacy_tables(conn) & {"attempts", "turns", "violations"}
    for name in old:
        conn.execute(f"ALTER TABLE {name} RENAME TO legacy_{name}")
    run_script(conn, V3)
    seat = str(uuid.uuid4())
    conn.execute("INSERT INTO meta (key, value) VALUES ('seat_id', ?)", [seat])
    conn.execute("INSERT INTO meta (key, value) VALUES ('created_at', ?)", [utc_now()])
    if old:
        _copy_legacy(conn, seat, old)


def _copy_legacy(conn: sqlite3.Connection, seat: str, old: set[str]) -> None:
    """Integer-id rows of schema 1/2 into the new tables, under fresh UUIDs, owned by nobody."""
    from simulator.store.db import utc_now

    now = utc_now()
    attempt_ids: dict[int, str] = {}
    turn_ids: dict[int, str] = {}
    cols = {r[1] for r in conn.execute("PRAGMA table_info(legacy_turns)")} if "turns" in old else ()
    for a in conn.execute("SELECT * FROM legacy_attempts ORDER BY id").fetchall():
        a = dict(a) if isinstance(a, sqlite3.Row) else _row(conn, "legacy_attempts", a)
        new = attempt_ids[a["id"]] = str(uuid.uuid4())
        started = a.get("started_at") or now
        conn.execute(
            "INSERT INTO attempts (id, user_id, kind, scenario_id, pack_id, title, title_en, mode,"
            " started_at, finished_at, status, score, passed, turn_count, next_turn,"
            " created_at, updated_at, seat_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                new, None, "practice", a.get("scenario_id") or "", a.get("pack_id") or "",
                a.get("title") or "", a.get("title_en") or "", a.get("mode") or "typed",
                started, a.get("finished_at"), a.get("status") or "stopped", a.get("score"),
                int(a.get("passed") or 0), int(a.get("turn_count") or 0), a.get("next_turn"),
                started, now, seat,
            ],
        )  # fmt: skip
    if "turns" in old:
        for t in conn.execute("SELECT * FROM legacy_turns ORDER BY id").fetchall():
            t = dict(t) if isinstance(t, sqlite3.Row) else _row(conn, "legacy_turns", t)
            if t.get("attempt_id") not in attempt_ids:
                continue
            new = turn_ids[t["id"]] = str(uuid.uuid4())
            created = t.get("created_at") or now
            conn.execute(
                "INSERT INTO turns (id, attempt_id, seq, turn_id, caller_text, transcript, score,"
                " passed, outcome, next_turn, mode, superseded, recording, recording_sha256,"
                " recording_size, recording_mtime_ns, recording_status, duration_s, latency_s,"
                " feedback_s, result_json, created_at, updated_at, seat_id)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    new, attempt_ids[t["attempt_id"]], t.get("seq") or 0, t.get("turn_id") or 0,
                    t.get("caller_text") or "", t.get("transcript") or "", t.get("score") or 0,
                    int(t.get("passed") or 0), t.get("outcome"), t.get("next_turn"),
                    t.get("mode") or "typed", int(t.get("superseded") or 0), t.get("recording"),
                    t.get("recording_sha256"), t.get("recording_size"),
                    t.get("recording_mtime_ns") if "recording_mtime_ns" in cols else None,
                    t.get("recording_status"), t.get("duration_s"), t.get("latency_s"),
                    t.get("feedback_s"), t.get("result_json") or "{}", created, now, seat,
                ],
            )  # fmt: skip
    if "violations" in old:
        for v in conn.execute("SELECT * FROM legacy_violations ORDER BY id").fetchall():
            v = dict(v) if isinstance(v, sqlite3.Row) else _row(conn, "legacy_violations", v)
            if v.get("turn_row") not in turn_ids:
                continue
            conn.execute(
                "INSERT INTO violations (id, turn_id, attempt_id, scenario_id, category, severity,"
                " rule, text, created_at, seat_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
                [
                    str(uuid.uuid4()), turn_ids[v["turn_row"]], attempt_ids[v["attempt_id"]],
                    v.get("scenario_id") or "", v.get("category") or "", v.get("severity") or "",
                    v.get("rule") or "", v.get("text") or "", now, seat,
                ],
            )  # fmt: skip
    for name in ("violations", "turns", "attempts"):
        if name in old:
            conn.execute(f"DROP TABLE legacy_{name}")


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run a multi-statement script inside the current transaction (``executescript`` would
    commit it first)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            conn.execute(pending)
            pending = ""
    if pending.strip():
        raise sqlite3.DatabaseError(f"incomplete statement in migration: {pending[:60]!r}")


def _row(conn: sqlite3.Connection, table: str, values: tuple) -> dict:
    names = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    return dict(zip(names, values, strict=False))


def _v4(conn: sqlite3.Connection) -> None:
    from simulator.store.schema_v4 import v4

    v4(conn)


def _v5(conn: sqlite3.Connection) -> None:
    from simulator.store.schema_v5 import v5

    v5(conn)


def _v6(conn: sqlite3.Connection) -> None:
    from simulator.store.schema_v6 import v6

    v6(conn)


Migration = Callable[[sqlite3.Connection], None]
# (target version, step), in order (versions 1 and 2 are the legacy schema): 5 is the trainer's
# tables, 6 the training room's sync tables.
MIGRATIONS: list[tuple[int, Migration]] = [(3, _v3), (4, _v4), (5, _v5), (6, _v6)]
LATEST = MIGRATIONS[-1][0]


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the database to ``LATEST``; returns the version it was at. A database from a newer
    version of the app is refused rather than damaged."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > LATEST:
        raise sqlite3.DatabaseError(
            f"the database is from a newer version of the app (schema {version} > {LATEST})"
        )
    start = version
    for target, step in MIGRATIONS:
        if version >= target:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            step(conn)
            conn.execute(f"PRAGMA user_version={target}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        version = target
    return start
