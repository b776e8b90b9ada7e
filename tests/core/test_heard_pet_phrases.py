"""Pet phrases through speech (core.heard, core.heard_said): the recogniser writes a stuttered
那个那个 as 那个，那个 — each word a clause of its own — and that is charged as the habit, typed
or heard, however unsure the recogniser was; a pet phrase of three characters or more (就是说)
heard inside a clause is charged unless Whisper was unsure of it (below UNSURE_PROB), where a
particle still needs FILLER_SURE, and so does 哼 (a hum as often as a scoff). Own wordings; scripted
hearings (no recogniser)."""

import pytest

from simulator.core.grader import Grader
from simulator.core.heard import FILLER_SURE, NOT_COUNTED, UNSURE_PROB, Hearing

SCENARIO, TURN = "outage-report", 1


@pytest.fixture(scope="module")
def grader(catalog):
    return Grader(catalog, use_opinion=False)


def heard(text: str, low: dict[str, float]) -> Hearing:
    """Each Han character its own word of 0.2 s, back to back, heard at 0.95 but for the first
    occurrence of each word of ``low`` (heard at its probability)."""
    probs = [0.95] * len(text)
    for word, p in low.items():
        k = text.index(word)
        probs[k : k + len(word)] = [p] * len(word)
    at = tuple(0.2 * i for i in range(len(text)))
    return Hearing(tuple(probs), at, tuple(a + 0.2 for a in at))


def found(result, word: str):
    return [v for v in result.violations if v.category == "filler" and word in v.text]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("好的，那个，那个，停电的事我帮您查一下。", "那个，那个"),
        ("这个，这个，您先别着急，我马上帮您登记。", "这个，这个"),
        ("您别急，那个，这个，抢修的师傅已经出发了。", "那个，这个"),
    ],
)
def test_a_stutter_split_into_clauses_is_the_pet_phrase_typed_and_heard(grader, text, word):
    typed = grader.grade(SCENARIO, TURN, text)
    assert [v.severity for v in found(typed, word)] == ["fail"] and not typed.passed
    first = word.split("，")[0]
    spoken = grader.grade(SCENARIO, TURN, text, hearing=heard(text, {first: 0.07}))
    assert [v.severity for v in found(spoken, word)] == ["fail"] and not spoken.passed


@pytest.mark.parametrize(
    "text",
    [
        "好的，那个，我帮您查一下停电的事。",
        "那个，那个小区的线路我帮您报修。",
        "您说的这个，这个月的电费吗？",
    ],
)
def test_one_word_alone_or_a_word_that_goes_on_is_no_stutter(grader, text):
    assert not any("，" in v.text for v in found(grader.grade(SCENARIO, TURN, text), "个"))


@pytest.mark.parametrize("prob", [UNSURE_PROB, 0.7, FILLER_SURE - 0.01])
def test_a_pet_phrase_heard_inside_a_clause_is_charged_unless_unsure(grader, prob):
    # a curt reply: said once in an otherwise polite one, 就是说 is a reminder (fl.habit-jiushishuo)
    text = "你反映的问题，就是说我们会尽快派人处理。"
    result = grader.grade(SCENARIO, TURN, text, hearing=heard(text, {"就是说": prob}))
    assert [v.severity for v in found(result, "就是说")] == ["fail"] and not result.passed


def test_an_unsure_pet_phrase_inside_a_clause_is_not_counted(grader):
    text = "你反映的问题，就是说我们会尽快派人处理。"
    result = grader.grade(SCENARIO, TURN, text, hearing=heard(text, {"就是说": 0.3}))
    (v,) = found(result, "就是说")
    assert v.severity == NOT_COUNTED and "30%" in v.explanation


def test_a_particle_still_needs_the_filler_floor(grader):
    text = "我已经帮您登记好了喽，您放心。"
    result = grader.grade(SCENARIO, TURN, text, hearing=heard(text, {"喽": 0.7}))
    assert [v.severity for v in found(result, "喽")] == [NOT_COUNTED]
    sure = grader.grade(SCENARIO, TURN, text, hearing=heard(text, {"喽": FILLER_SURE}))
    assert [v.severity for v in found(sure, "喽")] == ["fail"]


@pytest.mark.parametrize(("prob", "counted"), [(0.55, False), (FILLER_SURE, True)])
def test_a_hum_heard_as_a_scoff_counts_only_if_heard_surely(grader, prob, counted):
    """哼 is Whisper's spelling of a hum (嗯) as often as of a scoff (caller-apology's sarcasm)."""
    text = "哼，好的，您不用放在心上，还有什么需要帮您的吗？"
    typed = grader.grade("caller-apology", 1, text)
    assert any(v.text == "哼" and v.severity == "fail" for v in typed.violations)
    spoken = grader.grade("caller-apology", 1, text, hearing=heard(text, {"哼": prob}))
    (v,) = [v for v in spoken.violations if v.text == "哼"]
    assert (v.severity == "fail") is counted
