"""Speech-recognition slips must not flip the verdict."""

import pytest

CASES = [
    # (scenario, heard text, expected passed, expected first failing category)
    # 有意见找领导去 is leader-contact-request's listed move at turns 1 and 3 (its summary; stop 24),
    # a buck-passing move: named by its tone, shirking (stop 26)
    ("leader-contact-request", "有一件找领导去", False, "shirking"),
    ("leader-contact-request", "有意见找领导去", False, "shirking"),
    ("wrong-number", "对不起，这里是一零零零零客服中心，请您核实后在播，再见。", True, None),
    ("wrong-number", "對不起，這裡是10000客服中心，請您核實後再撥，再見。", True, None),
    ("praise", "不客气这是我们应该做的", True, None),
    ("hard-to-reach", "非常抱歉让你久等了请问有什么可以帮您", True, None),
    ("personal-info-request", "您好我的公号是幺零二四因工作需要我们只能通报工号", True, None),
    ("dialect-caller", "很抱歉我没能听明白麻烦你讲普通话好吗", True, None),
]


@pytest.mark.parametrize(("scenario", "text", "passed", "category"), CASES)
def test_homophones_keep_the_verdict(grader, scenario, text, passed, category):
    result = grader.grade(scenario, 1, text)
    assert result.passed is passed, result.to_dict()
    if category:
        assert result.failing[0].category == category


def test_digits_in_a_staff_number_do_not_look_like_words(grader):
    # 3217 → 三二一七: 二一 sounds like 而已 but must not be flagged as sarcasm
    result = grader.grade("personal-info-request", 1, "抱歉，我们只通报工号，我的工号是3217。")
    assert result.passed, [v.to_dict() for v in result.violations]
