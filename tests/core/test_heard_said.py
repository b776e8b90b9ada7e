"""Evidence it was said (core.heard_said): a pet phrase alone in its clause and the greeting 喂
alone at the reply's start are the trainee's words; the same characters inside a clause or a
word are not evidence."""

import re

import pytest

from simulator.core.heard_said import GREETING_ALONE, pet_phrase_alone, said
from simulator.core.result import Violation


def _finding(display: str, word: str, category: str = "filler") -> Violation:
    k = display.index(word)
    return Violation("r", category, "fail", word, k, k + len(word), "", "")


@pytest.mark.parametrize("display", ["好的，那个那个，我帮您查。", "就是说，您的卡已经停了。"])
def test_a_pet_phrase_that_is_its_own_clause_is_said(display):
    word = "那个那个" if "那个那个" in display else "就是说"
    assert said(_finding(display, word), display)


@pytest.mark.parametrize(
    ("display", "word"),
    [("我帮您查那个那个问题。", "那个那个"), ("好的，那个，我帮您查。", "那个")],
)
def test_a_pet_phrase_inside_a_clause_or_too_short_is_not_evidence(display, word):
    assert not said(_finding(display, word), display)
    k = display.index(word)
    assert not pet_phrase_alone(display, k, k + len(word))


def test_a_pet_phrase_of_another_category_is_not_evidence():
    display = "好的，那个那个，我帮您查。"
    assert not said(_finding(display, "那个那个", "sarcastic"), display)


@pytest.mark.parametrize("display", ["喂，大爷，您说。", "喂您好，我帮您查。", "喂喂，听得到吗？"])
def test_the_greeting_alone_at_the_start_is_said(display):
    assert said(_finding(display, "喂", "impolite_address"), display)


@pytest.mark.parametrize("display", ["喂什么喂，您说。", "好的，喂，您说。"])
def test_wei_elsewhere_or_followed_by_words_is_not_evidence(display):
    k = display.index("喂")
    v = Violation("r", "impolite_address", "fail", "喂", k, k + 1, "", "")
    assert not said(v, display)


def test_the_correction_shares_where_the_greeting_stands_alone():
    alone = re.compile("为" + GREETING_ALONE)
    assert alone.match("为，大姐") and alone.match("为您好")
    assert not alone.match("为了您") and not alone.match("为什么")
