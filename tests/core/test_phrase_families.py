"""The keyword-free families of published service phrases (issue 11): each family catches a
curt phrase a senior trainer would reject and leaves a polite one with the same risky words.

Phrases are graded on their own (`Grader.grade_phrase`) by the rules alone, so the second
opinion's retraining does not move these tests.
"""

import pytest

# (phrase, the rule that must fail it)
BAD = [
    ("亲，包裹今天下午到，等着就行。", "ad.familiar"),
    ("哎，那位，排队在后面。", "ad.familiar"),
    ("卡丢了能怪谁？", "rh.whose-fault"),
    ("谁不是在排队，等着吧。", "rh.whose-fault"),
    ("押金不退，没商量。", "cm.curt-terms"),
    ("两个套餐就这样，自己选。", "cm.curt-terms"),
    ("没票根不能进。", "cm.curt-terms"),
    ("申请表都填不对，还想今天批？", "sa.cant-even"),
    ("说了几遍了，还是记不住。", "sa.cant-even"),
    ("卡冻结了才想起来打电话？", "sa.cant-even"),
    ("开户的时候怎么不问清楚？", "sa.cant-even"),
    ("早点续费不就没事了。", "sa.cant-even"),
    ("车位的事不归保安管。", "sh.not-ours"),
    ("邻居吵闹关我们什么事。", "sh.not-ours"),
    ("快下班了，你明天再来。", "sh.not-ours"),
    ("我这边只管开票。", "sh.not-ours"),
    ("协议上白纸黑字，不退。", "sh.its-written"),
    ("公告栏上贴着呢，自己看。", "sh.its-written"),
    ("过期了就是过期了。", "sh.its-written"),
]

# polite phrases with the same risky-looking words: no rule may fail them
GOOD = [
    "不知道您爱人是否方便过来签个字？材料我先帮您准备好。",
    "不知道孩子什么时候方便来复查？我帮您预约。",
    "先生，您的包裹今天下午送到，请您留意电话。",
    "这不怪您，系统升级造成的，我马上帮您重新提交。",
    "两种套餐都可以，您看哪种合适，我帮您办理。",
    "第一次填表填不对很正常，我陪您一起填。",
    "这件事由物业负责，我帮您联系他们，稍后给您回电。",
    "协议里的退款条件我给您念一下，您看看哪条适用。",
    "这是我们应该做的。",
    "请您稍等，我想办法帮您查一下。",
    "如果今天处理不了，我明天上午一定给您回电。",
]


@pytest.mark.parametrize(("text", "rule"), BAD)
def test_curt_phrase_is_failed_by_its_family(rules, text, rule):
    result = rules.grade_phrase(text)
    assert any(v.rule == rule and v.severity == "fail" for v in result.violations), [
        (v.rule, v.severity) for v in result.violations
    ]


@pytest.mark.parametrize("text", GOOD)
def test_polite_phrase_with_risky_words_is_not_failed_by_a_rule(rules, text):
    result = rules.grade_phrase(text)
    failing = [v.rule for v in result.violations if v.severity == "fail" and v.by == "rules"]
    assert failing == []


def test_polite_address_with_familiar_form_is_only_a_reminder(rules):
    """亲 next to 您/请 is a reminder (warn), not a fail: the phrase is otherwise courteous."""
    result = rules.grade_phrase("亲，请您放心，您的快递已经寄出。")
    found = [v for v in result.violations if v.rule == "ad.familiar"]
    assert found and all(v.severity == "warn" for v in found)
