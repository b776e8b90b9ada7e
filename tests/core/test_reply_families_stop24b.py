"""The second stop-24 round (issue 11): families charged under the wrong category, or not at all,
on failing replies. The complaint itself mocked (投诉了没准还快点, 看谁有理, 反正您也不差这一个)
is a jibe, not a bare 尽管去投诉 (000 讽刺语气; 001 有意见，告去); the agent's own post belittled
back at the caller (我一个接线员是管不了什么) and mock praise of the caller's clout (您本事大) are
sarcasm (000); the caller's suggestion belittled as commonplace (您建议挺多, 建议人人都有) is
mockery where 000 asks for 谢谢，您的建议对我们工作很有参考价值; "I'm not the one in charge of
that" (我又不是管政策的) is 001's 推诿 said of one's own post, not a mock comparison; a
suggestion met with 好的好的，知道了 or "the fitters always ring anyway" is the situation's move of
brushing it off (suggestion's dismiss; 000 不可敷衍了事); 您怎么还不明白 / 您怎么不听呢 after the
agent has said it is 000's 怎么又问 (rhetorical), not a question. Each family
with wordings of its own and polite look-alikes that must pass, and which category is named
first. The rules alone judge them (the second opinion is judged elsewhere). The sentences are
written for these tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from tests.core.families import failing, round_tests

FAMILIES = {
    # rule id: (wordings that must fail, polite look-alikes that must pass)
    "sa.dare-complain": (
        [
            "行啊，您去投诉，投诉完没准师傅来得还快些。",
            "那您告吧，告了兴许就快了。",
            "电话都有录音，看谁有理。",
            "连我也告上吧，反正您也不差多一回。",
            "您要投诉就投诉，反正您看谁都不顺眼。",
        ],
        [
            "您投诉了以后我们会尽快核实处理，请您放心。",
            "您的意见我如实记录，三天内给您答复。",
        ],
    ),
    "sa.mock": (
        [
            "我一个话务员是管不了什么，您问局长去吧。",
            "接电话的是管不了这些，您冲我嚷也没用。",
            "您能耐那么大，自己去找市长好了。",
            "您有这么大本事，还打热线干嘛。",
            "您这建议还挺多的。",
            "建议嘛谁都有，一条条听还得了。",
        ],
        [
            "您的建议很有参考价值，谢谢您，我记下来反馈给相关部门。",
            "这么大的雨，您出门路上注意安全。",
            "我虽然是接线员，但您的事我一定记录下来，马上转给负责部门。",
        ],
    ),
    "rh.again": (
        [
            "我讲过两遍了，您怎么还没弄懂？",
            "您怎么就是不听呢？",
            "说过不去了，您咋还没完没了？",
        ],
        ["请问您是哪里没听清楚？我再为您说明一遍。"],
    ),
    "sh.not-my-business": (
        [
            "我又不是管收费的，您问营业厅吧。",
            "我们也不是负责抢修的，这个说不上来。",
        ],
        ["这件事我来负责跟进，处理好了马上给您回电话。"],
    ),
}

REPLIES = [
    # (scenario, turn, text, passes, rule expected among the failing findings)
    ("system-slow", 2, "您要投诉就投诉吧，投诉完了系统兴许还快点。", False, "sa.dare-complain"),
    (
        "leader-contact-request",
        1,
        "我一个接线员是管不了什么，您这么大能耐直接找领导呗。",
        False,
        "sa.mock",
    ),
    ("suggestion", 1, "还有啊？您的建议可真多。", False, "sa.mock"),
    # the situation's move of brushing a suggestion off: a run of yeses and 知道了, or "it's done
    # already" instead of thanks (000 不可敷衍了事, 用户提建议时)
    ("suggestion", 1, "好的好的，我知道了！", False, "off.dismiss"),
    ("suggestion", 2, "嗯，好的好的 知道了", False, "off.dismiss"),
    ("suggestion", 2, "他们上门前一般都会打电话的呀，您可能没留意。", False, "off.dismiss"),
    (
        "suggestion",
        1,
        "好的好的，谢谢您的建议，我已经记录下来，会反馈给相关负责人。",
        True,
        None,
    ),
    # 000's 用户提建议时: thanks, the suggestion's worth, and it is passed on
    (
        "suggestion",
        1,
        "谢谢您的建议，这个建议提得很实在，对我们工作很有参考价值，我已经记录下来，会反馈给相关部门。",
        True,
        None,
    ),
]

(
    test_a_family_member_in_new_words_is_caught,
    test_a_polite_look_alike_passes,
    test_reply_fixes_of_this_round,
) = round_tests(FAMILIES, REPLIES)


FIRST = [
    # (text, the category named first)
    # a jibe about the complaint is sarcasm even when it also dares the caller to complain
    ("那您投诉吧，投诉了说不定修得还快一点。", "sarcastic"),
    ("您告吧，录音都在，看谁有理。", "sarcastic"),
    # the belittled post with a dare to go higher is sarcasm before the buck-passing
    ("我一个接线员是管不了什么，您本事大，您找领导去吧。", "sarcastic"),
    # "not in charge of that" is buck-passing, not a mock comparison (又不是点歌台 stays mockery)
    ("答不上来就是答不上来，我又不是管政策的。", "shirking"),
    ("我们这儿又不是菜市场，想要谁接就谁接。", "sarcastic"),
    ("还有啊？您这建议提得也太多了。", "sarcastic"),
    # "why do you still…" after the agent has said it is 000's 怎么又问: rhetorical, not a question
    ("我都跟您讲过了，您怎么还在问？", "rhetorical"),
    ("您怎么就是不听我解释呢？", "rhetorical"),
    # a real why stays interrogating (001 现在才说，刚才干嘛不说)
    ("您怎么不早说？", "interrogating"),
]


@pytest.mark.parametrize(("text", "category"), FIRST)
def test_the_main_fault_is_named_first(rules, text, category):
    r = rules.grade_phrase(text)
    assert [v.category for v in r.failing][0] == category, failing(r)
