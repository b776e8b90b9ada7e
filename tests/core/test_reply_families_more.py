"""The stop-21 reply families (issue 11), each with a wrong wording and a right one of its own:
a situation's wrong move said politely (half-agreeing with a reporter's cause, relaying a private
message, naming the caller's unpaid bill, telling the caller when to call, the system as the
excuse), mock humility (我哪敢…), lecturing the caller, and promises or safety warnings that
only look like a forbidden word. The rules alone judge them (the second opinion is retrained
by the lead and judged elsewhere). The sentences are written for these tests, not taken from a
labelled set."""

from __future__ import annotations

import pytest


def fails(result) -> list[str]:
    return [v.category for v in result.failing]


OFF_PROTOCOL = [
    # (scenario, turn, wrong wording, right wording)
    (
        "media-inquiry",
        2,
        "变压器用了二十年，老化可能是主要原因，具体等通报吧。",
        "对不起，这超出了我的权限范围，我会立即把您的问题反映给上级部门处理，您看好吗？",
    ),
    ("media-inquiry", 2, "这个嘛，也不排除是线路的事，您再等等官方说法。", None),
    (
        "specific-agent-request",
        2,
        "行，您放心，我替您转告她，回头让她给您打个电话。",
        "非常抱歉，工作时间不方便帮您传话，请您用她的私人电话联系她，谢谢您的理解。",
    ),
    (
        "leader-contact-request",
        3,
        "您真要找就直接去总部找领导吧，他们在六楼。",
        "非常抱歉，这超出了我的权限，我会马上把您的意见反映给上级部门，您看可以吗？",
    ),
    (
        "angry-caller",
        1,
        "先生您好，我这边显示您的网费上个月没缴，所以才停的。",
        "非常抱歉给您添麻烦了，我理解您的心情，请您告诉我宽带账号，我马上帮您查。",
    ),
    (
        "hard-to-reach",
        1,
        "不好意思，这时候刚好是最忙的，您下回早上七点半打就快多了。",
        "非常抱歉让您久等了，请问有什么可以帮您？",
    ),
    (
        "abusive-caller",
        1,
        "您这样张口就骂，看得出您的教养也一般。",
        "先生您先消消气，您的心情我理解，请您把情况告诉我，我马上帮您处理。",
    ),
    (
        "hold-and-callback",
        1,
        "把户号念一遍，别挂机在线上等着。",
        "好的，我帮您查询一下，请您别挂机，稍等片刻，好吗？",
    ),
    (
        "system-slow",
        2,
        "系统死机了我这也查不了，您明天再问吧。",
        "非常抱歉让您久等，系统有点慢，麻烦您再稍候片刻，好吗？",
    ),
    (
        "hard-to-reach",
        1,
        "您最好晚上九点以后再拨，那时候电话不多。",
        "非常抱歉让您久等了，请问有什么可以帮您？",
    ),
    ("angry-caller", 1, "您先别急，是不是您那边没缴费给停了？", None),
    (
        "caller-apology",
        1,
        "晓得错了就行，以后注意点。",
        "没关系，您的心情我理解，请问还有什么可以帮您？",
    ),
    (
        "cannot-answer-now",
        1,
        "估计一户能给个三四百吧，具体等通知。",
        "抱歉，这个政策我需要核实一下，请您留个电话，两个工作日内给您回复。",
    ),
    (
        "suggestion",
        1,
        "谢谢您，不过周末排班估计满足不了，您调休在家等吧。",
        "非常感谢您的宝贵建议，我已经记录下来，会反馈给相关部门研究。",
    ),
]


@pytest.mark.parametrize(("scenario", "turn", "bad", "good"), OFF_PROTOCOL)
def test_the_situations_wrong_move_said_politely_is_named_first(rules, scenario, turn, bad, good):
    r = rules.grade(scenario, turn, bad)
    first = r.failing[0] if r.failing else None
    assert first is not None and first.rule.startswith("off."), [
        (v.rule, v.text) for v in r.failing
    ]
    moves = rules.catalog.scenario(scenario).turn(turn).off_protocol
    move = next(op for op in moves if f"off.{op.id}" == first.rule)
    assert first.category == (move.tone or "off_protocol")  # a toned move is named by its tone
    assert first.text and first.explanation and first.suggestion and first.source
    if good is not None:
        assert not [
            v for v in rules.grade(scenario, turn, good).failing if v.rule.startswith("off.")
        ]


