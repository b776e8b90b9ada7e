"""The closing request 请您挂机 is put back where its 机 was heard 金 (in/i, a loose-class sound),
while a phrase of four characters is not put back over a near sound heard as a word of the
language (请您挂失, a loss report, stays): speech.phrases with the catalog's phrases. Sentences
written for this test."""

from __future__ import annotations

import pytest

from simulator.core.catalog import load_catalog
from simulator.speech.correction import Corrector
from simulator.speech.phrases import PhraseTable


@pytest.fixture(scope="module")
def corrector():
    return Corrector.from_catalog(load_catalog())


def test_the_closing_request_heard_with_jin_is_put_back(corrector):
    fixed, _ = corrector.correct("线路一直没有声音，没有其他问题的话请您挂金，再见。")
    assert "请您挂机" in fixed


@pytest.mark.parametrize(
    "heard",
    [
        "这边查不到您说的业务，如果没有别的事，请您挂接好吗？",
        "听不到您的声音，请您挂接，稍后再拨。",
    ],
)
def test_a_near_sound_heard_as_a_word_jieba_never_counted_does_not_block(corrector, heard):
    # 挂接 is in jieba's word list with no count of its own (3): no evidence against 挂机
    assert "请您挂机" in corrector.correct(heard)[0]


@pytest.mark.parametrize(
    "said",
    [
        "您的手机卡丢了，请您挂失后再补办。",
        "门诊那边请您挂号以后再过来。",
        "请您关机重启一下再试试。",
    ],
)
def test_other_requests_are_left_as_heard(corrector, said):
    assert corrector.correct(said)[0] == said


def test_a_short_phrase_is_not_put_back_over_a_word_heard_by_a_near_sound():
    table = PhraseTable(["请您挂机", "记录下来", "换一部电话再拨"], {"挂失", "进路", "再多"})
    assert table.correct_run("请您挂失")[0] == "请您挂失"  # sh/j: only the final alike
    assert table.correct_run("请您挂金")[0] == "请您挂机"  # in/i: a loose-class sound
    assert table.correct_run("我都进路下来了")[0] == "我都记录下来了"  # a word, but loose
    assert table.correct_run("换一部电话再多")[0] == "换一部电话再拨"  # longer: a rhyme will do
