"""The stop-25 phrase round (issue 11): approved phrases that put a risky-looking word into a
polite phrasing. A limit of time or manner with the agent's next step after it (没办法马上上门，
我已经给您登记了加急) is 001's 婉拒说明 — “暂时不能帮您转接。您的问题我会做详细的记录，稍后会转
相关部门处理” — not 001's bare “没办法！” (core/limits.py, fw.mei-banfa's ``limit_ok``); an
either-or or yes-no question opened with 不知道您… (不知道您钥匙带了没有？) is 000's courteous
inquiry, not “I don't know” (fw.bu-zhidao's unless); 你 to a child caller addressed as 小朋友 is
the right word (004 针对不同客户群体,要采取不同的说话方式; ad.ni's otherwise polite). And one
family of forbidden phrases missed: the caller's omission thrown back as a question with no 吗
(您自己就不会先量一下？ — 000 难道你不知道…, rh.omission). Each family with wordings that must still
fail and polite look-alikes that must pass. The rules alone judge them (the second opinion is
judged elsewhere). The sentences are written for these tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from simulator.core.clauses import analyse
from simulator.core.limits import limit_with_next_step
from simulator.core.normalize import normalize
from tests.core.families import round_tests

FAMILIES = {
    # rule id: (wordings that must fail, polite look-alikes that must pass)
    "fw.mei-banfa": (
        [
            # the whole request refused: no limit of time or manner
            "这个真没办法，系统就是这么设定的。",
            # a limit with nothing after it
            "押金今天没办法马上退。",
            "系统在升级，没办法直接查。",
            # a limit with only the caller sent elsewhere, no step of the agent's
            "没办法当场补办，您自己去网上申请。",
            # the next step in the same clause does not count as a later one
            "没办法马上修我们也很着急。",
        ],
        [
            "很抱歉，押金今天没办法马上退回，我已经帮您提交了申请，三个工作日内原路退回。",
            "不好意思，维修师傅没办法当天赶到，明天一早就给您安排，您看可以吗？",
            "这张优惠券没办法直接抵扣运费，不过我可以给您申请一张包邮券。",
            "非常抱歉，这个套餐没办法再升级了，预计下个月上线新的档位，到时候第一时间通知您。",
            "病历今天没办法现场打印，复印好了我们会邮寄给您。",
        ],
    ),
    "fw.bu-zhidao": (
        [
            "这个我真不知道，您问别人吧。",
            "不知道，还是您自己去营业厅问吧。",
            "我确实不知道，这事不归我们管。",
        ],
        [
            "不知道您的快递单号还留着没有？",
            "不知道您是想退款，还是想换一件新的？",
            "不知道您填没填过申请表？没填的话我发您一份。",
            "不知道您家里老人是白天在家，还是晚上在家？我好给您约上门时间。",
        ],
    ),
    # 你 to a child caller addressed as 小朋友 is right (004 针对不同客户群体,要采取不同的说话方式);
    # to an adult, or to a child's parent, it stays the plain 你
    "ad.ni": (
        [
            "这位小朋友的家长，你的孩子在我们这里。",
            "你把身份证号码报一下，你是哪天办的？",
        ],
        [
            "小朋友不要怕，你告诉阿姨你在哪个门口，我们马上过去接你。",
            "小朋友真棒，你把电话给旁边的大人好吗？",
        ],
    ),
    # the caller's omission thrown back as a question, no 吗 needed (000 难道你不知道…, 责备的口气);
    # an offer or a real question about the same act passes
    "rh.omission": (
        [
            "您自己就不会先量一下尺寸？",
            "下单前您也没看一下尺码表？",
            "寄件的时候您都没称一下重量？",
        ],
        [
            "您要不要先核对一下收款人？",
            "您没收到的话，我再给您发一下？",
            "您之前有没有试一下重启？",
        ],
    ),
}

# bound to test_ names so that pytest collects them (no replies in this phrase round)
test_a_family_member_in_new_words_is_caught, test_a_polite_look_alike_passes, _ = round_tests(
    FAMILIES, []
)


@pytest.mark.parametrize(
    ("text", "limited"),
    [
        ("没办法马上发货，我先帮您预留库存。", True),
        ("没办法免费寄回，运费我们会补给您。", True),
        # no limiting word after 没办法: the whole thing refused
        ("没办法，我先帮您预留库存。", False),
        # a limit and no later clause
        ("没办法马上发货。", False),
    ],
)
def test_a_limit_needs_a_limiting_word_and_a_later_next_step(text, limited):
    norm = normalize(text)
    start = norm.chars.index("没办法")
    assert limit_with_next_step(norm, analyse(norm), (start, start + 3)) is limited
