"""Required elements in what the recogniser heard: looser sound only where it was unsure."""

import json

import pytest

from simulator.core.normalize import display_positions, loose_syllable, mark_unsure, normalize
from simulator.core.paths import repo_root
from simulator.core.patterns import compile_pattern


def _unsure(text: str, chars: str) -> list[int]:
    """Positions of each character of ``chars`` in ``text`` (first occurrence after the last)."""
    out, start = [], 0
    for ch in chars:
        start = text.index(ch, start)
        out.append(start)
        start += 1
    return out


def _spans(pattern: str, text: str, unsure_chars: str = "") -> list[str]:
    norm = normalize(text)
    heard = mark_unsure(norm, _unsure(norm.display, unsure_chars)) if unsure_chars else None
    return [norm.chars[a:b] for a, b in compile_pattern(pattern).spans(norm, False, heard)]


def test_loose_classes():
    assert loose_syllable("jin") == loose_syllable("ji") == loose_syllable("xi") == "ji"
    assert loose_syllable("jian") == loose_syllable("jiang")
    assert loose_syllable("ba") == loose_syllable("pa")
    assert loose_syllable("gua") != loose_syllable("hua")


@pytest.mark.parametrize(
    ("pattern", "heard", "unsure", "found"),
    [
        ("挂机", "没有的话请您挂金，好吗？", "金", ["挂金"]),
        ("挂机", "没有的话请您挂金，好吗？", "", []),  # sure of 金: not 挂机
        ("请讲", "您的电话已经接通，新疆。", "新", ["新疆"]),
        # one unsure syllable of a three-character run may be anything
        ("一个?工作日", "我们一个工作界面给您回复。", "界", ["一个工作界"]),
        ("一个?工作日", "我们一个工作界面给您回复。", "", []),
        # 您 does not count: 回复您 has two syllables to go on, too few for a wildcard
        ("回复您", "我会帮您给相关部门处理。", "帮", []),
        # two unsure syllables of a two-character word are too little to go on
        ("今天", "请您留下联系电话。", "系电", []),
    ],
)
def test_unsure_characters_match_loosely(pattern, heard, unsure, found):
    assert _spans(pattern, heard, unsure) == found


def test_particles_and_address_stay_exact_even_when_unsure():
    # 吗/嘛 and 你/您 carry meaning the grader needs; they never match loosely
    assert _spans("好吗", "好嘛", "嘛") == []
    assert _spans("谢谢您", "谢谢你", "你") == []


def test_character_classes_are_not_loosened():
    assert _spans("(七|八)天", "吉天", "吉") == ["吉天"]  # 七 qi and 吉 ji: one loose class
    assert _spans("[七八]天", "吉天", "吉") == []


def test_display_positions_follow_collapsed_whitespace():
    transcript = "  请您\t 挂金"
    norm = normalize(transcript)
    assert norm.display == "请您 挂金"
    assert display_positions(transcript, norm.display, [6, 7]) == {3, 4}


def test_unsure_marks_loosen_elements_and_never_add_a_fault(grader):
    """Every character of each labelled reply marked unsure: the forbidden words and tones
    found stay at the same places under the same rules — a charged one may only become
    "heard as …, not counted" (issue 15), never the other way —, no element found is lost and
    no passing reply fails; the marks do reach the element matching (some elements are found
    only with them)."""
    lines = (repo_root() / "tests/data/labelled_replies.jsonl").read_text("utf-8").splitlines()
    items = [json.loads(x) for x in lines if x.strip()]
    gained = excused = 0
    for item in items:
        text = item["text"]
        plain = grader.grade(item["scenario"], item.get("turn"), text)
        marked = grader.grade(item["scenario"], item.get("turn"), text, unsure=range(len(text)))
        assert marked.unsure, text  # the marks were taken
        assert _places(marked) == _places(plain), text
        for was, now in zip(_rule_hits(plain), _rule_hits(marked), strict=True):
            assert now[2] == was[2] or (was[2] == "fail" and now[2] == "not_counted"), text
            excused += now[2] != was[2]
        assert all(marked.elements[k] for k, found in plain.elements.items() if found), text
        assert marked.passed or not plain.passed, text
        gained += sum(marked.elements[k] and not found for k, found in plain.elements.items())
    assert len(items) >= 300
    assert gained > 0
    assert excused > 0  # the fair charging does look at the marks


def _rule_hits(result) -> list[tuple]:
    return sorted(
        (v.rule, v.category, v.severity, v.start, v.end)
        for v in result.violations
        if v.category != "missing_element"
    )


def _places(result) -> list[tuple]:
    return [(rule, cat, a, b) for rule, cat, _sev, a, b in _rule_hits(result)]


def test_a_forbidden_tone_heard_surely_is_charged(grader):
    """Unsure marks on one clause excuse what lies there only: the brush-off in the clause
    the recogniser was sure of still fails the reply."""
    heard = "你问我，我问谁？不关我的事。"
    plain = grader.grade("angry-caller", 1, heard)
    doubtful = range(heard.index("？") + 1)
    marked = grader.grade("angry-caller", 1, heard, unsure=doubtful)
    assert not plain.passed and not marked.passed
    assert _places(marked) == _places(plain) != []
    sure_start = heard.index("不关")
    assert any(sev == "fail" and a >= sure_start for _r, _c, sev, a, _b in _rule_hits(marked)), (
        _rule_hits(marked)
    )
    assert marked.outcome == plain.outcome == "escalated"


@pytest.mark.parametrize(
    ("scenario", "heard", "unsure"),
    [
        ("harassment-call", "不好意思，我们这条线只受理业务问题，没有的话请您挂金，好吗？", "金"),
        ("cannot-answer-now", "很抱歉，请您留个联系电话，我们一个工作室内回电告诉您。", "室"),
    ],
)
def test_a_garbled_element_the_recogniser_doubted_still_counts(grader, scenario, heard, unsure):
    assert not grader.grade(scenario, 1, heard).passed
    result = grader.grade(scenario, 1, heard, unsure=_unsure(heard, unsure))
    assert result.passed, result.to_dict()


def test_a_reply_without_the_element_still_fails_when_unsure(grader):
    heard = "对不起，我需要核实一下，请您留下联系电话。"
    every = list(range(len(heard)))  # even if every character was doubted
    result = grader.grade("cannot-answer-now", 1, heard, unsure=every)
    assert not result.passed
    assert [v.rule for v in result.violations] == ["element.承诺时限"]
