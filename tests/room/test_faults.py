"""Faults, each against a real PostgreSQL: the database server stopped in the middle of a sync
and started again; a seat's sync process SIGKILLed between the centre's commit and the seat's
record of it; the room's network gone for a whole exam (answers kept, uploaded afterwards,
the console shows the gap); a sealed record altered on the seat (refused, audited). In every
case the centre's totals equal the seat's: nothing lost, nothing twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from simulator.centre.pgserver import TempServer
from simulator.centre.schema import migrate
from simulator.sync.client import CentreClient
from simulator.sync.engine import SyncEngine
from simulator.sync.join import load_token
from tests.room.helpers import (
    Centre,
    answer_right,
    practise,
    start_exam,
    sync,
    sync_until_ok,
    written_items,
)

DRIVER = Path(__file__).parent / "tools" / "seat_driver.py"
TABLES = ("attempts", "turns", "violations", "audit", "review_cards", "review_log")


def local_count(seat, table: str) -> int:
    return seat.db.scalar(f"SELECT COUNT(*) FROM {table} WHERE seat_id = ?", [seat.db.seat_id])


def assert_same_totals(seat, centre) -> None:
    for table in TABLES:
        here = local_count(seat, table)
        there = centre.count(table, "seat_id = %s", [seat.db.seat_id])
        distinct = centre.sql(
            f"SELECT COUNT(DISTINCT id) AS n FROM {table} WHERE seat_id = %s", [seat.db.seat_id]
        )[0]["n"]
        assert (table, here) == (table, there) == (table, distinct)
    assert centre.count("recordings") == seat.db.scalar(
        "SELECT COUNT(DISTINCT recording_sha256) FROM turns WHERE recording IS NOT NULL"
    )


def backlog(seat, grader, n: int, failing_every: int = 3):
    session = seat.accounts.sign_in("alice", "password-1")
    for i in range(n):
        text = "喂，你吵什么吵" if i % failing_every == 0 else None
        practise(seat, session, grader, text=text, seed=i)
    return session


@pytest.mark.slow
def test_the_database_stopped_mid_sync_and_restarted(seats, centre_clock, grader):
    with TempServer() as server:
        import psycopg

        with psycopg.connect(server.url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE centre")
        migrate(server.url("centre"))
        centre = Centre(server.url("centre"), centre_clock)
        try:
            centre.add_user("alice")
            seat = seats.open("seat-a", centre=centre)
            backlog(seat, grader, 30)
            pushes = []

            class StopsTheServer(CentreClient):
                """The database goes down while the second batch is on its way."""

                def push(self, batch):
                    pushes.append(1)
                    if len(pushes) == 2:
                        stopper = threading.Thread(target=server.stop, args=("immediate",))
                        stopper.start()
                        try:
                            return super().push(batch)
                        finally:
                            stopper.join()
                    return super().push(batch)

            client = StopsTheServer(centre.url, load_token(seat.data_dir))
            report = SyncEngine(seat, client, batch_rows=25).run_once()
            assert not report.ok
            assert not server.running()
            down = SyncEngine(seat, batch_rows=25).run_once()
            assert "not answering" in down.error  # the service is up; its database is not
            assert seat.room.state().last_error == down.error
            assert seat.room.state().total_queued > 0
            server.start()
            sync_until_ok(seat, batch_rows=25)
            assert seat.room.state().total_queued == 0 and seat.room.state().online
            assert_same_totals(seat, centre)
        finally:
            centre.close()


@pytest.mark.slow
def test_a_batch_the_centre_answered_survives_the_database_crashing(seats, centre_clock, grader):
    """The seat drops its queue entries on the centre's answer, so the centre answers only
    once the batch is durable, whatever the server's settings: this server commits
    asynchronously (synchronous_commit=off, as one might set for speed) and its WAL writer
    is made to wait, so a commit that was answered but not yet flushed would be lost when
    the server is stopped at once (as by a crash) right after the answer."""
    with TempServer() as server:
        import psycopg

        with psycopg.connect(server.url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE centre")
            conn.execute("ALTER SYSTEM SET wal_writer_delay = '10s'")
            conn.execute("SELECT pg_reload_conf()")
        migrate(server.url("centre"))
        centre = Centre(server.url("centre"), centre_clock)
        try:
            centre.add_user("alice")
            seat = seats.open("seat-a", centre=centre)
            backlog(seat, grader, 6)
            with psycopg.connect(server.url(), autocommit=True) as conn:
                conn.execute("CHECKPOINT")  # what came before is on disk: only the push is at stake
            answered = []

            class CrashesAfterTheAnswer(CentreClient):
                def push(self, batch):
                    reply = super().push(batch)
                    if not answered:
                        server.stop("immediate")  # before the seat has even read the answer
                    answered.append(reply)
                    return reply

            client = CrashesAfterTheAnswer(centre.url, load_token(seat.data_dir))
            report = SyncEngine(seat, client).run_once()
            assert len(answered) == 1 and not answered[0]["rejected"]
            assert not report.ok  # the pull after the push found the database down
            assert seat.room.state().total_queued == 0  # the seat believed the answer
            server.start()
            sync_until_ok(seat)
            assert_same_totals(seat, centre)
            assert centre.count("attempts") == 6
        finally:
            centre.close()


@pytest.mark.slow
def test_a_seat_killed_mid_push_resumes_exactly_once(centre, seats, grader):
    centre.add_user("alice")
    seat = seats.open("seat-a")
    backlog(seat, grader, 24)
    seat.close()  # the seat's process is the driver now
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    cmd = [sys.executable, str(DRIVER), str(seat.data_dir), "20"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = json.loads(proc.stdout.readline() or "{}")
        assert line.get("committed") == 1, proc.stderr.read()
        line = json.loads(proc.stdout.readline() or "{}")
        assert line.get("committed") == 2, proc.stderr.read()
    finally:
        os.kill(proc.pid, signal.SIGKILL)  # between the centre's commit and the seat's record
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert 0 < centre.count("turns") < 24
    again = seats.open("seat-a", join=False)  # the same data folder, a new process's view
    assert again.room.state().total_queued > 0
    sync(again, batch_rows=20)
    assert again.room.state().total_queued == 0
    assert_same_totals(again, centre)
    assert centre.count("turns") == 24


def test_the_network_gone_for_a_whole_exam(centre, seats, proxy, centre_clock):
    centre.add_user("proctor", "proctor")
    centre.add_user("alice")
    seat = seats.open("seat-a", url=proxy.url)
    proctor = seat.accounts.sign_in("proctor", "password-1")
    alice = seat.accounts.sign_in("alice", "password-1")
    token = centre.staff_token("proctor")
    attempt = start_exam(seat, proctor, alice)
    centre_clock.freeze()
    sync(seat)
    (live,) = centre.service.console(token)["exams"]
    assert live["state"] == "active" and live["answered"] == 0
    proxy.down()
    for item in written_items(seat, attempt):
        answer_right(seat, alice, attempt, item)
    speech = seat.resources.speech
    oral = [i.index for i in seat.exams._attempt(attempt).draw.oral]
    for n, item in enumerate(oral):
        audio = speech.say(f"非常抱歉给您带来不便，我马上为您核实处理。{n}")
        seat.exams.save_oral(alice, attempt, item, audio, 16000)
    offline = SyncEngine(seat).run_once()
    assert not offline.ok and "cannot be reached" in offline.error
    seat.exams.submit(alice, attempt)
    assert seat.exams.status(alice, attempt).state == "sealed"  # graded and sealed offline
    centre_clock.advance(centre.service.silence_s + 40)
    feed = centre.service.console(token)
    (alert,) = feed["alerts"]
    assert alert["attempt_id"] == attempt  # the console sees the seat go quiet
    assert feed["exams"][0]["answered"] == 0  # ... and only what it was last told
    proxy.up()
    sync(seat)
    answers = seat.db.scalar("SELECT COUNT(*) FROM exam_answers WHERE attempt_id = ?", [attempt])
    assert centre.count("exam_answers", "attempt_id = %s", [attempt]) == answers == 7
    assert centre.count("recordings") == len(oral)
    (result,) = centre.sql("SELECT * FROM exam_results WHERE attempt_id = %s", [attempt])
    assert result["flags"] == []
    feed = centre.service.console(token)
    assert not feed["alerts"]
    (gap,) = feed["gaps"]
    assert gap["seat_id"] == seat.db.seat_id and gap["seconds"] >= centre.service.silence_s + 40
    (live,) = feed["exams"]
    assert live["state"] == "sealed" and live["answered"] == 7


def _alter(seat, table: str, row_id: str, **values) -> None:
    """What someone with the database file could do: drop the guard, change a row."""
    conn = seat.db.conn
    with seat.db._lock:
        guards = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type='trigger' AND tbl_name=? "
            "AND name NOT LIKE 'sync_q_%'",
            [table],
        ).fetchall()
        for g in guards:
            conn.execute(f"DROP TRIGGER {g['name']}")
        sets = ", ".join(f"{k}=?" for k in values)
        conn.execute(f"UPDATE {table} SET {sets} WHERE id=?", [*values.values(), row_id])
        for g in guards:
            conn.execute(g["sql"])


def test_a_sealed_record_altered_on_the_seat_is_refused_and_audited(centre, seats):
    centre.add_user("proctor", "proctor")
    centre.add_user("alice")
    centre.add_user("bob")
    seat = seats.open("seat-a")
    proctor = seat.accounts.sign_in("proctor", "password-1")
    alice = seat.accounts.sign_in("alice", "password-1")
    bob = seat.accounts.sign_in("bob", "password-1")
    first = start_exam(seat, proctor, alice)
    seat.exams.submit(alice, first)
    sync(seat)
    result = seat.db.one("SELECT * FROM exam_results WHERE attempt_id = ?", [first])
    # altered after it reached the centre: the centre keeps the original
    _alter(seat, "exam_results", result["id"], score=100, passed=1)
    report = sync(seat)
    (refused,) = report.rejected
    assert (refused.table, refused.row_id) == ("exam_results", result["id"])
    assert "altered" in refused.reason
    (kept,) = centre.sql("SELECT score, passed FROM exam_results WHERE id = %s", [result["id"]])
    assert (kept["score"], kept["passed"]) == (result["score"], result["passed"])
    # altered before it was ever sent: its hash and the seat's signature give it away
    second = start_exam(seat, proctor, bob)
    seat.exams.submit(bob, second)
    forged = seat.db.one("SELECT * FROM exam_results WHERE attempt_id = ?", [second])
    detail = json.loads(forged["detail"])
    detail["total"] = 100
    _alter(seat, "exam_results", forged["id"], detail=json.dumps(detail, sort_keys=True))
    report = sync(seat)
    assert [(r.table, r.row_id) for r in report.rejected] == [("exam_results", forged["id"])]
    assert "sealed" in report.rejected[0].reason
    assert centre.count("exam_results", "id = %s", [forged["id"]]) == 0
    assert centre.count("exam_attempts", "id = %s", [second]) == 1  # the rest got through
    assert centre.count("sync_rejections") == 2
    assert centre.count("centre_audit", "action = 'sync.rejected'") == 2
    assert seat.room.state().rejected == 2 and seat.room.state().total_queued == 0
    # an audit entry altered on the seat is refused the same way
    entry = seat.db.one("SELECT * FROM audit ORDER BY seq DESC LIMIT 1")
    _alter(seat, "audit", entry["id"], actor_name="someone else")
    report = sync(seat)
    assert [r.table for r in report.rejected] == ["audit"]
