"""The centre's PostgreSQL schema: versioned migrations (idempotent; a newer database is
refused) and the constraints that keep the central truth consistent whatever a client sends —
foreign keys, unique idempotency keys, append-only records and sealed results that no UPDATE
can alter, exam attempts that never reopen."""

from __future__ import annotations

import uuid

import psycopg
import pytest

from simulator.centre.schema import LATEST, SchemaError, migrate, status


@pytest.fixture
def conn(centre_url):
    with psycopg.connect(centre_url, autocommit=True) as c:
        yield c


def _id() -> str:
    return str(uuid.uuid4())


def _seat_and_user(conn) -> tuple[str, str]:
    seat, user = _id(), _id()
    conn.execute("INSERT INTO seats (id, name, token_sha256, public_key, enrolled_at) "
                 "VALUES (%s, 's', %s, 'k', now())", [seat, _id()])  # fmt: skip
    conn.execute("INSERT INTO users (id, username, display_name, role, password_hash, created_at,"
                 " updated_at, seat_id) VALUES (%s, %s, 'A', 'trainee', 'h', 't', 't', 'centre')",
                 [user, f"u{user[:6]}"])  # fmt: skip
    return seat, user


def _exam_attempt(conn, seat: str, user: str, state: str = "active") -> str:
    attempt = _id()
    conn.execute(
        "INSERT INTO exam_attempts (id, exam_id, exam_sha256, paper, candidate_id, state, seed, "
        "draw, draw_sha256, limit_ms, extra_ms, used_ms, created_at, updated_at, seat_id) VALUES "
        "(%s, 'e', 'x', '{}', %s, %s, 1, '{}', 'd', 60000, 0, 0, 't', 't', %s)",
        [attempt, user, state, seat],
    )
    return attempt


def test_migrations_are_versioned_and_idempotent(centre_url):
    assert migrate(centre_url) == (LATEST, LATEST)
    s = status(centre_url)
    assert s.up_to_date and s.version == LATEST and s.centre_id
    with psycopg.connect(centre_url, autocommit=True) as c:
        assert c.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] == LATEST
        c.execute("INSERT INTO schema_migrations (version) VALUES (%s)", [LATEST + 1])
    with pytest.raises(SchemaError, match="newer version"):
        migrate(centre_url)
    assert not status(centre_url).up_to_date


def test_a_sealed_result_cannot_be_altered_or_removed(conn):
    seat, user = _seat_and_user(conn)
    attempt = _exam_attempt(conn, seat, user, "sealed")
    result = _id()
    conn.execute(
        "INSERT INTO exam_results (id, attempt_id, exam_id, candidate_id, score, passed, detail, "
        "result_sha256, head_seat, head_seq, head_hash, key_id, signature, created_at, "
        "updated_at, seat_id) VALUES (%s, %s, 'e', %s, 55, 0, '{}', 'h', %s, 1, 'x', 'k', 's', "
        "'t', 't', %s)",
        [result, attempt, user, seat, seat],
    )
    with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="append-only"):
        conn.execute("UPDATE exam_results SET score = 100 WHERE id = %s", [result])
    with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="append-only"):
        conn.execute("DELETE FROM exam_results WHERE id = %s", [result])
    with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="sealed"):
        conn.execute("UPDATE exam_attempts SET used_ms = 1 WHERE id = %s", [attempt])
    with pytest.raises(psycopg.errors.UniqueViolation):  # one sealed result per attempt
        conn.execute(
            "INSERT INTO exam_results SELECT %s, attempt_id, exam_id, candidate_id, score, passed,"
            " detail, result_sha256, head_seat, head_seq, head_hash, key_id, signature, "
            "created_at, updated_at, seat_id FROM exam_results WHERE id = %s",
            [_id(), result],
        )


def test_an_exam_attempt_never_reopens_nor_changes_its_draw(conn):
    seat, user = _seat_and_user(conn)
    attempt = _exam_attempt(conn, seat, user, "finished")
    with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="never returns"):
        conn.execute("UPDATE exam_attempts SET state = 'active' WHERE id = %s", [attempt])
    with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="never change"):
        conn.execute("UPDATE exam_attempts SET draw = '{\"x\":1}' WHERE id = %s", [attempt])
    with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="stays with the seat"):
        conn.execute("UPDATE exam_attempts SET seat_id = %s WHERE id = %s", [_id(), attempt])
    conn.execute("UPDATE exam_attempts SET state = 'graded' WHERE id = %s", [attempt])


