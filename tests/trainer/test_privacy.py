"""Privacy of recordings: consent asked once per account (dated, revocable), no take kept
without it; retention deletes old recordings with a fake clock (transcripts and scores stay,
the turn says why); a trainee deletes their own, an admin anyone's; every deletion audited."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from simulator.services import PermissionDenied, Session
from simulator.services.errors import ConsentRequired, ServiceError
from tests.trainer.helpers import GOOD, RUDE, turn


def take(services, who, text: str = RUDE, seq: int = 1, attempt: str | None = None):
    """A recorded practice turn: the take written first (as the app does), then the turn."""
    g = services.resources.grader
    attempt = attempt or services.practice.start_attempt(
        who, "praise", "service-basics", "表扬", "Praise", "voice"
    )
    saved = services.recordings.save_wav(
        np.full(1600, 0.1, dtype=np.float32), 16000, f"{attempt}/{seq:02d}-{time.time_ns()}.wav"
    )
    turn_id = services.practice.record_turn(who, attempt, turn(g, "praise", 1, text, seq), saved)
    return attempt, turn_id, saved


def test_without_consent_no_take_is_kept(services, people, wall):
    alice = people["alice"]
    status = services.privacy.consent(alice)
    assert not status.given and status.at is None
    with pytest.raises(ConsentRequired) as info:
        take(services, alice)
    assert "未同意保存录音" in str(info.value) and "not agreed" in str(info.value)
    assert list(services.recordings.files()) == []  # the take written before was deleted
    assert services.db.scalar("SELECT COUNT(*) FROM turns") == 0
    # a typed reply keeps no recording: saved
    g = services.resources.grader
    attempt = services.practice.start_attempt(
        alice, "praise", "service-basics", "表扬", "P", "typed"
    )
    services.practice.record_turn(alice, attempt, turn(g, "praise", 1, GOOD))
    # consent, dated by the wall clock, then the take is kept
    wall.now = datetime(2026, 12, 2, 8, 30, tzinfo=UTC)
    status = services.privacy.give_consent(alice)
    assert status.given and status.at == "2026-12-02T08:30:00.000Z" and status.notice
    _a, _t, saved = take(services, alice)
    assert saved.path.is_file()
    # the anonymous seat user (no accounts) is not asked
    nobody = Session.anonymous()
    take(services, nobody)
    assert [e.action for e in services.audit.entries() if e.action.startswith("consent.")] == [
        "consent.given"
    ]


def test_revoking_consent_deletes_the_recordings_and_stops_new_ones(services, people, wall):
    alice, bob = people["alice"], people["bob"]
    for who in (alice, bob):
        services.privacy.give_consent(who)
    attempt, turn_id, saved = take(services, alice)
    _b, _bt, bob_saved = take(services, bob)
    report = services.privacy.revoke_consent(alice)
    assert report.deleted == (saved.relpath,) and report.reason == "consent_revoked"
    assert not saved.path.exists() and bob_saved.path.exists()
    (record,) = services.practice.attempt_turns(alice, attempt)
    assert record.recording is None and record.recording_status == "deleted"
    assert record.recording_deleted == "consent_revoked" and record.result.transcript == RUDE
    with pytest.raises(ConsentRequired):
        take(services, alice)
    history = services.privacy.consent(alice).history
    assert [c.action for c in history] == ["given", "revoked"]


def test_retention_deletes_old_recordings_only(services, people, data_dir):
    admin, alice = people["admin"], people["alice"]
    services.privacy.give_consent(alice)
    attempt, turn_id, saved = take(services, alice)
    services.practice.finish_attempt(alice, attempt, "completed")
    recovered = data_dir / "recovered" / "old" / "take.wav"
    recovered.parent.mkdir(parents=True)
    recovered.write_bytes(b"RIFF")
    old = time.time() - 40 * 86400
    os.utime(recovered, (old, old))
    now = datetime.now(UTC)
    assert services.privacy.apply_retention(now + timedelta(days=400)).count == 0  # no period
    services.privacy.set_retention(admin, 30)
    assert services.privacy.retention_days() == 30
    kept = services.privacy.apply_retention(now + timedelta(days=29))
    assert kept.deleted == () and saved.path.exists()
    assert kept.recovered == ("recovered/old/take.wav",) and not recovered.exists()
    gone = services.privacy.apply_retention(now + timedelta(days=31))
    assert gone.deleted == (saved.relpath,) and gone.by_source == {"turns": 1}
    assert not saved.path.exists()
    row = services.db.one("SELECT * FROM turns WHERE id=?", [turn_id])
    assert row["recording"] is None and row["recording_deleted_reason"] == "retention"
    assert row["transcript"] == RUDE and row["score"] is not None and row["recording_deleted_at"]
    assert services.practice.attempt(alice, attempt).score is not None
    (deletion,) = [d for d in services.privacy.deletions(admin) if d["source"] == "turns"]
    assert (deletion["row_id"], deletion["path"], deletion["reason"]) == (
        turn_id, saved.relpath, "retention",
    )  # fmt: skip
    entries = services.audit.entries(action="recording.deleted")
    assert {e.subject for e in entries} == {turn_id, "recovered/old/take.wav"}
    assert all(e.actor_name == "system" for e in entries)
    # nothing twice; start-up reconcile does not call the deleted recording missing
    assert services.privacy.apply_retention(now + timedelta(days=60)).count == 0
    report = services.practice.reconcile()
    assert report.missing == [] and report.recovered == []


def test_a_trainee_deletes_their_own_an_admin_anyones(services, people):
    admin, alice, bob = people["admin"], people["alice"], people["bob"]
    for who in (alice, bob):
        services.privacy.give_consent(who)
    _a, _t, a1 = take(services, alice)
    _b, _bt, b1 = take(services, bob)
    mine = services.privacy.delete_my_recordings(alice)
    assert mine.deleted == (a1.relpath,) and b1.path.exists()
    assert [d["reason"] for d in services.privacy.deletions(alice, alice.user_id)] == ["owner"]
    theirs = services.privacy.delete_recordings_of(admin, bob.user_id)
    assert theirs.deleted == (b1.relpath,) and not b1.path.exists()
    (entry,) = [e for e in services.audit.entries(action="recording.deleted")
                if e.detail["reason"] == "admin"]  # fmt: skip
    assert entry.actor_name == "admin" and entry.detail["user_id"] == bob.user_id


def test_privacy_operations_are_checked_and_refusals_audited(services, people):
    alice, trainer, bob = people["alice"], people["trainer"], people["bob"]
    before = len(services.audit.entries(action="permission.denied"))
    calls = [
        lambda who: services.privacy.set_retention(who, 10),
        lambda who: services.privacy.delete_recordings_of(who, bob.user_id),
        lambda who: services.privacy.deletions(who, bob.user_id),
        lambda who: services.privacy.consent(who, bob.user_id),
    ]
    for who in (alice, trainer):
        for c in calls:
            with pytest.raises(PermissionDenied):
                c(who)
    assert len(services.audit.entries(action="permission.denied")) == before + 2 * len(calls)
    with pytest.raises(ServiceError, match="at least one day"):
        services.privacy.set_retention(people["admin"], 0)
    with pytest.raises(ServiceError, match="sign in"):
        services.privacy.give_consent(Session.anonymous())
    assert services.privacy.consent(people["admin"], bob.user_id).given is False
