"""The stop-22 families (issue 11): curt lines with none of the listed keywords that organisations
publish as forbidden, grouped as the seeds group them (001 服务忌语, 000 服务禁用语气), each with
wordings of its own and polite look-alikes that must pass; and the reply fixes of this round (a
refusal that apologises, a guess withdrawn to check, a hang-up line over two clauses, a promise
of compensation). The rules alone judge them (the second opinion is judged elsewhere). The
sentences are written for these tests, not taken from a labelled set."""

from __future__ import annotations

from tests.core.families import round_tests

FAMILIES = {
    # rule id: (curt wordings, polite look-alikes)
    "sa.take-it-or-leave": (
        ["嫌贵就别买。", "嫌远你自己打车去。", "不满意就换一家。"],
        ["您要是嫌跑一趟麻烦，我可以帮您在线预约。"],
    ),
    "rh.whats-the-use": (
        ["合同都签了，现在反悔有啥用。", "打不开网页问我干嘛。", "找我有什么用。"],
        ["请问您想了解这个功能有什么用途吗？"],
    ),
    "sa.this-too": (
        ["扫码付款这都不会？", "这点小事也不懂啊？"],
        ["这都不会影响您的正常使用，请放心。"],
    ),
    "cm.asked-again": (
        ["这事您都问了好几遍了。", "问多少次都一样，没有。"],
        ["不好意思，让您说了好几遍了，我这就帮您记下。"],
    ),
    "sh.others-decide": (
        ["赔多少那是保险公司说了算。", "工资算出来多少就是多少。"],
        ["到账时间由银行处理，我帮您联系银行核实后给您回电。"],
    ),
    "sa.not-yours-to-say": (
        ["退不退不是您说了算。", "赶不上车是您自己的事。"],
        ["您的事就是我们的事，我马上帮您处理。"],
    ),
    "sa.should-have-thought": (
        ["合同签之前就该看清楚。", "收到货半个月了才来说坏了？", "现在后悔也晚了。"],
        ["我也是刚才才查到这个情况，马上帮您处理。"],
    ),
    "cm.bare-order": (
        ["字写错了，重写。", "表格不对，重新填。", "赶紧把车挪走！"],
        ["麻烦您重新填写一下，谢谢。", "请您尽快把车挪走，谢谢配合。"],
    ),
    "cm.what-for": (
        ["排着队呢，挤什么挤。", "门都锁了还催什么，明天来。", "这么小的事还投诉什么。"],
        ["请问您还有什么需要帮助的吗？"],
    ),
    "sa.upbringing": (
        ["家里大人怎么教的，乱按电梯。", "您识字吗？上面写着呢。"],
        ["老师会在课上教孩子怎么使用。"],
    ),
    "iq.said-nothing": (
        ["说了半天也没讲清楚是哪条路。", "到底是哪一栋？"],
        ["我再跟您确认一下，请问是哪一栋？"],
    ),
    "rh.blame-me": (
        ["网络不好怪我们吗？", "我都让您带身份证了，您还不带。", "什么叫乱收费了？"],
        ["您别怪我们多问，核对清楚才能尽快派人。"],
    ),
    "ad.shop-talk": (
        ["好的呢亲，马上给您查。", "宝贝，这个已经是优惠价了。"],
        ["请您本人亲自带身份证来办理。"],
    ),
    "fw.shuo-bu-zhun": (
        ["停水检修，几点来水不好说。", "这个没准儿。"],
        ["具体时间我帮您核实一下，确认后马上回复您。"],
    ),
}


REPLIES = [
    # (scenario, turn, text, passes, rule expected among the failing findings)
    ("date-invitation", 1, "谢谢您的好意，不过我在上班，一起吃饭就不了哈，抱歉啊。", True, None),
    ("date-invitation", 1, "谢谢您，但我们有工作纪律，下班也不行，实在不好意思。", True, None),
    ("date-invitation", 1, "不行，我没空。", False, "fw.bu-xing"),
    (
        "internal-fault",
        1,
        "王先生，这个应该是……抱歉，我核实一下：按规定表后线路由您家自己维护，我们不能派人上门，"
        "建议您请电工检查。",
        True,
        None,
    ),
    ("internal-fault", 1, "应该是您家里线路的问题吧。", False, "fw.ying-gai"),
    (
        "internal-fault",
        3,
        "对不起，是我刚才说得不明白，您看还有哪儿没听懂，我再给您仔细讲一遍。",
        True,
        None,
    ),
    ("silent-call", 2, "一直听不到您的声音，再见。", True, None),
    (
        "angry-caller",
        2,
        "登记好了，保证明天一定修好，修不好我给您免一个月网费。",
        False,
        "off.promise-compensation",
    ),
    ("angry-caller", 2, "您的报修已经登记，我们会在24小时内为您修复。", True, None),
    (
        "unreasonable-demand",
        1,
        "张女士，很抱歉给您添麻烦了。赔偿我这边做不了主，不是不管，是要由理赔部门核定，"
        "我先帮您登记。",
        True,
        None,
    ),
    ("unreasonable-demand", 1, "赔偿的事我做不了主。", False, "sh.not-my-business"),
]

(
    test_a_family_member_in_new_words_is_caught,
    test_a_polite_look_alike_passes,
    test_reply_fixes_of_this_round,
) = round_tests(FAMILIES, REPLIES)
