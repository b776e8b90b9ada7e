"""How records read in each language (``simulator.app.practice.wording``): the outcome follows the branch
the call takes, criteria name categories (never their ids), citations name the manual."""

from __future__ import annotations

import pytest

from simulator.app import i18n
from simulator.app.practice import wording
from simulator.core.catalog import load_catalog
from simulator.core.grader import Grader
from simulator.core.result import ClosestAnswer

RUDE = "你怎么这么多事啊，我不是跟你说过了吗？又不是我弄坏的。"


@pytest.fixture(scope="module")
def grader():
    return Grader(load_catalog())


@pytest.fixture
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("zh")


def test_the_outcome_agrees_with_the_branch(grader):
    escalated = grader.grade("angry-caller", 1, RUDE)
    assert wording.outcome(escalated) == "用了禁用语或不当语气，客户情绪升级。"
    calm_next = grader.grade("angry-caller", 2, "你怎么这么多事，等着吧。")  # no angrier line
    assert wording.outcome(calm_next) == "用了禁用语或不当语气，通话继续。"
    missing = grader.grade("angry-caller", 2, "好的。")
    assert wording.outcome(missing) == "缺少必备要素，通话继续。"
    good_end = grader.grade("angry-caller", 4, "请问还有什么可以帮您吗？感谢您的来电，再见！")
    assert wording.outcome(good_end) == "回答得当，通话可以结束了。"


def test_outcome_and_criteria_in_english(grader, english):
    result = grader.grade("angry-caller", 1, RUDE)
    assert wording.outcome(result) == "A forbidden word or tone: the caller escalates."
    details = {c.id: wording.criterion_detail(c, result.elements_en) for c in result.criteria}
    assert details["tones"] == "Commanding tone ×1, Interrogating tone ×1, Shirking ×1"
    # the clause-final 啊 of 多事啊 is 000's habitual particle: a reminder beside the bare 你
    assert details["style"] == "Filler words ×1, Impolite address ×1"
    assert details["elements"].startswith("Missing: ")
    assert details["similarity"].startswith("similarity ")
    for text in details.values():
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in text), text


def test_criteria_name_categories_in_chinese(grader):
    result = grader.grade("angry-caller", 1, RUDE)
    details = {c.id: wording.criterion_detail(c) for c in result.criteria}
    assert details["tones"] == "命令语气 1 处、质问语气 1 处、推诿 1 处"
    assert details["elements"] == "缺少：致歉、表示理解、提供帮助"
    ok = grader.grade("angry-caller", 1, "非常抱歉，您的心情我非常理解，我马上帮您处理，好吗？")
    assert {c.id: wording.criterion_detail(c) for c in ok.criteria}["elements"] == "3/3 项齐全"


def test_citations_name_the_manual():
    quoted = ClosestAnswer("好的", "001_ab75b4677eacef2d.txt", 0.5, quote="好的,我帮您查。")
    assert wording.answer_source(quoted) == "出处：《呼叫中心设计与规范》：「好的，我帮您查。」"
    bare = ClosestAnswer("好的", "000_f5f53003cce702ee.txt", 0.5)
    assert wording.answer_source(bare) == "出处：《中国电信客服代表营销服务及技能认证培训教材》"


def test_citations_in_english(english):
    quoted = ClosestAnswer("好的", "001_ab75b4677eacef2d.txt", 0.5, quote="好的")
    assert (
        wording.answer_source(quoted) == "From Call-centre design and service standards: 「好的」"
    )
