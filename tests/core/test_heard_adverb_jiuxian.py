"""就先 is no particle to drop (core.heard.PARTICLES): before a verb it is the adverb the
clause is built on, so a finding on it is not excused for its being heard below FILLER_SURE,
while a doubtful particle still is. Sentences written for this test."""

from __future__ import annotations

from simulator.core.heard import NOT_COUNTED, Hearing, uncounted
from tests.core.heard_helpers import off_protocol_at


def _hearing(display: str, doubt: str, prob: float) -> Hearing:
    probs = [1.0] * len(display)
    at = display.index(doubt)
    for i in range(at, at + len(doubt)):
        probs[i] = prob
    return Hearing(tuple(probs), tuple(0.2 * i for i in range(len(display))))


def _charged_on(phrase: str):
    return lambda text: {"off_protocol"} if phrase in text else set()


def test_jiuxian_before_a_verb_is_charged_though_heard_below_filler_sure():
    display = "那您就先等着吧，过两天再打过来问问。"
    v = off_protocol_at(display, "就先等着吧", by="model")
    out = uncounted([v], display, set(), _hearing(display, "就先", 0.6), _charged_on("就先等"))
    assert out[0].severity == "fail"


def test_a_doubtful_particle_in_a_finding_is_still_not_counted():
    display = "您自己去营业厅办呗，我们这边办不了。"
    v = off_protocol_at(display, "营业厅办呗", by="model")
    out = uncounted([v], display, set(), _hearing(display, "呗", 0.6), _charged_on("办呗"))
    assert out[0].severity == NOT_COUNTED
