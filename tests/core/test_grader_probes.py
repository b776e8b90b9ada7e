"""The probes of the grader issue, judged as a senior trainer would (the real catalog and the
shipped second opinion): negation, keyword lists, word boundaries, polite phrasings with risky
words, the agent's own 工号, polite conditionals, paraphrased elements, keyword-free sarcasm and
impatience, a colleague's full name, a guessed outage cause."""

from __future__ import annotations

import pytest


def fails(result) -> list[str]:
    return [v.category for v in result.failing]


def test_a_negated_offer_is_not_an_offer(grader):
    r = grader.grade("angry-caller", 1, "对不起，我理解，我不会帮您处理的。")
    assert not r.passed and r.score <= grader.policy.scoring.fail_cap
    assert r.element_evidence["提供帮助"].found is False


def test_three_disconnected_keywords_do_not_pass(grader):
    assert not grader.grade("angry-caller", 1, "对不起。换谁。告诉我。").passed


def test_a_pattern_does_not_fire_across_a_word_boundary(grader):
    r = grader.grade("cannot-answer-now", 1, "请问您有什么用电方面的问题需要咨询？")
    assert "rhetorical" not in fails(r)
    r = grader.grade(
        "angry-caller", 1, "王先生，三天没网确实特别耽误事儿，真对不起，我马上帮您查。"
    )
    assert "commanding" not in fails(r)


def test_a_negated_correction_is_not_commanding(grader):
    text = "不是您说错了，是我刚才没解释清楚，非常抱歉，我再给您说明一遍，好吗？"
    assert "commanding" not in fails(grader.grade("hard-to-reach", 1, text))


def test_the_agents_own_staff_number_is_not_a_leak(grader):
    r = grader.grade(
        "personal-info-request", 1, "您好，因工作需要我们只能通报工号，我的工号是1024，请您谅解。"
    )
    assert r.passed, [(v.category, v.text) for v in r.failing]


def test_a_polite_conditional_is_not_shirking(grader):
    text = (
        "非常抱歉，这个问题需要核实，请您留下联系电话，我们两个工作日内回复您；"
        "如果今天处理不了，我会第一时间联系您说明进度。"
    )
    assert "shirking" not in fails(grader.grade("cannot-answer-now", 1, text))


@pytest.mark.parametrize(
    ("scenario", "turn", "text", "element"),
    [
        (
            "angry-caller",
            1,
            "王先生，真对不起，三天没网换了谁遇到这种事都会着急，我马上帮您查。",
            "表示理解",
        ),
        (
            "angry-caller",
            1,
            "实在抱歉，这事搁谁身上都窝火。您的事我这边接着办，先把故障单调出来看看。",
            "提供帮助",
        ),
        ("angry-caller", 2, "好的，我都记上了，最晚后天中午前师傅给您准信儿。", "承诺时限"),
    ],
)
def test_paraphrased_elements_are_found(grader, scenario, turn, text, element):
    r = grader.grade(scenario, turn, text)
    assert r.element_evidence[element].found, r.element_evidence


@pytest.mark.parametrize(
    "text",
    [
        "对不起，您嗓门能不能小一点，我耳朵都快震聋了。",
        "您先冷静一下行吗？这么嚷嚷我也没法给您处理。",
        "唉，我们就是个接电话的，您跟我发火有什么意思。",
    ],
)
def test_keyword_free_sarcasm_and_impatience_fail(grader, text):
    r = grader.grade("angry-caller", 1, text)
    assert not r.passed
    assert set(fails(r)) - {"missing_element"}, "a tone is named, not only a missing element"


def test_revealing_a_colleagues_full_name_fails(grader):
    r = grader.grade(
        "complaint-about-agent", 1, "非常抱歉，刚才接您电话的是王晓丽，我记下来了，马上核实处理。"
    )
    assert "off_protocol" in fails(r)


def test_guessing_the_cause_of_an_outage_to_a_journalist_fails(grader):
    r = grader.grade(
        "media-inquiry",
        1,
        "您好，昨天停电估计是变压器负荷太大烧了，您的问题我已记录，会有专人联系您。",
    )
    assert not r.passed and fails(r)[0] in ("off_protocol", "forbidden_word")


def test_model_findings_say_they_are_the_models(grader):
    r = grader.grade("angry-caller", 1, "您等了半天还有力气投诉，挺好。")
    model = [v for v in r.violations if v.by == "model"]
    for v in model:
        assert 0 < v.confidence <= 1 and "第二意见" in v.explanation and v.text


def test_dui_bu_zhu_is_an_apology(grader):
    r = grader.grade("angry-caller", 1, "李女士，实在对不住您，断网这么久确实闹心，我马上帮您查。")
    assert r.element_evidence["致歉"].found, r.element_evidence


def test_a_staff_number_after_wo_shi_is_not_a_name(grader):
    r = grader.grade(
        "personal-info-request", 1, "不好意思，按规定我们只报工号，我是2048号，您记下就行。"
    )
    assert "off_protocol" not in fails(r)
    assert "off_protocol" in fails(grader.grade("personal-info-request", 1, "我是小李，您记下吧。"))


def test_an_opening_interjection_is_a_reminder_in_a_polite_reply_only(grader):
    polite = grader.grade("praise", 1, "哎哟，太感谢您了！这都是我们应该做的，欢迎您随时来电。")
    assert "filler" not in fails(polite)
    assert any(v.category == "filler" and v.severity == "warn" for v in polite.violations)
    curt = grader.grade("praise", 1, "哎呀，这有什么好说的。")
    assert "filler" in fails(curt) or not curt.passed


def test_a_refusal_with_its_place_named_is_not_mei_banfa(grader):
    text = "非常抱歉，赔偿的事我没办法在电话里直接答应您，我先帮您登记，再转给理赔部门。"
    assert "forbidden_word" not in fails(grader.grade("unreasonable-demand", 1, text))


@pytest.mark.parametrize(
    "text",
    ["你听我把话说完，行吗？", "您安静一点好不好，我在查。", "您先说清楚我才能帮您。"],
)
def test_impatience_without_a_listed_keyword_is_commanding(grader, text):
    # the rules charge it; the second opinion may still keep it as a warning when it is very
    # sure the clause is fine (policy veto_clean)
    assert grader.rule_span("system-slow", 1, text, "commanding") is not None
    assert not grader.grade("system-slow", 1, text).passed
