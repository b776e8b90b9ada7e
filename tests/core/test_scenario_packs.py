"""The scenario packs: required ids, seed citations, and model answers that pass their turn."""

import pytest

from simulator.core.catalog import load_catalog

SEEDS = {
    "000_f5f53003cce702ee.txt",
    "001_ab75b4677eacef2d.txt",
    "002_7fd5fb1ffe6b249b.txt",
    "003_e98f4ad5f807b8b3.txt",
    "004_f8856a91b075e821.txt",
}
CATALOG = load_catalog()


def test_all_packs_load_cleanly():
    assert CATALOG.problems == []
    assert len(CATALOG.scenarios) >= 20


def test_every_scenario_and_answer_cites_a_seed():
    for sc in CATALOG.scenarios.values():
        assert set(sc.source) <= SEEDS, sc.id
        for turn in sc.turns:
            for answer in turn.model_answers:
                assert answer.source in SEEDS, (sc.id, turn.id)
            for move in turn.off_protocol:
                assert set(move.source) <= SEEDS, (sc.id, move.id)


@pytest.mark.parametrize(
    ("scenario_id", "turn_id", "text"),
    [
        (sc.id, turn.id, answer.text)
        for sc in CATALOG.scenarios.values()
        for turn in sc.turns
        for answer in turn.model_answers
    ],
)
def test_model_answers_pass_their_turn(grader, scenario_id, turn_id, text):
    result = grader.grade(scenario_id, turn_id, text)
    assert result.passed, [v.to_dict() for v in result.failing]
    assert result.closest_answer.similarity == 1.0


def test_branches_follow_the_outcome(grader):
    calm = grader.grade("angry-caller", 1, "非常抱歉，您的心情我理解，我马上帮您处理，好吗？")
    angry = grader.grade("angry-caller", 1, "你问我，我问谁？不关我的事。")
    turn = CATALOG.scenarios["angry-caller"].turn(1)
    assert calm.outcome == "passed" and calm.next_turn == turn.next.passed
    assert angry.outcome == "escalated" and angry.next_turn == turn.next.escalated
    assert angry.next_turn != calm.next_turn
