"""The proctor console over the room: every seat's exam (candidate, state, time left, answers
given, last heartbeat), commands queued at the centre and applied by the seat as the proctor
who issued them — once, even when delivered again — and acknowledged; alerts when a seat stops
reporting; only proctors and admins may read it or command (refusals audited)."""

from __future__ import annotations

import pytest

from simulator.centre.db import Forbidden
from simulator.services import PermissionDenied
from simulator.services.room import RoomError
from simulator.sync import exam_link
from tests.room.helpers import answer_right, start_exam, sync, written_items


@pytest.fixture
def room(centre, seats):
    centre.add_user("proctor", "proctor")
    centre.add_user("alice")
    centre.add_user("bob")
    seat = seats.open("seat-a")
    proctor = seat.accounts.sign_in("proctor", "password-1")
    seat.pins.set_pin(proctor, "246810")
    alice = seat.accounts.sign_in("alice", "password-1")
    return seat, proctor, alice


def test_the_console_shows_each_exam_and_its_commands_are_applied_once(room, centre):
    seat, proctor, alice = room
    attempt = start_exam(seat, proctor, alice)
    items = written_items(seat, attempt)
    answer_right(seat, alice, attempt, items[0])
    answer_right(seat, alice, attempt, items[1])
    sync(seat)
    feed = seat.room.console(proctor)  # the proctor's token came with their sign-in here
    (live,) = feed.exams
    assert (live.attempt_id, live.candidate_id, live.state) == (attempt, alice.user_id, "active")
    assert (live.answered, live.items) == (2, 5 + 2) and live.remaining_ms == 10 * 60_000
    assert live.seat_name == "seat-a" and not feed.alerts
    # pause and add time from the console (any machine of the room)
    paused = seat.room.command(proctor, attempt, "pause", reason="fire drill")
    added = seat.room.command(proctor, attempt, "add_time", minutes=5, reason="noise")
    report = sync(seat)
    assert report.commands == 2
    assert seat.exams.status(alice, attempt).state == "paused"
    assert seat.exams.status(alice, attempt).extra_ms == 5 * 60_000
    acks = {
        str(r["id"]): (r["outcome"], r["acked_at"] is not None)
        for r in centre.sql("SELECT * FROM proctor_commands")
    }
    assert acks == {paused.id: ("applied", True), added.id: ("applied", True)}
    # the same commands again (a crash before the acknowledgement was written): no double time
    with seat.db.tx() as conn:
        conn.execute("UPDATE proctor_commands SET applied_at = NULL")
    assert exam_link.apply_pending(seat) == 2
    assert seat.exams.status(alice, attempt).extra_ms == 5 * 60_000
    audit = [e.action for e in seat.audit.entries(subject=attempt)]
    assert audit.count("exam.paused") == 1 and audit.count("exam.time_added") == 1
    seat.room.command(proctor, attempt, "resume")
    seat.room.command(proctor, attempt, "terminate", reason="left the room")
    sync(seat)
    sync(seat)  # the sealed result and its audit entries follow
    assert seat.exams.status(alice, attempt).state == "sealed"
    assert centre.count("exam_results", "attempt_id = %s", [attempt]) == 1
    (state,) = centre.sql("SELECT state FROM exam_attempts WHERE id = %s", [attempt])
    assert state["state"] == "sealed"
    feed = seat.room.console(proctor)
    assert feed.exams[0].state == "sealed"
    assert {c.outcome for c in feed.commands} == {"applied"}


def test_a_silent_seat_raises_an_alert(room, centre, centre_clock):
    seat, proctor, alice = room
    attempt = start_exam(seat, proctor, alice)
    centre_clock.freeze()
    sync(seat)
    token = centre.staff_token("proctor")
    assert not centre.service.console(token)["alerts"]
    centre_clock.advance(centre.service.silence_s + 5)
    (alert,) = centre.service.console(token)["alerts"]
    assert alert["attempt_id"] == attempt and "silent" in alert["message"]
    sync(seat)  # the seat reports again: the alert goes, the gap stays on record
    feed = centre.service.console(token)
    assert not feed["alerts"]
    (gap,) = feed["gaps"]
    assert gap["seat_id"] == seat.db.seat_id and gap["seconds"] > centre.service.silence_s


def test_only_proctors_read_the_console_or_command(room, centre):
    seat, proctor, alice = room
    attempt = start_exam(seat, proctor, alice)
    sync(seat)
    with pytest.raises(PermissionDenied, match="may not do exam.proctor"):
        seat.room.console(alice)
    token = centre.staff_token("alice")
    with pytest.raises(Forbidden):
        centre.service.command(token, {"attempt_id": attempt, "kind": "terminate",
                                       "args": {"reason": "x"}})  # fmt: skip
    assert centre.count("centre_audit", "action = 'permission.denied'") == 1
    assert centre.count("proctor_commands") == 0
    # a proctor signed in offline has no token for the room: told to sign in again
    seat.room.signed_out(proctor.user_id)
    with pytest.raises(RoomError, match="sign in again"):
        seat.room.console(proctor)
