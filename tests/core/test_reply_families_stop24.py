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
elsewhere). The sentences are written for these tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from tests.core.families import failing, round_tests

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
        ["热线又不是光伺候您一个人的。", "对对对，全是我们的错，行了吧您。"],
        ["是的，这件事是我们的问题，非常抱歉，我马上帮您处理。", "我们专门为您安排了一位师傅。"],
    ),
    "sa.dare-complain": (
        ["好啊，一块儿投诉，我无所谓。", "成，连我一起投吧。"],
        ["好的，您这两件事的投诉我一起登记，尽快处理。"],
    ),
    "ad.shop-talk": (
        ["东西明天一早就到，您放一百个心吧亲。"],
        ["请您本人亲自到营业厅办理，好吧？"],
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
]


@pytest.mark.parametrize(("text", "category"), FIRST)
def test_the_main_fault_of_a_careless_reply_is_named_first(rules, text, category):
    r = rules.grade_phrase(text)
    assert [v.category for v in r.failing][0] == category