SHARED = [
    # (category, scenario, turn, wrong wording, right wording)
    ("sarcastic", "outage-report", 3, "我们哪敢不管您呀，您可是老用户。", None),
    ("sarcastic", "hold-and-callback", 3, "您也太较真了吧，多等两分钟而已。", None),
    ("sarcastic", "praise", 1, "平时可从来没见您打电话来感谢过。", None),
    ("sarcastic", "harassment-call", 3, "投诉？那我倒要看看结果。", None),
    (
        "sarcastic",
        "leader-contact-request",
        3,
        "我们也是人，您说话客气一点，别看不起接线员。",
        "对不起先生，让您不满意了，我会立即把问题反映给上级部门，您看好吗？",
    ),
    ("sarcastic", "outage-report", 3, "您跟我吼也来不了电啊。", None),
    (
        "shirking",
        "outage-report",
        1,
        "抱歉，后台在升级，查不了，您过会儿再打。",
        "非常抱歉，系统正在升级，我先帮您记录下来，恢复后马上给您回电，好吗？",
    ),
    ("shirking", "internal-fault", 3, "要投诉就随您，这个不由我们处理。", None),
    ("commanding", "cannot-answer-now", 2, "记下了记下了，别老重复了。", None),
    ("commanding", "leader-contact-request", 2, "您讲话礼貌一点好不好？", None),
    ("shirking", "personal-info-request", 3, "告就告吧，随便你。", None),
    ("shirking", "cannot-answer-now", 3, "这个您直接去问街道办吧。", None),
    ("shirking", "internal-fault", 3, "开关坏了那是您们自己家的问题。", None),
    (
        "interrogating",
        "noisy-line",
        3,
        "您能不能听清我说话？",
        "请问您现在能听清我的声音吗？",
    ),
    ("interrogating", "system-slow", 1, "您没看见我正在帮您查吗？", None),
    ("impolite_address", "praise", 4, "好嘞，老爷子，再见。", None),
]


@pytest.mark.parametrize(("category", "scenario", "turn", "bad", "good"), SHARED)
def test_a_tone_in_other_words_is_named(rules, category, scenario, turn, bad, good):
    r = rules.grade(scenario, turn, bad)
    assert fails(r)[:1] == [category], [(v.rule, v.text) for v in r.failing]
    if good is not None:
        assert category not in fails(rules.grade(scenario, turn, good))


@pytest.mark.parametrize(
    ("scenario", "turn", "text"),
    [
        # a promise rules something out for the caller (不可能 as 绝不会)
        ("outage-report", 3, "非常抱歉，我会一直跟进，绝不可能再让您白白等着了，请您放心。"),
        # a safety warning tells the caller not to do it themselves
        (
            "internal-fault",
            1,
            "非常抱歉，您千万不要自己去拆那个开关，请您联系有资质的电工检修，好吗？",
        ),
        # calling someone else once the number is found is advice, not sending the caller away
        (
            "wrong-number",
            2,
            "您别着急，可以先拨一一四查到燃气公司的电话，问清楚了再打过去。",
        ),
        # a system fault with the request recorded and a call back promised
        (
            "outage-report",
            1,
            "非常抱歉，系统暂时查不了，我先帮您登记下来，恢复后马上给您回电。",
        ),
        # owning the fault is an apology; one clause-final 呀 in a polite reply is a blemish
        (
            "hard-to-reach",
            1,
            "先生您好，今天来电实在太多，让您等了这么久，是我们没做好，请问您要办什么业务呀？",
        ),
        # 老爷子 said of someone at home is not an address
        ("outage-report", 1, "您家老爷子年纪大了，请您注意安全，我马上帮您报修，您别着急。"),
    ],
)
def test_a_polite_form_with_risky_words_passes_the_rules(rules, scenario, turn, text):
    found = fails(rules.grade(scenario, turn, text))
    assert not set(found) - {"missing_element"}, found


@pytest.mark.parametrize(
    ("phrase", "category"),
    [
        ("感冒两天也来挂急诊，真会挑日子。", "sarcastic"),
        ("单据没带齐就跑来，倒是会偷懒。", "sarcastic"),
        ("家里孩子成天逃课，做家长的心里没数吗？", "sarcastic"),
        ("轮到您了，听见没有？", "interrogating"),
        ("开门时间贴在门上，这也要问？", "rhetorical"),
        ("维修找厂家，柜台这边不管售后。", "shirking"),
    ],
)
def test_published_forbidden_phrases_in_other_words_are_caught(rules, phrase, category):
    assert category in fails(rules.grade_phrase(phrase))


@pytest.mark.parametrize(
    "phrase",
    [
        "抱歉，刚才的金额我算错了，实际应该是三百五十元。",
        "请问您现在能听到我的声音吗？",
        "您真会为别人着想，谢谢您的理解。",
    ],
)
def test_published_approved_phrases_with_risky_words_pass(rules, phrase):
    assert not fails(rules.grade_phrase(phrase))
