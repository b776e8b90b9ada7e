"""The request for Mandarin asked as a question (issue 15, stop 25): 您能不能用普通话…, 不知道您
可不可以讲普通话… ask the caller for it, they do not deny it, so the 能不能 before 普通话 does
not cancel the element (seed 001_ab75b4677eacef2d: 麻烦您讲普通话，好吗？). Without any word of
Mandarin the element is still missing. The rules alone judge; the sentences are written for
these tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

ASKED = [
    "抱歉，我没太听清，您能不能用普通话跟我讲一下？",
    "实在对不起，不知道您可不可以用普通话再讲一次呢？",
    "不好意思，这边听不懂方言，您看能不能说普通话？",
    "很抱歉，不知道您方不方便用普通话讲一下您的问题？",
]
NOT_ASKED = [
    "不好意思，我没听明白，您能不能再慢一点说一遍？",
    "抱歉，您能不能大概再讲一遍是什么情况？",
]


@pytest.mark.parametrize("text", ASKED)
def test_a_question_asking_for_mandarin_has_the_element(rules, text):
    r = rules.grade("dialect-caller", 1, text)
    assert r.elements["请求普通话"], [v.rule for v in r.failing]
    assert r.passed, [v.rule for v in r.failing]


@pytest.mark.parametrize("text", NOT_ASKED)
def test_a_question_without_mandarin_still_misses_it(rules, text):
    r = rules.grade("dialect-caller", 1, text)
    assert not r.elements["请求普通话"]
    assert not r.passed


def test_an_offer_denied_is_still_no_help(rules):
    """Other elements stay negatable: 不能帮您 is no 提供帮助."""
    assert rules._elements["提供帮助"][2]
    assert not rules._elements["请求普通话"][2]
