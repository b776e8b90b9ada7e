"""Formulas a required element rests on, put back by the hotline correction from the catalog's
commitment phrases (scenarios/lexicon/commitments.yaml; issue 15): the line said unclear
(听不太清, seeds 000/003), the record (记下来了, 003), the apology (非常抱歉, 000/001), each
heard with one syllable a near sound on the telephone band. What was said otherwise stays: a
reply that could not understand (听不太懂), and Cantonese 唔 heard as 无 — the dialect rules
read it — is never made 不. Sentences written for these tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def corrector():
    from simulator.speech.loader import hotline_corrector

    return hotline_corrector()


@pytest.mark.parametrize(
    ("heard", "said"),
    [
        ("对不起，您那边杂音太大，我听不太听，麻烦您大声一点", "听不太清"),
        ("您的建议我已经进下来了，会反馈给负责人", "已经记下来了"),
        ("您的地址和电话我都给您借下来了", "记下来了"),
        ("王女士，非常报天，让您等了这么久", "非常抱歉"),
    ],
)
def test_a_formula_heard_with_a_near_sound_is_put_back(corrector, heard, said):
    fixed, changes = corrector.correct(heard)
    assert said in fixed and said not in heard
    assert len(fixed) == len(heard) and changes


@pytest.mark.parametrize(
    ("heard", "kept"),
    [
        ("不好意思，这个词我听不太懂，您能再说一遍吗", "听不太懂"),
        ("无好意思啊，我听无太清，你讲慢啲", "听无太清"),  # 唔 heard as 无
        ("那天风很大，非常晴天", "非常晴天"),
    ],
)
def test_other_words_and_the_cantonese_not_are_left(corrector, heard, kept):
    fixed, _ = corrector.correct(heard)
    assert kept in fixed
