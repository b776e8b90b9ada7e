"""What a trainer assigns follows the trainee to every seat (centre schema 5): a group, its
members and assignments made on one seat reach the centre and every other seat; the trainee
sees them, with progress from their practice on any seat; a later edit wins everywhere."""

from __future__ import annotations

from tests.room.helpers import practise, sync


def test_assignments_made_on_one_seat_follow_the_trainee(centre, seats, grader):
    centre.add_user("trainer", "trainer")
    alice_id = centre.add_user("alice")
    a = seats.open("seat-a")
    sync(a)  # the room's accounts
    trainer = a.accounts.sign_in("trainer", "password-1")
    group = a.assignments.create_group(trainer, "早班")
    a.assignments.add_members(trainer, group.id, [alice_id])
    to_group = a.assignments.assign(trainer, "emotional-callers", group_id=group.id,
                                    threshold=80, note="本周完成")  # fmt: skip
    to_alice = a.assignments.assign(trainer, "emotional-callers", scenario_id="angry-caller",
                                    user_id=alice_id, threshold=70)  # fmt: skip
    report = sync(a)
    assert report.pushed.get("groups") == 1 and report.pushed.get("assignments") == 2
    assert centre.count("group_members", "user_id = %s", [alice_id]) == 1
    # alice sits at another seat: her assignments are there, her practice there counts
    b = seats.open("seat-b")
    sync(b)
    alice = b.accounts.sign_in("alice", "password-1")
    mine = {p.assignment_id: p for p in b.assignments.my_assignments(alice)}
    assert set(mine) == {to_group.id, to_alice.id}
    assert mine[to_alice.id].status == "not_started"
    practise(b, alice, grader, seed=1)  # the model answer passes
    mine = {p.assignment_id: p for p in b.assignments.my_assignments(alice)}
    assert mine[to_alice.id].status in ("done", "done_late")
    # an edit on seat A wins on seat B at its next pull; the trainer on A reads them too
    a.assignments.update(trainer, to_alice.id, threshold=90, note="提高要求")
    sync(a)
    sync(b)
    (row,) = b.db.query("SELECT threshold, note FROM assignments WHERE id = ?", [to_alice.id])
    assert (row["threshold"], row["note"]) == (90, "提高要求")
    sync(a)
    progress = a.assignments.trainee_assignments(trainer, alice_id)
    assert {p.assignment_id for p in progress} == {to_group.id, to_alice.id}
