"""Reads the trainer's screens need: the trainees to assign to or review (staff only; a
trainee is refused and the refusal audited), and the overruled verdicts of turns already read
(what the trainee's history shows)."""

from __future__ import annotations

import pytest

from simulator.services import PermissionDenied
from tests.trainer.helpers import GOOD, RUDE, call


def test_trainees_are_listed_for_staff_only(services, people):
    names = [u.username for u in services.assignments.trainees(people["trainer"])]
    assert names == ["alice", "bob", "carol"]
    services.accounts.set_disabled(people["admin"], people["carol"].user_id, True)
    assert [u.username for u in services.assignments.trainees(people["admin"])] == [
        "alice", "bob"
    ]  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.assignments.trainees(people["alice"])
    assert services.audit.entries()[-1].action == "permission.denied"


def test_overruled_gives_the_verdicts_of_overruled_turns_only(services, people, grader):
    alice, trainer = people["alice"], people["trainer"]
    attempt, (rude, good) = call(services, grader, alice, RUDE, GOOD)
    turns = services.practice.attempt_turns(alice, attempt)
    assert services.overrides.overruled(alice, turns) == {}
    services.overrides.override_verdict(trainer, rude, "pass", "客户在表扬")
    got = services.overrides.overruled(alice, services.practice.attempt_turns(alice, attempt))
    assert list(got) == [rude]
    assert got[rude].passed and not got[rude].grader_passed
    services.overrides.override_verdict(trainer, rude, "grader", "撤回")  # withdrawn
    assert services.overrides.overruled(alice, turns) == {}
