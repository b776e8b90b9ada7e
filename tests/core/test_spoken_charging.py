"""Spoken charging (core.spoken_charging): another reading of a spoken reply is graded once per
reply, however many findings ask about it, and the places it charges follow the findings."""

from types import SimpleNamespace

from simulator.core.result import Violation
from simulator.core.spoken_charging import Readings


class _CountingGrader:
    """The rules find 慢点 wherever it is; no second opinion."""

    opinion = None

    def __init__(self):
        self.graded: list[str] = []

    def findings(self, text, turn, an):
        self.graded.append(text.display)
        at = text.display.find("慢点")
        if at < 0:
            return []
        return [
            Violation(
                rule="r",
                category="commanding",
                severity="fail",
                text="慢点",
                start=at,
                end=at + 2,
                explanation="",
                suggestion="",
            )  # fmt: skip
        ]


def test_a_reading_is_graded_once_for_every_question_about_it():
    grader = _CountingGrader()
    readings = Readings(grader, SimpleNamespace(off_protocol=()), {})
    reading = "您说慢点，我记一下您的地址。"
    for _ in range(3):
        assert readings.categories_failed(reading) == {"commanding"}
        assert readings.charged_places(reading) == {("commanding", 2, 4)}
    assert grader.graded == [reading]
    assert readings.categories_failed("您说得对，我记一下您的地址。") == set()
    assert len(grader.graded) == 2