def test_keys_and_references_hold(conn):
    seat, user = _seat_and_user(conn)
    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        conn.execute(
            "INSERT INTO turns (id, attempt_id, seq, turn_id, caller_text, transcript, score, "
            "passed, mode, superseded, result_json, created_at, updated_at, seat_id) VALUES "
            "(%s, %s, 1, 1, '', '', 0, 0, 'typed', 0, '{}', 't', 't', %s)",
            [_id(), _id(), seat],
        )
    entry = "INSERT INTO audit (id, seat_id, seq, at, actor_name, actor_role, action, subject, " \
            "detail, prev_hash, hash) VALUES (%s, %s, 1, 't', '', '', 'a', '', '{}', 'p', 'h')"  # fmt: skip
    conn.execute(entry, [_id(), seat])
    with pytest.raises(psycopg.errors.UniqueViolation):  # (seat, seq) names one entry
        conn.execute(entry, [_id(), seat])
    with pytest.raises(psycopg.errors.UniqueViolation):  # user names, whatever the case
        conn.execute("INSERT INTO users (id, username, display_name, role, password_hash, "
                     "created_at, updated_at, seat_id) SELECT %s, upper(username), 'B', 'trainee',"
                     " 'h', 't', 't', 'centre' FROM users WHERE id = %s", [_id(), user])  # fmt: skip
    with pytest.raises(psycopg.errors.CheckViolation):  # disabled needs its time, and back
        conn.execute("UPDATE users SET disabled = 1 WHERE id = %s", [user])
    with pytest.raises(psycopg.errors.CheckViolation):
        conn.execute("INSERT INTO recordings (sha256, size, data, seat_id) "
                     "VALUES ('not-a-hash', 1, 'x', %s)", [seat])  # fmt: skip
    batch = _id()
    conn.execute("INSERT INTO push_batches (seat_id, batch_id, entries) VALUES (%s, %s, 1)",
                 [seat, batch])  # fmt: skip
    with pytest.raises(psycopg.errors.UniqueViolation):  # a batch is applied once
        conn.execute("INSERT INTO push_batches (seat_id, batch_id, entries) VALUES (%s, %s, 1)",
                     [seat, batch])  # fmt: skip
    conn.execute("INSERT INTO centre_audit (action) VALUES ('test')")
    with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="append-only"):
        conn.execute("DELETE FROM centre_audit")


def test_an_override_points_at_a_turn_the_centre_holds_and_never_changes(conn):
    """Centre schema 6: an override's turn and attempt are foreign keys; it is append-only."""
    seat, user = _seat_and_user(conn)
    override = _id()

    def insert(turn: str, attempt: str) -> None:
        conn.execute(
            "INSERT INTO overrides (id, turn_id, attempt_id, trainee_id, scenario_id, turn_no, "
            "kind, decision, comment, by_id, by_name, created_at, seat_id) VALUES "
            "(%s, %s, %s, %s, 's', 1, 'verdict', 'pass', 'ok', %s, 'T', 't', %s)",
            [override, turn, attempt, user, user, seat],
        )

    with pytest.raises(psycopg.errors.ForeignKeyViolation):
        insert(_id(), _id())
    attempt, turn = _id(), _id()
    conn.execute(
        "INSERT INTO attempts (id, user_id, kind, scenario_id, pack_id, title, title_en, mode, "
        "started_at, status, passed, turn_count, created_at, updated_at, seat_id) VALUES "
        "(%s, %s, 'practice', 's', 'p', 't', 't', 'voice', 't', 'completed', 0, 1, 't', 't', %s)",
        [attempt, user, seat],
    )
    conn.execute(
        "INSERT INTO turns (id, attempt_id, seq, turn_id, caller_text, transcript, score, passed,"
        " mode, superseded, result_json, created_at, updated_at, seat_id) VALUES "
        "(%s, %s, 1, 1, 'c', 'x', 20, 0, 'voice', 0, '{}', 't', 't', %s)",
        [turn, attempt, seat],
    )
    insert(turn, attempt)
    with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="append-only"):
        conn.execute("UPDATE overrides SET decision = 'fail' WHERE id = %s", [override])
