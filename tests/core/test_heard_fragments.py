"""Spoken replies (core.heard): a second-opinion finding on a stray fragment of the transcript
heard unsurely is not counted, one heard surely is; an unsure model finding is not made sure
by the same word heard in another clause."""

from simulator.core.heard import Hearing
from tests.core.heard_helpers import off_protocol_at


def _model_finding(display: str, word: str, nth: int = 0):
    return off_protocol_at(display, word, by="model", nth=nth)


def _probs(display: str, low: dict[int, float]) -> Hearing:
    probs = tuple(low.get(i, 0.95) for i in range(len(display)))
    return Hearing(probs, tuple(0.25 * i for i in range(len(display))))


def test_a_model_finding_on_a_stray_fragment_heard_unsurely_is_not_counted():
    from simulator.core.heard import NOT_COUNTED, uncounted

    display = "不客气，那，那，这是我们应该做的。"
    v = _model_finding(display, "那", nth=1)  # the second 那, heard at 0.65
    h = _probs(display, {4: 0.38, 6: 0.65})
    (out,) = uncounted([v], display, {4}, h)
    assert out.severity == NOT_COUNTED and "fragment" in out.explanation_en


def test_a_model_finding_on_a_fragment_heard_surely_is_charged():
    from simulator.core.heard import uncounted

    display = "不客气，那，这是我们应该做的。"
    v = _model_finding(display, "那")
    (out,) = uncounted([v], display, set(), _probs(display, {}))
    assert out.severity == "fail"


def test_a_model_finding_on_a_longer_clause_is_not_a_fragment():
    from simulator.core.heard import uncounted

    display = "您自己再找找吧，这是我们应该做的。"
    v = _model_finding(display, "您自己再找找吧")
    (out,) = uncounted([v], display, set(), _probs(display, {2: 0.6}))
    assert out.severity == "fail"


def test_an_unsure_model_finding_is_not_made_sure_by_the_same_word_in_another_clause():
    from simulator.core.heard import NOT_COUNTED, uncounted

    display = "那，好的，那我帮您查一下。"
    v = _model_finding(display, "那")
    (out,) = uncounted([v], display, {0}, _probs(display, {0: 0.3}))
    assert out.severity == NOT_COUNTED
