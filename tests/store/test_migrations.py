"""The seat database: a pre-accounts (schema 2, integer ids) database is rebuilt in the
sync-ready form keeping every attempt, turn and violation; a newer schema is refused; the sync
columns are filled."""

from __future__ import annotations

import re
import sqlite3

import pytest

from simulator.store.db import Database, StoreError
from simulator.store.migrations import LATEST

LEGACY = """
CREATE TABLE attempts (id INTEGER PRIMARY KEY, scenario_id TEXT, pack_id TEXT, title TEXT,
  title_en TEXT, mode TEXT, started_at TEXT, finished_at TEXT, status TEXT, score INTEGER,
  passed INTEGER, turn_count INTEGER, next_turn INTEGER);
CREATE TABLE turns (id INTEGER PRIMARY KEY, attempt_id INTEGER REFERENCES attempts(id), seq INTEGER,
  turn_id INTEGER, caller_text TEXT, transcript TEXT, score INTEGER, passed INTEGER, outcome TEXT,
  next_turn INTEGER, mode TEXT, superseded INTEGER, recording TEXT, recording_sha256 TEXT,
  recording_size INTEGER, recording_mtime_ns INTEGER, recording_status TEXT, duration_s FLOAT,
  latency_s FLOAT, feedback_s FLOAT, result_json TEXT, created_at TEXT);
CREATE TABLE violations (id INTEGER PRIMARY KEY, turn_row INTEGER REFERENCES turns(id),
  attempt_id INTEGER, scenario_id TEXT, category TEXT, severity TEXT, rule TEXT, text TEXT);
INSERT INTO attempts VALUES (7, 'angry-caller', 'emotional-callers', '愤怒', 'Angry', 'voice',
  '2026-10-01T09:00:00+08:00', '2026-10-01T09:05:00+08:00', 'completed', 80, 1, 1, NULL);
INSERT INTO attempts VALUES (8, 'praise', 'service-basics', '表扬', 'Praise', 'typed',
  '2026-10-02T09:00:00+08:00', NULL, 'stopped', 40, 0, 1, 2);
INSERT INTO turns VALUES (11, 7, 1, 1, '你们怎么回事', '非常抱歉', 80, 1, 'passed', NULL, 'voice', 0,
  'recordings/k/01.wav', 'ab', 10, 5, 'ok', 1.5, 0.4, 0.9, '{"score": 80}', '2026-10-01T09:01:00');
INSERT INTO turns VALUES (12, 8, 1, 1, '谢谢', '喂', 40, 0, 'escalated', 2, 'typed', 0, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, '{"score": 40}', '2026-10-02T09:01:00');
INSERT INTO violations VALUES (21, 12, 8, 'praise', 'impolite_address', 'fail', 'ad.wei', '喂');
PRAGMA user_version=2;
"""

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def test_schema_2_history_is_kept_under_fresh_ids(tmp_path):
    conn = sqlite3.connect(tmp_path / "simulator.db")
    conn.executescript(LEGACY)
    conn.close()
    db = Database(tmp_path)
    assert db.scalar("PRAGMA user_version") == LATEST
    attempts = db.query("SELECT * FROM attempts ORDER BY started_at")
    assert [a["scenario_id"] for a in attempts] == ["angry-caller", "praise"]
    assert all(UUID.match(a["id"]) and a["user_id"] is None for a in attempts)
    assert [a["score"] for a in attempts] == [80, 40]
    assert {a["seat_id"] for a in attempts} == {db.seat_id}
    turns = db.query("SELECT * FROM turns ORDER BY created_at")
    assert [t["attempt_id"] for t in turns] == [a["id"] for a in attempts]
    assert turns[0]["recording"] == "recordings/k/01.wav" and turns[0]["recording_mtime_ns"] == 5
    (v,) = db.query("SELECT * FROM violations")
    assert v["turn_id"] == turns[1]["id"] and v["attempt_id"] == attempts[1]["id"]
    assert {r["name"] for r in db.query("SELECT name FROM sqlite_master")}.isdisjoint(
        {"legacy_attempts", "legacy_turns", "legacy_violations"}
    )
    db.close()


