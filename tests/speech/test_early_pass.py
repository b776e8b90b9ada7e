"""The early-transcription scheduler's decisions, with a scripted clock and scripted pass costs:
it keeps up, never queues behind a busy lane, skips and cancels superseded passes, reuses only a
pass no speech followed, logs a failed pass, and adapts to what passes cost; a long take's
pieces are committed and queued, and the final step joins them, decoding only what is left."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from simulator.speech import early_pass as ep
from simulator.speech.early_pass import EarlyPassScheduler, PassCancelled, PassTimer
from simulator.speech.transcriber import finish
from simulator.speech.turn_end import finish_turn, rehearse
from tests.speech.scripted import SR, Clock, piece_heard, staged


def _hear(clock: Clock, seconds: float, result="heard"):
    return lambda checkpoint: staged(clock, seconds, checkpoint, result)


def _run(sched, p, clock, seconds, result="heard"):
    """Run ``p`` as the lane would: its outcome is in ``p.state``."""
    try:
        sched.run(p, _hear(clock, seconds, result))
    except PassCancelled:
        pass
    return p


def test_a_fast_lane_keeps_up_and_the_last_pass_is_reused():
    clock = Clock()
    sched = EarlyPassScheduler(clock=clock)
    first = sched.pause(1.0, "audio to 1.3 s")
    assert first is not None and first.hold_s == 0.0 and first.payload == "audio to 1.3 s"
    _run(sched, first, clock, 0.4, "first")
    assert first.state == "done" and sched.ended(first) is None
    sched.voice()  # the trainee goes on: the first pass is out of date
    assert first.superseded
    second = sched.pause(2.0, "audio to 2.3 s")
    assert second is not None  # the lane is free: started at once, nothing queued
    _run(sched, second, clock, 0.4, "second")
    sched.ended(second)
    plan = sched.end_of_turn(2.0)
    assert plan.reusable() == "second"
    assert sched.end_of_turn(2.5).reusable() is None  # speech after its pause: not reusable
    assert sched.started == 2 and sched.cancelled == 0
    assert sched.cost_s == pytest.approx(0.4)


def test_a_pause_while_the_lane_is_busy_is_held_not_queued():
    clock = Clock()
    sched = EarlyPassScheduler(clock=clock)
    first = sched.pause(1.0)
    assert sched.pause(1.6, "later") is None  # busy: held, and the older pass is superseded
    assert first.superseded
    _run(sched, first, clock, 1.0)
    assert first.state == "cancelled"
    assert clock.now == 0.0  # superseded before the lane got to it: it never began
    held = sched.ended(first)  # the lane is free: the held pause starts now
    assert held is not None and held.last_voiced_s == 1.6 and held.payload == "later"
    assert sched.pause(2.2) is None  # busy again: held
    assert sched.started == 2  # two passes for three pauses: nothing waits in a queue


def test_a_held_pause_is_skipped_once_speech_resumes_or_the_turn_ends():
    clock = Clock()
    sched = EarlyPassScheduler(clock=clock)
    first = sched.pause(1.0)
    assert sched.pause(1.6) is None
    sched.voice()  # speech after the held pause: it would be superseded before it could finish
    _run(sched, first, clock, 1.0)
    assert sched.ended(first) is None
    second = sched.pause(2.4)
    assert sched.pause(3.0) is None
    plan = sched.end_of_turn(3.0)  # the final pass covers the held pause
    _run(sched, second, clock, 1.0)
    assert sched.ended(second) is None
    assert plan.reusable() is None
    assert sched.started == 2 and sched.cancelled == 2


def test_a_superseded_running_pass_stops_at_its_next_checkpoint():
    clock = Clock()
    sched = EarlyPassScheduler(clock=clock)
    p = sched.pause(1.0)
    stages: list[str] = []

    def hear(checkpoint):
        for name in ("encode", "generate", "align"):
            checkpoint()
            stages.append(name)
            clock.now += 0.3
            if name == "encode":
                sched.voice()  # speech resumes while the encoder runs
        return "never"

    with pytest.raises(PassCancelled):
        sched.run(p, hear)
    assert stages == ["encode"] and p.state == "cancelled" and p.result is None
    sched.ended(p)
    assert sched.measured == 0  # a cancelled pass says nothing about what a pass costs


def test_the_pass_a_later_pause_supersedes_is_cancelled_even_without_a_voice_event():
    sched = EarlyPassScheduler(clock=Clock())
    first = sched.pause(1.0)
    sched.pause(2.0)
    assert first.superseded and sched.end_of_turn(2.0).early is None


def test_a_failed_pass_is_logged_with_its_cause_and_not_reused(caplog):
    clock = Clock()
    sched = EarlyPassScheduler(clock=clock)
    p = sched.pause(1.0)

    def hear(checkpoint):
        checkpoint()
        raise RuntimeError("encoder ran out of memory")

    with pytest.raises(RuntimeError):
        sched.run(p, hear)
    assert p.state == "failed"
    plan = sched.end_of_turn(1.0)
    with caplog.at_level(logging.WARNING, logger="simulator.speech.early_pass"):
        assert sched.ended(p) is None
    assert "encoder ran out of memory" in caplog.text and "final pass" in caplog.text
    assert plan.reusable() is None and plan.early is None


def test_a_running_pass_at_the_end_of_the_turn_is_reused_once_it_finishes():
    clock = Clock()
    sched = EarlyPassScheduler(clock=clock)
    p = sched.pause(1.0)
    plan = sched.end_of_turn(1.0)  # the turn ends while the pass still runs
    assert plan.early is p and plan.reusable() is None
    _run(sched, p, clock, 0.8, "ready")
    assert plan.reusable() == "ready"


def test_the_cost_estimate_adapts_and_changes_the_decisions():
    clock = Clock()
    sched = EarlyPassScheduler(clock=clock)
    assert sched.hold_s == 0.0  # no pass measured yet: assume the lane keeps up

    def one_pass(seconds: float):
        sched.new_turn()
        p = sched.pause(1.0)
        if p is None:
            return None
        _run(sched, p, clock, seconds)
        sched.ended(p)
        return p

    one_pass(2.5)  # encoder stretch 1.5 s: a wasted pass would often outlast the next pause
    assert sched.cost_s == pytest.approx(2.5) and sched.span_s == pytest.approx(1.5)
    assert sched.hold_s == ep.HOLD_S
    p = one_pass(2.5)
    assert p.hold_s == ep.HOLD_S  # the pass now waits for more silence first
    for _ in range(6):
        one_pass(4.0)
    assert sched.span_s > ep.GIVE_UP_SPAN_S and sched.hold_s is None
    assert one_pass(4.0) is None  # early passes stop: the final pass does the work
    for _ in range(8):
        sched.record(0.5, 0.3)  # the final passes show the machine got faster
    assert sched.span_s < ep.KEEP_UP_SPAN_S and sched.hold_s == 0.0
    assert 0.5 < sched.cost_s < 1.0
    assert one_pass(0.5).hold_s == 0.0


def test_a_held_start_is_cancelled_if_speech_resumes_during_the_hold():
    clock = Clock()
    sched = EarlyPassScheduler(clock=clock, cost_s=2.5, span_s=1.5)
    p = sched.pause(1.0)
    assert p.hold_s == ep.HOLD_S
    began = []
    with pytest.raises(PassCancelled):
        sched.run(p, lambda checkpoint: began.append(1), wait=lambda seconds: True)
    assert began == [] and p.state == "cancelled"


def test_new_turn_forgets_the_previous_take():
    sched = EarlyPassScheduler(clock=Clock())
    p = sched.pause(1.0)
    sched.new_turn()
    assert p.superseded and sched.end_of_turn(1.0).early is None


def test_pass_timer_reports_cost_and_longest_stretch():
    clock = Clock(10.0)
    timer = PassTimer(clock)
    staged(clock, 2.0, timer.mark)
    cost, span = timer.stop()
    assert cost == pytest.approx(2.0) and span == pytest.approx(1.2)


def test_a_held_pass_waits_only_what_is_left_of_its_hold():
    clock = Clock()
    sched = EarlyPassScheduler(clock=clock, cost_s=2.5, span_s=1.5)  # hold 0.3 s
    first = sched.pause(1.0)
    clock.now = 0.1
    assert sched.pause(1.6) is None  # held at 0.1 s
    waits = []

    def wait(seconds):
        waits.append(round(seconds, 6))
        clock.now += seconds
        return False

    _run(sched, first, clock, 1.0)  # superseded by the later pause: it never begins
    assert first.state == "cancelled" and waits == []
    clock.now = 0.35
    held = sched.ended(first)
    sched.run(held, _hear(clock, 2.5), wait=wait)  # 0.25 s of silence already: 0.05 s left
    assert waits == [0.05] and held.state == "done"
    sched.ended(held)
    clock.now = 5.0
    fresh = sched.pause(3.0)  # the estimate still says hold (span 1.5 s)
    sched.run(fresh, _hear(clock, 2.5), wait=wait)  # started at its pause: the whole hold
    assert waits == [0.05, 0.3]


# ---------------------------------------------------------------- a long take heard in pieces


class _Hearer:
    """The final step's hearer on a scripted take: pieces hear "第N段" (tests.speech.scripted),
    a whole take "整段"; joining is the real one, with a corrector that marks what it fixed."""

    def __init__(self, fail_pieces: bool = False):
        self.heard: list[tuple[str, float]] = []  # (kind, seconds of audio)
        self.fail_pieces = fail_pieces

    def whole(self, samples, checkpoint):
        checkpoint()
        self.heard.append(("whole", len(samples) / SR))
        return "整段"

    def piece(self, samples, checkpoint):
        checkpoint()
        self.heard.append(("piece", len(samples) / SR))
        if self.fail_pieces:
            raise RuntimeError("decoder crashed")
        return piece_heard(f"第{len(self.heard)}段", probability=0.3)

    def join(self, samples, parts):
        return finish(parts, len(samples), _Corrector())


class _Corrector:
    def correct(self, text):
        return text.replace("段", "回"), ["段→回"]


def _long_take(sched, clock, seconds=0.5):
    """Pauses at 4, 8, 13 and 17.5 s of a take, speech resuming after each; runs what starts."""
    out = []
    for last_voiced in (4.0, 8.0, 13.0, 17.5):
        p = sched.pause(last_voiced)
        if p is not None:
            _run(sched, p, clock, seconds, piece_heard("段") if p.part else "whole")
            sched.ended(p)
            out.append(p)
        sched.voice()
    return out


def test_a_pause_4_s_after_the_last_cut_in_a_long_take_commits_a_piece():
    clock = Clock()
    sched = EarlyPassScheduler(clock=clock)
    passes = _long_take(sched, clock)
    assert [p.piece for p in passes] == [False, False, True, True]
    first, second = passes[2], passes[3]
    assert (first.start_s, first.end_s) == (0.0, pytest.approx(13.0 + 2 * ep.PAD_S))
    assert second.start_s == pytest.approx(13.0) and second.end_s == pytest.approx(17.7)
    # speech resumed after both pauses: the pieces stay, the whole-take passes do not
    assert not first.superseded and not second.superseded and first.state == "done"
    assert passes[0].superseded and passes[1].superseded
    tail = sched.pause(19.0)  # 1.4 s after the last cut: a pass over the tail only
    assert tail.part and not tail.piece and tail.start_s == pytest.approx(17.5)
    assert tail.end_s is None  # to the end of the audio heard so far
    _run(sched, tail, clock, 0.5, piece_heard("尾"))
    plan = sched.end_of_turn(19.0)
    assert plan.pieces == (first, second) and plan.reusable() is not None
    assert plan.tail_start_s == pytest.approx(17.5)


def test_a_cut_while_the_lane_is_busy_is_queued_and_not_dropped_by_speech():
    clock = Clock()
    sched = EarlyPassScheduler(clock=clock)
    first = sched.pause(12.5)  # the first pause of a take over CUT_FROM_S: a cut
    assert first.piece and first.end_s == pytest.approx(12.7)
    assert sched.pause(12.9) is None  # not a cut (0.3 s later), the lane busy: held
    assert sched.pause(17.0) is None  # 4.4 s after the cut, the lane still busy: queued
    sched.voice()
    _run(sched, first, clock, 1.0, piece_heard("一"))
    nxt = sched.ended(first)
    assert nxt is not None and nxt.piece and nxt.start_s == pytest.approx(12.5)
    assert nxt.state == "running" and not nxt.superseded
    later = sched.pause(22.0)  # queued behind it; the turn ends before the lane frees
    assert later is None
    plan = sched.end_of_turn(22.0)
    assert [p.state for p in plan.pieces] == ["done", "running", "waiting"]
    assert sched.ended(nxt) is None  # the final step decodes the waiting piece, not the lane


def test_the_final_step_joins_the_pieces_with_offsets_raw_and_corrected_text():
    clock = Clock()
    sched = EarlyPassScheduler(clock=clock)
    pieces = _long_take(sched, clock)[2:]
    plan = sched.end_of_turn(20.0)  # speech after the last cut: the tail is decoded
    hearer = _Hearer()
    out = finish_turn(plan, np.zeros(int(20.8 * SR)), hearer, clock)
    assert hearer.heard == [("piece", pytest.approx(20.8 - 17.5))]  # only the tail
    assert out.passes == 1 and out.pieces == 3 and out.cost is not None
    t = out.result
    assert t.raw_text == "段，段，第1段" and t.text == "回，回，第1回"
    assert t.corrections == ["段→回"] and t.duration_s == pytest.approx(20.8)
    # each piece heard its word 0.2 s in: shifted by where the piece starts in the take
    starts = [w.start for w in t.words]
    assert starts == pytest.approx([0.2, pieces[1].start_s + 0.2, 17.5 + 0.2])
    assert [w.probability for w in t.words][-1] == 0.3  # the tail's word, as heard
    assert t.unsure and min(t.unsure) >= 4  # the tail's low-probability characters (raw text)


def test_a_waiting_piece_and_the_tail_are_decoded_by_the_final_step():
    clock = Clock()
    sched = EarlyPassScheduler(clock=clock)
    running = sched.pause(13.0)
    assert sched.pause(17.5) is None  # queued behind the first piece
    plan = sched.end_of_turn(19.0)
    _run(sched, running, clock, 1.0, piece_heard("一"))
    hearer = _Hearer()
    out = finish_turn(plan, np.zeros(19 * SR), hearer, clock)
    assert [k for k, _ in hearer.heard] == ["piece", "piece"]  # the waiting piece, the tail
    assert hearer.heard[0][1] == pytest.approx(17.7 - 13.0)
    assert out.result.raw_text == "一，第1段，第2段" and out.passes == 2


def test_a_failed_piece_makes_the_final_step_hear_the_whole_take(caplog):
    clock = Clock()
    sched = EarlyPassScheduler(clock=clock)
    p = sched.pause(13.0)
    with pytest.raises(RuntimeError):
        sched.run(p, lambda checkpoint: (_ for _ in ()).throw(RuntimeError("out of memory")))
    plan = sched.end_of_turn(15.0)  # the app's UI thread may not have seen it fail yet
    hearer = _Hearer()
    with caplog.at_level(logging.WARNING, logger="simulator.speech"):
        out = finish_turn(plan, np.zeros(16 * SR), hearer, clock)
        sched.ended(p)
    assert hearer.heard == [("whole", 16.0)] and out.result == "整段" and out.pieces == 0
    assert "out of memory" in caplog.text and "whole take" in caplog.text
    sched.new_turn()
    assert sched.pause(13.0).piece  # the next turn cuts again


def test_a_failing_tail_decode_falls_back_to_the_whole_take(caplog):
    clock = Clock()
    sched = EarlyPassScheduler(clock=clock)
    p = sched.pause(13.0)
    _run(sched, p, clock, 0.5, piece_heard("一"))
    sched.ended(p)
    plan = sched.end_of_turn(15.0)
    with caplog.at_level(logging.WARNING, logger="simulator.speech.turn_end"):
        out = finish_turn(plan, np.zeros(16 * SR), _Hearer(fail_pieces=True), clock)
    assert out.result == "整段" and out.passes == 2 and "decoder crashed" in caplog.text


def test_short_takes_are_heard_whole_as_before():
    clock = Clock()
    sched = EarlyPassScheduler(clock=clock)
    for last_voiced in (4.0, 8.0, 11.9):  # under CUT_FROM_S: no cut however long the stretch
        p = sched.pause(last_voiced)
        assert not p.part and p.start_s == 0.0 and p.end_s is None
        _run(sched, p, clock, 0.3)
        sched.ended(p)
    plan = sched.end_of_turn(11.9)
    assert plan.pieces == () and plan.reusable() == "heard"
    out = finish_turn(plan, np.zeros(12 * SR), _Hearer(), clock)
    assert out.result == "heard" and out.passes == 0 and out.pieces == 0


# ---------------------------------------------------------------- rehearsing the end of the turn


def test_a_finished_newest_pass_can_be_rehearsed_but_not_a_superseded_one():
    clock = Clock()
    sched = EarlyPassScheduler(clock=clock)
    first = _run(sched, sched.pause(1.0), clock, 0.2)
    assert sched.plan_if_ended(first).reusable() == "heard"  # nothing left to decode
    sched.ended(first)
    sched.voice()
    assert sched.plan_if_ended(first) is None  # speech resumed after it
    second = sched.pause(2.0)
    assert sched.plan_if_ended(second) is None  # not finished yet
    _run(sched, second, clock, 0.2)
    third = sched.pause(3.0)  # the lane is free again once the second is reported
    assert third is None  # held: the second is still running as far as the lane knows
    assert sched.plan_if_ended(second) is None  # a later pause superseded it


def test_a_long_take_is_rehearsed_only_when_every_piece_is_done():
    clock = Clock()
    sched = EarlyPassScheduler(clock=clock)
    first = sched.pause(13.0)  # a piece, running
    assert sched.pause(17.5) is None  # a second piece, queued behind it
    assert sched.plan_if_ended(first) is None  # not decoded yet
    _run(sched, first, clock, 1.0, piece_heard("一"))
    plan = sched.plan_if_ended(first)  # the second piece waits: the take up to the first cut
    assert plan.pieces == (first,) and not plan.tail_needed
    second = sched.ended(first)
    _run(sched, second, clock, 1.0, piece_heard("二"))
    plan = sched.plan_if_ended(second)  # the take as if it ended at the second cut: no tail
    assert plan is not None and plan.pieces == (first, second) and not plan.tail_needed
    sched.voice()  # speech resuming does not matter: a piece stays in the transcript
    assert sched.plan_if_ended(second).pieces == (first, second)
    sched.ended(second)
    tail = sched.pause(19.0)
    assert sched.plan_if_ended(tail) is None  # the tail not decoded yet
    _run(sched, tail, clock, 0.5, piece_heard("尾"))
    plan = sched.plan_if_ended(tail)
    assert plan.tail_needed and plan.reusable() is tail.result


def test_rehearsing_grades_what_the_final_step_would_give_without_decoding_or_changing_it():
    clock = Clock()
    sched = EarlyPassScheduler(clock=clock)
    piece = _run(sched, sched.pause(13.0), clock, 0.5, piece_heard("段"))
    sched.ended(piece)
    hearer, graded = _Hearer(), []
    samples = np.zeros(int(13.3 * SR))
    assert rehearse(sched.plan_if_ended(piece), samples, hearer, graded.append)
    assert hearer.heard == []  # nothing decoded
    assert [t.text for t in graded] == ["回"] and graded[0].raw_text == "段"
    assert piece.result.text == "段"  # the lone piece (joined in place before) is unchanged
    out = finish_turn(sched.end_of_turn(13.0), np.zeros(int(13.8 * SR)), hearer, clock)
    assert out.passes == 0 and out.result.text == "回" and out.result.raw_text == "段"
    assert not rehearse(None, samples, hearer, graded.append) and len(graded) == 1


def test_a_failing_rehearsal_is_logged_and_changes_nothing(caplog):
    clock = Clock()
    sched = EarlyPassScheduler(clock=clock)
    p = _run(sched, sched.pause(2.0), clock, 0.2)

    def grade(_heard):
        raise ValueError("grader broke")

    with caplog.at_level(logging.WARNING, logger="simulator.speech.turn_end"):
        assert not rehearse(sched.plan_if_ended(p), np.zeros(2 * SR), _Hearer(), grade)
    assert "grader broke" in caplog.text and p.state == "done"
    assert sched.end_of_turn(2.0).reusable() == "heard"


def test_a_piece_is_rehearsed_even_when_a_pause_waits_for_the_lane_and_then_the_tail():
    clock = Clock()
    sched = EarlyPassScheduler(clock=clock)
    piece = sched.pause(13.0)
    assert sched.pause(14.0) is None  # 1 s after the cut: held until the lane is free
    _run(sched, piece, clock, 1.0, piece_heard("一"))
    assert sched.plan_if_ended(piece).pieces == (piece,)  # a piece's clauses stay: always
    tail = sched.ended(piece)
    assert tail is not None and tail.part and not tail.piece
    _run(sched, tail, clock, 0.5, piece_heard("尾"))
    plan = sched.plan_if_ended(tail)
    assert plan.pieces == (piece,) and plan.reusable() is tail.result


def test_the_scheduler_says_which_pauses_the_lane_would_owe_a_pass():
    sched = EarlyPassScheduler(clock=Clock(), cost_s=4.0, span_s=2.4)  # early passes given up
    assert not sched.wants(3.0) and sched.wants(13.0)  # only a cut
    assert sched.pause(13.0).piece
    assert not sched.wants(15.0) and sched.wants(17.2)  # 4 s after the cut: the next one
    assert EarlyPassScheduler(clock=Clock()).wants(3.0)  # a fast lane: a pass at every pause
