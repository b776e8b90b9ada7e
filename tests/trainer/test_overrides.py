"""Reviewing an attempt and overruling the grader: both verdicts kept (the effective one is
computed from append-only overrides), the report per rule and per category counts correctly,
overrides export as labelled lines, and only trainers and admins may override."""

from __future__ import annotations

import json
import sqlite3

import pytest

from simulator.services import PermissionDenied
from simulator.services.errors import NotFound, ServiceError
from tests.trainer.helpers import GOOD, RUDE, RUDE_NI, call, small_pack, turn


def test_a_trainer_opens_a_trainees_attempt(services, people, grader):
    trainer, alice = people["trainer"], people["alice"]
    attempt, (t1, t2) = call(services, grader, alice, RUDE, GOOD, record=True)
    review = services.overrides.open_attempt(trainer, attempt)
    assert review.trainee == "Alice" and not review.passed
    first, second = review.turns
    assert first.turn.result.transcript == RUDE and first.turn.id == t1
    (why, missing) = first.turn.result.violations
    assert (why.rule, why.start, why.end, why.text) == ("iq.why", 0, 7, "你到底想干什么")
    assert why.explanation and why.suggestion and missing.category == "missing_element"
    assert first.recording is not None and first.recording.is_file()
    assert first.verdict.passed is first.verdict.grader_passed is False
    assert not first.verdict.overruled and second.verdict.passed
    # alice may open her own; bob may not open hers
    assert services.overrides.open_attempt(alice, attempt).turns[0].turn.id == t1
    with pytest.raises(PermissionDenied):
        services.overrides.open_attempt(people["bob"], attempt)


def test_overrides_keep_both_verdicts(services, people, grader):
    trainer, alice = people["trainer"], people["alice"]
    attempt, (t1,) = call(services, grader, alice, RUDE)
    review = services.overrides.override_violation(
        trainer, t1, "iq.why", 0, 7, "not_violation", "语气是关切的询问，不是质问"
    )
    assert not review.verdict.passed  # the element is still missing
    review = services.overrides.override_element(
        trainer, t1, "回应感谢", "录音里说了谢谢，转写漏了"
    )
    assert review.verdict.passed and not review.verdict.grader_passed
    assert review.turn.result.passed is False  # the grader's result is unchanged
    assert [o.kind for o in review.overrides] == ["violation", "element"]
    assert services.overrides.open_attempt(trainer, attempt).passed
    # withdrawn: back to the grader's view, the history kept
    review = services.overrides.override_element(
        trainer, t1, "回应感谢", "再听一遍，确实没说", decision="grader"
    )
    assert not review.verdict.passed and len(review.overrides) == 3
    # recategorised: still failing, under the trainer's category
    review = services.overrides.override_violation(
        trainer, t1, "iq.why", 0, 7, "recategorise", "更像讽刺", category="sarcastic"
    )
    (why, _missing) = review.verdict.violations
    assert (why.status, why.category) == ("recategorised", "sarcastic")
    assert review.verdict.category == "sarcastic" and review.verdict.bad_span == "你到底想干什么"
    # an outright verdict wins over the findings
    review = services.overrides.override_verdict(trainer, t1, "pass", "整体可以接受")
    assert review.verdict.passed and review.verdict.category is None
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        services.db.conn.execute("UPDATE overrides SET decision='fail'")
    actions = [e.action for e in services.audit.entries() if e.subject == t1]
    assert actions == ["override.violation", "override.element", "override.element",
                       "override.violation", "override.verdict"]  # fmt: skip


def test_bad_overrides_are_refused_with_reasons(services, people, grader):
    trainer, alice = people["trainer"], people["alice"]
    _attempt, (t1, t2) = call(services, grader, alice, RUDE, GOOD)
    with pytest.raises(ServiceError, match="comment"):
        services.overrides.override_verdict(trainer, t1, "pass", "   ")
    with pytest.raises(ServiceError, match="not a decision"):
        services.overrides.override_verdict(trainer, t1, "maybe", "…")
    with pytest.raises(NotFound, match="no iq.why at"):
        services.overrides.override_violation(trainer, t1, "iq.why", 1, 7, "not_violation", "x")
    with pytest.raises(NotFound, match="as an element"):
        services.overrides.override_violation(
            trainer, t1, "element.回应感谢", 0, 0, "not_violation", "x"
        )
    with pytest.raises(ServiceError, match="another category"):
        services.overrides.override_violation(trainer, t1, "iq.why", 0, 7, "recategorise", "x")
    with pytest.raises(ServiceError, match="no category"):
        services.overrides.override_violation(
            trainer, t1, "iq.why", 0, 7, "recategorise", "x", category="rude"
        )
    with pytest.raises(ServiceError, match="already found"):
        services.overrides.override_element(trainer, t2, "回应感谢", "x")
    with pytest.raises(NotFound):
        services.overrides.override_element(trainer, t1, "致歉", "x")
    with pytest.raises(NotFound):
        services.overrides.override_verdict(trainer, "no-turn", "pass", "x")
    retried = services.practice.start_attempt(
        alice, "praise", "service-basics", "表扬", "P", "typed"
    )
    g = services.resources.grader
    first = services.practice.record_turn(alice, retried, turn(g, "praise", 1, RUDE))
    services.practice.record_turn(alice, retried, turn(g, "praise", 1, GOOD), retry=True)
    with pytest.raises(NotFound, match="superseded"):
        services.overrides.override_verdict(trainer, first, "pass", "x")
    review = services.overrides.override_verdict(
        trainer, t2, "fail", "没有感谢支持", "missing_element"
    )
    assert not review.verdict.passed and review.verdict.category == "missing_element"
    assert services.db.scalar("SELECT COUNT(*) FROM overrides") == 1


