"""The stop-20 reply families (issue 11), each with a wrong wording and a right one of its own:
the packs' off-protocol moves said in other words (accepting a date, a colleague's number,
guessing an outage cause, blaming the caller or the phone, answering back, dismissing a
suggestion), keyword-free turn-backs, brush-offs and helplessness, and polite forms with risky
words. The sentences are written for these tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from simulator.core.clauses import analyse
from simulator.core.normalize import normalize


def fails(result) -> list[str]:
    return [v.category for v in result.failing]


def rule_fails(result) -> list[str]:
    """What the rules charge (the second opinion's own findings are judged elsewhere)."""
    return [v.category for v in result.failing if not v.rule.startswith("model.")]


OFF_PROTOCOL = [
    # (scenario, turn, wrong wording, right wording)
    (
        "specific-agent-request",
        2,
        "他手机号是一三八，您自己打给他吧。",
        "非常抱歉，同事的联系方式不方便透露，请您拨打她的私人电话联系她，谢谢您的理解。",
    ),
    (
        "date-invitation",
        1,
        "那行，您请客我就去。",
        "谢谢您的好意，不用您请客了，我正在工作，非常抱歉不能接受您的邀请。",
    ),
    (
        "date-invitation",
        2,
        "哈哈，您这人挺逗的。",
        "非常感谢您的诚意，但因本人原因无法参加，请您原谅！",
    ),
    ("date-invitation", 3, "去就去吧，省得您不高兴。", None),
    (
        "media-inquiry",
        1,
        "听说是变压器出了问题，具体还在查。",
        "您好，您的问题我会记录并反映给相关部门，由专人统一答复您，请您留个联系电话，好吗？",
    ),
    (
        "angry-caller",
        1,
        "宽带费交了没有？欠费了就会停的。",
        "非常抱歉给您带来不便，我理解您的心情，请您告诉我宽带账号，我马上帮您处理。",
    ),
    (
        "angry-caller",
        3,
        "我哪里态度不好了，我只是在跟您解释。",
        "对不起，是我刚才没解释好，请您谅解，我马上帮您处理。",
    ),
    ("abusive-caller", 3, "素质呢？还投诉我？", None),
    (
        "noisy-line",
        2,
        "您那个电话信号太差了，换一个吧。",
        "对不起，您的电话杂音太大，麻烦您换一部电话拨打，谢谢您！",
    ),
    (
        "suggestion",
        1,
        "谢谢您的建议，不过您别抱什么希望。",
        "非常感谢您的建议，我已经记录下来，会反馈给相关负责人员。",
    ),
    # promising money, an amount or the loss itself (002: 不能随意承诺; the t2 hint)
    (
        "unreasonable-demand",
        1,
        "一万不行，不过赔你点儿是可以的，我去帮您问问。",
        "非常抱歉，您的需求超出了我们的服务范围，我帮您登记，转相关部门核实处理。",
    ),
    (
        "unreasonable-demand",
        2,
        "冰箱里坏掉的东西，我们公司照价赔给您，您放心。",
        "损失的事情需要相关部门核实后才能确定，请您留下联系电话，我们24小时内给您答复。",
    ),
    # 要不 offers what follows: it does not negate it
    ("date-invitation", 1, "要不你加我微信吧。", None),
]


@pytest.mark.parametrize(("scenario", "turn", "bad", "good"), OFF_PROTOCOL)
def test_a_situations_wrong_move_in_other_words_is_named_first(grader, scenario, turn, bad, good):
    r = grader.grade(scenario, turn, bad)
    assert not r.passed
    assert fails(r)[0] == "off_protocol", [(v.rule, v.text) for v in r.failing]
    first = r.failing[0]
    assert first.text and first.explanation and first.suggestion and first.source
    if good is not None:
        assert "off_protocol" not in rule_fails(grader.grade(scenario, turn, good))


SHARED = [
    # (category, scenario, turn, wrong wording, right wording)
    (
        "rhetorical",
        "hold-and-callback",
        3,
        "谁欺负您了？我就是按流程说。",
        "我先帮您登记，明天上午回复您，您觉得这样合适吗？",
    ),
    (
        "interrogating",
        "hold-and-callback",
        3,
        "急什么，正在查呢。",
        "您别着急，我正在帮您查询，请您稍等。",
    ),
    (
        "sarcastic",
        "system-slow",
        2,
        "看不懂是您自己的问题。",
        "看不懂没关系，我一步一步给您讲，好吗？",
    ),
    ("sarcastic", "hold-and-callback", 3, "这个不用你教。", None),
    # blaming the abusive caller back: most writers call it blame, not the situation's move
    ("sarcastic", "abusive-caller", 3, "明明是你先骂我的。", None),
    ("shirking", "wrong-number", 2, "我们是供电公司，又不是自来水公司。", None),
    (
        "shirking",
        "wrong-number",
        2,
        "我又不是物业的。",
        "我们不是物业公司，但我可以帮您记录下来，转给相关单位处理。",
    ),
    (
        "shirking",
        "cannot-answer-now",
        3,
        "有意见就去投诉。",
        "非常抱歉，如果您对处理结果有意见，可以拨打投诉电话，我们会认真对待。",
    ),
    ("shirking", "media-inquiry", 3, "您想怎么反映就怎么反映吧。", None),
    (
        "shirking",
        "caller-apology",
        2,
        "您自己去营业厅的系统里查查就清楚了。",
        "您可以在app上查看账单，我也可以现在帮您查，请您稍等。",
    ),
    (
        "shirking",
        "system-slow",
        1,
        "停电了我们也没辙。",
        "非常抱歉，我看看还有什么办法能帮您尽快解决。",
    ),
]


@pytest.mark.parametrize(("category", "scenario", "turn", "bad", "good"), SHARED)
def test_a_keyword_free_tone_is_named(grader, category, scenario, turn, bad, good):
    r = grader.grade(scenario, turn, bad)
    assert not r.passed
    assert fails(r)[0] == category, [(v.rule, v.text) for v in r.failing]
    if good is not None:
        assert category not in rule_fails(grader.grade(scenario, turn, good))


@pytest.mark.parametrize(
    ("scenario", "turn", "text"),
    [
        # a polite question opened with 不知道您…
        ("specific-agent-request", 1, "您好，不知道您这次来电是有什么问题需要咨询？我可以帮您。"),
        # one named act refused, with an apology and another way
        (
            "internal-fault",
            1,
            "非常抱歉，这种情况我们没办法上门处理，建议您联系有资质的电工，好吗？",
        ),
        # 不行 followed at once by its reason
        (
            "date-invitation",
            2,
            "真的谢谢您，不过不行的，我们有规定不能接受客户邀请，请您理解。",
        ),
    ],
)
def test_a_risky_word_in_a_polite_form_is_not_a_forbidden_word(grader, scenario, turn, text):
    assert "forbidden_word" not in rule_fails(grader.grade(scenario, turn, text))


def test_the_blunt_forms_are_still_forbidden_words(grader):
    assert "forbidden_word" in fails(grader.grade("suggestion", 1, "这个我不知道。"))
    assert "forbidden_word" in fails(grader.grade("date-invitation", 2, "不行就是不行。"))


def test_suggesting_is_not_negating_and_other_words_are_not_a_condition():
    an = analyse(normalize("要不你加我微信"))
    assert not an.negated("要不你加我微信".index("加"))
    assert analyse(normalize("不能加微信")).negated(2)
    text = "那我也没有别的话可以说了"
    assert not analyse(normalize(text)).conditional(text.index("别"))
    text = "不行的话我再帮您转"
    assert analyse(normalize(text)).conditional(0)
