"""Privacy across the room (centre schema 4): consent to keep recordings follows the trainee
to their other seats (at the first sign-in there and at every pull); practice replayed from
``pending/`` at start-up keeps its take only with consent (withdrawn elsewhere counts); a
recording deleted on a seat is deleted at the centre too, with the deletion on record — and
bytes another row still keeps stay."""

from __future__ import annotations

import psycopg
import pytest

from simulator.core.records import TurnRecord
from simulator.store.pending import PendingCall
from tests.room.helpers import practise, sync, tone


@pytest.fixture
def two_seats(centre, seats):
    centre.add_user("alice")
    centre.add_user("bob")
    a, b = seats.open("seat-a"), seats.open("seat-b")
    return a, b


def test_consent_follows_the_trainee_to_their_other_seats(two_seats, centre):
    a, b = two_seats
    alice_a = a.accounts.sign_in("alice", "password-1")
    a.privacy.give_consent(alice_a)
    sync(a)
    assert centre.count("recording_consents", "action = 'given'") == 1
    # first sign-in on seat B: the consent comes with the account
    alice_b = b.accounts.sign_in("alice", "password-1")
    assert b.privacy.may_record(alice_b.user_id)
    # withdrawn on seat A: seat B learns it at its next pull and keeps no take from then on
    a.privacy.revoke_consent(alice_a)
    sync(a)
    sync(b)
    assert not b.privacy.may_record(alice_b.user_id)
    assert [c.action for c in b.privacy.consent(alice_b).history] == ["given", "revoked"]
    # pulled rows are not pushed back; pulled again they change nothing
    sync(b)
    assert centre.count("recording_consents") == 2
    assert b.db.scalar("SELECT COUNT(*) FROM recording_consents") == 2
    # given again on seat B: it reaches seat A
    b.privacy.give_consent(alice_b)
    sync(b)
    sync(a)
    assert a.privacy.may_record(alice_a.user_id)


def test_practice_replayed_at_start_up_keeps_its_take_only_with_consent(two_seats, grader):
    a, b = two_seats
    alice_a = a.accounts.sign_in("alice", "password-1")
    a.privacy.give_consent(alice_a)
    sync(a)
    alice_b = b.accounts.sign_in("alice", "password-1")
    # on seat B a call's write failed: its take is on disk, its turn waits in pending/
    scenario = grader.catalog.scenario("angry-caller")
    attempt = b.practice.start_attempt(alice_b, "angry-caller", "pack", "t", "t", "voice")
    saved = b.recordings.save_wav(tone(), 16000, f"takes/{attempt}-1.wav")
    result = grader.grade("angry-caller", 1, scenario.turn(1).model_answers[0].text)
    turn = TurnRecord(1, result, scenario.turn(1).caller.text, "voice")
    call = PendingCall(
        attempt,
        {"id": attempt, "scenario_id": "angry-caller", "mode": "voice"},
        [{"kind": "turn", "record": turn.to_dict(), "recording": saved.relpath}],
    )
    b.practice.keep_unsaved(alice_b, call)
    # meanwhile alice withdrew her consent on seat A; seat B pulled it before its next start
    a.privacy.revoke_consent(alice_a)
    sync(a)
    sync(b)
    report = b.practice.reconcile()
    assert report.replayed == 1 and report.discarded == [saved.relpath]
    (row,) = b.db.query("SELECT recording, transcript FROM turns WHERE attempt_id = ?", [attempt])
    assert row["recording"] is None and row["transcript"]  # the turn is saved, the take is not
    assert not saved.path.exists() and report.recovered == []
    assert not any(b.recordings.recovered.rglob("*.wav"))


def test_a_recording_deleted_on_a_seat_is_deleted_at_the_centre(two_seats, centre, grader):
    a, _b = two_seats
    alice = a.accounts.sign_in("alice", "password-1")
    bob = a.accounts.sign_in("bob", "password-1")
    mine = practise(a, alice, grader, seed=1)
    practise(a, bob, grader, seed=2)
    shared = practise(a, alice, grader, seed=2)  # the same bytes as bob's take
    sync(a)
    assert centre.count("recordings") == 2
    a.privacy.delete_my_recordings(alice)
    sync(a)
    deletions = centre.sql("SELECT reason, source, row_id FROM recording_deletions")
    assert len(deletions) == 2 and {d["reason"] for d in deletions} == {"owner"}
    # alice's own bytes are gone; the bytes bob's take shares stay while bob keeps it
    assert centre.count("recordings") == 1
    (turn,) = centre.sql(
        "SELECT t.recording, t.recording_deleted_reason FROM turns t WHERE t.attempt_id = %s",
        [mine],
    )
    assert turn["recording"] is None and turn["recording_deleted_reason"] == "owner"
    assert centre.count("centre_audit", "action = 'recording.deleted'") == 1
    a.privacy.delete_my_recordings(bob)
    sync(a)
    assert centre.count("recordings") == 0
    assert centre.count("recording_deletions") == 3
    assert centre.count("centre_audit", "action = 'recording.deleted'") == 2
    assert centre.count("turns", "attempt_id = %s AND recording IS NULL", [shared]) == 1


def test_a_recording_leaves_the_centre_only_with_its_deletion_on_record(two_seats, centre, grader):
    a, _b = two_seats
    alice = a.accounts.sign_in("alice", "password-1")
    practise(a, alice, grader)
    sync(a)
    with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="deletion on record"):
        centre.sql("DELETE FROM recordings")
    with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="append-only"):
        centre.sql("UPDATE recordings SET size = size + 1")
    assert centre.count("recordings") == 1
