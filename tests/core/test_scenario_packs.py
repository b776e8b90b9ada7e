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


@pytest.mark.parametrize(
    ("scenario_id", "turn_id", "reply", "expected"),
    [
        (
            "date-invitation",
            1,
            "非常感谢您的诚意，但是因为个人原因我无法参加，请原谅。",
            "非常感谢您的诚意，但因本人原因无法参加，请您原谅！",
        ),
        (
            "noisy-line",
            3,
            "不好意思，我没听清，您再重复一遍好吗？",
            "对不起，我没有听清，请您再重复一遍好吗？",
        ),
        ("silent-call", 1, "您好，电话已经接通了，请讲。", "您好，您的电话已接通，请讲。"),
        ("praise", 1, "不客气，很高兴为您服务。", "不客气，很高兴能为您服务。"),
        (
            "hold-and-callback",
            1,
            "对不起，我帮您查一下，请别挂机，稍等一下好吗？",
            "对不起，女士，我帮您查询一下，请别挂机，稍等片刻，好吗？谢谢！",
        ),
        (
            "wrong-number",
            1,
            "对不起，这里是中国电信10000客户服务中心，请您查证以后再拨。",
            "对不起，这里是中国电信10000客户服务中心，请您查证后再拨。",
        ),
        (
            "cannot-answer-now",
            1,
            "对不起，麻烦您留下联系电话和联系人，我们会在24小时内答复您，好吗？",
            "对不起，请您留下联系电话、联系人，我们将在24小时内给您答复，好吗？",
        ),
    ],
)
def test_closest_answer_of_a_paraphrase(grader, scenario_id, turn_id, reply, expected):
    """A reply in other words is matched to the model answer it paraphrases, among several."""
    assert len(CATALOG.scenarios[scenario_id].turn(turn_id).model_answers) >= 2
    closest = grader.grade(scenario_id, turn_id, reply).closest_answer
    assert closest.text == expected
    assert 0.6 < closest.similarity < 1.0


def test_closest_answer_is_the_one_said_with_a_filler(grader):
    """Every model answer of a turn with several, said with a filler and no final stop, is
    matched to itself, not to another answer of the turn, and is not an exact match."""
    checked = 0
    for sc in CATALOG.scenarios.values():
        for turn in sc.turns:
            if len(turn.model_answers) < 2:
                continue
            for answer in turn.model_answers:
                said = "嗯，" + answer.text.rstrip("。！？!?")
                closest = grader.grade(sc.id, turn.id, said).closest_answer
                assert closest.text == answer.text, (sc.id, turn.id, said)
                assert closest.source == answer.source
                assert closest.similarity < 1.0
                checked += 1
    assert checked >= 100


def test_branches_follow_the_outcome(grader):
    calm = grader.grade("angry-caller", 1, "非常抱歉，您的心情我理解，我马上帮您处理，好吗？")
    angry = grader.grade("angry-caller", 1, "你问我，我问谁？不关我的事。")
    turn = CATALOG.scenarios["angry-caller"].turn(1)
    assert calm.outcome == "passed" and calm.next_turn == turn.next.passed
    assert angry.outcome == "escalated" and angry.next_turn == turn.next.escalated
    assert angry.next_turn != calm.next_turn
