"""The sync lane: ``SyncLoop`` runs the engine on a thread of its own, keeps going while the
centre cannot be reached (the error in words in the sync state), catches up when it is back,
syncs at once when woken, and stops and joins when told."""

from __future__ import annotations

import time

from tests.room.helpers import practise, wait_for


def test_the_loop_syncs_in_the_background_and_stops_when_told(centre, seats, grader, proxy):
    centre.add_user("alice")
    seat = seats.open("seat-a", url=proxy.url)
    alice = seat.accounts.sign_in("alice", "password-1")
    reports = []
    loop = seat.room.loop(interval_s=3600.0)  # only the first run and wake-ups
    loop.on_report = reports.append
    loop.start()
    try:
        assert wait_for(lambda: loop.runs >= 1)
        assert reports[0].ok and seat.room.state().online
        practise(seat, alice, grader)
        loop.wake()
        assert wait_for(lambda: centre.count("attempts") == 1)
        proxy.down()
        loop.wake()
        assert wait_for(lambda: seat.room.state().last_error is not None)
        assert "cannot be reached" in seat.room.state().last_error
        assert not seat.room.state().online
        practise(seat, alice, grader, seed=1)  # the seat keeps working offline
        proxy.up()
        loop.wake()
        assert wait_for(lambda: centre.count("attempts") == 2)
        assert wait_for(lambda: seat.room.state().last_error is None)
    finally:
        loop.stop()
        assert loop.join(timeout=120)
    assert not loop.running
    runs = loop.runs
    time.sleep(0.2)
    assert loop.runs == runs  # stopped means stopped


def test_a_loop_that_cannot_reach_its_centre_backs_off_and_still_stops(centre, seats, proxy):
    seat = seats.open("seat-a", url=proxy.url)
    proxy.down()
    loop = seat.room.loop(interval_s=0.01)
    loop.start()
    try:
        assert wait_for(lambda: loop.runs >= 3)
        assert loop.last is not None and not loop.last.ok
    finally:
        loop.stop()
        assert loop.join(timeout=120)
    assert "cannot be reached" in seat.room.state().last_error
