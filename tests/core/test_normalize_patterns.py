"""Normalisation and the homophone-tolerant pattern language."""

import pytest

from simulator.core.normalize import normalize
from simulator.core.patterns import PatternError, compile_pattern


def spans(pattern, text):
    n = normalize(text)
    return [n.chars[s:e] for s, e in compile_pattern(pattern).spans(n)]


def test_traditional_becomes_simplified_and_digits_are_spelled():
    n = normalize("客戶服務的溝通技巧，工號1024")
    assert n.display.startswith("客户服务的沟通技巧")
    assert n.chars.endswith("工号一零二四")


def test_punctuation_is_unified_and_spaces_are_pauses():
    n = normalize("您好！！请问… 有什么可以帮您？")
    assert n.chars == "您好。请问，有什么可以帮您？"
    assert normalize("我听不清楚 麻烦您").chars == "我听不清楚，麻烦您"


def test_particles_do_not_match_their_sound_alikes():
    assert spans("不清楚吗", "我听不清楚麻烦您") == []
    assert spans("不用…吗", "不用介意嘛") == []


@pytest.mark.parametrize(
    ("pattern", "heard", "expected"),
    [
        ("有意见…找领导", "有一件找领导去", ["有一件找领导"]),
        ("拨打", "请您播打一二三四五", ["播打"]),
        ("请您核实后再拨", "请您核实后在拨", ["请您核实后在拨"]),
        ("工号", "我的公号是一零二四", ["公号"]),
    ],
)
def test_homophones_match(pattern, heard, expected):
    assert spans(pattern, heard) == expected


def test_single_character_must_match_exactly():
    assert spans("喂", "为您服务") == []
    assert spans("喂", "喂，您好") == ["喂"]


def test_clause_anchor_and_gap_do_not_cross_sentences():
    assert spans("^什么$", "什么？您再说一遍") == ["什么"]
    assert spans("^什么$", "请问有什么可以帮您") == []
    assert spans("刚才…说", "刚才。我们说") == []


def test_bad_pattern_is_rejected_with_position():
    with pytest.raises(PatternError, match="col"):
        compile_pattern("(?<=x)你")
    with pytest.raises(PatternError):
        compile_pattern("[您")
