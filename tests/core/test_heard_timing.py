"""Fillers and particles are charged only where they stood on their own in time (core.heard_timing):
one followed by a pause or ending its clause is evidence, one glued into the next word is "heard
as …, not counted"; typed replies and hearings without word times are untouched. Hearings are
scripted (no recogniser): one word per Han character, 0.2 s each, back to back unless told."""

import pytest

from simulator.core.grader import Grader
from simulator.core.heard import NOT_COUNTED, Hearing
from simulator.core.heard_timing import PAUSE_S, gap_after, glued

SCENARIO, TURN = "outage-report", 1
CHAR_S = 0.2


def timed(
    text: str, pauses: dict[int, float] | None = None, words: tuple[tuple[int, int], ...] = ()
) -> Hearing:
    """A hearing of ``text``: each Han character its own word of CHAR_S, a silence of
    ``pauses[i]`` seconds after character ``i``, the spans in ``words`` heard as one word;
    punctuation has no time (as the recogniser gives it none of its own)."""
    pauses = pauses or {}
    at: list[float | None] = [None] * len(text)
    until: list[float | None] = [None] * len(text)
    t = 0.0
    for i, ch in enumerate(text):
        if ch.isalnum():
            at[i], until[i] = t, t + CHAR_S
            t += CHAR_S + pauses.get(i, 0.0)
    for a, b in words:
        for i in range(a, b):
            at[i], until[i] = at[a], until[b - 1]
    return Hearing(tuple([0.95] * len(text)), tuple(at), tuple(until))


def span(text: str, word: str) -> tuple[int, int]:
    k = text.index(word)
    return k, k + len(word)


# ------------------------------------------------------------------ the rule on its own
def test_a_word_running_into_the_next_is_glued_and_one_before_a_pause_is_not():
    text = "我就先给您登记一下"
    a, b = span(text, "就先")
    assert glued(timed(text), text, a, b)
    assert not glued(timed(text, {b - 1: 0.3}), text, a, b)
    assert gap_after(timed(text, {b - 1: 0.3}), text, b) == pytest.approx(0.3)


def test_the_pause_threshold_is_a_floor():
    text = "我帮您催一下喽您再等等"
    a, b = span(text, "喽")
    assert not glued(timed(text, {a: PAUSE_S}), text, a, b)
    assert glued(timed(text, {a: PAUSE_S - 0.02}), text, a, b)


def test_a_clause_edge_or_the_end_of_the_reply_is_not_glued():
    for text, word in (
        ("好的呗，我帮您查", "呗"),
        ("您自己去营业厅办呗", "呗"),
        ("好的呀。", "呀"),
    ):
        a, b = span(text, word)
        assert not glued(timed(text), text, a, b), text
    text = "催一下喽，"  # the span itself closes on punctuation
    assert not glued(timed(text), text, 3, 5)


def test_inside_one_recognised_word_is_glued_even_with_a_pause_after_the_word():
    text = "我帮您查呀一下"
    a, b = span(text, "呀")
    fused = timed(text, {b: 0.4}, words=((a, b + 1),))  # 呀一 heard as one word
    assert glued(fused, text, a, b)


def test_a_pet_phrase_said_fluently_is_not_glued_unless_fused_into_one_word():
    text = "您就是说等着维修师傅给您打电话"
    a, b = span(text, "就是说")
    assert not glued(timed(text), text, a, b)  # 0.0 s before 等: still a word of its own
    assert glued(timed(text, words=((a, b + 1),)), text, a, b)  # 就是说等 heard as one word


def test_unknown_timing_never_excuses():
    text = "我就先给您登记一下"
    a, b = span(text, "就先")
    assert not glued(None, text, a, b)
    starts_only = Hearing((0.95,) * len(text), tuple(0.2 * i for i in range(len(text))))
    assert not glued(starts_only, text, a, b)
    assert gap_after(starts_only, text, b) is None


# ------------------------------------------------------------------ in the grader
@pytest.fixture(scope="module")
def grader(catalog):
    """The rules alone: what is judged here is when the hearing lets a particle count. The
    learned second opinion may also turn a particle into a reminder where it finds the clause
    fine in context (its veto, judged in the combining tests); that is no question of timing."""
    return Grader(catalog, use_opinion=False)


def _finding(result, word):
    (v,) = [v for v in result.violations if v.text == word and v.end > v.start]
    return v


def test_a_glued_particle_is_heard_as_not_counted_with_its_place(grader):
    text = "我帮您催一下喽您再等等。"
    result = grader.grade(SCENARIO, TURN, text, hearing=timed(text))
    v = _finding(result, "喽")
    assert v.severity == NOT_COUNTED and v.by == "uncertain"
    assert v.heard_at == pytest.approx(6 * CHAR_S)
    assert "连在一起" in v.explanation and "不计入评分" in v.explanation
    assert "glued into a word" in v.explanation_en and "not counted" in v.explanation_en
    assert not any(x.category == "filler" for x in result.failing)


