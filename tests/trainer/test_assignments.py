"""Groups and assignments: a pack assigned to a group and a scenario to one trainee, progress
counted from completed attempts at or above the threshold, overdue by the (fake) wall clock,
edits versioned by updated_at, every operation refused to trainees and audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from simulator.core.records import TurnRecord
from simulator.core.result import result_from_dict
from simulator.services import PermissionDenied
from simulator.services.errors import NotFound, ServiceError


def practise(services, who, scenario: str, score: int, status: str = "completed") -> str:
    """One practice call of one turn with this score."""
    pack = services.resources.catalog.scenario_pack[scenario]
    attempt = services.practice.start_attempt(who, scenario, pack, scenario, scenario, "typed")
    result = result_from_dict(
        {"scenario": scenario, "turn": 1, "score": score, "passed": score >= 60}
    )
    services.practice.record_turn(who, attempt, TurnRecord(1, result, "…", "typed"))
    services.practice.finish_attempt(who, attempt, status)
    return attempt


def test_groups_hold_trainees(services, people):
    trainer, alice, bob = people["trainer"], people["alice"], people["bob"]
    group = services.assignments.create_group(trainer, "早班", "morning shift")
    group = services.assignments.add_members(trainer, group.id, [alice.user_id, bob.user_id])
    assert [m.username for m in group.active_members] == ["alice", "bob"]
    group = services.assignments.remove_members(trainer, group.id, [bob.user_id])
    assert [m.username for m in group.active_members] == ["alice"]
    assert [m.active for m in group.members] == [True, False]  # the row stays (sync)
    with pytest.raises(ServiceError, match="not a trainee"):
        services.assignments.add_members(trainer, group.id, [people["proctor"].user_id])
    with pytest.raises(ServiceError, match="is taken"):
        services.assignments.create_group(trainer, "早班")
    with pytest.raises(NotFound):
        services.assignments.add_members(trainer, "nope", [alice.user_id])
    renamed = services.assignments.update_group(trainer, group.id, name="早班 A")
    assert renamed.name == "早班 A" and renamed.updated_at >= group.updated_at
    actions = [e.action for e in services.audit.entries() if e.subject == group.id]
    assert actions == [
        "group.created", "group.member_added", "group.member_added", "group.member_removed",
        "group.updated",
    ]  # fmt: skip


def test_progress_counts_passing_attempts_and_marks_overdue(services, people, wall):
    trainer, alice, bob = people["trainer"], people["alice"], people["bob"]
    now = datetime.now(UTC)
    wall.now = now
    group = services.assignments.create_group(trainer, "早班")
    services.assignments.add_members(trainer, group.id, [alice.user_id, bob.user_id])
    pack = services.assignments.assign(
        trainer, "service-basics", group_id=group.id, due_at=now + timedelta(days=7),
        threshold=80, note="本周完成",
    )  # fmt: skip
    single = services.assignments.assign(
        trainer, "emotional-callers", scenario_id="angry-caller", user_id=bob.user_id,
        due_at=now + timedelta(days=3), threshold=70, min_attempts=2,
    )  # fmt: skip
    (mine,) = services.assignments.my_assignments(alice)
    assert (mine.assignment_id, mine.status, mine.done, mine.total) == (
        pack.id, "not_started", 0, 3,
    )  # fmt: skip
    practise(services, alice, "praise", 79)  # below the threshold
    practise(services, alice, "suggestion", 95, status="stopped")  # not completed: not counted
    (mine,) = services.assignments.my_assignments(alice)
    praise = mine.scenarios[0]
    assert (praise.attempts, praise.passes, praise.best, praise.done) == (1, 0, 79, False)
    assert mine.status == "in_progress" and mine.done == 0
    for scenario in ("praise", "suggestion", "cannot-answer-now"):
        practise(services, alice, scenario, 85)
    (mine,) = services.assignments.my_assignments(alice)
    assert mine.status == "done" and mine.done == mine.total == 3 and mine.completed_at
    # bob: two assignments, soonest due first; one passing attempt of two needed
    practise(services, bob, "angry-caller", 90)
    bobs = services.assignments.my_assignments(bob)
    assert [p.assignment_id for p in bobs] == [single.id, pack.id]
    assert bobs[0].status == "in_progress" and bobs[0].scenarios[0].passes == 1
    wall.now = now + timedelta(days=4)
    bobs = services.assignments.my_assignments(bob)
    assert [p.status for p in bobs] == ["overdue", "not_started"] and bobs[0].overdue
    practise(services, bob, "angry-caller", 75)  # the second pass: stamped now, before the due
    (single_done, _) = services.assignments.my_assignments(bob)
    assert single_done.status == "done" and single_done.completed_at < single_done.due_at
    wall.now = now + timedelta(days=8)
    completion = {p.user_id: p for p in services.assignments.completion(trainer, pack.id)}
    assert completion[alice.user_id].status == "done"
    assert completion[bob.user_id].status == "overdue"
    # carol is not in the group: she has no assignment
    assert services.assignments.my_assignments(people["carol"]) == []


def test_completion_after_the_due_time_is_done_late(services, people, wall):
    trainer, carol = people["trainer"], people["carol"]
    due = datetime.now(UTC) - timedelta(days=1)
    wall.now = due - timedelta(days=2)
    services.assignments.assign(trainer, "service-basics", scenario_id="praise",
                                user_id=carol.user_id, due_at=due)  # fmt: skip
    practise(services, carol, "praise", 100)
    (p,) = services.assignments.my_assignments(carol)
    assert p.status == "done_late" and p.completed_at > p.due_at


def test_edits_are_versioned_and_audited(services, people, wall):
    trainer, alice = people["trainer"], people["alice"]
    a = services.assignments.assign(trainer, "service-basics", user_id=alice.user_id)
    b = services.assignments.update(
        trainer, a.id, threshold=90, due_at=datetime(2027, 1, 5, tzinfo=UTC)
    )
    assert (b.threshold, b.due_at) == (90, "2027-01-05T00:00:00.000Z")
    assert b.updated_at > a.updated_at and b.created_at == a.created_at
    assert services.assignments.update(trainer, a.id, threshold=90) == b  # no change, no write
    (entry,) = services.audit.entries(action="assignment.updated")
    assert entry.detail == {
        "before": {"threshold": 80, "due_at": None},
        "after": {"threshold": 90, "due_at": "2027-01-05T00:00:00.000Z"},
    }
    c = services.assignments.update(trainer, a.id, archived=True)
    assert c.archived and services.assignments.my_assignments(alice) == []
    with pytest.raises(ServiceError, match="0–100"):
        services.assignments.update(trainer, a.id, threshold=101)
    from datetime import date

    d = services.assignments.assign(trainer, "service-basics", user_id=alice.user_id,
                                    due_at=date(2027, 2, 1))  # fmt: skip
    assert d.due_at == "2027-02-01T23:59:59.999Z"


def test_unknown_targets_are_refused(services, people):
    trainer, alice = people["trainer"], people["alice"]
    with pytest.raises(NotFound):
        services.assignments.assign(trainer, "no-pack", user_id=alice.user_id)
    with pytest.raises(NotFound):
        services.assignments.assign(trainer, "service-basics", scenario_id="angry-caller",
                                    user_id=alice.user_id)  # fmt: skip
    with pytest.raises(NotFound):  # assignments go to trainees
        services.assignments.assign(trainer, "service-basics", user_id=trainer.user_id)
    with pytest.raises(ServiceError, match="one trainee or one group"):
        services.assignments.assign(trainer, "service-basics")


def test_trainees_may_not_assign_and_are_audited(services, people):
    trainer, alice = people["trainer"], people["alice"]
    group = services.assignments.create_group(trainer, "晚班")
    a = services.assignments.assign(trainer, "service-basics", group_id=group.id)
    before = len(services.audit.entries(action="permission.denied"))
    calls = [
        lambda: services.assignments.create_group(alice, "mine"),
        lambda: services.assignments.update_group(alice, group.id, name="x"),
        lambda: services.assignments.add_members(alice, group.id, [alice.user_id]),
        lambda: services.assignments.remove_members(alice, group.id, [alice.user_id]),
        lambda: services.assignments.groups(alice),
        lambda: services.assignments.group(alice, group.id),
        lambda: services.assignments.assign(alice, "service-basics", user_id=alice.user_id),
        lambda: services.assignments.update(alice, a.id, threshold=1),
        lambda: services.assignments.assignments(alice),
        lambda: services.assignments.completion(alice, a.id),
        lambda: services.assignments.trainee_assignments(alice, people["bob"].user_id),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert len(services.audit.entries(action="permission.denied")) == before + len(calls)
    # an admin may; a trainee reads their own
    services.assignments.assign(people["admin"], "service-basics", user_id=alice.user_id)
    assert len(services.assignments.trainee_assignments(alice, alice.user_id)) == 1
