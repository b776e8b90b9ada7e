"""Practice through the service layer: each trainee sees only their own history; staff may
read a trainee's; nobody writes into somebody else's call."""

from __future__ import annotations

import pytest

from simulator.core.records import TurnRecord
from simulator.core.result import result_from_dict
from simulator.services import PermissionDenied, Role, Services


@pytest.fixture
def people(tmp_path):
    s = Services.open(tmp_path)
    admin = s.accounts.create_first_admin("admin", "管理员", "s3cret-pass")
    for name, role in (("a", Role.TRAINEE), ("b", Role.TRAINEE), ("t", Role.TRAINER)):
        s.accounts.create_user(admin, name + "-user", name, role, "password-1")
    sessions = {n: s.accounts.sign_in(n + "-user", "password-1") for n in "abt"}
    yield s, sessions
    s.close()


def _turn(score: int = 90) -> TurnRecord:
    result = result_from_dict({"scenario": "praise", "turn": 1, "score": score, "passed": True})
    return TurnRecord(1, result, "谢谢", "typed")


def test_each_trainee_sees_only_their_own_history(people):
    s, who = people
    aid = s.practice.start_attempt(who["a"], "praise", "p", "表扬", "Praise", "typed")
    s.practice.record_turn(who["a"], aid, _turn())
    assert [a.id for a in s.practice.history(who["a"])] == [aid]
    assert s.practice.history(who["b"]) == []
    with pytest.raises(PermissionDenied):
        s.practice.history(who["b"], user_id=who["a"].user_id)
    with pytest.raises(PermissionDenied):
        s.practice.attempt_turns(who["b"], aid)
    assert [a.id for a in s.practice.history(who["t"], user_id=who["a"].user_id)] == [aid]
    assert s.practice.attempt_turns(who["t"], aid)[0].score == 90


def test_nobody_writes_into_another_persons_call(people):
    s, who = people
    aid = s.practice.start_attempt(who["a"], "praise", "p", "表扬", "Praise", "typed")
    for session in (who["b"], who["t"]):
        with pytest.raises(PermissionDenied):
            s.practice.record_turn(session, aid, _turn())
        with pytest.raises(PermissionDenied):
            s.practice.finish_attempt(session, aid, "completed")
    assert s.practice.attempt(who["a"], aid).turn_count == 0
    assert len(s.audit.entries(action="permission.denied")) >= 4
