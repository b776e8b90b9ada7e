"""The call's closer listen as a plain object (``CloserListener``): the held turn is saved
exactly once — with the final result when the closer listen changed it, as first graded when it
agreed, failed, or the call moved on first (next line, retry, hang-up) — and a result that comes
after the cancel is discarded. Tasks run on a runner that runs them when told, with the
runners' error semantics."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import numpy as np

from simulator.app.practice.controllers.closer import CloserListener
from simulator.app.services.speech import Heard
from simulator.app.tasks import SyncTaskRunner
from simulator.core.records import TurnRecord

GOOD = "非常抱歉，我马上帮您处理。"
BAD = "你怎么这么多事啊。"


class Grader:
    """Fails a reply with 多事 in it (a tone finding); passes anything else."""

    def grade(self, scenario, turn, text, delivery=None, unsure=(), hearing=None):
        bad = "多事" in text
        return SimpleNamespace(
            scenario=scenario,
            turn=turn,
            transcript=text,
            passed=not bad,
            score=30 if bad else 90,
            outcome="escalated" if bad else "passed",
            next_turn=3 if bad else 2,
            violations=[SimpleNamespace(rule="tone.impatient", category="tone", severity="fail")]
            if bad
            else [],
            elements={"apology": not bad},
            closest_answer=None,
        )


class Speech:
    """Hears ``said`` closely (an exception: raises it); ``during`` runs between two stages."""

    def __init__(self, said, during=None):
        self.said, self.during, self.calls = said, during, 0

    def hear_closely(self, audio, checkpoint=None) -> Heard:
        self.calls += 1
        checkpoint()  # the encoder
        if self.during is not None:
            self.during()
        checkpoint()  # the decoder
        if isinstance(self.said, BaseException):
            raise self.said
        return Heard(self.said, {}, {"hear_s": 1.25})


class QueuedRunner:
    """Queues model-lane tasks; ``drain`` runs them as ``SyncTaskRunner`` would."""

    def __init__(self):
        self.queued: list = []
        self.sync = SyncTaskRunner()

    def run(self, lane, fn, on_done=None, on_error=None, *, on_progress=None, name=""):
        self.queued.append((lane, fn, on_done, on_error, name))

    def drain(self):
        while self.queued:
            lane, fn, on_done, on_error, name = self.queued.pop(0)
            self.sync.run(lane, fn, on_done, on_error, name=name)


def _setup(said, runner=None, during=None):
    speech = Speech(said, during)
    ctx = SimpleNamespace(
        speech=speech,
        runner=runner or SyncTaskRunner(),
        grader=Grader(),
        audio_path=lambda ref, scenario: None,
    )
    saved, shown, failed = [], [], []
    listener = CloserListener(
        ctx,
        lambda s, record, take: saved.append(record),
        lambda held, record, changed: shown.append((record, changed)),
        lambda held, exc: failed.append(exc),
    )
    session = SimpleNamespace(
        scenario=SimpleNamespace(id="angry-caller"), turn=SimpleNamespace(id=1)
    )
    take = SimpleNamespace(audio=np.zeros(16000 * 6, np.float32), sample_rate=16000)
    live = Grader().grade("angry-caller", 1, BAD)
    record = TurnRecord(seq=1, result=live, caller_text="", mode="voice", id="turn-1")
    return listener, session, record, take, (saved, shown, failed), speech


def test_a_changed_verdict_updates_the_turn_and_keeps_the_first():
    listener, s, record, take, (saved, shown, failed), _ = _setup(GOOD)
    assert listener.start(s, record, take)
    ((final, changed),) = shown
    assert changed and final.passed and final.id == "turn-1"
    assert final.first_hearing["passed"] is False and final.first_hearing["score"] == 30
    assert final.heard_timings["closer_changed"] == 1.0 and final.heard_timings["closer_s"] == 1.25
    assert saved == [final] and not failed and listener.held is None
    assert final.first_hearing["outcome"] == "escalated"


def test_the_same_verdict_changes_nothing_shown():
    listener, s, record, take, (saved, shown, failed), _ = _setup(BAD)
    assert listener.start(s, record, take)
    ((kept, changed),) = shown
    assert not changed and kept.result is record.result and kept.first_hearing is None
    assert saved == [kept] and kept.heard_timings["closer_changed"] == 0.0


def test_the_next_line_cancels_it_and_saves_the_turn_as_first_graded():
    runner = QueuedRunner()
    listener, s, record, take, (saved, shown, failed), speech = _setup(GOOD, runner)
    assert listener.start(s, record, take)
    assert saved == [] and listener.held is not None  # the write waits for it
    assert listener.cancel("the next turn began")
    assert saved == [record]
    runner.drain()  # the lane reaches it: it stops before decoding anything
    assert speech.calls == 0 and saved == [record] and not shown and not failed
    assert not listener.cancel("again")  # nothing held any more


def test_a_result_that_comes_after_the_cancel_is_discarded():
    runner = QueuedRunner()
    box: list = []
    listener, s, record, take, (saved, shown, failed), _ = _setup(
        GOOD, runner, during=lambda: box[0].cancel("retry")
    )
    box.append(listener)
    listener.start(s, record, take)
    runner.drain()  # cancelled between its stages
    assert saved == [record] and not shown and not failed


def test_a_failure_is_reported_and_the_first_result_saved(caplog):
    listener, s, record, take, (saved, shown, failed), _ = _setup(RuntimeError("decoder crashed"))
    with caplog.at_level(logging.ERROR):
        assert listener.start(s, record, take)
    assert [str(e) for e in failed] == ["decoder crashed"]
    assert saved == [record] and not shown
    assert "closer listen of turn turn-1 failed" in caplog.text


def test_a_typed_reply_is_saved_at_once():
    listener, s, record, _take, (saved, shown, failed), speech = _setup(GOOD)
    assert not listener.start(s, record, None)
    assert saved == [record] and speech.calls == 0 and not shown


def test_a_failure_to_show_the_update_is_reported_and_the_turn_still_saved(caplog):
    listener, s, record, take, (saved, shown, failed), _ = _setup(GOOD)

    def broken_show(held, record, changed):
        raise RuntimeError("feedback panel gone")

    listener._show = broken_show
    with caplog.at_level(logging.ERROR):
        assert listener.start(s, record, take)
    assert [str(e) for e in failed] == ["feedback panel gone"]
    assert len(saved) == 1 and saved[0].id == "turn-1" and listener.held is None
    assert "closer listen of turn turn-1 failed" in caplog.text
