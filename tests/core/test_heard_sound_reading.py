"""Spoken replies (core.heard): a finding on unsure characters stays counted when the unsure
characters, read by sound as the far likelier words (我性 → 我姓), still carry the same finding
there, or when there is no likelier reading; it is not counted when the reading loses it or
moves it elsewhere."""

from simulator.core.heard import NOT_COUNTED, Hearing, sound_reading, uncounted
from simulator.core.result import Violation
from tests.core.heard_helpers import off_protocol_at


def _finding(display: str, word: str, by: str = "rules") -> Violation:
    return off_protocol_at(display, word, by=by)


def _hearing(display: str, unsure_at: int) -> Hearing:
    probs = tuple(0.3 if i == unsure_at else 0.95 for i in range(len(display)))
    return Hearing(probs, tuple(0.25 * i for i in range(len(display))))


def test_an_unsure_character_is_read_as_the_likelier_same_sounding_one():
    assert sound_reading("您好，我性王。", [4]) == "您好，我姓王。"
    assert sound_reading("您好，我姓王。", [4]) is None  # already the likelier word
    assert sound_reading("您好，我性王。", [2]) is None  # punctuation is not read


def test_a_finding_the_reading_keeps_in_place_is_charged():
    display = "您好，我性王，有事您找我。"
    v = _finding(display, "我性")
    asked = []

    def confirm(reading):
        asked.append(reading)
        return {("off_protocol", v.start, v.end)}

    (out,) = uncounted([v], display, {4}, _hearing(display, 4), confirm=confirm)
    assert out.severity == "fail" and asked == ["您好，我姓王，有事您找我。"]


def test_a_finding_the_reading_loses_or_moves_is_not_counted():
    display = "您好，我性王，有事您找我。"
    v = _finding(display, "我性")
    for places in (set(), {("off_protocol", 9, 12)}, {("sarcastic", v.start, v.end)}):
        (out,) = uncounted([v], display, {4}, _hearing(display, 4), confirm=lambda _r, p=places: p)
        assert out.severity == NOT_COUNTED


def test_without_a_likelier_reading_the_doubt_alone_excuses_nothing():
    """Low confidence is not evidence of a recognition error unless something else may have
    been said: on the spoken sets the doubt alone excused real faults and saved no good reply."""
    display = "您好，我姓王，有事您找我。"  # 姓 unsure, but nothing sounds likelier
    v = _finding(display, "我姓")
    (out,) = uncounted(
        [v], display, {4}, _hearing(display, 4), confirm=lambda _r: {("off_protocol", 3, 5)}
    )
    assert out.severity == "fail"


def test_the_grader_charges_a_move_heard_unsurely_that_sounds_like_itself(grader):
    """personal-info-request: 我(叫|姓) gives the agent's name (boundaries.yaml, from the seeds);
    heard as 我性 with 性 unsure, it is still the agent's surname."""
    text = "您好，我性王，我的工号是三一二五。"
    hearing = _hearing(text, text.index("性"))
    result = grader.grade("personal-info-request", 1, text, hearing=hearing)
    assert any(
        v.category == "off_protocol" and v.severity == "fail" and "我性" in v.text
        for v in result.violations
    )
    slip = "我做得不够好像您赔个不是，请您原谅，我马上帮您处理。"  # read as 好向您: not counted
    spoken = grader.grade("outage-report", 1, slip, hearing=_hearing(slip, slip.index("像")))
    assert all(v.severity == NOT_COUNTED for v in spoken.violations if v.text == "好像")
