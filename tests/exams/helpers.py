"""Driving an exam attempt through the services in tests."""

from __future__ import annotations

from simulator.core.quiz_draw import DrawnQuestion
from simulator.core.quiz_grading import expected


def right_answer(services, attempt, item: DrawnQuestion, grader):
    question = services.exams._question(attempt, item.question_id)
    if question.type == "rewrite":
        return question.model_answer
    return expected(item, question)


def wrong_answer(services, attempt, item: DrawnQuestion):
    question = services.exams._question(attempt, item.question_id)
    right = expected(item, question)
    if question.type == "true_false":
        return not right
    if question.type == "single":
        return (right + 1) % len(question.options)
    if question.type == "multiple":
        return [p for p in range(len(question.options)) if p not in right][:1] + right[:1]
    if question.type == "order":
        return list(reversed(right))
    return "你吵什么吵，又不是我弄坏的"


def ready(services, people, candidate="alice", exam_id="fixture-exam"):
    """Registered, authorised and started: (attempt record, paper)."""
    proctor = people["proctor"]
    rec = services.exams.register(proctor, exam_id, people[candidate].user_id)
    services.exams.authorise(proctor, rec.id, people[candidate].display_name, "11010519491231002X",
                             True)  # fmt: skip
    paper = services.exams.start(people[candidate], rec.id)
    return services.exams._attempt(rec.id), paper
