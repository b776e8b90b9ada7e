"""Proctored exams through the services: authorise, answer, pause, add time, submit, crash and
resume with the PIN, the sweep, sealing, second ratings, role refusals."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from simulator.core.exam_attempt import ExamError, TransitionRefused
from simulator.core.quiz_draw import DrawnQuestion
from simulator.services import PermissionDenied
from simulator.services.exam_records import PinRefused, RetakeRefused, SaveFailed
from simulator.store.recordings import sha256_file
from tests.exams.conftest import model_answer
from tests.exams.helpers import ready, right_answer, wrong_answer

LIMIT_MS = 10 * 60_000


def answer_all(services, people, rec, grader, speech, who="alice", right=True):
    for item in rec.draw.items:
        if isinstance(item, DrawnQuestion):
            value = right_answer(services, rec, item, grader) if right else wrong_answer(
                services, rec, item)  # fmt: skip
            services.exams.save_answer(people[who], rec.id, item.index, value)
        else:
            text = model_answer(grader, item.scenario_id, item.turn_id) if right else "喂，说吧"
            services.exams.save_oral(people[who], rec.id, item.index, speech.say(text), 16000)


def test_a_full_exam_is_sealed_and_shown_to_the_proctor_not_the_candidate(
    services, people, grader, speech, mono
):
    rec, paper = ready(services, people)
    assert len(paper.written) == 5 and len(paper.oral) == 2
    assert not hasattr(paper.written[0], "answer") and not hasattr(paper.written[0], "explanation")
    mono.advance(90)
    answer_all(services, people, rec, grader, speech)
    done = services.exams.submit(people["alice"], rec.id)
    assert (done.state, done.reason, done.graded) == ("sealed", "submitted", True)
    view = services.grading.result(people["proctor"], rec.id)
    assert view.effective.total == 100 and view.effective.passed
    assert set(view.effective.per_topic) == {"phrasing", "forbidden"}
    oral = [i for i in view.effective.items if i.part == "oral"]
    for item in oral:
        assert item.transcript and item.score == 100 and item.violations == ()
        path = services.recordings.absolute(item.recording)
        assert sha256_file(path) == item.recording_sha256
    assert view.used_ms == 90_000
    with pytest.raises(PermissionDenied):
        services.grading.result(people["alice"], rec.id)
    assert services.grading.my_outcomes(people["alice"])[0]["passed"] is True
    assert services.audit_check.check().ok


def test_wrong_answers_fail_with_violations_named(services, people, grader, speech):
    rec, _ = ready(services, people)
    answer_all(services, people, rec, grader, speech, right=False)
    services.exams.submit(people["alice"], rec.id)
    view = services.grading.result(people["admin"], rec.id)
    assert view.effective.written == 0 and view.effective.oral < 60
    assert not view.effective.passed
    oral = [i for i in view.effective.items if i.part == "oral"]
    assert all(i.violations and not i.correct and i.score < 60 for i in oral)


def test_two_candidates_get_their_own_draws_kept_across_a_crash(
    services, open_services, people, mono
):
    a, paper_a = ready(services, people, "alice")
    b, paper_b = ready(services, people, "bob")
    assert a.seed != b.seed and a.draw_sha256 != b.draw_sha256
    assert [(q.question_id, q.options, q.steps) for q in paper_a.written] != [
        (q.question_id, q.options, q.steps) for q in paper_b.written
    ]
    services.close()  # the app dies
    again = open_services()
    report = again.exams.sweep()
    assert sorted(report.interrupted) == sorted([a.id, b.id])
    for rec, before in ((a, paper_a), (b, paper_b)):
        who = people["alice" if rec is a else "bob"]
        again.exams.recover(who, rec.id, "proctor", "246810")
        after = again.exams.paper(who, rec.id)
        assert (after.written, after.oral) == (before.written, before.oral)
        assert again.exams._attempt(rec.id).draw_sha256 == rec.draw_sha256


def test_resume_after_a_crash_needs_the_pin_and_keeps_answers_and_time(
    services, open_services, people, grader, speech, mono
):
    rec, _ = ready(services, people)
    first = rec.draw.written[0]
    services.exams.save_answer(people["alice"], rec.id, first.index,
                               right_answer(services, rec, first, grader))  # fmt: skip
    mono.advance(42)
    assert services.exams.heartbeat(people["alice"], rec.id).remaining_ms == LIMIT_MS - 42_000
    mono.advance(3)  # not saved yet when the power goes
    services.close()
    mono.advance(3600)  # an hour later the PC is back
    again = open_services()
    assert again.exams.sweep().interrupted == [rec.id]
    with pytest.raises(TransitionRefused, match="PIN"):
        again.exams.save_answer(people["alice"], rec.id, first.index, 0)
    with pytest.raises(PinRefused):
        again.exams.recover(people["alice"], rec.id, "proctor", "000000")
    with pytest.raises(PinRefused):
        again.exams.recover(people["alice"], rec.id, "alice", "246810")
    status = again.exams.recover(people["alice"], rec.id, "proctor", "246810")
    assert status.state == "active" and status.remaining_ms == LIMIT_MS - 42_000
    assert again.exams.paper(people["alice"], rec.id).answered == {
        first.index: right_answer(services, rec, first, grader)
    }
    refused = again.audit.entries(action="exam.pin_refused")
    assert len(refused) == 2 and {e.subject for e in refused} == {rec.id}
    (recovered,) = again.audit.entries(action="exam.recovered")
    assert recovered.actor_name == "proctor"


def test_added_time_is_for_that_candidate_only_and_logged(services, people, mono):
    names = {c.username for c in services.exams.candidates(people["proctor"])}
    assert names == {"alice", "bob", "trainer"}
    a, _ = ready(services, people, "alice")
    b, _ = ready(services, people, "bob")
    mono.advance(60)
    status = services.exams.add_time(people["proctor"], a.id, 5, "电脑故障 / the PC froze")
    assert status.remaining_ms == LIMIT_MS - 60_000 + 300_000
    assert services.exams.heartbeat(people["bob"], b.id).remaining_ms == LIMIT_MS - 60_000
    assert services.exams.status(people["proctor"], b.id).remaining_ms == LIMIT_MS - 60_000
    assert services.exams.status(people["alice"], a.id).remaining_ms == status.remaining_ms
    (entry,) = services.audit.entries(action="exam.time_added")
    assert entry.subject == a.id and entry.detail["delta_ms"] == 300_000
    assert "froze" in entry.detail["reason"] and entry.actor_name == "proctor"
    with pytest.raises(TransitionRefused, match="reason"):
        services.exams.add_time(people["proctor"], a.id, 5, " ")


def test_changing_the_wall_clock_neither_adds_nor_steals_time(services, people, mono, wall):
    rec, _ = ready(services, people)
    mono.advance(100)
    before = services.exams.heartbeat(people["alice"], rec.id).remaining_ms
    wall.now += timedelta(hours=5)  # someone sets the PC's clock forward …
    assert services.exams.heartbeat(people["alice"], rec.id).remaining_ms == before
    assert services.exams.sweep().closed == []
    wall.now -= timedelta(days=2)  # … and back
    assert services.exams.heartbeat(people["alice"], rec.id).remaining_ms == before


def test_pause_freezes_the_clock(services, people, mono):
    rec, _ = ready(services, people)
    mono.advance(30)
    services.exams.pause(people["proctor"], rec.id, "考生身体不适")
    mono.advance(900)  # longer than the whole exam
    with pytest.raises(TransitionRefused, match="paused"):
        services.exams.save_answer(people["alice"], rec.id, 0, 0)
    assert services.exams.sweep().closed == []
    status = services.exams.resume(people["proctor"], rec.id)
    assert status.state == "active" and status.remaining_ms == LIMIT_MS - 30_000


def test_an_answer_in_the_last_second_is_saved_before_the_close(services, people, grader, mono):
    rec, _ = ready(services, people)
    first, second = rec.draw.written[:2]
    mono.advance(LIMIT_MS / 1000 - 1)
    services.exams.save_answer(people["alice"], rec.id, first.index,
                               right_answer(services, rec, first, grader))  # fmt: skip
    mono.advance(1.5)  # the clock hits zero with the second answer still on the screen
    pending = {second.index: right_answer(services, rec, second, grader)}
    done = services.exams.submit(people["alice"], rec.id, pending)
    assert (done.reason, done.answers_saved, done.state) == ("time_up", 1, "sealed")
    view = services.grading.result(people["proctor"], rec.id)
    answered = {i.index: i.correct for i in view.effective.items if i.answered}
    assert answered == {first.index: True, second.index: True}
    with pytest.raises(TransitionRefused):
        services.exams.save_answer(people["alice"], rec.id, second.index, 0)


def test_an_answer_after_the_time_closes_the_attempt_without_it(services, people, mono):
    rec, _ = ready(services, people)
    mono.advance(LIMIT_MS / 1000 + 30)
    with pytest.raises(TransitionRefused, match="time is up"):
        services.exams.save_answer(people["alice"], rec.id, rec.draw.written[0].index, 0)
    assert services.exams._attempt(rec.id).state == "sealed"
    assert services.exams.store.latest_answers(rec.id) == {}


def test_an_overdue_attempt_is_closed_and_graded_from_its_saved_answers(
    services, people, grader, mono
):
    rec, _ = ready(services, people)
    first = rec.draw.written[0]
    services.exams.save_answer(people["alice"], rec.id, first.index,
                               right_answer(services, rec, first, grader))  # fmt: skip
    mono.advance(LIMIT_MS / 1000 + 120)  # the screen hung: no heartbeat, no submit
    report = services.exams.sweep()
    assert report.closed == [rec.id]
    view = services.grading.result(people["proctor"], rec.id)
    assert view.end_reason == "time_up" and view.used_ms >= LIMIT_MS
    assert [i.index for i in view.effective.items if i.answered] == [first.index]
    assert view.effective.per_topic[first.topic]["correct"] == 1


def test_an_interrupted_attempt_left_too_long_is_closed(
    services, open_services, people, grader, wall
):
    rec, _ = ready(services, people)
    first = rec.draw.written[0]
    services.exams.save_answer(people["alice"], rec.id, first.index,
                               right_answer(services, rec, first, grader))  # fmt: skip
    services.close()
    again = open_services()
    assert again.exams.sweep().interrupted == [rec.id]
    wall.now += timedelta(minutes=31)  # past the exam's 30-minute resume window
    assert again.exams.sweep().closed == [rec.id]
    view = again.grading.result(people["proctor"], rec.id)
    assert view.end_reason == "abandoned" and view.state == "sealed"
    assert [i.index for i in view.effective.items if i.answered] == [first.index]


def test_a_sealed_result_refuses_changes(services, people, grader, speech):
    rec, _ = ready(services, people)
    answer_all(services, people, rec, grader, speech)
    services.exams.submit(people["alice"], rec.id)
    with pytest.raises(TransitionRefused):
        services.exams.save_answer(people["alice"], rec.id, 0, 0)
    with pytest.raises(TransitionRefused):
        services.exams.add_time(people["proctor"], rec.id, 5, "late")
    with pytest.raises(TransitionRefused):
        services.exams.terminate(people["proctor"], rec.id, "cheating")
    for sql in (
        "UPDATE exam_results SET score=0",
        "DELETE FROM exam_results",
        "UPDATE exam_answers SET answer='1'",
        "DELETE FROM exam_answers",
        "UPDATE exam_attempts SET used_ms=0",
        "UPDATE exam_attempts SET state='active'",
        "DELETE FROM exam_attempts",
    ):
        with pytest.raises(sqlite3.IntegrityError):
            with services.db.tx() as conn:
                conn.execute(sql)
    assert services.grading.result(people["proctor"], rec.id).effective.total == 100


def test_completion_is_one_way_in_the_table_too(services, people):
    rec, _ = ready(services, people)
    services.exams.terminate(people["proctor"], rec.id, "手机作弊 / a phone")
    assert services.exams._attempt(rec.id).state == "sealed"
    view = services.grading.result(people["proctor"], rec.id)
    assert view.state == "sealed" and not view.effective.passed and view.sealed.terminated
    rec2 = services.exams.register(people["proctor"], "fixture-exam", people["bob"].user_id)
    services.exams.cancel(people["proctor"], rec2.id, "no show")
    with pytest.raises(sqlite3.IntegrityError, match="never returns"):
        with services.db.tx() as conn:
            conn.execute("UPDATE exam_attempts SET state='awaiting' WHERE id=?", [rec2.id])


def test_a_second_rating_keeps_both(services, people, grader, speech):
    rec, _ = ready(services, people)
    answer_all(services, people, rec, grader, speech, right=False)
    services.exams.submit(people["alice"], rec.id)
    oral = rec.draw.oral[0].index
    with pytest.raises(ExamError, match="reason"):
        services.grading.rate_oral(people["trainer"], rec.id, oral, 90, True, "")
    with pytest.raises(PermissionDenied):
        services.grading.rate_oral(people["alice"], rec.id, oral, 90, True, "mine")
    view = services.grading.rate_oral(
        people["trainer"], rec.id, oral, 90, True, "录音清晰，识别有误 / misheard"
    )
    item = next(i for i in view.effective.items if i.index == oral)
    sealed_item = next(i for i in view.sealed.items if i.index == oral)
    assert (item.score, item.auto_score) == (90, sealed_item.score) and sealed_item.score < 60
    assert item.ratings[0].rater_name == "trainer" and "misheard" in item.ratings[0].reason
    assert view.effective.oral > view.sealed.oral
    assert services.grading.store.result(rec.id).sealed == view.sealed  # never rewritten
    (entry,) = services.audit.entries(action="exam.rerated")
    assert entry.detail["auto_score"] == sealed_item.auto_score


def test_a_trainee_calling_proctor_and_admin_services_is_refused_and_audited(services, people):
    rec, _ = ready(services, people, "bob")
    alice = people["alice"]
    calls = [
        lambda: services.exams.register(alice, "fixture-exam", alice.user_id),
        lambda: services.exams.authorise(alice, rec.id, "Alice", "11010519491231002X", True),
        lambda: services.exams.pause(alice, rec.id),
        lambda: services.exams.resume(alice, rec.id),
        lambda: services.exams.add_time(alice, rec.id, 5, "x"),
        lambda: services.exams.terminate(alice, rec.id, "x"),
        lambda: services.exams.cancel(alice, rec.id, "x"),
        lambda: services.exams.paper(alice, rec.id),
        lambda: services.exams.save_answer(alice, rec.id, 0, 0),
        lambda: services.exams.heartbeat(alice, rec.id),
        lambda: services.exams.status(alice, rec.id),
        lambda: services.exams.candidates(alice),
        lambda: services.exams.submit(alice, rec.id),
        lambda: services.exams.recover(alice, rec.id, "proctor", "246810"),
        lambda: services.grading.results(alice),
        lambda: services.grading.result(alice, rec.id),
        lambda: services.grading.rate_oral(alice, rec.id, 0, 1, True, "x"),
        lambda: services.certificates.issue(alice, rec.id),
        lambda: services.certificates.certificate(alice, rec.id),
        lambda: services.audit_check.verify(alice),
        lambda: services.pins.set_pin(alice, "123456"),
        lambda: services.quizzes.missed_questions(alice),
        lambda: services.accounts.users(alice),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    denied = services.audit.entries(action="permission.denied")
    assert len(denied) == len(calls) and {e.actor_name for e in denied} == {"alice"}
    assert services.exams._attempt(rec.id).state == "active"
    assert services.audit_check.check().ok


def test_the_retake_rule(services, people, wall):
    proctor, alice = people["proctor"], people["alice"]
    rec = services.exams.register(proctor, "fixture-exam", alice.user_id)
    with pytest.raises(RetakeRefused, match="open attempt"):
        services.exams.register(proctor, "fixture-exam", alice.user_id)
    services.exams.authorise(proctor, rec.id, "Alice", "11010519491231002X", True)
    services.exams.start(alice, rec.id)
    services.exams.submit(alice, rec.id)
    with pytest.raises(RetakeRefused, match="2026-12-02"):
        services.exams.register(proctor, "fixture-exam", alice.user_id)
    wall.now += timedelta(days=1, minutes=1)
    rec2 = services.exams.register(proctor, "fixture-exam", alice.user_id)
    services.exams.authorise(proctor, rec2.id, "Alice", "11010519491231002X", True)
    services.exams.start(alice, rec2.id)
    services.exams.submit(alice, rec2.id)
    wall.now += timedelta(days=3)
    with pytest.raises(RetakeRefused, match="limit is 2"):
        services.exams.register(proctor, "fixture-exam", alice.user_id)


def test_authorisation_checks_the_id_and_keeps_only_its_hash(services, people):
    proctor, alice = people["proctor"], people["alice"]
    rec = services.exams.register(proctor, "fixture-exam", alice.user_id)
    with pytest.raises(ExamError, match="check digit"):
        services.exams.authorise(proctor, rec.id, "Alice", "110105194912310021", True)
    with pytest.raises(TransitionRefused, match="confirm"):
        services.exams.authorise(proctor, rec.id, "Alice", "11010519491231002X", False)
    with pytest.raises(TransitionRefused, match="awaiting authorisation"):
        services.exams.start(alice, rec.id)  # no exam without a proctor
    with pytest.raises(PermissionDenied):
        services.exams.authorise(alice, rec.id, "A", "11010519491231002X", True)
    services.exams.authorise(proctor, rec.id, "爱丽丝", "1101 0519 4912 31002x", True)
    stored = services.exams._attempt(rec.id)
    assert stored.id_hash.startswith("$argon2id$") and stored.candidate_name == "爱丽丝"
    assert b"11010519491231002X" not in services.db.path.read_bytes()
    (entry,) = services.audit.entries(action="exam.authorised")
    assert "11010519491231002X" not in str(entry.detail)


def test_a_failed_write_raises_and_keeps_nothing_half_saved(services, people, grader, monkeypatch):
    rec, _ = ready(services, people)
    first = rec.draw.written[0]

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(services.exams.store, "insert_answer", broken)
    with pytest.raises(SaveFailed, match="NOT saved") as info:
        services.exams.save_answer(people["alice"], rec.id, first.index,
                                   right_answer(services, rec, first, grader))  # fmt: skip
    assert "disk I/O error" in str(info.value) and "监考员" in str(info.value)
    assert services.exams.store.latest_answers(rec.id) == {}
    assert services.audit.entries(action="exam.answer_saved") == []
    monkeypatch.undo()
    services.exams.save_answer(people["alice"], rec.id, first.index,
                               right_answer(services, rec, first, grader))  # fmt: skip
    assert list(services.exams.store.latest_answers(rec.id)) == [first.index]


def test_every_state_change_is_audited(services, people, grader, speech, mono):
    rec, _ = ready(services, people)
    mono.advance(10)
    services.exams.pause(people["proctor"], rec.id)
    services.exams.resume(people["proctor"], rec.id)
    services.exams.add_time(people["proctor"], rec.id, 1, "noise")
    answer_all(services, people, rec, grader, speech)
    services.exams.submit(people["alice"], rec.id)
    actions = [e.action for e in services.audit.entries(subject=rec.id)]
    for action in ("exam.registered", "exam.authorised", "exam.started", "exam.paused",
                   "exam.resumed", "exam.time_added", "exam.answer_saved", "exam.finished",
                   "exam.graded", "exam.sealed"):  # fmt: skip
        assert action in actions
    assert actions.count("exam.answer_saved") == len(rec.draw.items)


def test_a_grading_failure_keeps_the_closed_attempt_for_the_sweep(
    open_services, people, grader, speech
):
    deaf = open_services(speech=None)  # the speech model is not available at the end
    rec, _ = ready(deaf, people)
    answer_all(deaf, people, rec, grader, speech)
    done = deaf.exams.submit(people["alice"], rec.id)
    assert (done.state, done.graded) == ("finished", False) and "speech" in done.grading_error
    assert deaf.audit.entries(action="exam.grading_failed")
    deaf.close()
    again = open_services()
    report = again.exams.sweep()
    assert report.graded == [rec.id]
    assert again.grading.result(people["proctor"], rec.id).effective.total == 100


def test_start_up_reconcile_leaves_exam_recordings_in_place(services, people, grader, speech):
    rec, _ = ready(services, people)
    answer_all(services, people, rec, grader, speech)
    saved = [a.recording for a in services.exams.store.answers(rec.id) if a.recording]
    report = services.practice.reconcile()
    assert report.recovered == [] and report.removed == []
    assert all(services.recordings.absolute(p).is_file() for p in saved) and len(saved) == 2


def test_a_shipped_exam_runs_end_to_end_on_the_real_banks(open_services, people, grader, speech):
    real = open_services(banks=None, exams=None)  # exams/banks and exams/exams as shipped
    proctor, alice = people["proctor"], people["alice"]
    rec = real.exams.register(proctor, "10000-agent", alice.user_id)
    real.exams.authorise(proctor, rec.id, "爱丽丝", "11010519491231002X", True)
    real.exams.start(alice, rec.id)
    rec = real.exams._attempt(rec.id)
    assert len(rec.draw.written) == 18 and len(rec.draw.oral) == 4
    answer_all(real, people, rec, grader, speech)
    assert real.exams.submit(alice, rec.id).state == "sealed"
    view = real.grading.result(proctor, rec.id)
    assert view.effective.total == 100 and view.effective.passed
    assert set(view.effective.per_topic) == {"phrasing", "forbidden", "etiquette", "complaints",
                                             "quality", "attitude"}  # fmt: skip
