"""A rule that matched a heard 地 by its sound di (素质地 as 素质低) is not charged when 地 stands
where the particle de does, before another word: 的, 地 and 得 are one sound and Whisper's pick
among them is a guess (core.heard). Sentences written for this test; all heard surely."""

from simulator.core.heard import NOT_COUNTED, Hearing

SCENARIO, TURN = "abusive-caller", 3


def sure(text: str) -> Hearing:
    return Hearing((0.95,) * len(text), tuple(0.25 * i for i in range(len(text))))


def charged(result, category: str) -> bool:
    return any(v.category == category and v.severity == "fail" for v in result.violations)


def test_the_particle_de_heard_as_di_is_not_counted(grader):
    text = (
        "先生，很抱歉让您生气了，不过这样骂人可不是有素质地沟通，您遇到什么困难，我帮您记录处理。"
    )
    typed = grader.grade(SCENARIO, TURN, text.replace("素质地", "素质的"))
    heard = grader.grade(SCENARIO, TURN, text, hearing=sure(text))
    assert not charged(typed, "off_protocol")
    assert not charged(heard, "off_protocol")
    assert any(v.severity == NOT_COUNTED and "地" in v.text for v in heard.violations)


def test_a_low_said_at_the_clause_end_is_charged(grader):
    text = "先生，您一直这样骂人，您这素质太低，我帮您记录一下问题吧。"
    heard = grader.grade(SCENARIO, TURN, text.replace("太低", "太地"), hearing=sure(text))
    assert charged(heard, "off_protocol")


def test_read_as_de_the_reply_is_charged_what_the_typed_one_is(grader):
    # the move matched by sound (素质低) gives way to the lecture on manners said with 的
    text = "女士，我理解您着急，可说脏话不算有素质地表达意见，请您把问题告诉我，我马上登记。"
    typed = grader.grade(SCENARIO, TURN, text.replace("素质地", "素质的"))
    heard = grader.grade(SCENARIO, TURN, text, hearing=sure(text))
    assert charged(typed, "sarcastic")
    assert charged(heard, "sarcastic")
    assert not charged(heard, "off_protocol")
    assert heard.passed == typed.passed


def test_read_as_de_a_fair_reply_stays_fair(grader):
    text = "先生，您的意见很有价值，我们会高素质地完成这次维修，请您把地址告诉我，我马上登记。"
    heard = grader.grade(SCENARIO, TURN, text, hearing=sure(text))
    assert not charged(heard, "sarcastic")
    assert not charged(heard, "off_protocol")
