"""A pet phrase said once in an otherwise polite, fluent reply (就是说) is a reminder, as 000 asks
to 减少使用口头禅; said twice, beside another tic or a hesitation sound, or in a curt reply, it is
the habit 000 forbids (习惯性使用口头禅…不应带到普通话的规范表达中) and fails. New sentences."""

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
        ],
    ),
}

REPLIES = [
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
