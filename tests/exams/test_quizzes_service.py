"""Practice quizzes, the spaced-review queue (questions and drills) and the self-assessment."""

from __future__ import annotations

from datetime import timedelta

import pytest

from simulator.core.quiz_grading import AnswerError, Heard, expected
from simulator.core.records import TurnRecord
from simulator.core.result import result_from_dict
from simulator.core.seed_titles import seed_title
from tests.exams.conftest import model_answer


def _right(services, run, index):
    item = services.quizzes.store.quiz(run.quiz_id)[1].item(index)
    question = services.resources.banks.question(item.question_id)
    return question.model_answer if question.type == "rewrite" else expected(item, question)


def test_a_quiz_gives_feedback_with_the_seed(services, people):
    alice = people["alice"]
    run = services.quizzes.start(alice, ["phrasing", "forbidden"], count=20,
                                 types=["single", "multiple", "true_false", "order", "rewrite"])  # fmt: skip
    assert len(run.items) == 9 and {q.topic for q in run.items} == {"phrasing", "forbidden"}
    for q in run.items:
        fb = services.quizzes.answer(alice, run.quiz_id, q.index, _right(services, run, q.index))
        assert fb.correct and fb.explanation and fb.evidence
        assert (fb.source_title, fb.source_title_en) == seed_title(fb.source)
        assert fb.source_title != fb.source
    order = next(q for q in run.items if q.type == "order")
    wrong = list(reversed(_right(services, run, order.index)))
    fb = services.quizzes.answer(alice, run.quiz_id, order.index, wrong)
    assert not fb.correct and fb.expected_text == tuple(
        services.resources.banks.question(order.question_id).steps
    )
    with pytest.raises(AnswerError):
        services.quizzes.answer(alice, run.quiz_id, order.index, "first")


def test_options_and_steps_are_shuffled_per_quiz(services, people):
    runs = [
        services.quizzes.start(people["alice"], ["phrasing"], count=6, seed=s) for s in range(6)
    ]
    shown = {
        tuple(q.options or q.steps) for r in runs for q in r.items if q.question_id == "p.order"
    }
    assert len(shown) > 1
    assert ("问候", "等待三秒", "再次询问", "请客户换话机再拨") not in shown  # never in order


def test_say_is_heard_and_graded(services, people, grader, speech):
    alice = people["alice"]
    run = services.quizzes.start(alice, ["forbidden"], count=10, types=["say"])
    (q,) = run.items
    good = speech.say(model_answer(grader, "angry-caller"))
    fb = services.quizzes.answer_spoken(alice, run.quiz_id, q.index, good, 16000)
    assert fb.correct and fb.grade.passed
    fb = services.quizzes.answer(alice, run.quiz_id, q.index, Heard("你吵什么吵"))
    assert not fb.correct and fb.grade.violations


def test_missed_questions_come_back_and_are_listed_for_trainers(services, people, wall):
    for name in ("alice", "bob"):
        run = services.quizzes.start(people[name], ["forbidden"], count=5, types=["true_false"])
        (q,) = run.items
        for _ in range(2 if name == "alice" else 1):
            services.quizzes.answer(people[name], run.quiz_id, q.index,
                                    not _right(services, run, q.index))  # fmt: skip
    wall.now += timedelta(hours=1)
    due = services.review.due(people["alice"])
    assert [(d.kind, d.item, d.misses) for d in due] == [("question", "f.tf", 2)]
    assert due[0].text == "“好像”是常见禁用词。"
    review = services.quizzes.start_review(people["alice"])
    assert [q.question_id for q in review.items] == ["f.tf"]
    services.quizzes.answer(people["alice"], review.quiz_id, 0, True)
    assert services.review.due(people["alice"]) == []  # answered right: due later
    assert services.review.queue(people["alice"])[0].due_at > due[0].due_at
    (missed,) = services.quizzes.missed_questions(people["trainer"])
    assert (missed.question_id, missed.misses, missed.trainees) == ("f.tf", 3, 2)


def test_a_failed_practice_turn_becomes_a_drill(services, people, grader, speech, wall):
    alice = people["alice"]
    attempt = services.practice.start_attempt(alice, "angry-caller", "p", "愤怒", "Angry", "voice")
    failed = result_from_dict({"scenario": "angry-caller", "turn": 1, "score": 30, "passed": False})
    services.practice.record_turn(alice, attempt, TurnRecord(1, failed, "你们怎么回事", "voice"))
    passed = result_from_dict({"scenario": "praise", "turn": 1, "score": 95, "passed": True})
    services.practice.record_turn(alice, attempt, TurnRecord(2, passed, "谢谢", "voice"))
    wall.now += timedelta(hours=1)
    (due,) = services.review.due(alice)
    assert (due.kind, due.scenario_turn) == ("drill", ("angry-caller", 1))
    assert due.text == grader.catalog.scenario("angry-caller").turn(1).caller.text
    fb = services.review.answer_drill(alice, "angry-caller", 1,
                                      speech.say(model_answer(grader, "angry-caller")), 16000)  # fmt: skip
    assert fb.passed and fb.recording and fb.next_due > due.due_at
    assert services.review.due(alice) == []


def test_self_assessment_is_kept_for_a_chart(services, people, wall):
    alice = people["alice"]
    items = [i.id for i in services.quizzes.self_assessment.items]
    first = services.quizzes.submit_self_assessment(alice, {i: 4 for i in items})
    wall.now += timedelta(days=7)
    second = services.quizzes.submit_self_assessment(alice, {i: 9 for i in items})
    assert (first.record.total, first.title) == (40, "需要努力")
    assert (second.record.total, second.title) == (90, "非常适合") and second.advice
    history = services.quizzes.self_assessment_history(alice)
    assert [h.total for h in history] == [40, 90]
    assert services.quizzes.self_assessment_history(people["trainer"], alice.user_id) == history
    assert services.quizzes.self_assessment_history(people["bob"]) == []
    with pytest.raises(AnswerError, match="unanswered"):
        services.quizzes.submit_self_assessment(alice, {items[0]: 5})
