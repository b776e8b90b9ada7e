"""A Cantonese phrase is caught as heard by a Mandarin recogniser (by sound), seed 001/003."""

import pytest

from simulator.core.catalog import load_catalog
from simulator.core.grader import Grader


@pytest.fixture(scope="module")
def grader():
    return Grader(load_catalog())


def ids(result):
    return {v.rule for v in result.violations}


@pytest.mark.parametrize(
    "text",
    [
        "好的，我已经帮您记录了，师傅明天上门，唔使客气。",  # as said
        "好的，我已经帮您记录了，师傅明天上门，无史客气。",  # as Whisper writes it
        "冒问题，我们二十四小时内派人上门维修。",
        "麻烦晒，唔该晒，我们会尽快处理。",
    ],
)
def test_a_cantonese_courtesy_in_mandarin_characters_is_caught(grader, text):
    assert any("cantonese" in r for r in ids(grader.grade("dialect-caller", 2, text)))


@pytest.mark.parametrize(
    "text",
    [
        "好的，我已经帮您记录了，师傅明天上门，不用客气。",
        "没问题，我们二十四小时内派人上门维修。",
        "别客气，这是我们应该做的。",
    ],
)
def test_mandarin_courtesies_are_not_cantonese(grader, text):
    assert not any("cantonese" in r for r in ids(grader.grade("dialect-caller", 2, text)))


# 唔 said inside a word (唔使, 唔该, 唔好) and written by the recogniser as a Mandarin wu (无, 五,
# 吴): the word is still caught by sound, as 唔使客气 above (seed 001: 规范用语, 普通话).
@pytest.mark.parametrize(
    ("turn", "text"),
    [
        (2, "您放心，无使担心，师傅今天下午就会到。"),
        (2, "五该您讲普通话，我这就帮您登记报修。"),
        (3, "吴好嬲啦先生，刚才我没听明白，麻烦您慢点讲。"),
        (1, "无使急，您慢慢讲，我听着呢。"),
    ],
)
def test_a_cantonese_word_with_wu_heard_in_mandarin_is_caught(grader, turn, text):
    assert any("cantonese" in r for r in ids(grader.grade("dialect-caller", turn, text)))


@pytest.mark.parametrize(
    ("turn", "text"),
    [
        (2, "您放心，不会误事的，师傅今天下午就会到。"),
        (2, "五号楼的线路我已经登记，二十四小时内派人上门。"),
        (3, "对不起先生，无论如何我都会把您的意见转达上去。"),
        (2, "午饭以后师傅就出发，二十四小时内一定修好。"),
    ],
)
def test_mandarin_words_sounding_wu_are_not_cantonese(grader, turn, text):
    assert not any("cantonese" in r for r in ids(grader.grade("dialect-caller", turn, text)))
