"""The self-assessment quiz from seed 002."""

import pytest

from simulator.core.catalog import DataError
from simulator.core.quiz import load_self_assessment


def test_bank_has_the_seed_items_and_bands():
    bank = load_self_assessment()
    assert len(bank.items) == 10
    assert bank.source == ["002_7fd5fb1ffe6b249b.txt"]


@pytest.mark.parametrize(("value", "band"), [(10, "非常适合"), (6, "需要提高"), (3, "需要努力")])
def test_bands(value, band):
    bank = load_self_assessment()
    total, got = bank.score({i.id: value for i in bank.items})
    assert total == value * 10 and got.title == band


def test_bad_answers_are_rejected():
    bank = load_self_assessment()
    with pytest.raises(ValueError, match="unanswered"):
        bank.score({})
    with pytest.raises(ValueError, match="between 1 and 10"):
        bank.score({i.id: 11 for i in bank.items})


def test_malformed_bank_names_the_field(tmp_path):
    bad = tmp_path / "bank.yaml"
    bad.write_text("id: x\ntitle: t\ntitle_en: t\nsource: [s]\nitems: []\nbands: []\n", "utf-8")
    with pytest.raises(DataError, match="items"):
        load_self_assessment(bad)


def test_self_assessment_bands_cover_every_total_and_have_english():
    bank = load_self_assessment()
    ranges = bank.band_ranges()
    assert [(b.title, lo, hi) for b, lo, hi in ranges] == [
        ("非常适合", 81, 100),
        ("需要提高", 50, 80),
        ("需要努力", 10, 49),
    ]  # seed 002: 80 分以上 / 50-80 分之间 / 50 分以下
    for total in range(10, 101):
        inside = [b for b, lo, hi in ranges if lo <= total <= hi]
        assert len(inside) == 1, total
    assert all(bank.band(b.title) is b for b in bank.bands)
    assert bank.band("不存在") is None
    assert all(i.high_en and i.low_en for i in bank.items)
    assert all(b.title_en and b.advice_en for b in bank.bands)
