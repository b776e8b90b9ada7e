"""The attempt state machine: TAO's states, one-way completion, the exam clock."""

from __future__ import annotations

import pytest

from simulator.core.exam_attempt import (
    COMPLETED,
    TRANSITIONS,
    ExamAttempt,
    ExamError,
    State,
    TransitionRefused,
)


def running(limit_s: int = 600) -> ExamAttempt:
    a = ExamAttempt("a1", State.AWAITING, limit_s * 1000)
    a.apply("authorise", 0.0)
    a.apply("start", 100.0)
    return a


def test_happy_path_and_the_clock():
    a = running()
    assert a.remaining_ms(160.0) == 540_000
    t = a.apply("pause", 160.0)
    assert (t.before, t.after, t.used_ms) == (State.ACTIVE, State.PAUSED, 60_000)
    assert a.remaining_ms(10_000.0) == 540_000  # paused: the clock is frozen
    a.apply("resume", 10_000.0)
    assert a.remaining_ms(10_030.0) == 510_000
    a.apply("finish", 10_030.0)
    assert a.state is State.FINISHED and a.used_ms == 90_000
    a.apply("grade", 0.0)
    a.apply("seal", 0.0)
    assert a.completed


def test_added_time_counts_only_for_this_attempt():
    a, b = running(), running()
    a.add_time(120_000)
    assert a.remaining_ms(100.0) == 720_000 and b.remaining_ms(100.0) == 600_000
    with pytest.raises(ExamError, match="positive"):
        a.add_time(0)


def test_interrupted_attempt_keeps_the_saved_time():
    a = running()
    a.tick(130.0)  # a heartbeat saved 30 s
    t = a.interrupt()
    assert t.after is State.INTERRUPTED and not a.counting
    assert a.remaining_ms(99_999.0) == 570_000  # the time between crash and resume is not counted
    a.apply("recover", 500.0)
    assert a.remaining_ms(510.0) == 560_000


@pytest.mark.parametrize("done", sorted(COMPLETED))
def test_a_completed_attempt_never_returns(done):
    a = ExamAttempt("a", done, 60_000)
    for action, (_sources, target) in TRANSITIONS.items():
        if target not in COMPLETED:
            assert not a.can(action)
            with pytest.raises(TransitionRefused):
                a.apply(action, 1.0)
    with pytest.raises(TransitionRefused):
        a.add_time(60_000)


def test_refusals_are_worded_in_both_languages():
    a = ExamAttempt("a", State.AWAITING, 60_000)
    with pytest.raises(TransitionRefused) as info:
        a.apply("start", 1.0)
    assert "开始" in str(info.value) and "cannot start it" in str(info.value)


def test_the_monotonic_clock_never_runs_backwards():
    a = running()
    a.tick(150.0)
    assert a.tick(140.0) == 50_000  # a smaller reading adds nothing
