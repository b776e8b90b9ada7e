"""Pushing a seat's records to the centre: a standalone seat queues nothing; a joined seat's
practice, recordings first, reaches PostgreSQL exactly once — a batch delivered twice or
retried after its reply was lost changes nothing; the history from before the seat joined
goes too, under the account rules (staff imported disabled, a taken name suffixed)."""

from __future__ import annotations

import hashlib
import zlib

import pytest

from simulator.services import Role, Services
from simulator.services.accounts import AccountError
from simulator.services.room import RoomError
from simulator.sync.client import CentreClient, Offline
from simulator.sync.engine import SyncEngine
from tests.room.helpers import engine, practise, sync


def test_a_standalone_seat_queues_nothing_and_says_it_has_no_centre(tmp_path, grader):
    s = Services.open(tmp_path / "alone", grader=grader)
    try:
        admin = s.accounts.create_first_admin("admin", "管理员", "s3cret-pass")
        practise(s, admin, grader)
        assert s.db.scalar("SELECT COUNT(*) FROM sync_outbox") == 0
        assert not s.db.query("SELECT name FROM sqlite_master WHERE name LIKE 'sync_q_%'")
        state = s.room.state()
        assert not state.joined and state.total_queued == 0 and not state.online
        with pytest.raises(RoomError, match="not joined"):
            s.room.engine()
    finally:
        s.close()


def test_practice_reaches_the_centre_with_its_recording(centre, seats, grader):
    centre.add_user("alice")
    seat = seats.open("seat-a")
    alice = seat.accounts.sign_in("alice", "password-1")  # first time here: through the centre
    attempt = practise(seat, alice, grader)
    assert seat.room.state().total_queued > 0
    report = sync(seat)
    assert report.recordings == 1 and report.pushed["attempts"] == 1
    row = centre.sql("SELECT * FROM attempts WHERE id = %s", [attempt])[0]
    assert str(row["user_id"]) == alice.user_id and str(row["seat_id"]) == seat.db.seat_id
    assert row["status"] == "completed"
    (turn,) = centre.sql("SELECT * FROM turns WHERE attempt_id = %s", [attempt])
    local = seat.db.one("SELECT * FROM turns WHERE attempt_id = ?", [attempt])
    assert turn["recording_sha256"] == local["recording_sha256"]
    (rec,) = centre.sql("SELECT * FROM recordings")
    data = zlib.decompress(rec["data"])
    assert hashlib.sha256(data).hexdigest() == local["recording_sha256"] == rec["sha256"]
    assert data == seat.recordings.absolute(local["recording"]).read_bytes()
    assert centre.count("violations", "attempt_id = %s", [attempt]) == seat.db.scalar(
        "SELECT COUNT(*) FROM violations WHERE attempt_id = ?", [attempt]
    )
    state = seat.room.state()
    assert state.total_queued == 0 and state.online and state.last_error is None


def test_the_same_batch_twice_changes_nothing(centre, seats, grader):
    centre.add_user("alice")
    seat = seats.open("seat-a")
    alice = seat.accounts.sign_in("alice", "password-1")
    for i in range(3):
        practise(seat, alice, grader, seed=i)
    eng = engine(seat)
    eng._centre_tables = set(eng.client.status()["tables"])
    names = [t.name for t in eng._tables(pushed=True)]
    entries = eng.outbox.pending(1000, names)
    items = eng._items(entries)
    from simulator.sync.records import SyncReport

    eng._upload(items, SyncReport())
    batch = {"batch_id": "3a0d1f4e-7c55-4c1b-9d8a-0c6f1b2e3d4f", "seat_now": "2026-12-01T09:00:00Z",
             "entries": items}  # fmt: skip
    first = eng.client.push(batch)
    counts = {t: centre.count(t) for t in ("attempts", "turns", "violations", "audit")}
    second = eng.client.push(batch)
    assert second["duplicate"] and second["accepted"] == first["accepted"]
    assert {t: centre.count(t) for t in counts} == counts
    # the same rows again under another batch id: each row is recognised, nothing doubles
    third = eng.client.push({**batch, "batch_id": "0b8a2f9c-1d3e-4f5a-8b7c-6d5e4f3a2b1c"})
    assert third["accepted"] == 0 and third["unchanged"] == len(items) and not third["rejected"]
    assert {t: centre.count(t) for t in counts} == counts


class LosingReplies(CentreClient):
    """The centre commits, the reply never arrives (a timeout, a cut cable)."""

    def push(self, batch):
        super().push(batch)
        raise Offline("the reply was lost")


