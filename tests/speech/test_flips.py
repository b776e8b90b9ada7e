"""Sorting spoken/typed verdict flips (tools/flip_causes.py, beside tools/speech_flips.py): the
findings only one side has, and the rough cause, from scripted results and transcriptions (no
Whisper)."""

from types import SimpleNamespace

from simulator.core.result import Violation
from tools.flip_causes import classify, differing


def _v(category, text, by="rules", severity="fail"):
    return Violation(category=category, text=text, by=by, severity=severity, rule="r",
                     start=0, end=len(text), explanation="", suggestion="")  # fmt: skip


def _result(violations=(), missing=()):
    return SimpleNamespace(violations=list(violations), elements={name: False for name in missing})


def test_the_findings_only_one_side_has():
    typed = _result([_v("sarcastic", "像您这样", by="model")])
    spoken = _result([_v("forbidden_word", "估计")], missing=["承诺时限"])
    only_typed, only_spoken = differing(typed, spoken)
    assert only_typed == ["sarcastic:像您这样:model"]
    assert set(only_spoken) == {"forbidden_word:估计:rules", "missing:承诺时限"}


def test_causes():
    heard = SimpleNamespace(text="我会在两个工作室内回复您")
    said = "我会在2个工作日内回复您"
    assert classify(said, heard, [], ["missing:承诺时限"]) == "element_missed:number_time"
    assert classify(said, heard, [], ["forbidden_word:估计:rules"]) == ("recognition_error_charged")
    assert classify(said, heard, [], ["off_protocol:那:model"]) == "opinion_on_heard_text"
    assert classify(said, heard, ["sarcastic:像您:model"], []) == ("opinion_missed_on_heard_text")
    assert classify(said, SimpleNamespace(text="我會在"), [], []) == "traditional"
