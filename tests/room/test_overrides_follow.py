"""A trainer's override follows the trainee (centre schema 6): a trainer on seat B opens an
attempt made on seat A from the centre, overrules a turn; the override reaches the centre
exactly once (the same batch twice, the same rows again, change nothing; an altered copy is
refused and audited) and seat A's history shows the overruled verdict."""

from __future__ import annotations

from simulator.sync.records import SyncReport
from tests.room.helpers import engine, practise, sync


def _batch(seat, batch_id: str) -> dict:
    eng = engine(seat)
    eng._centre_tables = set(eng.client.status()["tables"])
    names = [t.name for t in eng._tables(pushed=True)]
    items = eng._items(eng.outbox.pending(1000, names))
    eng._upload(items, SyncReport())
    return eng, {"batch_id": batch_id, "seat_now": "2026-12-01T09:00:00Z", "entries": items}


def test_an_override_made_on_another_seat_follows_the_trainee(centre, seats, grader):
    centre.add_user("trainer", "trainer")
    centre.add_user("alice")
    a = seats.open("seat-a")
    alice = a.accounts.sign_in("alice", "password-1")
    attempt = practise(a, alice, grader)  # the model answer: the grader passes it
    sync(a)
    b = seats.open("seat-b")
    sync(b)
    trainer = b.accounts.sign_in("trainer", "password-1")
    remote = b.remote_attempts.open(trainer, attempt)
    assert remote.fresh and remote.seat_id == a.db.seat_id
    (turn,) = remote.review.turns
    assert turn.verdict.passed and turn.turn.recording is None  # the recording stays at A
    assert turn.turn.result.transcript  # the transcript and findings came with it
    queued = {q.table for q in b.room.state().queued}
    assert not queued & {"attempts", "turns", "overrides"}  # the copies are not sent back
    b.overrides.override_verdict(trainer, turn.turn.id, "fail", "没有先致歉")
    eng, batch = _batch(b, "5d2c8e1a-3b4f-4a6d-9e7c-1f2a3b4c5d6e")
    assert any(e["t"] == "overrides" for e in batch["entries"])
    first = eng.client.push(batch)
    assert first["accepted"] >= 1 and not first["rejected"]
    second = eng.client.push(batch)  # the same batch again
    assert second["duplicate"] and second["accepted"] == first["accepted"]
    sync(b)  # the same rows again under the seat's own batch: recognised, nothing doubles
    assert centre.count("overrides") == 1
    (row,) = centre.sql("SELECT turn_id::text, seat_id::text, trainee_id::text FROM overrides")
    assert row == {"turn_id": turn.turn.id, "seat_id": b.db.seat_id, "trainee_id": alice.user_id}
    # an override altered on the seat after it was recorded: refused, audited, original kept
    altered = [dict(e, row={**e["row"], "comment": "改过"}) for e in batch["entries"]
               if e["t"] == "overrides"]  # fmt: skip
    third = eng.client.push({**batch, "batch_id": "7e6d5c4b-3a2f-4e1d-8c0b-9a8f7e6d5c4b",
                             "entries": altered})  # fmt: skip
    assert [r["t"] for r in third["rejected"]] == ["overrides"]
    assert centre.sql("SELECT comment FROM overrides")[0]["comment"] == "没有先致歉"
    assert centre.count("centre_audit", "action = 'sync.rejected'") >= 1
    # seat A pulls it: alice's history shows the overruled verdict
    report = sync(a)
    assert report.pulled.get("overrides") == 1
    turns = a.practice.attempt_turns(alice, attempt)
    verdicts = a.overrides.overruled(alice, turns)
    assert [v.passed for v in verdicts.values()] == [False]
    assert sync(a).pulled.get("overrides") is None  # pulled once
    assert a.db.scalar("SELECT COUNT(*) FROM overrides") == 1


def test_an_override_of_a_turn_this_seat_lacks_is_left_at_the_centre(centre, seats, grader):
    """Alice signs in on seat C (her attempts come along, their turns stay on seat A): the
    override of a turn C does not hold is not applied there, and the pull goes on."""
    centre.add_user("trainer", "trainer")
    centre.add_user("alice")
    a = seats.open("seat-a")
    alice = a.accounts.sign_in("alice", "password-1")
    attempt = practise(a, alice, grader)
    sync(a)
    trainer = a.accounts.sign_in("trainer", "password-1")
    (turn,) = a.overrides.open_attempt(trainer, attempt).turns
    a.overrides.override_verdict(trainer, turn.turn.id, "fail", "语气生硬")
    sync(a)
    assert centre.count("overrides") == 1
    c = seats.open("seat-c")
    sync(c)
    c.accounts.sign_in("alice", "password-1")
    report = sync(c)
    assert report.ok and c.db.scalar("SELECT COUNT(*) FROM attempts WHERE id=?", [attempt]) == 1
    assert c.db.scalar("SELECT COUNT(*) FROM overrides") == 0
