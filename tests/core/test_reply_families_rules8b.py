"""The rules8b round (issue 11). An outcome that only others may decide, promised on the agent's
own word — a colleague's punishment or bonus guaranteed, a refund or compensation granted on the
spot, a claimed sum said to be fine. 002 注重承诺: 对客户不能随意承诺…失信与客户是大忌. The
fault was not seen at all, so a missing element was named first. Wordings of its own and look-
alikes that record, pass on or apply for it by the rules, which must pass. The rules alone judge
them. The sentences are written for these tests, not taken from a labelled set."""

from __future__ import annotations

from tests.core.families import failing, round_tests

FAMILIES = {
    # rule id: (wordings that must fail, polite look-alikes that must pass)
    "op.promise-beyond-authority": (
        [
            "您放心，我保证那位师傅这个月的奖金全部扣掉。",
            "电视烧坏了没事，我直接给您赔一台新的。",
            "您把收据留好，到时候照单全赔。",
            "洗衣机的损失肯定能赔的，您不用担心。",
            "三千块钱应该没问题，您就等着吧。",
            "这笔退款我担保下周就到账。",
        ],
        [
            "您家电的损失我帮您登记上报，核实后按规定处理。",
            "多收的费用我们核实后会按规定退还，请您放心。",
            "我保证把您的意见如实记录并转达给相关部门。",
            "您先把收据留好，方便后续核实。",
        ],
    ),
}

(
    test_a_family_member_in_new_words_is_caught,
    test_a_polite_look_alike_passes,
    _no_reply_fixes,
) = round_tests(FAMILIES, [])


def test_the_promise_is_named_first(rules):
    r = rules.grade_phrase("好的，我直接帮您把这三个月的费用退了，保证这周就到账。")
    assert r.failing[0].category == "off_protocol", failing(r)


NOT_MY_TRADE = (
    [
        "打印机坏了找厂家，我们也不是弄设备的。",
        "维修的师傅也就这么几个，排到哪算哪。",
        "工单已经派了，剩下的就只能等着了。",
    ],
    [
        "网络的问题我帮您转给技术部门，他们会尽快联系您。",
        "目前维修的师傅都在外面抢修，我帮您加急催一下，请您耐心等候。",
        "工单已经派了，其他的我会跟进，有进展马上通知您。",
    ],
)

(
    test_a_not_my_trade_wording_is_caught,
    test_a_not_my_trade_look_alike_passes,
    _no_more_reply_fixes,
) = round_tests({"sh.not-my-trade": NOT_MY_TRADE}, [])