def test_a_database_from_a_newer_app_is_refused_untouched(tmp_path):
    conn = sqlite3.connect(tmp_path / "simulator.db")
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version={LATEST + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer version"):
        _ = Database(tmp_path).conn
    conn = sqlite3.connect(tmp_path / "simulator.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST + 1
    conn.close()


def test_new_rows_get_sync_columns_and_seat_is_stable(tmp_path):
    db = Database(tmp_path)
    seat = db.seat_id
    with db.tx() as conn:
        row_id = db.insert(
            conn,
            "attempts",
            {"scenario_id": "s", "mode": "typed", "started_at": "2026-12-01T00:00:00.000Z"},
        )
    row = db.one("SELECT * FROM attempts WHERE id=?", [row_id])
    assert UUID.match(row_id) and row["seat_id"] == seat
    assert row["created_at"].endswith("Z") and row["created_at"] == row["updated_at"]
    db.close()
    assert Database(tmp_path).seat_id == seat


def test_a_failed_transaction_leaves_nothing_behind(tmp_path):
    db = Database(tmp_path)
    with pytest.raises(RuntimeError):
        with db.tx() as conn:
            db.insert(conn, "attempts", {"scenario_id": "s", "mode": "typed", "started_at": "x"})
            raise RuntimeError("disk full")
    assert db.scalar("SELECT COUNT(*) FROM attempts") == 0
    db.close()


def test_schema_3_is_upgraded_to_4_keeping_its_rows(tmp_path):
    from simulator.store import migrations

    conn = sqlite3.connect(tmp_path / "simulator.db", isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("BEGIN IMMEDIATE")
    migrations._v3(conn)
    conn.execute("PRAGMA user_version=3")
    conn.execute("COMMIT")
    conn.execute(
        "INSERT INTO attempts (id, scenario_id, mode, started_at, created_at, updated_at,"
        " seat_id) VALUES ('a1', 'praise', 'typed', 'x', 'x', 'x', 's')"
    )
    conn.close()
    db = Database(tmp_path)
    assert db.scalar("PRAGMA user_version") == LATEST >= 4
    assert db.scalar("SELECT scenario_id FROM attempts WHERE id='a1'") == "praise"
    tables = {r["name"] for r in db.query("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"exam_attempts", "exam_answers", "exam_results", "review_cards"} <= tables
    db.close()


def test_a_schema_4_database_gets_the_trainer_tables_and_its_statistics(tmp_path):
    """Schema 4 → 5 keeps every row, adds the trainer and privacy tables, and fills the
    dashboard's aggregates from the practice history already there."""
    from simulator.store.migrations import MIGRATIONS

    conn = sqlite3.connect(tmp_path / "simulator.db")
    conn.row_factory = sqlite3.Row
    for target, step in MIGRATIONS:
        if target > 4:
            break
        step(conn)
        conn.execute(f"PRAGMA user_version={target}")
    seat = conn.execute("SELECT value FROM meta WHERE key='seat_id'").fetchone()[0]
    stamp = "2026-10-01T09:00:00.000Z"
    sync = [stamp, stamp, seat]
    conn.execute(
        "INSERT INTO attempts (id, scenario_id, mode, started_at, status, score, passed, "
        "turn_count, created_at, updated_at, seat_id) VALUES ('a1', 'praise', 'voice', ?, "
        "'completed', 40, 0, 1, ?, ?, ?)",
        [stamp, *sync],
    )
    conn.execute(
        "INSERT INTO turns (id, attempt_id, seq, turn_id, score, passed, mode, result_json, "
        "recording, created_at, updated_at, seat_id) VALUES ('t1', 'a1', 1, 1, 40, 0, 'voice', "
        "'{}', 'recordings/a1/01.wav', ?, ?, ?)",
        sync,
    )
    conn.execute(
        "INSERT INTO violations (id, turn_id, attempt_id, scenario_id, category, severity, rule, "
        "text, created_at, seat_id) VALUES ('v1', 't1', 'a1', 'praise', 'interrogating', 'fail', "
        "'iq.why', '干什么', ?, ?)",
        [stamp, seat],
    )
    conn.commit()
    conn.close()
    db = Database(tmp_path)
    assert db.scalar("PRAGMA user_version") == LATEST >= 5
    turn = db.one("SELECT * FROM turns WHERE id='t1'")
    assert turn["recording"] == "recordings/a1/01.wav" and turn["recording_deleted_reason"] is None
    assert db.one("SELECT attempts, passed, score_sum FROM stat_attempts") == {
        "attempts": 1, "passed": 0, "score_sum": 40,
    }  # fmt: skip
    assert db.scalar("SELECT n FROM stat_violations") == 1
    assert db.scalar("SELECT day FROM stat_attempts") == 20727  # 2026-10-01
    names = {r["name"] for r in db.query("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"groups", "assignments", "overrides", "calibration_grades", "recording_consents",
            "recording_deletions", "trainer_packs", "centre_settings"} <= names  # fmt: skip
    assert {"sync_outbox", "sync_cursors", "exam_bookings"} <= names  # and on to 6
    db.close()


def test_the_migrations_are_one_linear_sequence():
    from simulator.store.migrations import MIGRATIONS

    assert [target for target, _ in MIGRATIONS] == list(range(3, LATEST + 1))


def test_a_schema_5_database_gets_the_room_tables_keeping_the_trainers_rows(tmp_path):
    """Schema 5 (the trainer's tables) → 6 (the training room's sync tables): every row stays,
    the sync tables are there and empty (a standalone seat queues nothing)."""
    from simulator.store.migrations import MIGRATIONS

    conn = sqlite3.connect(tmp_path / "simulator.db")
    for target, step in MIGRATIONS:
        if target > 5:
            break
        step(conn)
        conn.execute(f"PRAGMA user_version={target}")
    seat = conn.execute("SELECT value FROM meta WHERE key='seat_id'").fetchone()[0]
    stamp = "2026-10-01T09:00:00.000Z"
    conn.execute(
        "INSERT INTO groups (id, name, created_at, updated_at, seat_id) VALUES ('g1', '一组', ?, "
        "?, ?)",
        [stamp, stamp, seat],
    )
    conn.execute(
        "INSERT INTO attempts (id, scenario_id, mode, started_at, status, score, passed, "
        "turn_count, created_at, updated_at, seat_id) VALUES ('a1', 'praise', 'typed', ?, "
        "'completed', 90, 1, 1, ?, ?, ?)",
        [stamp, stamp, stamp, seat],
    )
    conn.commit()
    conn.close()
    db = Database(tmp_path)
    assert db.scalar("PRAGMA user_version") == LATEST == 6
    assert db.scalar("SELECT name FROM groups WHERE id='g1'") == "一组"
    assert db.one("SELECT attempts, passed FROM stat_attempts") == {"attempts": 1, "passed": 1}
    names = {r["name"] for r in db.query("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"sync_outbox", "sync_cursors", "sync_status", "exam_bookings",
            "proctor_commands"} <= names  # fmt: skip
    assert db.scalar("SELECT COUNT(*) FROM sync_outbox") == 0
    db.close()
