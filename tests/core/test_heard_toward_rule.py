"""A same-sounding reading that makes a fault clearer does not excuse it (core.heard): the rules
matched 直接去…照 by sound, and the likelier reading (照我们 → 找我们) writes the rule's own 找 —
the fault is charged; a reading that takes the rule's own character out (好像您 → 好向您) still
excuses it. Own wordings, scripted hearings, the rules alone."""

import pytest

from simulator.core.grader import Grader
from simulator.core.heard import NOT_COUNTED, Hearing, uncounted
from tests.core.heard_helpers import off_protocol_at


def sure(text: str) -> Hearing:
    at = tuple(0.2 * i for i in range(len(text)))
    return Hearing(tuple([0.95] * len(text)), at, tuple(a + 0.2 for a in at))


TOWARD = [
    ("真不好意思，您直接到客服中心照我们的主任反映吧。", "直接到客服中心照"),
    ("您可以直接去三楼照他们经理说。", "直接去三楼照"),
]


@pytest.mark.parametrize(("text", "word"), TOWARD)
def test_a_reading_toward_the_rule_keeps_the_fault(text, word):
    v = off_protocol_at(text, word)
    assert uncounted([v], text, set(), sure(text))[0].severity == NOT_COUNTED  # no wording known
    (out,) = uncounted([v], text, set(), sure(text), wording=lambda _v: "直接(去|到)…找")
    assert out.severity == "fail"


@pytest.mark.parametrize(("text", "word"), TOWARD)
def test_the_grader_charges_it_heard_as_typed(catalog, text, word):
    grader = Grader(catalog, use_opinion=False)
    result = grader.grade("leader-contact-request", 3, text, hearing=sure(text))
    found = [v for v in result.violations if v.rule == "off.send-to-leader"]
    assert [v.severity for v in found] == ["fail"] and not result.passed


def test_a_reading_that_takes_the_rules_word_apart_still_excuses(catalog):
    grader = Grader(catalog, use_opinion=False)
    text = "是我做得不够好像您赔个不是，我马上帮您查停电的原因。"
    result = grader.grade("outage-report", 1, text, hearing=sure(text))
    found = [v for v in result.violations if "好像" in v.text]
    assert found and all(v.severity == NOT_COUNTED for v in found)
