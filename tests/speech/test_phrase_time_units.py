"""The hotline correction's commitment phrases (speech.phrases): a time limit whose unit's first
or last character was garbled on a noisy line is put back (the numeral before and the unit's end after
say which limit it was), and a phrase of the table heard as said is never turned into a sibling
(小时之内 is no garbled 小时以内). Sentences written for this test."""

from __future__ import annotations

import pytest

from simulator.speech.phrases import PhraseTable

TABLE = PhraseTable(
    ["二十四小时内", "四十八小时之内", "两个小时之内", "小时之内", "小时以内", "三个工作日内"],
    # words of the language (the correction's general dictionary holds these)
    {"小区", "工作", "小时"},
)


@pytest.mark.parametrize(
    ("heard", "want"),
    [
        ("维修师傅会在二十四角时内联系您", "维修师傅会在二十四小时内联系您"),
        ("我们争取四十八表时之内给您结果", "我们争取四十八小时之内给您结果"),
        ("工作人员两个肖时之内会到现场", "工作人员两个小时之内会到现场"),
        ("结果三个公作日内短信通知您", "结果三个工作日内短信通知您"),
    ],
)
def test_a_time_limit_with_its_unit_garbled_is_put_back(heard, want):
    assert TABLE.correct_run(heard)[0] == want


@pytest.mark.parametrize(
    "said",
    [
        "我们会在两个小时之内到",  # a phrase of the table as said: not made 以内
        "请在半小时以内到现场",
        "二十四交时间的费用",  # no 时内 after: not a time limit
        "二十五角时内",  # a numeral that differs is another limit, left as heard
        "那个奖时之内",  # no numeral before the unit
    ],
)
def test_other_words_and_phrases_said_are_left_as_heard(said):
    assert TABLE.correct_run(said) == (said, [])


@pytest.mark.parametrize(
    ("heard", "want"),
    [
        ("审核结果三个工作去内寄给您", "审核结果三个工作日内寄给您"),
        ("抢修队四十八小迟之内到达", "抢修队四十八小时之内到达"),
    ],
)
def test_a_time_limit_with_its_unit_end_garbled_is_put_back(heard, want):
    assert TABLE.correct_run(heard)[0] == want


@pytest.mark.parametrize(
    "said",
    [
        "三个工作周内给您寄出",  # another unit: another limit
        "二十四小区内都停了水",  # 小区 is a word: compounds, not hours
        "那个工作区内没有信号",  # no numeral before the unit
    ],
)
def test_a_unit_end_heard_as_another_unit_or_a_word_is_left(said):
    assert TABLE.correct_run(said) == (said, [])
