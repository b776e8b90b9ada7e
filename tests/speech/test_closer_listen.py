"""The closer listen's pieces without Qt: the beam of one transcription, what counts as a
changed result, and one turn's listen being cancelled, settled or failing."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from simulator.speech.closer_listen import (
    CloserCancelled,
    CloserListen,
    differs,
    first_hearing,
)
from simulator.speech.transcriber import CLOSER_BEAM_SIZE, LIVE_BEAM_SIZE, Transcriber
from tests.speech.segments import info, segment

SR = 16000


def _result(passed=True, rules=(), missing=(), score=90, next_turn=2, outcome=None):
    return SimpleNamespace(
        passed=passed,
        score=score,
        outcome=outcome or ("passed" if passed else "failed"),
        next_turn=next_turn,
        transcript="您好，请问有什么可以帮您",
        violations=[SimpleNamespace(rule=r, category="tone", severity="fail") for r in rules],
        elements={"greeting": True, **{m: False for m in missing}},
    )


def test_one_transcription_can_be_decoded_at_another_beam():
    seen: list[int] = []
    seg = segment("您好请问", end=1.5)

    def decoder(samples, **options):
        seen.append(options["beam_size"])
        return iter([seg]), info(1.5)

    t = Transcriber(decoder=decoder, options={"beam_size": LIVE_BEAM_SIZE})
    rng = np.random.default_rng(3)
    audio = (0.2 * np.sin(np.arange(2 * SR) / SR * 2 * np.pi * 220)).astype(np.float32)
    audio += 0.01 * rng.standard_normal(audio.size).astype(np.float32)
    t.transcribe(audio)
    t.transcribe(audio, beam_size=CLOSER_BEAM_SIZE)
    t.transcribe(audio)
    assert seen == [LIVE_BEAM_SIZE, CLOSER_BEAM_SIZE, LIVE_BEAM_SIZE]
    assert t.options["beam_size"] == LIVE_BEAM_SIZE  # the override did not stick


def test_what_counts_as_a_changed_result():
    first = _result(rules=("forbidden.haoxiang",), passed=False, score=40)
    assert differs(first, _result())  # the verdict
    assert differs(_result(), _result(missing=("commitment",)))  # a finding, same verdict
    assert differs(_result(), _result(next_turn=3))  # the branch
    assert not differs(_result(score=90), _result(score=84))  # the score alone
    kept = first_hearing(first, LIVE_BEAM_SIZE)
    assert kept["passed"] is False and kept["beam"] == LIVE_BEAM_SIZE
    assert kept["violations"][0]["rule"] == "forbidden.haoxiang"


def test_a_listen_settles_same_or_changed():
    same = CloserListen(_result())
    assert same.run(lambda cp: "heard", lambda heard: _result()) == ("heard", _result())
    assert same.settle(_result()) == "same"
    changed = CloserListen(_result(passed=False, rules=("x",)))
    assert changed.settle(_result()) == "changed"


def test_a_cancelled_listen_stops_at_a_checkpoint_and_its_result_is_discarded():
    listen = CloserListen(_result())
    stages: list[str] = []

    def hear(checkpoint):
        stages.append("encode")
        checkpoint()
        listen.cancel()  # the caller's next line starts while it decodes
        stages.append("decode")
        checkpoint()
        stages.append("align")

    with pytest.raises(CloserCancelled):
        listen.run(hear, lambda heard: _result(passed=False))
    assert stages == ["encode", "decode"]
    assert listen.failed(CloserCancelled("moved on")) == "cancelled"
    late = CloserListen(_result())
    late.cancel()
    assert late.settle(_result(passed=False)) == "cancelled"  # came after: discarded
    with pytest.raises(CloserCancelled):
        late.run(lambda cp: None, lambda heard: None)


def test_a_failed_listen_says_so_and_keeps_the_error():
    listen = CloserListen(_result())
    err = RuntimeError("decoder crashed")
    assert listen.failed(err) == "failed" and listen.error is err
    assert not listen.cancel()  # already settled
