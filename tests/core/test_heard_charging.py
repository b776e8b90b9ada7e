"""Fair charging of spoken replies (core.heard): a finding a recognition error may explain is
kept as "heard as …, not counted" with its place in the audio; a finding heard surely is still
charged; typed replies are never touched."""

import json

from simulator.core.heard import NOT_COUNTED, Hearing, clock, likelier_reading
from simulator.core.heard_counts import sources
from simulator.core.opinion import models_dir
from simulator.core.result import violation_from_dict

SCENARIO, TURN = "outage-report", 1
GUESS = "好像是线路的问题，我帮您查一下，请您稍等。"
SLIP = "我做得不够好像您赔个不是，请您原谅，我马上帮您处理。"  # 不够好，向您赔个不是


def hearing(text: str, doubt: str = "", prob: float = 0.3, nth: int = 0) -> Hearing:
    """Sure (0.95) of every character but the ``nth`` occurrence of ``doubt``; a character
    every 0.25 s."""
    probs = [0.95] * len(text)
    if doubt:
        at = -1
        for _ in range(nth + 1):
            at = text.index(doubt, at + 1)
        probs[at : at + len(doubt)] = [prob] * len(doubt)
    return Hearing(tuple(probs), tuple(0.25 * i for i in range(len(text))))


def found(result, word: str):
    return [v for v in result.violations if v.text == word and v.end > v.start]


def test_a_sure_guess_is_charged(grader):
    result = grader.grade(SCENARIO, TURN, GUESS, hearing=hearing(GUESS))
    (v,) = found(result, "好像")
    assert v.severity == "fail" and v.category == "forbidden_word" and not result.passed


def test_an_unsure_guess_nothing_likelier_explains_is_charged(grader):
    """Low confidence alone is not a recognition error: Whisper is often unsure of words it
    heard right, and 好像 here has no likelier same-sounding reading."""
    text = "您好，" + GUESS
    result = grader.grade(SCENARIO, TURN, text, hearing=hearing(text, "好像"))
    (v,) = found(result, "好像")
    assert v.severity == "fail" and not result.passed


def test_an_unsure_slip_read_otherwise_is_heard_as_not_counted_with_its_place(grader):
    text = "您好，" + SLIP
    result = grader.grade(SCENARIO, TURN, text, hearing=hearing(text, "像"))
    (v,) = found(result, "好像")
    assert v.severity == NOT_COUNTED and v.by == "uncertain"
    assert v.heard_at == 0.25 * text.index("好像")  # a character every 0.25 s
    assert "听作“好像”" in v.explanation and "不计入评分" in v.explanation
    assert clock(v.heard_at) in v.explanation
    assert v.explanation_en.startswith(f"Heard as “好像” at {clock(v.heard_at)}")
    assert "not counted" in v.explanation_en
    assert not any(x.category == "forbidden_word" for x in result.failing)
    again = violation_from_dict(v.to_dict())  # stored and read back with the turn
    assert again.severity == NOT_COUNTED and again.heard_at == v.heard_at


def test_a_word_unsure_once_but_sure_elsewhere_is_charged(grader):
    text = "好像是线路的问题，好像是昨天开始的，我帮您查一下。"
    result = grader.grade(SCENARIO, TURN, text, hearing=hearing(text, "好像", nth=0))
    assert any(v.severity == "fail" for v in found(result, "好像"))


def test_one_garbled_word_does_not_unmake_a_long_finding(grader):
    text = "我没法帮您处理，您去找别的部门吧。"
    typed = [v for v in grader.grade(SCENARIO, TURN, text).failing if v.end - v.start > 4]
    assert typed, "a long finding to test on"
    v = typed[0]
    one = hearing(text, text[v.start + 1])  # one character of it unsure
    assert any(
        x.severity == "fail" and (x.start, x.end) == (v.start, v.end)
        for x in grader.grade(SCENARIO, TURN, text, hearing=one).violations
    )
    probs = [0.3 if v.start <= i < v.end else 0.95 for i in range(len(text))]
    unsure = Hearing(tuple(probs), tuple(0.25 * i for i in range(len(text))))
    spoken = grader.grade(SCENARIO, TURN, text, hearing=unsure)  # unsure, nothing likelier
    assert any(
        x.severity == "fail" and (x.start, x.end) == (v.start, v.end) for x in spoken.violations
    )


