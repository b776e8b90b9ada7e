"""The stop-23 families (issue 11): promises the agent cannot keep (002 注重承诺), lecturing the
caller, daring them to complain, "everyone is like that", shutting a request down, judging the
caller unable to understand, the rule or the computer as the end of it, sending the caller off
alone (000 服务禁用语气, 001 服务忌语), each with wordings of its own and polite look-alikes that
must pass; and the good replies of this round that were failed (the caller's own 不知道, the
caller's thought with 嘛, 那就先这样, the hotline's own number, a refusal for now with what is
done instead). The rules alone judge them (the second opinion is judged elsewhere). The sentences
are written for these tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from tests.core.families import failing, round_tests

FAMILIES = {
    # rule id: (wordings that must fail, polite look-alikes that must pass)
    "op.penalty-guarantee": (
        [
            "放心，周五前肯定装好，装不好我们送您两个月宽带费。",
            "这回再修不好的话，这个月的电费全都给您免了。",
            "丢了多少东西，我们全额给您赔。",
        ],
        [
            "如果修复超过时限，我帮您登记反映，由相关部门按规定核实处理。",
            "我们会在24小时内安排师傅上门，修好后给您回电确认。",
        ],
    ),
    "sa.lecture-caller": (
        [
            "以后打进来注意点说话的语气。",
            "下次可注意点，别再把路由器摔了。",
            "客服也是人，您骂什么。",
        ],
        ["请您下次注意，别再把插座放在潮湿的地方，以免危险。", "天冷了，您注意保暖。"],
    ),
    "sa.dare-complain": (
        ["要投诉我？那就连我一起投吧。", "想投诉就一块儿投吧。"],
        ["您的意见我已经记录，会一并反映给相关部门处理。"],
    ),
    "rh.everyone-does": (
        ["信号差？山里哪儿不这样。", "快递涨价了？现在谁家没涨。"],
        [
            "请问您是在哪家银行办理的转账？",
            "您看哪里没听清楚，我再讲一遍。",
            "您说说哪里不一样，我帮您核对。",
        ],
    ),
    "cm.nothing-to-discuss": (
        ["押金不退，没有什么好商量的。", "规定就这样，没啥好争的。"],
        ["您放心，没什么好担心的，师傅下午就到。"],
    ),
    "sa.wont-understand": (
        ["这个原理跟您讲了也不明白。", "技术上的事您不一定听得懂。"],
        ["这个原理有点复杂，我慢慢给您讲，有不清楚的您随时问我。"],
    ),
    "sh.nobody-can": (
        ["超过三个月的通话记录谁都调不出来。", "钱已经转走了，谁也退不回来。"],
        ["这种事谁都不愿意碰上，我马上帮您登记。"],
    ),
    "sh.go-ask-there": (
        ["维修师傅的号码短信里有，自个儿打。", "丢的钥匙去保安室问去。"],
        [
            "您可以到那边的窗口咨询，我也可以帮您先预约。",
            "实在抱歉，私事我们上班时间不便转达，您下班后自个儿联系她好吗？",
        ],
    ),
    "sh.system-excuse": (
        ["号码是系统自动分的，改不了。"],
        ["号码是系统自动分配的，我帮您看看能不能申请更换。"],
    ),
    "cm.bare-order": (["让开！"], ["麻烦您往里走一走，谢谢。"]),
    "cm.what-for": (["一大早的催什么电话，九点再打。"], ["请问还有什么可以帮您？"]),
    "sa.mock": (
        ["您想换别家就换呗，我们又管不着您。", "要走您就走，我也留不住您。"],
        ["您先别挂，我们帮您把问题登记好再走，好吗？"],
    ),
    "sa.should-have": (
        ["这点小事也好意思来投诉？"],
        ["不好意思，这点小事还麻烦您跑一趟。"],
    ),
}


REPLIES = [
    # (scenario, turn, text, passes, rule expected among the failing findings)
    (
        "caller-apology",
        1,
        "没关系，不过您下回说话还是注意下语气。",
        False,
        "off.hold-grudge",
    ),
    ("caller-apology", 1, "没关系，请您不必介意，有问题欢迎随时来电。", True, None),
    (
        "leader-contact-request",
        1,
        "我们主任的手机我可以告诉您，您直接找他。",
        False,
        "off.give-leader-contact",
    ),
    ("date-invitation", 1, "请我吃饭啊？那要看您打算请我吃啥了。", False, "off.accept"),
    (
        "date-invitation",
        1,
        "谢谢您想请我吃饭，不过工作期间不能接受邀请，实在抱歉。",
        True,
        None,
    ),
    (
        "cannot-answer-now",
        1,
        "非常抱歉，这个问题我需要核实。不知道您哪天方便接电话？我们24小时内给您回复。",
        True,
        None,
    ),
    (
        "specific-agent-request",
        1,
        "您好，这里是12345政府服务热线，您找这位同事有什么事情吗？我一样可以帮您处理。",
        True,
        None,
    ),
]

(
    test_a_family_member_in_new_words_is_caught,
    test_a_polite_look_alike_passes,
    test_reply_fixes_of_this_round,
) = round_tests(FAMILIES, REPLIES)


PHRASES_FINE = [
    # the caller's not knowing, offered help (001: 主动提供帮助)
    "您如果不知道在哪儿缴费，我可以把附近的营业厅地址发给您。",
    # the caller's thought put into words before the explanation (002: 复述情感)
    "我理解，您可能会觉得都是一个单位的事嘛，我给您解释一下分工。",
    # a refusal for now with what is done instead (001: 婉拒说明)
    "这笔订单目前没办法直接取消，我先帮您联系商家拦截，好吗？",
    # 那就先这样 closes a call; 就先 is not 就嫌
    "好的，已经给您登记了，那就先这样，感谢您的来电，再见。",
]


@pytest.mark.parametrize("text", PHRASES_FINE)
def test_a_good_reply_of_this_round_is_not_failed(rules, text):
    r = rules.grade_phrase(text)
    assert r.passed, failing(r)


def test_a_colleagues_number_is_still_a_leak(rules):
    r = rules.grade("specific-agent-request", 1, "她的手机是一三九一二三四五六七八，您打给她吧。")
    assert "off.leak-colleague-info" in failing(r)
