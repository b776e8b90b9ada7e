"""The one character-error-rate implementation (rapidfuzz's Levenshtein distance)."""

from __future__ import annotations

import pytest

from simulator.speech.cer import char_error_rate, edit_distance


@pytest.mark.parametrize(
    ("ref", "hyp", "edits"),
    [
        ("", "", 0),
        ("您好", "", 2),
        ("", "您好", 2),
        ("请问有什么可以帮您", "请问有什么可以帮您", 0),
        ("核实清楚", "何时清楚", 2),  # two substitutions
        ("非常抱歉", "非常抱歉啊", 1),  # one insertion
        ("您别着急", "您着急", 1),  # one deletion
        ("abc", "cab", 2),  # not a transposition count
    ],
)
def test_edit_distance(ref, hyp, edits):
    assert edit_distance(ref, hyp) == edits
    assert edit_distance(hyp, ref) == edits


def test_char_error_rate_is_edits_per_reference_character():
    assert char_error_rate("核实清楚", "何时清楚") == pytest.approx(0.5)
    assert char_error_rate("", "") == 0.0
    assert char_error_rate("您好", "您好您好您好") == pytest.approx(2.0)
