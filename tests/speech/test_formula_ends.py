"""The invitation 请讲 that ends a greeting is put back where its 讲 was heard as a sound-alike of
the same loose class (向, 箱, 将: j/q/x, ang/an), at a clause's end only, and never over a word
of the language or after a word that ends in 请 (speech.formulas, seeds 000/001: “您好，您的电话
已接通，请讲”). Sentences written for this test."""

from __future__ import annotations

import pytest

from simulator.core.catalog import load_catalog
from simulator.speech.correction import Corrector
from simulator.speech.formulas import formula_at_end


@pytest.fixture(scope="module")
def corrector():
    return Corrector.from_catalog(load_catalog())


@pytest.mark.parametrize(
    ("heard", "said"),
    [
        ("您好，这里是供电服务热线，请向。", "您好，这里是供电服务热线，请讲。"),
        ("您好，电话已经接通了请箱", "您好，电话已经接通了请讲"),
        ("喂您好，我在听，请将！", "喂您好，我在听，请讲！"),
    ],
)
def test_the_invitation_to_speak_is_put_back_at_a_clause_end(corrector, heard, said):
    assert corrector.correct(heard)[0] == said


@pytest.mark.parametrize(
    "said",
    [
        "请将您的户号报给我，我来帮您查询。",  # 请将 before what it governs
        "我们会请向上级部门反映这个情况。",  # not at a clause's end
        "给您带来不便，还请见谅。",  # 请见 … is 见谅, a clause that does not end on it
        "这是您上周交的申请件",  # 申请 is a word: its 请 is no invitation
        "您好，请进。",  # 进 (jin) is not of 讲's sound class
        "请将3号表的读数报给我。",  # a numeral goes on with the clause
        "请向A柜台出示证件。",  # and so does a letter
    ],
)
def test_other_clauses_are_left_as_heard(corrector, said):
    assert corrector.correct(said)[0] == said


def test_a_pair_heard_as_a_word_of_the_language_stays():
    assert formula_at_end("您好请见", {"请见"})[0] == "您好请见"
    assert formula_at_end("您好请见", set())[0] == "您好请讲"
    assert formula_at_end("您的电话已接通请讲")[1] == []
