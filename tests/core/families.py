"""The tests every round of rule families shares: each family's own wordings must fail by its
rule, its polite look-alikes must pass, and the round's replies get their verdict and rule.
A round's module holds only its cases: ``caught, look_alikes, replies = round_tests(F, R)``."""

from __future__ import annotations

import pytest


def failing(result) -> list[str]:
    """The rules of the findings that fail the reply."""
    return [v.rule for v in result.failing]


def round_tests(families: dict, replies: list):
    """``families``: rule → (wordings that must fail, look-alikes that must pass); ``replies``:
    (scenario, turn, text, passes, rule expected among the failing findings or None)."""

    @pytest.mark.parametrize(
        ("rule", "text"), [(r, t) for r, (bad, _) in families.items() for t in bad]
    )
    def test_a_family_member_in_new_words_is_caught(rules, rule, text):
        assert rule in failing(rules.grade_phrase(text))

    @pytest.mark.parametrize(
        ("rule", "text"), [(r, t) for r, (_, good) in families.items() for t in good]
    )
    def test_a_polite_look_alike_passes(rules, rule, text):
        r = rules.grade_phrase(text)
        assert r.passed, failing(r)

    @pytest.mark.parametrize(("scenario", "turn", "text", "passes", "rule"), replies)
    def test_reply_fixes_of_this_round(rules, scenario, turn, text, passes, rule):
        r = rules.grade(scenario, turn, text)
        assert r.passed is passes, (failing(r), [k for k, v in r.elements.items() if not v])
        if rule:
            assert rule in failing(r)

    return (
        test_a_family_member_in_new_words_is_caught,
        test_a_polite_look_alike_passes,
        test_reply_fixes_of_this_round,
    )


def main_fault_test(cases: list):
    """``cases``: (text, the category a trainer names first); the rules alone judge."""

    @pytest.mark.parametrize(("text", "category"), cases)
    def test_the_main_fault_is_named_first(rules, text, category):
        r = rules.grade_phrase(text)
        assert [v.category for v in r.failing][0] == category, failing(r)

    return test_the_main_fault_is_named_first
