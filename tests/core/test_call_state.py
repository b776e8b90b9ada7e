"""The call's state machine on its own (no Qt): phases and allowed transitions, branches,
retry, resume, hang-up, one-way completion, the log of transitions, and the outbox that holds
what a call must save until it is saved."""

from __future__ import annotations

import logging

import pytest

from simulator.core.call import ALLOWED, PHASES, Call, TransitionError, Write
from simulator.core.records import TurnRecord, new_id

GOOD_1 = "非常抱歉，您的心情我非常理解，我马上帮您处理，好吗？"
BAD_1 = "你怎么这么多事啊，我不是跟你说过了吗？"
GOOD_2 = "您申告的障碍我们已受理了，将在24小时内为您修复。"
GOOD_3 = "很抱歉给您带来不便，请您原谅，我尽快帮您处理。"
CLOSE = "请问还有什么可以帮您吗？感谢您的来电，再见！"


def _graded(call: Call, grader, text: str) -> TurnRecord:
    call.replied("test")
    result = grader.grade(call.scenario.id, call.turn.id, text)
    record = TurnRecord(call.seq, result, call.turn.caller.text, call.mode, id=new_id())
    call.graded(record)
    call.save_turn(record)
    return record


def test_every_phase_has_its_transitions():
    assert set(ALLOWED) == set(PHASES)
    assert ALLOWED["ended"] == frozenset()
    for targets in ALLOWED.values():
        assert targets <= set(PHASES)


def test_a_call_follows_the_branches_to_the_end(catalog, grader, caplog):
    call = Call(catalog.scenario("angry-caller"), "emotional-callers")
    assert call.phase == "ringing"
    with caplog.at_level(logging.INFO, logger="simulator.core.call"):
        call.answer()
        assert (call.phase, call.turn.id, call.seq) == ("caller", 1, 1)
        call.listen("line played")
        _graded(call, grader, GOOD_1)
        assert call.phase == "feedback" and call.next_step().turn_id == 2
        call.move_on()
        assert (call.phase, call.turn.id, call.seq) == ("caller", 2, 2)
        call.listen()
        _graded(call, grader, GOOD_2)
        call.move_on()
        assert call.turn.id == 4
        call.listen()
        _graded(call, grader, CLOSE)
        step = call.move_on()
    assert step.turn_id is None
    assert call.phase == "ended" and call.status == "completed"
    assert [t[1] for t in call.transitions].count("feedback") == 3
    assert len(caplog.records) == len(call.transitions)
    assert "feedback → caller" in caplog.records[4].getMessage()


def test_an_escalated_reply_takes_the_angry_branch(catalog, grader):
    call = Call(catalog.scenario("angry-caller"))
    call.answer()
    call.listen()
    record = _graded(call, grader, BAD_1)
    assert not record.passed and record.result.branch == "escalated"
    assert call.move_on().turn_id == 3


def test_retry_replays_the_turn_and_keeps_the_best(catalog, grader):
    call = Call(catalog.scenario("angry-caller"))
    call.answer()
    call.listen()
    good = _graded(call, grader, GOOD_1)
    call.retry()
    assert (call.phase, call.turn.id, call.seq, call.retrying) == ("caller", 1, 1, True)
    call.listen()
    bad = _graded(call, grader, BAD_1)
    assert call.records[1] is bad  # the last try is the turn's record …
    assert call.best[1] is good  # … and the best try is kept for "best score"
    assert call.best_score() == good.score > bad.score
    writes = [w for w in call.outbox.unsaved() if w.kind == "turn"]
    assert [w.retry for w in writes] == [False, True]


def test_transitions_the_phase_does_not_allow_raise(catalog, grader):
    call = Call(catalog.scenario("angry-caller"))
    with pytest.raises(TransitionError):
        call.listen()
    with pytest.raises(TransitionError):
        call.retry()
    call.answer()
    with pytest.raises(TransitionError):
        call.answer()
    assert not call.can("feedback") and call.can("listening")


def test_completion_is_one_way(catalog, grader):
    call = Call(catalog.scenario("angry-caller"))
    call.answer()
    call.listen()
    _graded(call, grader, GOOD_1)
    assert call.hang_up() and call.status == "stopped"
    assert not call.hang_up() and not call.end("completed")
    assert call.status == "stopped"
    for move in (call.listen, call.caller_speaks, call.retry, call.move_on):
        with pytest.raises(TransitionError):
            move()
    assert [w.kind for w in call.outbox.unsaved()] == ["attempt", "turn", "finish"]


def test_hanging_up_before_answering_saves_nothing(catalog):
    call = Call(catalog.scenario("angry-caller"))
    assert call.hang_up() and call.status == "abandoned"
    assert call.outbox.unsaved() == []


def test_resume_continues_after_the_stored_turns(catalog, grader):
    first = Call(catalog.scenario("angry-caller"))
    first.answer()
    first.listen()
    record = _graded(first, grader, GOOD_1)
    call = Call(catalog.scenario("angry-caller"), attempt_id=first.attempt_id)
    call.resume([record], next_turn=2)
    assert (call.phase, call.seq, call.turn.id) == ("caller", 2, 2)
    assert call.records[1] == record
    call.hang_up()
    assert [w.kind for w in call.outbox.unsaved()] == ["finish"]  # the attempt exists


def test_the_closing_silence_before_hanging_up(catalog, grader):
    call = Call(catalog.scenario("silent-call"))
    call.answer()
    call.listen()
    _graded(call, grader, "您好，您的电话已接通，请讲。")
    step = call.move_on()
    assert step.turn_id == 2 and step.delay_s >= 3 and call.phase == "waiting"
    call.caller_speaks()
    call.listen()
    _graded(call, grader, "对不起，听不到您的声音，请您换一部电话再拨，谢谢，再见。")
    step = call.move_on()
    assert step.turn_id is None and call.phase == "waiting"
    assert call.end("completed") and call.phase == "ended"


def test_a_failed_write_holds_the_later_ones_until_a_retry():
    from simulator.core.call import Outbox

    box = Outbox()
    a, b = box.add(Write("attempt")), box.add(Write("turn"))
    box.failed(a, "disk full")
    c = box.add(Write("finish", status="stopped"))
    assert [w.state for w in (a, b, c)] == ["failed", "held", "held"]
    assert box.failure() is a and not box.clean
    box.retrying()
    assert [w.state for w in box.unsaved()] == ["pending"] * 3
    for w in (a, b, c):
        box.saved(w)
    assert box.clean and box.unsaved() == []
