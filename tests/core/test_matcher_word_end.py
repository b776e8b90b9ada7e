"""A rule's match reaches the word end when a shorter alternative stopped inside a word, and a
match that takes in the punctuation closing its clause (…吗？) is the words before it."""

from simulator.core.clauses import analyse
from simulator.core.matcher import Matcher
from simulator.core.normalize import normalize
from simulator.core.patterns import compile_pattern


def _rule(*patterns: str) -> Matcher:
    return Matcher(
        id="t.rule",
        category="off_protocol",
        severity="fail",
        priority=1,
        patterns=tuple(compile_pattern(p) for p in patterns),
        unless=(),
        unless_polite=False,
        explanation="",
        suggestion="",
        source=("000_f5f53003cce702ee.txt",),
    )


def _spans(rule: Matcher, text: str) -> list[str]:
    norm = normalize(text)
    return [norm.chars[s:e] for s, e in rule.spans(norm, analyse(norm))]


def test_shorter_alternative_is_retried_to_the_word_end():
    rule = _rule("(退|退款)")
    assert _spans(rule, "这笔钱我们全额退款给您") == ["退款"]
    assert _spans(rule, "这个我们不退") == ["退"]


def test_retry_never_crosses_into_another_word_that_does_not_match():
    rule = _rule("(罚|罚款)")
    assert _spans(rule, "罚没物品请到窗口领取") == []


def test_a_match_that_takes_in_the_clause_punctuation_is_the_words_before_it():
    rule = _rule("没收到吗？")
    assert _spans(rule, "短信早就发了，您没收到吗？") == ["没收到吗"]
    assert _spans(rule, "您没收到吗你再看看") == []
