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
    heard = "我会在两个工作室内回复您"
    said = "我会在2个工作日内回复您"
    assert classify(said, heard, [], ["missing:承诺时限"]) == "element_missed:number_time"
    assert classify(said, heard, [], ["forbidden_word:估计:rules"]) == ("recognition_error_charged")
    assert classify(said, heard, [], ["off_protocol:那:model"]) == "opinion_on_heard_text"
    assert classify(said, heard, ["sarcastic:像您:model"], []) == ("opinion_missed_on_heard_text")
    assert classify(said, "我會在", [], []) == "traditional"


def test_a_fault_kept_as_a_note_is_told_from_one_garbled_away():
    said, heard = "其实我也说不准，您再等等吧", "其实我也说不准，您再等等吧"
    noted = _result([_v("forbidden_word", "说不准", severity="not_counted")])
    lost = ["forbidden_word:说不准:rules"]
    assert classify(said, heard, lost, [], noted) == "excused_not_counted"
    assert classify(said, heard, lost, [], _result()) == "violation_lost_in_speech:forbidden_word"
