"""The second opinion's veto (core.combine.apply_tones, policy veto_clean): a rule finding whose
clause the model is very sure is fine becomes a reminder that says so; under the threshold, in
a category not listed, or on the seeds' own forbidden words it stays a fail. Readings are
scripted (no model)."""

from __future__ import annotations

import numpy as np

from simulator.core.combine import apply_tones
from simulator.core.opinion import TONES, Piece, Reading
from simulator.core.result import Violation
from simulator.core.schema import OpinionPolicy

TEXT = "我帮您催一下喽，您再等等。"
RANK = {c: i for i, c in enumerate(TONES)}


def reading(clean: float) -> Reading:
    rows = np.zeros((2, len(TONES)), np.float32)
    rows[0, 0], rows[0, TONES.index("filler")] = clean, 1 - clean
    rows[1, 0] = 1.0
    reply = np.zeros(len(TONES), np.float32)
    reply[0] = 1.0
    pieces = (Piece(0, 7, TEXT[:7]), Piece(8, 13, TEXT[8:13]))
    return Reading(pieces, rows, {}, reply)


def particle() -> Violation:
    return Violation("fl.particle", "filler", "fail", "喽", 6, 7, "语气词", "去掉语气词")


def policy(**kw) -> OpinionPolicy:
    return OpinionPolicy(veto_clean=0.8, veto_categories=["filler"], **kw)


def test_a_finding_the_model_is_sure_is_fine_becomes_a_reminder_that_says_so():
    (v,) = apply_tones([particle()], reading(0.9), policy(), RANK)
    assert v.severity == "warn"
    assert "第二意见" in v.explanation and "90%" in v.explanation
    assert v.confidence is not None and abs(v.confidence - 0.1) < 1e-6


def test_under_the_threshold_the_finding_stands():
    (v,) = apply_tones([particle()], reading(0.7), policy(), RANK)
    assert v.severity == "fail"


def test_a_category_not_listed_is_never_vetoed():
    p = OpinionPolicy(veto_clean=0.8, veto_categories=["commanding"])
    (v,) = apply_tones([particle()], reading(0.99), p, RANK)
    assert v.severity == "fail"


def test_the_seeds_own_forbidden_words_are_never_vetoed():
    (v,) = apply_tones([particle()], reading(0.99), policy(), RANK, listed=lambda v: True)
    assert v.severity == "fail"
