"""The written conflict rules (docs/training-room.md), each against a real centre: the same
trainee on two seats keeps both attempts; a change made offline loses to a later one at the
centre and is replaced at the next pull; an account disabled while a seat was offline has its
later records accepted and flagged, the seat told and the person signed out; a seat's clock an
hour off changes neither the order (the centre's receive order) nor the disabled rule (the
seat's offset is measured and corrected)."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime, timedelta

import pytest

from simulator.services.accounts import SignInError
from simulator.sync.engine import SyncEngine
from simulator.sync.records import SyncReport
from simulator.sync.registry import REGISTRY, Direction, Rule, Scope, SyncTable
from tests.room.helpers import Centre, practise, sync


def test_the_same_trainee_on_two_seats_keeps_both_attempts(centre, seats, grader):
    centre.add_user("alice")
    a, b = seats.open("seat-a"), seats.open("seat-b")
    on_a = a.accounts.sign_in("alice", "password-1")
    on_b = b.accounts.sign_in("alice", "password-1")
    x = practise(a, on_a, grader, seed=1)
    y = practise(b, on_b, grader, seed=2)
    assert x != y
    sync(a)
    sync(b)
    sync(a)
    rows = centre.sql("SELECT id, seat_id FROM attempts ORDER BY recv_seq")
    assert [(str(r["id"]), str(r["seat_id"])) for r in rows] == [
        (x, a.db.seat_id), (y, b.db.seat_id)
    ]  # fmt: skip
    assert (
        {r.id for r in a.practice.history(on_a)}
        == {x, y}
        == {r.id for r in b.practice.history(on_b)}
    )


def skew(monkeypatch, hours: float):
    """This process's seats write timestamps ``hours`` off (the centre keeps its own clock)."""
    import simulator.store.db as db

    original = db.utc_now

    def shifted() -> str:
        value = datetime.now(UTC) + timedelta(hours=hours)
        return value.isoformat(timespec="milliseconds").replace("+00:00", "Z")

    for module in list(sys.modules.values()):
        name = getattr(module, "__name__", "") or ""
        if name.startswith("simulator") and getattr(module, "utc_now", None) is original:
            monkeypatch.setattr(module, "utc_now", shifted)
    return shifted


def test_a_disabled_account_offline_is_accepted_flagged_and_signed_out(
    centre, seats, grader, proxy
):
    alice_id = centre.add_user("alice")
    seat = seats.open("seat-a", url=proxy.url)
    alice = seat.accounts.sign_in("alice", "password-1")
    sync(seat)
    proxy.down()
    before = practise(seat, alice, grader, seed=1)
    time.sleep(1.0)  # well apart from the disable (the offset is measured to the latency)
    centre.disable(alice_id)
    time.sleep(1.0)
    after = practise(seat, alice, grader, seed=2)  # still signed in, offline
    assert not seat.room.state().online or seat.room.state().total_queued
    proxy.up()
    told: list = []
    report = SyncEngine(seat, on_sign_out=told.append).run_once()
    assert report.ok, report.error
    assert told == [[alice_id]] and report.signed_out == [alice_id]
    flags = {str(r["id"]): r["flags"] for r in centre.sql("SELECT id, flags FROM attempts")}
    assert flags == {before: [], after: ["account_disabled"]}  # both kept
    assert seat.room.must_sign_out(alice)
    assert seat.room.state().signed_out == (alice_id,)
    with pytest.raises(SignInError, match="disabled"):
        seat.accounts.sign_in("alice", "password-1")


