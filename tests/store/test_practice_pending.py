"""Practice a failed write left behind is not lost: ids made by the call make a repeated write a
no-op, a call's unsaved writes kept in pending/ are saved at the next start (its recordings are
left in place meanwhile, not swept to recovered/), and the best score counts each turn at its
best try."""

from __future__ import annotations

import numpy as np

from simulator.core.records import TurnRecord, new_id
from simulator.core.result import result_from_dict
from simulator.store.pending import PendingCall
from tests.store.test_practice_reconcile import RESULT, open_store


def _turn(seq: int = 1, score: int = 90, turn_id: str | None = None) -> TurnRecord:
    result = result_from_dict({**RESULT, "score": score, "passed": score >= 60})
    return TurnRecord(seq, result, "喂？", "voice", id=turn_id or new_id())


def test_writing_the_same_ids_again_changes_nothing(tmp_path):
    store = open_store(tmp_path)
    aid = new_id()
    assert store.start_attempt(None, "s", "p", "标题", "T", "typed", attempt_id=aid) == aid
    assert store.start_attempt(None, "s", "p", "标题", "T", "typed", attempt_id=aid) == aid
    turn = _turn()
    assert store.record_turn(aid, turn) == turn.id
    assert store.record_turn(aid, turn) == turn.id
    assert store.db.scalar("SELECT COUNT(*) FROM attempts") == 1
    assert [t.id for t in store.attempt_turns(aid)] == [turn.id]
    store.db.close()


def test_a_kept_call_is_saved_at_the_next_start(tmp_path):
    store = open_store(tmp_path)
    take = "k1/01-t1-1.wav"
    audio = np.sin(np.linspace(0, 300, 16000)).astype(np.float32) * 0.3
    store.recordings.save_wav(audio, 16000, take)  # on disk, but no row was written
    aid = new_id()
    first, retry, second = _turn(1, 40), _turn(1, 95), _turn(2, 80)
    pending = PendingCall(
        "k1",
        {"id": aid, "user_id": None, "scenario_id": "s", "title": "标题", "mode": "voice"},
        [
            {"kind": "attempt"},
            {"kind": "turn", "record": first.to_dict(), "recording": f"recordings/{take}"},
            {"kind": "turn", "record": retry.to_dict(), "recording": None, "retry": True},
            {"kind": "turn", "record": second.to_dict(), "recording": None},
            {"kind": "finish", "status": "completed"},
        ],
    )
    store.keep_pending(pending)
    report = store.reconcile()
    assert report.replayed == 3 and report.pending == [] and report.recovered == []
    attempt = store.attempt(aid)
    assert attempt.status == "completed" and attempt.turn_count == 2
    assert attempt.score == round((95 + 80) / 2)
    turns = store.attempt_turns(aid, include_superseded=True)
    assert [t.id for t in turns] == [first.id, retry.id, second.id]
    assert turns[0].recording_status == "ok"  # linked to the take that was waiting
    assert not store.pending.path("k1").exists()
    assert store.reconcile().replayed == 0  # saved once
    store.db.close()


def test_a_call_that_still_cannot_be_saved_keeps_its_recording_in_place(tmp_path, monkeypatch):
    store = open_store(tmp_path)
    take = "k2/01-t1-1.wav"
    saved = store.recordings.save_wav(np.ones(8000, np.float32) * 0.1, 16000, take)
    kept = PendingCall(
        "k2",
        {"id": new_id(), "scenario_id": "s"},
        [{"kind": "turn", "record": _turn().to_dict(), "recording": f"recordings/{take}"}],
    )
    store.keep_pending(kept)

    def refuse(*args, **kwargs):
        raise OSError("database or disk is full")

    monkeypatch.setattr(store, "record_turn", refuse)
    report = store.reconcile()
    assert report.pending == [str(store.pending.path("k2"))]
    assert report.recovered == [] and saved.path.is_file()  # not swept away
    assert store.pending.path("k2").is_file()  # tried again at the next start
    store.db.close()


def test_best_score_counts_each_turn_at_its_best_try(tmp_path):
    store = open_store(tmp_path)
    aid = store.start_attempt(None, "s", "p", "标题", "T", "typed")
    store.record_turn(aid, _turn(1, 90))
    store.record_turn(aid, _turn(1, 30), retry=True)  # the retry went worse
    store.record_turn(aid, _turn(2, 70))
    assert store.attempt(aid).score == 50  # the attempt: the last tries
    assert store.scenario_stats(None)["s"] == {"attempts": 1, "best": 80}
    store.db.close()