def test_the_same_particle_before_a_pause_is_charged(grader):
    text = "我帮您催一下喽您再等等。"
    a, _b = span(text, "喽")
    result = grader.grade(SCENARIO, TURN, text, hearing=timed(text, {a: 0.3}))
    assert _finding(result, "喽").severity == "fail" and not result.passed


def test_typed_replies_are_charged_in_full(grader):
    text = "我帮您催一下喽您再等等。"
    assert _finding(grader.grade(SCENARIO, TURN, text), "喽").severity == "fail"


def test_an_unsure_filler_is_still_excused_for_its_confidence(grader):
    text = "好的呗，我马上帮您查一下，请您稍等。"
    h = timed(text)
    probs = list(h.probability)
    probs[2] = 0.6
    result = grader.grade(SCENARIO, TURN, text, hearing=Hearing(tuple(probs), h.at, h.until))
    v = _finding(result, "呗")
    assert v.severity == NOT_COUNTED and "60%" in v.explanation_en


# Fillers and particles said with pauses (direction b: real ones must still be charged).
SAID = [
    ("我帮您催一下喽，您再等等。", "喽", {}),
    ("好的呗，我马上帮您查一下。", "呗", {}),
    ("那个那个，您的电费我帮您查一下。", "那个那个", {}),
    ("哎呀，这个自己去查。", "哎呀", {}),
    ("您自己去营业厅办呗。", "呗", {}),
    ("师傅这几天嘛比较忙，我帮您催一下。", "嘛", {5: 0.25}),
    ("我帮您催一下喽您再等等。", "喽", {6: 0.2}),
    ("您这个电费嘛我帮您查一下。", "嘛", {5: 0.4}),
    ("好的嘛，王先生，那就这样喽。", "嘛", {}),
    ("我这边呢也会帮您盯着的嘛，您放心。", "嘛", {}),
    ("好的呀，我帮您查一下。", "的呀", {}),
    ("哎哟，又是电费的事。", "哎哟", {}),
    # (就先 is no finding any more: sa.mock's 就嫌 names the complaint, stop 23)
    ("那我先给您登记了咯您稍等。", "咯", {8: 0.3}),
    ("您就是说这个月电费那个那个比上个月高，我帮您查。", "那个那个", {}),  # said fluently
]


@pytest.mark.parametrize(("text", "word", "pauses"), SAID)
def test_a_filler_said_on_its_own_is_still_charged(grader, text, word, pauses):
    result = grader.grade(SCENARIO, TURN, text, hearing=timed(text, pauses))
    assert _finding(result, word).severity == "fail", text
    assert not result.passed


@pytest.mark.parametrize(("text", "word", "pauses"), [s for s in SAID if s[2]])  # had a pause
def test_the_same_fillers_glued_into_the_next_word_are_not_counted(grader, text, word, pauses):
    result = grader.grade(SCENARIO, TURN, text, hearing=timed(text))
    assert _finding(result, word).severity == NOT_COUNTED, text


def _unsure(text: str, word: str, prob: float) -> Hearing:
    h = timed(text)
    a, b = span(text, word)
    probs = list(h.probability)
    probs[a:b] = [prob] * (b - a)
    return Hearing(tuple(probs), h.at, h.until)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("那个那个，您的电费我帮您查一下，请您稍等。", "那个那个"),
        ("好的，这个这个，我帮您查一下，请您稍等。", "这个这个"),
        ("你反映的问题呢，就是说，我们会尽快处理。", "就是说"),
    ],
)
def test_a_pet_phrase_that_is_a_clause_of_its_own_is_charged_however_unsure(grader, text, word):
    """It fills a pause: Whisper is rarely sure of a disfluency it heard right."""
    result = grader.grade(SCENARIO, TURN, text, hearing=_unsure(text, word, 0.2))
    assert _finding(result, word).severity == "fail" and not result.passed


@pytest.mark.parametrize(
    "text", ["好的，那个那个我帮您查一下，请您稍等。", "您的电费呢那个那个，我帮您查一下。"]
)
def test_an_unsure_pet_phrase_inside_a_clause_is_still_excused(grader, text):
    assert _finding(grader.grade(SCENARIO, TURN, text), "那个那个").severity == "fail"
    result = grader.grade(SCENARIO, TURN, text, hearing=_unsure(text, "那个那个", 0.2))
    assert _finding(result, "那个那个").severity == NOT_COUNTED