def test_unsure_marks_alone_spare_the_finding_too(grader):
    """The older path (services passing only the unsure positions) is fair as well."""
    result = grader.grade(SCENARIO, TURN, SLIP, unsure=[SLIP.index("像")])
    assert all(v.severity == NOT_COUNTED for v in found(result, "好像"))


def test_a_slip_a_likelier_reading_explains_is_not_counted(grader):
    result = grader.grade(SCENARIO, TURN, SLIP, hearing=hearing(SLIP))
    (v,) = found(result, "好像")
    assert v.severity == NOT_COUNTED and "向您" in v.explanation
    assert likelier_reading(result.transcript, v.start, v.end) is not None


def test_typed_replies_are_charged_in_full(grader):
    for text in (SLIP, GUESS, "好的呗，我马上帮您查一下，请您稍等。"):
        result = grader.grade(SCENARIO, TURN, text)
        assert result.failing and all(v.severity != NOT_COUNTED for v in result.violations)


def test_a_particle_is_charged_only_where_it_was_heard_surely(grader):
    text = "好的呗，我马上帮您查一下，请您稍等。"
    sure = grader.grade(SCENARIO, TURN, text, hearing=hearing(text, "呗", prob=0.9))
    assert [v.severity for v in found(sure, "呗")] == ["fail"]
    doubtful = grader.grade(SCENARIO, TURN, text, hearing=hearing(text, "呗", prob=0.6))
    (v,) = found(doubtful, "呗")
    assert v.severity == NOT_COUNTED and "60%" in v.explanation_en


def test_a_note_not_counted_costs_no_points(grader):
    text = "您好，" + SLIP
    typed = grader.grade(SCENARIO, TURN, text)
    spoken = grader.grade(SCENARIO, TURN, text, hearing=hearing(text, "像"))
    assert spoken.score > typed.score


def test_hearing_maps_to_the_normalised_transcript():
    h = Hearing((0.9, 0.2, 1.0, 1.0, 0.4), (0.0, 0.3, None, None, 0.9))
    mapped = h.on("好像  您", "好像 您")  # whitespace collapsed
    assert mapped.probability == (0.9, 0.2, 1.0, 0.4)
    assert mapped.at[-1] == 0.9 and mapped.unsure == {1, 3}


def test_the_pair_counts_come_from_seeds_and_fitted_sets_only():
    names = [name for name, _texts in sources()]
    assert any(n.startswith("seeds/") for n in names)
    assert not any("fresh" in n or "frozen" in n or "long_k" in n for n in names)
    saved = json.loads((models_dir() / "bigrams.json").read_text("utf-8"))
    assert saved["sources"] == names  # the committed counts are up to date
    assert saved["pairs"]["向您"] > 8 * (saved["pairs"].get("像您", 0) + 1)


def test_the_greeting_alone_at_the_start_is_charged_however_unsure(grader):
    """喂 before a pause or a form of address has no likelier reading (为 alone is no word
    there), so Whisper's doubt about it does not excuse it."""
    for text in ("喂，大姐，您先别着急，我帮您查一下。", "喂您好，停电的事我帮您查一下。"):
        assert [v.severity for v in found(grader.grade(SCENARIO, TURN, text), "喂")] == ["fail"]
        result = grader.grade(SCENARIO, TURN, text, hearing=hearing(text, "喂", prob=0.05))
        assert [v.severity for v in found(result, "喂")] == ["fail"] and not result.passed
