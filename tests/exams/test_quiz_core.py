"""Draws and grading per type, in the core (no services)."""

from __future__ import annotations

import pytest

from simulator.core.exam_def import load_exam
from simulator.core.quiz_draw import Draw, draw_exam, present
from simulator.core.quiz_grading import AnswerError, grade_answer
from tests.exams.fixtures import write_exam


def test_a_draw_is_reproducible_from_its_seed_and_survives_json(tmp_path, banks, grader):
    exam = load_exam(write_exam(tmp_path), banks, grader.catalog)
    a, b = draw_exam(exam, banks, 7), draw_exam(exam, banks, 7)
    assert a == b and Draw.from_json(a.to_json()) == a and a.sha256 == b.sha256
    assert draw_exam(exam, banks, 8).sha256 != a.sha256
    topics = [i.topic for i in a.written]
    assert topics.count("phrasing") == 3 and topics.count("forbidden") == 2
    assert len({(i.scenario_id, i.turn_id) for i in a.oral}) == 2


def test_grading_per_type_uses_the_shown_positions(banks, grader):
    from simulator.core.quiz_draw import DrawnQuestion

    single = banks.question("p.close")  # answer: bank option 1
    item = DrawnQuestion(0, single.id, "phrasing", "single", (2, 0, 1))  # bank 1 shown third
    assert present(item, single).options == (single.options[2], single.options[0],
                                             single.options[1])  # fmt: skip
    assert grade_answer(item, single, 2).correct and not grade_answer(item, single, 1).correct
    multi = banks.question("p.polite")  # answer: bank [0, 2]
    item = DrawnQuestion(0, multi.id, "phrasing", "multiple", (3, 2, 1, 0))
    assert grade_answer(item, multi, [3, 1]).correct
    assert not grade_answer(item, multi, [3]).correct  # all of the right ones …
    assert not grade_answer(item, multi, [3, 1, 0]).correct  # … and only those
    order = banks.question("p.order")
    item = DrawnQuestion(0, order.id, "phrasing", "order", (1, 3, 0, 2))
    assert grade_answer(item, order, [2, 0, 3, 1]).correct
    assert not grade_answer(item, order, [0, 2, 3, 1]).correct
    tf = banks.question("p.tf")
    assert grade_answer(DrawnQuestion(0, tf.id, "phrasing", "true_false"), tf, False).correct
    rewrite = banks.question("f.rewrite")
    item = DrawnQuestion(0, rewrite.id, "forbidden", "rewrite")
    assert grade_answer(item, rewrite, rewrite.model_answer, grader).correct
    bad = grade_answer(item, rewrite, rewrite.sentence, grader)
    assert not bad.correct and bad.grade.violations


@pytest.mark.parametrize("answer", [5, -1, True, "1", None])
def test_malformed_answers_are_named(banks, answer):
    from simulator.core.quiz_draw import DrawnQuestion

    q = banks.question("p.close")
    with pytest.raises(AnswerError, match="0–2"):
        grade_answer(DrawnQuestion(0, q.id, "phrasing", "single", (0, 1, 2)), q, answer)