def test_a_seat_clock_an_hour_off(centre, seats, grader, monkeypatch, centre_clock):
    alice_id = centre.add_user("alice")
    right = seats.open("seat-right")
    wrong = seats.open("seat-wrong")
    on_right = right.accounts.sign_in("alice", "password-1")
    on_wrong = wrong.accounts.sign_in("alice", "password-1")
    first = practise(right, on_right, grader, seed=1)
    sync(right)
    shifted = skew(monkeypatch, -1.0)  # the wrong seat's clock is an hour slow
    second = practise(wrong, on_wrong, grader, seed=2)  # written later, stamped an hour earlier
    sync(wrong, seat_clock=shifted)
    order = [str(r["id"]) for r in centre.sql("SELECT id FROM attempts ORDER BY recv_seq")]
    assert order == [first, second]
    stamps = {str(r["id"]): r["started_at"] for r in centre.sql("SELECT * FROM attempts")}
    assert stamps[second] < stamps[first]  # the seat's own times are kept as written ...
    token = centre.staff_token("alice")
    history = centre.service.history(token, alice_id)
    assert [h["attempt_id"] for h in history] == [second, first]  # ... the centre's order rules
    # the disabled rule uses the seat's offset: written before the disable, not flagged
    late_stamp = practise(wrong, on_wrong, grader, seed=3)
    time.sleep(1.0)
    centre.disable(alice_id)
    time.sleep(1.0)
    after = practise(wrong, on_wrong, grader, seed=4)
    report = SyncEngine(wrong, seat_clock=shifted).run_once()
    assert report.ok, report.error
    flags = {str(r["id"]): r["flags"] for r in centre.sql("SELECT id, flags FROM attempts")}
    assert flags[late_stamp] == [] and flags[after] == ["account_disabled"]
    # the console keeps the centre's time: the seat is not silent, its offset is about +1 h
    now = centre_clock.freeze()
    SyncEngine(wrong, seat_clock=shifted).heartbeat(SyncReport())
    centre.add_user("admin", "admin")
    feed = centre.service.console(centre.staff_token("admin"))
    (seat,) = [s for s in feed["seats"] if s["seat_id"] == wrong.db.seat_id]
    assert seat["silent_s"] == 0.0 and seat["last_heartbeat_at"].startswith(now.date().isoformat())
    assert abs(seat["clock_offset_ms"] - 3_600_000) < 60_000


NOTES = SyncTable("notes", Direction.BOTH, Rule.LATEST_UPDATED_AT, False, scope=Scope.ALL,
                  time_column="updated_at", optional=True)  # fmt: skip
CENTRE_NOTES = """
CREATE TABLE notes (id uuid PRIMARY KEY, body text NOT NULL, created_at text NOT NULL,
  updated_at text NOT NULL, seat_id uuid NOT NULL, src_seq bigint NOT NULL DEFAULT 0,
  recv_seq bigint NOT NULL DEFAULT nextval('recv_seq'), received_at timestamptz NOT NULL
  DEFAULT now(), txid xid8 NOT NULL DEFAULT pg_current_xact_id(), flags text[] NOT NULL
  DEFAULT '{}', effective_at timestamptz NOT NULL DEFAULT now());
CREATE TRIGGER notes_touch BEFORE UPDATE ON notes FOR EACH ROW EXECUTE FUNCTION sim_touch();
"""
LOCAL_NOTES = (
    "CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT NOT NULL, created_at TEXT NOT NULL, "
    "updated_at TEXT NOT NULL, seat_id TEXT NOT NULL)"
)


def test_an_edit_made_offline_loses_to_a_later_one(centre_url, centre_clock, seats, proxy):
    """A table another feature adds (like assignments), registered in a few lines: the latest
    ``updated_at`` wins at the centre and replaces the stale copy at the next pull."""
    registry = (*REGISTRY, NOTES)
    centre = Centre(centre_url, centre_clock, registry=registry)
    try:
        centre.sql(CENTRE_NOTES)
        a = seats.open("seat-a", centre=centre)
        b = seats.open("seat-b", centre=centre)
        for s in (a, b):
            with s.db.tx() as conn:
                conn.execute(LOCAL_NOTES)
        now = datetime.now(UTC)

        def stamp(minutes: float) -> str:
            return (now + timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")

        with a.db.tx() as conn:
            a.db.insert(conn, "notes", {"id": "9b1c7c52-1f7e-4b1a-9a57-0f3c2d1e4b6a",
                                        "body": "v1"})  # fmt: skip
        note = "9b1c7c52-1f7e-4b1a-9a57-0f3c2d1e4b6a"
        sync(a, registry=registry)
        sync(b, registry=registry)
        assert b.db.scalar("SELECT body FROM notes") == "v1"
        # B edits while offline (earlier); A edits later and syncs first
        with b.db.tx() as conn:
            b.db.update(conn, "notes", note, {"body": "B, offline", "updated_at": stamp(1)})
        with a.db.tx() as conn:
            a.db.update(conn, "notes", note, {"body": "A, later", "updated_at": stamp(2)})
        sync(a, registry=registry)
        report = sync(b, registry=registry)  # pushes its stale edit, then pulls the winner
        assert report.pushed == {"notes": 1}
        assert centre.sql("SELECT body FROM notes")[0]["body"] == "A, later"
        assert b.db.scalar("SELECT body FROM notes") == "A, later"
        # and the other way round: the later edit comes from the seat that was offline
        with b.db.tx() as conn:
            b.db.update(conn, "notes", note, {"body": "B, latest", "updated_at": stamp(5)})
        sync(b, registry=registry)
        sync(a, registry=registry)
        assert a.db.scalar("SELECT body FROM notes") == "B, latest"
        assert centre.sql("SELECT body FROM notes")[0]["body"] == "B, latest"
    finally:
        centre.close()
