"""The stop-24 families (issue 11): lecturing a swearing caller on manners, telling the caller
to stop asking or chasing, pressing them with 到底 and an A-not-A question, "I can't conjure it
up", daring the caller to complain with an offhand yes, a grudging apology (对不起行了吧), the
caller's charge thrown back as a question (我哪儿凶了？), the online shops' 放心吧亲 (000 服务禁用
语气, 001 服务忌语 and 称呼, 002 真诚致歉), each with wordings of its own and polite look-alikes
that must pass; the situation's own wrong move of pushing the caller on to the manager
(leader-contact-request's summary, 001); the good replies of this round that were failed
(emphatic sympathy with 可真, what cannot be handled passed on, a chat declined, correcting
one's own direction, a contact left in spoken order); and which finding names a careless
reply's main fault (core/main_fault.py). The rules alone judge them (the second opinion is judged
elsewhere). The sentences are written for these tests, not taken from a labelled set. (Merged
from two files of the same round: shared families hold both rounds' wordings.)

The second stop-24 round: families charged under the wrong category, or not at all,
on failing replies. The complaint itself mocked (投诉了没准还快点, 看谁有理, 反正您也不差这一个)
is a jibe, not a bare 尽管去投诉 (000 讽刺语气; 001 有意见，告去); the agent's own post belittled
back at the caller (我一个接线员是管不了什么) and mock praise of the caller's clout (您本事大) are
sarcasm (000); the caller's suggestion belittled as commonplace (您建议挺多, 建议人人都有) is
mockery where 000 asks for 谢谢，您的建议对我们工作很有参考价值; "I'm not the one in charge of
that" (我又不是管政策的) is 001's 推诿 said of one's own post, not a mock comparison; a
suggestion met with 好的好的，知道了 or "the fitters always ring anyway" is the situation's move of
brushing it off (suggestion's dismiss; 000 不可敷衍了事); 您怎么还不明白 / 您怎么不听呢 after the
agent has said it is 000's 怎么又问 (rhetorical), not a question."""

from __future__ import annotations

import pytest

from tests.core.families import failing, main_fault_test, round_tests

