"""The hotline correction leaves a common word heard with z/zh, c/ch or s/sh swapped (找 for
早), still mends a nasal final blurred (信识 → 姓氏), and never writes the words of the manuals'
file boilerplate (单击 of a slide template): sentences written for this test, not from a set."""

from __future__ import annotations

import pytest

from simulator.core.catalog import load_catalog
from simulator.speech.correction import Corrector


@pytest.fixture(scope="module")
def corrector():
    return Corrector.from_catalog(load_catalog())


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("我再帮您找点别的办法，您别着急。", "找点"),  # 找 zhao is no garbled 早 zao
        ("您稍等，我去系统里找点记录给您看。", "找点"),
        ("这个单子我已经派单给片区的师傅了。", "派单给"),  # not 派单击
        ("问题核实后我们会派单给维修班组。", "派单给"),
    ],
)
def test_a_common_word_heard_is_left_as_heard(corrector, text, kept):
    fixed, _changes = corrector.correct(text)
    assert kept in fixed


def test_boilerplate_words_of_the_manuals_are_no_hotline_terms(corrector):
    for word in ("单击", "母版", "样式", "思维"):
        assert word not in corrector.domain


def test_a_garbled_hotline_word_is_still_mended(corrector):
    fixed, changes = corrector.correct("您的诉求我们已经受离了，请放心。")
    assert "受理" in fixed and changes


@pytest.mark.parametrize(
    ("heard", "want"),
    [
        ("麻烦您告诉我您的信识，方便我们回访。", "姓氏"),  # in/ing: 信 for 姓
        ("刚才外面有享身吗？", "响声"),  # en/eng: 身 for 声
    ],
)
def test_a_nasal_final_blurred_on_a_common_word_is_still_mended(corrector, heard, want):
    assert want in corrector.correct(heard)[0]