def test_the_report_counts_overrides_per_rule_and_category(services, people, grader):
    trainer, t2r, alice, bob = people["trainer"], people["trainer2"], people["alice"], people["bob"]
    _a, (a1, a2, a3) = call(services, grader, alice, RUDE, RUDE_NI, GOOD)
    _b, (b1, b2) = call(services, grader, bob, RUDE, RUDE)
    o = services.overrides
    o.override_violation(trainer, a1, "iq.why", 0, 7, "not_violation", "关切的询问")
    o.override_violation(t2r, b1, "iq.why", 0, 7, "recategorise", "讽刺", category="sarcastic")
    o.override_violation(trainer, b2, "iq.why", 0, 7, "not_violation", "先判不是")
    o.override_violation(trainer, b2, "iq.why", 0, 7, "grader", "撤回")  # withdrawn: not counted
    o.override_element(trainer, a2, "回应感谢", "说了谢谢")
    o.override_verdict(trainer, a3, "fail", "太敷衍", "sarcastic")
    o.override_verdict(t2r, b2, "pass", "可以接受")
    report = o.report(trainer)
    rules = {r.rule: r for r in report.rules}
    why = rules["iq.why"]
    assert (why.findings, why.not_violation, why.recategorised) == (4, 1, 1)
    assert why.overruled == 2 and why.rate == pytest.approx(0.5)
    assert {e.comment for e in why.examples} == {"关切的询问", "讽刺"}
    assert why.examples[0].span == "你到底想干什么"
    thanks = rules["element.回应感谢"]
    assert (thanks.findings, thanks.overruled) == (4, 1)
    assert rules["ad.ni"].findings == 1 and rules["ad.ni"].overruled == 0
    cats = {c.category: c for c in report.categories}
    assert (cats["interrogating"].findings, cats["interrogating"].overruled) == (4, 2)
    assert (cats["sarcastic"].findings, cats["sarcastic"].added) == (0, 2)
    assert cats["missing_element"].overruled == 1
    assert report.turns_overridden == 5
    assert (report.verdicts_passed, report.verdicts_failed) == (1, 1)
    assert report.rules[0].rule == "iq.why"  # most overruled first


def test_overrides_export_as_labelled_lines(services, people, grader, tmp_path):
    trainer, alice = people["trainer"], people["alice"]
    _a, (a1, a2) = call(services, grader, alice, RUDE, GOOD)
    services.overrides.override_violation(trainer, a1, "iq.why", 0, 7, "not_violation", "关切")
    services.overrides.override_element(trainer, a1, "回应感谢", "说了谢谢")
    services.overrides.override_verdict(trainer, a2, "fail", "敷衍", "sarcastic")
    services.packs.create(trainer, small_pack())  # a trainer's scenario: not exported
    _b, (b1,) = call(services, grader, alice, RUDE, scenario="night-shift-thanks")
    services.overrides.override_verdict(trainer, b1, "pass", "可以")
    out = tmp_path / "overrides.jsonl"
    export = services.overrides.export_labelled(trainer, out)
    assert export.skipped == 1 and len(export.lines) == 2
    lines = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert lines == list(export.lines)
    first, second = lines
    assert set(first) == {"id", "scenario", "turn", "text", "passed", "category", "bad_span",
                          "elements", "note"}  # fmt: skip
    assert (first["scenario"], first["turn"], first["text"]) == ("praise", 1, RUDE)
    assert first["passed"] is True and first["category"] is None and first["bad_span"] is None
    assert first["elements"] == ["回应感谢"] and "Trainer" in first["note"]
    assert "grader: fail interrogating,missing_element" in first["note"]
    assert (second["passed"], second["category"], second["text"]) == (False, "sarcastic", GOOD)
    # the grader's training loader reads them (its scenario and turn exist)
    for x in lines:
        t = grader.catalog.scenario(x["scenario"]).turn(x["turn"])
        assert set(x["elements"]) <= set(t.required)


def test_only_trainers_and_admins_override_and_refusals_are_audited(services, people, grader):
    alice, proctor = people["alice"], people["proctor"]
    _a, (a1,) = call(services, grader, alice, RUDE)
    before = len(services.audit.entries(action="permission.denied"))
    calls = [
        lambda who: services.overrides.override_verdict(who, a1, "pass", "x"),
        lambda who: services.overrides.override_violation(
            who, a1, "iq.why", 0, 7, "not_violation", "x"
        ),
        lambda who: services.overrides.override_element(who, a1, "回应感谢", "x"),
        lambda who: services.overrides.report(who),
        lambda who: services.overrides.export_labelled(who),
    ]
    for who in (alice, proctor):
        for c in calls:
            with pytest.raises(PermissionDenied):
                c(who)
    assert len(services.audit.entries(action="permission.denied")) == before + 2 * len(calls)
    assert services.db.scalar("SELECT COUNT(*) FROM overrides") == 0
    services.overrides.override_verdict(people["admin"], a1, "pass", "管理员复核")
