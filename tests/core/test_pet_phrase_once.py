"""A pet phrase said once in an otherwise polite, fluent reply (就是说) is a reminder, as 000 asks
to 减少使用口头禅; said twice, beside another tic or a hesitation sound, or in a curt reply, it is
the habit 000 forbids (习惯性使用口头禅…不应带到普通话的规范表达中) and fails; a clause-edge
啊， beside it is a reminder of its own, not a second tic. Also an answer said three times over (是是是), and two element
readings of polite agents: a request in question form and thanks returned. New sentences."""

from tests.core.families import round_tests

FAMILIES = {
    "fl.habit-jiushishuo": (
        [
            "就是说这块表要换，就是说下周才能来换。",
            "就是说你这个单子还没派下去。",
            "您好，就是说您的快递嘛还在路上。",
            "嗯，就是说您这个套餐下个月才生效。",
            "您别急，就是说检修要排到明天呀。",
        ],
        [
            "您好，您反映的路灯问题我已经登记了，就是说，三个工作日内会有人联系您。",
            "不好意思让您久等了，就是说系统刚刚恢复，我马上帮您查。",
            "您的意思是说水压偏低，是这样吗？",
            # a clause-edge 啊， is a reminder of its own (fl.ah), not a second tic
            "您这个建议提得好啊，我这边记下来，就是说会转给负责的同事参考。",
        ],
    ),
    # a refusal softened with an apology at once (001 婉拒 with 致歉), any closing particle
    "fw.bu-xing": (["这个真不行哦，您别再问了。"], ["谢谢您的好意，周末真的不行哦，实在抱歉。"]),
    # one named act refused for a third party (001 婉拒说明): 没办法替他传话
    "fw.mei-banfa": (
        ["没办法，您自己看着办吧。"],
        ["上班时间没办法替他传话，麻烦您下班后再联系他好吗？"],
    ),
    # an answer word said three times over (000 禁止使用习惯性语言); twice is ordinary assent
    "fl.habit-triple": (
        ["是是是，您说的我都记下了。", "对对对，就是那个小区，好好好，我给您登记。"],
        [
            "是的，您说的我都记下了。",
            "好的好的，我这边马上给您登记。",
            # sounds like 是是是 but is no repetition: matched by characters only
            "明白了，是私事，那真抱歉，工作时间同事不方便接私人电话。",
            "我的工号是4410号，您记一下。",
        ],
    ),
}

REPLIES = [
    # asked to hang up in everyday words (001 请您挂机): 把电话挂了
    (
        "harassment-call",
        3,
        "对不起先生，如果您没有需要办理的业务，麻烦您先把电话挂了好吗，谢谢您的配合。",
        True,
        None,
    ),
    (
        "harassment-call",
        3,
        "对不起先生，如果您没有需要办理的业务，谢谢您的配合。",
        False,
        "element.请挂机",
    ),
    # a required act asked of the caller as 能不能…: said (000: 请您换一部电话拨打好吗); a plain
    # 不能 before it still denies it
    (
        "noisy-line",
        2,
        "先生，实在抱歉，您那边信号断断续续的，我听不清楚，您看能不能换个手机再打进来，谢谢您，再见。",
        True,
        None,
    ),
    (
        "noisy-line",
        2,
        "先生，实在抱歉，您那边信号断断续续的，我听不清楚，这边不能给您换个电话回拨，谢谢您，再见。",
        False,
        "element.挂机语",
    ),
    # thanks returned for the caller's regard in a few words (001: 感谢您对…的支持)
    (
        "praise",
        2,
        "师傅的名字我记下了，会转达给他们班组，也谢谢您这么认可我们的工作。",
        True,
        None,
    ),
    ("praise", 2, "师傅的名字我记下了，会转达给他们班组。", False, "element.回应感谢"),
    (
        "hold-and-callback",
        1,
        "好的，您的户号我记下了，我这边马上帮您查一下上个月的电费记录，就是说需要您稍等一会儿，您看方便不挂机稍等吗？",
        True,
        None,
    ),
    (
        "hold-and-callback",
        1,
        "好的，就是说您的户号我记下了，就是说要调一下上个月的电费记录，您稍等一会儿。",
        False,
        "fl.habit-jiushishuo",
    ),
]

(
    test_a_family_member_in_new_words_is_caught,
    test_a_polite_look_alike_passes,
    test_reply_fixes_of_this_round,
) = round_tests(FAMILIES, REPLIES)
