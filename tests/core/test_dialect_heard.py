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
