"""The trainer's screens driven as people use them, on the real services and database:
a trainer assigns a scenario, the trainee sees it on the home page, practises it from there
and the trainer sees it completed; a trainer opens a trainee's attempt, plays its recording
through the app's audio service and overrules the grader, and the trainee's history shows
both verdicts; the override report counts it and exports it as labelled data."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QFileDialog, QLabel

from simulator.app import i18n
from tests.app.conftest import KEYS, history, press, turn_rows, wait_phase
from tests.app.trainer_people import open_page, people, session_of, sign_in, switch_to
from tests.trainer.helpers import GOOD, RUDE, call


@pytest.mark.slow
def test_assign_then_the_trainee_practises_it_from_home_and_the_trainer_sees_it_done(
    make_app, qtbot
):
    ctx, window, controller = make_app(
        ["angry-good-t1", "angry-good-t2", "angry-good-t4"], session=None
    )
    ids = people(ctx)
    sign_in(window, controller, "trainer")
    assert {"assign", "review", "calibration", "dashboard"} <= set(window.nav_shown())
    open_page(window, "assign")
    view = window.pages["assign"]
    pack = ctx.catalog.scenario_pack["angry-caller"]
    view.fill_form(target=ids["wang"], pack_id=pack, scenario_id="angry-caller",
                   due=date.today() + timedelta(days=3), threshold=60)  # fmt: skip
    view.assign_button.click()
    assert "已布置" in view.status_text(), view.status_text()
    (assignment,) = ctx.services.assignments.assignments(ctx.session)
    assert assignment.user_id == ids["wang"] and assignment.scenario_id == "angry-caller"
    assert assignment.threshold == 60
    view.select_row(0)
    assert view.completion_rows() == [("Wang Wei", "未开始", "0/1")]
    # the trainee: the assignment on the home page, not started
    switch_to(window, controller, "wang")
    assert window.current_page() == "home"
    card = window.home.assignments
    assert card.isVisible() and card.lines() == [(assignment.id, "not_started")]
    assert "assign" not in window.nav_shown()  # not a trainee's page
    card.buttons[assignment.id].click()  # start the assigned scenario from home
    assert window.current_page() == "call"
    press(qtbot, window, KEYS["space"])
    for _ in range(3):
        wait_phase(qtbot, window, "feedback")
        press(qtbot, window, KEYS["n"])
    assert window.current_page() == "summary"
    attempt = history(ctx)[0]
    assert attempt.scenario_id == "angry-caller" and attempt.score >= 60
    press(qtbot, window, KEYS["esc"])  # home
    assert card.lines() == [(assignment.id, "done")]
    assert assignment.id not in card.buttons  # nothing left to start
    # the trainer sees it completed
    switch_to(window, controller, "trainer")
    open_page(window, "assign")
    view.select_row(0)
    rows = view.completion_rows()
    assert rows == [("Wang Wei", "已完成", "1/1")]


def test_an_overdue_assignment_is_marked_on_home(make_app, qtbot):
    ctx, window, controller = make_app(session=None)
    ids = people(ctx)
    trainer = session_of(ctx, "trainer")
    pack = ctx.catalog.scenario_pack["angry-caller"]
    overdue = ctx.services.assignments.assign(
        trainer, pack, scenario_id="angry-caller", user_id=ids["li"],
        due_at=date.today() - timedelta(days=2),
    )  # fmt: skip
    sign_in(window, controller, "li")
    card = window.home.assignments
    assert card.lines() == [(overdue.id, "overdue")]
    marked = card.findChild(QLabel, "status_overdue")
    assert marked is not None and marked.text() == "已逾期"


@pytest.mark.slow
def test_review_override_and_the_trainees_history(make_app, qtbot, monkeypatch, tmp_path):
    ctx, window, controller = make_app(session=None)
    ids = people(ctx)
    wang = session_of(ctx, "wang")
    attempt, (turn_id,) = call(ctx.services, None, wang, RUDE, record=True)
    (grader_said,) = ctx.services.practice.attempt_turns(wang, attempt)
    assert not grader_said.passed  # the grader failed it: interrogating tone, missing thanks
    played = []
    monkeypatch.setattr(
        ctx.audio, "play", lambda path, token=-1, start_s=0.0: played.append((path, start_s))
    )
    sign_in(window, controller, "trainer")
    open_page(window, "review")
    view = window.pages["review"]
    view.select_trainee(ids["wang"])
    assert [a.id for a in view.attempts] == [attempt]
    view.select_attempt(0)
    assert view.current_turn().turn.id == turn_id
    assert "评分器：未通过" in view.verdict_text()
    assert RUDE in view.turn.transcript.text()
    view.turn.play_button.click()  # played by the app's audio service, not by the page
    assert played == [(grader_said.recording, 0.0)]
    view.turn.play_from.setValue(1.5)  # seek: from a second and a half in
    view.turn.play_button.click()
    assert played[-1] == (grader_said.recording, 1.5)
    items = view.item_texts()
    assert any("iq.why" in t for t in items), items  # the violation can be overruled
    # a comment is required
    view.choose(0, "pass", "")
    view.turn.override_button.click()
    assert "理由" in view.status_text()
    assert ctx.services.overrides.open_attempt(wang, attempt).turns[0].overrides == ()
    view.choose(0, "pass", "客户本来就是在表扬，语气可以接受")
    view.turn.override_button.click()
    assert "改判已保存" in view.status_text()
    shown = view.verdict_text()
    assert "评分器：未通过" in shown and "培训师改判：通过" in shown  # both verdicts
    review = ctx.services.overrides.open_attempt(wang, attempt)
    assert review.passed and not review.turns[0].verdict.grader_passed
    # one violation: not a violation, with its comment
    index = next(i for i, t in enumerate(view.item_texts()) if "iq.why" in t)
    view.choose(index, "not_violation", "这里是确认问题，不是质问")
    view.turn.override_button.click()
    (t,) = ctx.services.overrides.open_attempt(wang, attempt).turns
    assert [v.status for v in t.verdict.violations if v.violation.rule == "iq.why"] == [
        "not_violation"
    ]
    assert "不算违规" in view.turn.findings.text()
    # the override report counts it; the overrides export as labelled data
    view.tabs.setCurrentIndex(1)
    report = view.report
    counts = {r[0]: r[1:] for r in report.rule_rows()}
    assert counts["iq.why"][1] == 1  # one finding overruled as not a violation
    assert "1" in report.summary.text()
    out = tmp_path / "labelled.jsonl"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    report.export_button.click()
    (line,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert line["text"] == RUDE and line["passed"] is True and "客户本来" in line["note"]
    # the trainee's history shows the trainer's verdict beside the grader's
    switch_to(window, controller, "wang")
    open_page(window, "history")
    history_view = window.history
    qtbot.waitUntil(lambda: history_view.findChild(QLabel, "overruled") is not None)
    note = history_view.findChild(QLabel, "overruled").text()
    assert "评分器 未通过 → 通过" in note and "客户本来就是在表扬" in note
    i18n.set_language("zh")


@pytest.mark.slow
def test_a_trainee_cannot_open_the_trainer_pages(make_app, qtbot):
    ctx, window, controller = make_app(session=None)
    people(ctx)
    sign_in(window, controller, "li")
    assert not {"assign", "review", "calibration", "dashboard"} & set(window.nav_shown())
    controller.navigate("review")  # e.g. a stale shortcut: home instead
    assert window.current_page() == "home"
    call(ctx.services, None, ctx.session, GOOD)
    assert turn_rows(ctx, history(ctx)[0].id)[0]["recording"] is None


@pytest.mark.slow
def test_a_group_made_on_the_page_gets_a_whole_pack(make_app, qtbot):
    ctx, window, controller = make_app(session=None)
    ids = people(ctx)
    sign_in(window, controller, "trainer")
    open_page(window, "assign")
    view = window.pages["assign"]
    view.group_name.setText("一班")
    view.group_button.click()  # no members ticked: said, nothing made
    assert "组员" in view.status_text() and ctx.services.assignments.groups(ctx.session) == []
    view.group_name.setText("一班")
    view.tick_members([ids["wang"], ids["li"]])
    view.group_button.click()
    assert "一班" in view.status_text()
    (group,) = ctx.services.assignments.groups(ctx.session)
    assert {m.user_id for m in group.active_members} == {ids["wang"], ids["li"]}
    pack = ctx.catalog.scenario_pack["praise"]
    view.fill_form(target=group.id, group=True, pack_id=pack)  # the whole pack, no due date
    view.assign_button.click()
    (assignment,) = ctx.services.assignments.assignments(ctx.session)
    assert assignment.group_id == group.id and assignment.scenario_id is None
    view.select_row(0)
    total = len(ctx.catalog.packs[pack].scenarios)
    assert sorted(view.completion_rows()) == [
        ("Li Na", "未开始", f"0/{total}"), ("Wang Wei", "未开始", f"0/{total}")
    ]  # fmt: skip
    switch_to(window, controller, "li")
    assert window.home.assignments.lines() == [(assignment.id, "not_started")]