def test_a_retry_after_a_lost_reply_is_exactly_once(centre, seats, grader):
    from simulator.sync.join import load_token

    centre.add_user("alice")
    seat = seats.open("seat-a")
    alice = seat.accounts.sign_in("alice", "password-1")
    for i in range(4):
        practise(seat, alice, grader, seed=i)
    queued = seat.room.state().total_queued
    lossy = SyncEngine(seat, LosingReplies(centre.url, load_token(seat.data_dir)), batch_rows=7)
    report = lossy.run_once()
    assert not report.ok and "lost" in report.error
    assert seat.room.state().total_queued == queued  # the cursor did not move
    assert seat.room.state().last_error == report.error
    assert centre.count("attempts") >= 1  # ... yet the centre had committed the first batch
    sync(seat, batch_rows=7)
    assert seat.room.state().total_queued == 0
    local = seat.db.scalar("SELECT COUNT(*) FROM turns")
    assert centre.count("turns") == local == 4
    assert centre.count("attempts") == 4
    assert centre.count("recordings") == 4
    assert centre.sql("SELECT COUNT(DISTINCT id) AS n FROM audit")[0]["n"] == centre.count("audit")


def test_a_deadlock_at_the_centre_refuses_nothing_and_the_seat_retries(
    centre, seats, grader, monkeypatch
):  # fmt: skip
    """A transient failure while the batch is written (here a deadlock, twice: the whole
    batch's run, then its first row alone) is not a refusal: the batch rolls back, the seat
    keeps its queue and sends it again, and every row arrives."""
    import psycopg

    from simulator.centre.push import Pusher

    centre.add_user("alice")
    seat = seats.open("seat-a")
    alice = seat.accounts.sign_in("alice", "password-1")
    for i in range(2):
        practise(seat, alice, grader, seed=i)
    queued = seat.room.state().total_queued
    write, failures = Pusher._write, []

    def deadlocks_twice(self, run):
        if len(failures) < 2:
            failures.append(run[0].t.name)
            raise psycopg.errors.DeadlockDetected("deadlock detected")
        return write(self, run)

    monkeypatch.setattr(Pusher, "_write", deadlocks_twice)
    for _ in range(2):
        report = engine(seat).run_once()
        assert not report.ok and "not answering" in report.error
        assert seat.room.state().total_queued == queued and not report.rejected
    report = sync(seat)
    assert len(failures) == 2 and not report.rejected and seat.room.state().rejected == 0
    assert seat.room.state().total_queued == 0
    assert centre.count("sync_rejections") == 0
    assert centre.count("attempts") == 2 and centre.count("turns") == 2


def test_history_from_before_joining_goes_to_the_centre(centre, seats, grader):
    centre.add_user("admin", "admin")  # the room's administrator: the seat's "admin" is renamed
    seat = seats.open("seat-b", join=False)
    admin = seat.accounts.create_first_admin("admin", "管理员", "s3cret-pass")
    seat.accounts.create_user(admin, "li", "李", Role.TRAINEE, "password-1")
    li = seat.accounts.sign_in("li", "password-1")
    earlier = practise(seat, li, grader)
    result = seat.room.join(None, centre.url, centre.code(), "seat-b")
    assert result.renamed == {admin.user_id: "admin@seat-b"}
    assert result.disabled == (admin.user_id,)  # a seat cannot bring its own administrators
    sync(seat)
    (row,) = centre.sql("SELECT * FROM users WHERE id = %s", [li.user_id])
    assert row["disabled"] == 0 and row["username"] == "li"
    assert centre.sql("SELECT disabled FROM users WHERE id = %s", [admin.user_id])[0]["disabled"]
    assert centre.count("attempts", "id = %s", [earlier]) == 1
    assert centre.count("audit", "seat_id = %s", [seat.db.seat_id]) == seat.db.scalar(
        "SELECT COUNT(*) FROM audit WHERE seat_id = ?", [seat.db.seat_id]
    )
    # accounts now come from the centre: the seat's own admin is disabled and renamed here too
    local = seat.accounts.store.by_id(admin.user_id)
    assert local.username == "admin@seat-b" and local.disabled
    # ... and no account is made or changed on a joined seat
    room_admin = seat.accounts.sign_in("admin", "password-1")
    with pytest.raises(AccountError, match="managed at the centre"):
        seat.accounts.create_user(room_admin, "wang", "王", Role.TRAINEE, "password-1")
