"""Grading one answer to a drawn question, per type, and the feedback a practice quiz shows.

Answers use the positions the screen showed (``DrawnQuestion.order`` maps them to the bank):

- ``single``: one position; ``multiple``: the positions ticked — all and only the right ones;
- ``true_false``: a bool; ``order``: the shown positions in the order the trainee put them —
  the exact order;
- ``rewrite``: the typed text, graded by the grader for the question's scenario turn: it must
  pass; ``say``: what the speech service heard (``Heard``), graded the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.core.heard import Hearing
from simulator.core.quiz_draw import DrawnQuestion
from simulator.core.result import GradeResult
from simulator.core.seed_titles import seed_title


class AnswerError(ValueError):
    """An answer of the wrong shape for its question; ``str()`` is Chinese / English."""


@dataclass(frozen=True)
class Heard:
    """What the speech service made of a spoken reply."""

    text: str
    unsure: tuple[int, ...] = ()
    delivery: dict | None = None
    hearing: Hearing | None = None  # per character: how surely and when (core.heard)


@dataclass(frozen=True)
class Verdict:
    correct: bool
    score: int  # 100 or 0 for the choice types; the grader's score for rewrite / say
    answer: object  # as given, normalised (JSON-able)
    expected: object  # the right answer in shown positions, or the model answer's text
    grade: GradeResult | None = None


def _position(value, n: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < n:
        raise AnswerError(f"选项编号须在 0–{n - 1} 之间 / an option number must be 0–{n - 1}")
    return value


def normalise(item: DrawnQuestion, question, answer) -> object:
    """The answer in its stored form, or ``AnswerError`` saying what shape is expected."""
    kind = question.type
    if kind == "single":
        return _position(answer, len(question.options))
    if kind in ("multiple", "order"):
        n = len(question.options if kind == "multiple" else question.steps)
        if not isinstance(answer, list | tuple):
            raise AnswerError("请给出选项编号列表 / give a list of option numbers")
        picked = [_position(a, n) for a in answer]
        if len(set(picked)) != len(picked):
            raise AnswerError("同一选项不能选两次 / an option is given twice")
        if kind == "order" and len(picked) != n:
            raise AnswerError(f"请排好全部 {n} 个步骤 / put all {n} steps in order")
        return sorted(picked) if kind == "multiple" else picked
    if kind == "true_false":
        if not isinstance(answer, bool):
            raise AnswerError("请回答“对”或“错” / answer true or false")
        return answer
    if kind == "rewrite":
        if not isinstance(answer, str) or not answer.strip():
            raise AnswerError("请输入改写后的说法 / type the rewritten sentence")
        return answer.strip()
    if kind == "say":
        text = answer.text if isinstance(answer, Heard) else answer
        if not isinstance(text, str):
            raise AnswerError("请用语音回答 / answer by voice")
        return text.strip()
    raise AnswerError(f"unknown question type {kind!r}")


def expected(item: DrawnQuestion, question) -> object:
    """The right answer in the positions shown (or the model answer for rewrite)."""
    shown = {bank: pos for pos, bank in enumerate(item.order)}
    if question.type == "single":
        return shown[question.answer]
    if question.type == "multiple":
        return sorted(shown[b] for b in question.answer)
    if question.type == "order":
        return [shown[b] for b in range(len(question.steps))]
    if question.type == "true_false":
        return question.answer
    if question.type == "rewrite":
        return question.model_answer
    return ""


def grade_answer(item: DrawnQuestion, question, answer, grader=None) -> Verdict:
    """Grade one answer. ``grader`` (a ``core.grader.Grader``) is needed for rewrite / say."""
    given = normalise(item, question, answer)
    want = expected(item, question)
    if question.type in ("rewrite", "say"):
        if grader is None:
            raise ValueError(f"a {question.type} question needs the grader")
        unsure = answer.unsure if isinstance(answer, Heard) else None
        delivery = answer.delivery if isinstance(answer, Heard) else None
        hearing = answer.hearing if isinstance(answer, Heard) else None
        result = grader.grade(
            question.scenario, question.turn, given, delivery, unsure=unsure, hearing=hearing
        )
        return Verdict(result.passed, result.score, given, want, result)
    correct = given == want
    return Verdict(correct, 100 if correct else 0, given, want)


@dataclass(frozen=True)
class Feedback:
    """What a practice quiz shows after an answer: right or not, why, and the seed's words."""

    index: int
    question_id: str
    correct: bool
    score: int
    expected: object
    expected_text: tuple[str, ...]
    explanation: str
    evidence: str
    source: str
    source_title: str
    source_title_en: str
    grade: GradeResult | None = None
    expected_text_en: tuple[str, ...] = ()  # () when the bank has no English for it
    explanation_en: str | None = None


def feedback(item: DrawnQuestion, question, verdict: Verdict) -> Feedback:
    english: tuple[str, ...] = ()
    options_en = getattr(question, "options_en", None)
    if question.type == "single":
        text: tuple[str, ...] = (question.options[question.answer],)
        if options_en:
            english = (options_en[question.answer],)
    elif question.type == "multiple":
        text = tuple(question.options[b] for b in question.answer)
        if options_en:
            english = tuple(options_en[b] for b in question.answer)
    elif question.type == "order":
        text = tuple(question.steps)
        english = tuple(getattr(question, "steps_en", None) or ())
    elif question.type == "true_false":
        text = ("对 / true",) if question.answer else ("错 / false",)
    elif question.type == "rewrite":
        text = (question.model_answer,)
    else:
        closest = verdict.grade.closest_answer if verdict.grade else None
        text = (closest.text,) if closest is not None and closest.text else ()
    zh, en = seed_title(question.source)
    return Feedback(
        index=item.index,
        question_id=question.id,
        correct=verdict.correct,
        score=verdict.score,
        expected=verdict.expected,
        expected_text=text,
        explanation=question.explanation,
        evidence=question.evidence,
        source=question.source,
        source_title=zh,
        source_title_en=en,
        grade=verdict.grade,
        expected_text_en=english,
        explanation_en=getattr(question, "explanation_en", None),
    )