FAMILIES = {
    # rule id: (wordings that must fail, polite look-alikes that must pass)
    "sa.telling-off": (
        [
            "您这样说脏话可不算有教养。",
            "大吼大叫也太没修养了吧。",
        ],
        ["您的心情我理解，我们慢慢说，我一定帮您把问题登记清楚。"],
    ),
    "cm.stop": (
        [
            "您就在线上等着，别老是问什么时候好。",
            "工单已经派了，不要一个劲儿催。",
            "师傅在路上了，别急着打电话过来。",
        ],
        ["您别着急，我马上帮您查一下进度。", "您不用再跑一趟，我们电话回复您。"],
    ),
    "iq.why": (
        [
            "您上个月到底交没交电费？",
            "到底要不要我派人去看？",
            "先生您家里到底是不是停了两天？",
        ],
        ["这件事我们一定负责到底，请您放心。"],
    ),
    "sh.helpless": (
        ["维修工都出去了，我这边也变不出人来。", "库存就这么多，我又变不出货。"],
        ["我们会想办法尽快给您调配一名维修师傅。"],
    ),
    "rh.deny-charge": (
        ["我什么时候敷衍您了？", "我哪儿对您不耐烦了？", "我语气怎么啦？"],
        ["我怎么帮您查询比较快呢？我先核对一下您的户号。", "我刚才是不是没讲清楚？我再说一遍。"],
    ),
    "sa.grudging-apology": (
        ["是是是，算我错了还不行吗。", "我道歉，总行了吧。"],
        ["对不起，是我刚才没听清，麻烦您再说一遍，可以吗？", "抱歉，我这样安排您看行不行？"],
    ),
    "op.penalty-guarantee": (
        ["耽误您这么久，这个月的月租我给您免了。", "停水这两天的水费我们都给您免掉了。"],
        ["如果确实停网超过时限，费用的减免我帮您按规定申请。"],
    ),
    "sa.mock": (
        [
            "热线又不是光伺候您一个人的。",
            "对对对，全是我们的错，行了吧您。",
            "我一个话务员是管不了什么，您问局长去吧。",
            "接电话的是管不了这些，您冲我嚷也没用。",
            "您能耐那么大，自己去找市长好了。",
            "您有这么大本事，还打热线干嘛。",
            "您这建议还挺多的。",
            "建议嘛谁都有，一条条听还得了。",
        ],
        [
            "是的，这件事是我们的问题，非常抱歉，我马上帮您处理。",
            "我们专门为您安排了一位师傅。",
            "您的建议很有参考价值，谢谢您，我记下来反馈给相关部门。",
            "这么大的雨，您出门路上注意安全。",
            "我虽然是接线员，但您的事我一定记录下来，马上转给负责部门。",
        ],
    ),
    "sa.dare-complain": (
        [
            "好啊，一块儿投诉，我无所谓。",
            "成，连我一起投吧。",
            "行啊，您去投诉，投诉完没准师傅来得还快些。",
            "那您告吧，告了兴许就快了。",
            "电话都有录音，看谁有理。",
            "连我也告上吧，反正您也不差多一回。",
            "您要投诉就投诉，反正您看谁都不顺眼。",
        ],
        [
            "好的，您这两件事的投诉我一起登记，尽快处理。",
            "您投诉了以后我们会尽快核实处理，请您放心。",
            "您的意见我如实记录，三天内给您答复。",
        ],
    ),
    "ad.shop-talk": (
        ["东西明天一早就到，您放一百个心吧亲。"],
        ["请您本人亲自到营业厅办理，好吧？"],
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
    # the denial asked as a question is named as its tone; said as a statement it stays the
    # situation's listed move of arguing back
    ("angry-caller", 3, "我哪儿跟您吵了？刚才只是问一下地址。", False, "rh.deny-charge"),
    ("angry-caller", 3, "我哪有顶嘴，我只是跟您解释规定。", False, "off.argue-back"),
    # the situation's listed move: the caller pushed on to the manager (turns 1 and 3)
    ("leader-contact-request", 1, "有意见您自己去跟领导说吧。", False, "off.send-to-leader"),
    ("leader-contact-request", 1, "不满意的话您找经理投诉去。", False, "off.send-to-leader"),
    (
        "leader-contact-request",
        1,
        "这个我做不了主，您直接去找领导投诉吧。",
        False,
        "off.send-to-leader",
    ),
    (
        "leader-contact-request",
        1,
        "您有意见的话请告诉我，我帮您找领导反映，一定如实转达。",
        True,
        None,
    ),
    # what the agent cannot handle is passed on: a promise, not a brush-off (001 超出权限…反映)
    (
        "leader-contact-request",
        3,
        "对不起先生，是我没说清楚。您的事我先记下，我解决不了的，也会马上报给上级处理。",
        True,
        None,
    ),
    # a personal chat declined in the line's own words (001 婉拒)
    (
        "harassment-call",
        1,
        "先生，热线是给市民办事用的，我没办法陪您聊天，实在抱歉。请问您有业务需要咨询吗？没有的话请您挂机，再见。",
        True,
        None,
    ),
    # the contact left in spoken order is the seed's alternative to calling back (001)
    (
        "system-slow",
        2,
        "实在抱歉，系统还没恢复。您把号码留一个，好了我马上查，查完给您打回去。",
        True,
        None,
    ),
    # the second stop-24 round
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


PHRASES_FINE = [
    # emphatic sympathy: 002's 表示理解, not mock praise
    "家里三天没水，这可真让人着急，我马上帮您催办。",
    # correcting one's own direction is not an order
    "不好意思，刚才我讲错了窗口，您应该去三号窗口办理，我给您指一下。",
]


@pytest.mark.parametrize("text", PHRASES_FINE)
def test_a_good_reply_of_this_round_is_not_failed(rules, text):
    r = rules.grade_phrase(text)
    assert r.passed, failing(r)


def test_a_careless_reply_full_of_particles_still_fails(rules):
    r = rules.grade_phrase("知道了嘛，等着的呀，急啥呗。")
    assert "fl.particle" in failing(r)


# (reply, the category named first): the tics named before a plain 你 only when at least as
# many; a casual form of address, a 你 said more often, or a tone stays first
FIRST = [
    ("嗯嗯那个那个，就是说，马上给你登记的嘛，放心喽。", "filler"),
    ("你先别急嘛，你把地址告诉我，我给你派单。", "impolite_address"),
    ("帅哥，这个嘛就是说，明天就好了呗。", "impolite_address"),
    ("你有完没完嘛，就是说，明天再打呗。", "commanding"),
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

test_the_main_fault_is_named_first = main_fault_test(FIRST)
