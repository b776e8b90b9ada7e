"""A commitment phrase heard with characters of the same sound (issue 15, stop 25): on the
telephone band 再拨 comes back as 在播, 一部 as 一步, 换 as 环 — the same syllables written
otherwise. Those are heard as said, so they do not count among the phrase's few misses; a
phrase with up to two near sounds besides is still put back (seed 000_f5f53003cce702ee: 请您
换一部电话再拨). Other talk of phones and numbers stays as heard. Sentences written for these
tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from simulator.speech.phrases import PhraseTable

TABLE = PhraseTable(["换一部电话再拨", "换一部电话", "一部电话再拨", "两个工作日内", "记录下来"])


@pytest.mark.parametrize(
    ("heard", "want"),
    [
        # characters written otherwise, every one the same sound
        ("请您环一步电话在拨", "请您换一部电话再拨"),
        # same sounds and two near sounds (坏 huai for 换 huan, 副 fu for 部 bu)
        ("您看坏一副电话在播", "您看换一部电话再拨"),
        ("我们两个攻做日类", "我们两个工作日内"),
    ],
)
def test_same_sounds_do_not_count_as_misses(heard, want):
    fixed, changes = TABLE.correct_run(heard)
    assert fixed == want and len(fixed) == len(heard)
    assert changes


@pytest.mark.parametrize(
    "said",
    ["家里就一部电话没有别的", "两个工作人员都到了", "我们三个工作日都在", "您先记一下来电号码"],
)
def test_other_talk_is_left_as_heard(said):
    assert TABLE.correct_run(said) == (said, [])
