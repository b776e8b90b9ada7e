"""More of the trainer's screens driven as people use them: calibration (a set made, turns
added from the review page, graded blind, the grader revealed only after, agreement with the
grader and between trainers), the dashboards exported as PDF and CSV through the services, and
the privacy of recordings (consent asked once, refused → the call keeps no recording; given
and withdrawn in the settings; deleting one's recordings)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QFileDialog

from tests.app.conftest import KEYS, history, press, turn_rows, wait_phase
from tests.app.trainer_people import open_page, people, session_of, sign_in, switch_to
from tests.trainer.helpers import GOOD, RUDE, call


@pytest.mark.slow
def test_calibration_blind_grading_and_agreement(make_app, qtbot):
    ctx, window, controller = make_app(session=None)
    ids = people(ctx)
    wang = session_of(ctx, "wang")
    _a, (rude,) = call(ctx.services, None, wang, RUDE, record=True)
    _b, (good,) = call(ctx.services, None, wang, GOOD)
    sign_in(window, controller, "trainer")
    open_page(window, "calibration")
    cal = window.pages["calibration"]
    cal.new_name.setText("十二月校准")
    cal.create_button.click()
    assert "十二月校准" in cal.status.text()
    (cset,) = ctx.services.calibration.sets(ctx.session)
    # reference turns are added from the review page
    open_page(window, "review")
    review = window.pages["review"]
    review.select_trainee(ids["wang"])
    for row in range(2):
        review.select_attempt(row)
        review.turn.add_button.click()
        assert "十二月校准" in review.status_text()
    open_page(window, "calibration")
    assert [(i.transcript, i.graded) for i in cal.items] == [(GOOD, False), (RUDE, False)]
    assert cal.reveal_text() == ""  # blind: no verdict before grading
    cal.choose(1, passed=False, category="interrogating", comment="质问语气")
    cal.submit_button.click()
    revealed = cal.reveal_text()
    assert "评分器：未通过" in revealed and "iq.why" in revealed and "一致" in revealed
    cal.choose(0, passed=False, category="filler")  # disagrees with the grader
    cal.submit_button.click()
    assert "不一致" in cal.reveal_text()
    assert [i.graded for i in cal.items] == [True, True]
    assert not cal.submit_button.isEnabled()  # a grade is final
    # a second trainer grades the same items
    trainer2 = session_of(ctx, "trainer2")
    for item in ctx.services.calibration.items(trainer2, cset.id):
        ctx.services.calibration.submit(trainer2, item.item_id, item.transcript == GOOD,
                                        None if item.transcript == GOOD else "interrogating")  # fmt: skip
    cal.show_tab(1)
    summary = cal.agreement_summary()
    assert "50 % (2/4)" in summary or "75 % (3/4)" in summary, summary
    assert "培训师之间" in summary and "Tian Trainer" in summary and "Tao Trainer" in summary
    assert cal.per_rater.rowCount() == 2 and cal.per_category.rowCount() >= 1
    assert cal.disagreements.rowCount() == 1
    assert cal.dis_transcript.text() == GOOD  # the disputed reply, with its audio beside it


@pytest.mark.slow
def test_dashboards_export_pdf_and_csv(make_app, qtbot, monkeypatch, tmp_path):
    ctx, window, controller = make_app(session=None)
    ids = people(ctx)
    wang = session_of(ctx, "wang")
    call(ctx.services, None, wang, RUDE)
    call(ctx.services, None, wang, GOOD)
    sign_in(window, controller, "trainer")
    open_page(window, "dashboard")
    dash = window.pages["dashboard"]
    assert not dash.pdf_button.isEnabled()  # nothing shown yet
    dash.choose("team")
    dash.show_button.click()
    team = controller.dashboard.shown
    assert team.attempts == 2 and dash.frequent.rowCount() >= 1
    pdf = tmp_path / "out" / "team.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), ""))
    dash.pdf_button.click()
    assert pdf.read_bytes().startswith(b"%PDF"), dash.status_text()
    assert str(pdf) in dash.status_text()
    dash.choose("trainee", ids["wang"])
    dash.show_button.click()
    mine = controller.dashboard.shown
    assert mine.user_id == ids["wang"] and len(mine.trend) == 2
    assert dash.recent.rowCount() == 2
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    dash.csv_button.click()
    (folder,) = tmp_path.glob("dashboard-*")
    assert {p.name for p in folder.iterdir()} == {
        "assignments.csv", "trend.csv", "weakest.csv", "recent.csv"
    }  # fmt: skip
    assert (folder / "trend.csv").read_text(encoding="utf-8-sig").count("\n") == 3


@pytest.mark.slow
def test_consent_refused_keeps_no_recording_and_settings_change_it(make_app, qtbot):
    ctx, window, controller = make_app(["angry-good-t1", "angry-good-t2", "angry-good-t4"],
                                       session=None)  # fmt: skip
    people(ctx)
    sign_in(window, controller, "wang", consent=None)
    dialog = controller.privacy.dialog
    assert dialog is not None and dialog.isVisible()  # asked at the first sign-in
    assert "录音" in dialog.notice.text()
    dialog.refuse_button.click()
    window.activateWindow()
    status = ctx.services.privacy.consent(ctx.session)
    assert not status.given and status.at is not None
    # a voice call: scored and kept, the recordings not
    window.home.select("angry-caller")
    window.home.start_button.click()
    press(qtbot, window, KEYS["space"])
    for _ in range(3):
        wait_phase(qtbot, window, "feedback")
        press(qtbot, window, KEYS["n"])
    assert window.current_page() == "summary"
    attempt = history(ctx)[0]
    rows = turn_rows(ctx, attempt.id)
    assert len(rows) == 3 and all(r["recording"] is None for r in rows)
    assert all(r["transcript"] for r in rows)
    assert not [p for p in ctx.recordings.folder.rglob("*.wav")]
    # asked once: signing in again does not ask
    switch_to(window, controller, "wang", consent=None)
    assert controller.privacy.dialog is None
    # the settings page: give it, then delete the recordings with their reason
    open_page(window, "settings")
    panel = window.privacy
    assert panel.isVisible() and "不保存录音" in panel.state.text()
    panel.give_button.click()
    assert "已同意保存录音" in panel.state.text()
    assert ctx.services.privacy.may_record(ctx.session.user_id)
    call(ctx.services, None, ctx.session, GOOD, record=True)
    assert list(ctx.recordings.folder.rglob("*.wav"))
    assert not panel.delete_button.isEnabled()  # confirmed first
    panel.confirm.setChecked(True)
    panel.delete_button.click()
    assert "已删除 1 个录音" in panel.note_text()
    assert not list(ctx.recordings.folder.rglob("*.wav"))
    assert panel.table.rowCount() == 1 and panel.table.item(0, 2).text() == "本人删除"
    assert not panel.withdraw_button.isEnabled()  # it deletes the recordings: confirmed first
    panel.confirm.setChecked(True)
    panel.withdraw_button.click()
    assert not ctx.services.privacy.may_record(ctx.session.user_id)
    assert "不保存录音" in panel.state.text()


@pytest.mark.slow
def test_an_administrator_deletes_an_accounts_recordings(make_app, qtbot):
    ctx, window, controller = make_app(session=None)
    ids = people(ctx)
    wang = session_of(ctx, "wang")
    call(ctx.services, None, wang, GOOD, record=True)
    assert list(ctx.recordings.folder.rglob("*.wav"))
    sign_in(window, controller, "admin")
    open_page(window, "settings")
    panel = window.privacy
    panel.account.setCurrentIndex(panel.account.findData(ids["wang"]))
    panel.confirm.setChecked(True)
    panel.delete_of_button.click()
    assert "已删除 1 个录音" in panel.note_text()
    assert not list(ctx.recordings.folder.rglob("*.wav"))
    (deleted,) = ctx.services.privacy.deletions(ctx.session, ids["wang"])
    assert deleted["reason"] == "admin"


@pytest.mark.slow
def test_the_retention_period_is_set_by_an_administrator_and_applied(make_app, qtbot):
    ctx, window, controller = make_app(session=None)
    ids = people(ctx)
    call(ctx.services, None, session_of(ctx, "wang"), GOOD, record=True)
    sign_in(window, controller, "wang")
    open_page(window, "settings")
    assert not window.privacy.retention_row.isVisibleTo(window)  # a trainee cannot set it
    switch_to(window, controller, "admin")
    open_page(window, "settings")
    panel = window.privacy
    assert panel.retention_row.isVisibleTo(window) and panel.retention.value() == 0
    panel.retention.setValue(30)
    panel.retention_button.click()
    assert "30 天" in panel.note_text()
    assert ctx.services.privacy.retention_days() == 30
    assert list(ctx.recordings.folder.rglob("*.wav"))  # a recording of today stays
    # the daily run, a month and a day later (the clock given, as the timer would run it)
    controller.privacy.apply_retention(datetime.now(UTC) + timedelta(days=31))
    assert not list(ctx.recordings.folder.rglob("*.wav"))
    (gone,) = ctx.services.privacy.deletions(ctx.session, ids["wang"])
    assert gone["reason"] == "retention"
    panel.retention.setValue(0)
    panel.retention_button.click()
    assert ctx.services.privacy.retention_days() is None


@pytest.mark.slow
def test_the_trainer_pages_are_english_in_english(make_app, qtbot):
    from simulator.app import i18n
    from tests.app.test_app_english import walk

    ctx, window, controller = make_app(session=None, language="en")
    ids = people(ctx)
    wang = session_of(ctx, "wang")
    _a, (rude,) = call(ctx.services, None, wang, RUDE, record=True)
    try:
        trainer = session_of(ctx, "trainer2")
        cset = ctx.services.calibration.create_set(trainer, "December")
        ctx.services.calibration.add_items(trainer, cset.id, [rude])
        item = ctx.services.calibration.items(trainer, cset.id)[0]
        ctx.services.calibration.submit(trainer, item.item_id, True)
        pack = ctx.catalog.scenario_pack["praise"]
        ctx.services.assignments.assign(trainer, pack, user_id=ids["wang"])
        sign_in(window, controller, "trainer")
        open_page(window, "assign")
        window.pages["assign"].select_row(0)
        open_page(window, "review")
        review = window.pages["review"]
        review.select_trainee(ids["wang"])
        review.select_attempt(0)
        review.choose(0, "pass", "fine")
        review.turn.override_button.click()
        assert walk(window, "review") == []
        review.tabs.setCurrentIndex(1)
        assert walk(window, "review") == []
        open_page(window, "calibration")
        cal = window.pages["calibration"]
        cal.choose(0, passed=False, category="interrogating")
        cal.submit_button.click()
        assert walk(window, "calibration") == []
        cal.show_tab(1)
        open_page(window, "dashboard")
        window.pages["dashboard"].show_button.click()
        for page in ("assign", "calibration", "dashboard"):
            assert walk(window, page) == [], page
        open_page(window, "settings")
        assert walk(window, "settings") == []
        switch_to(window, controller, "wang")
        assert window.home.assignments.isVisible()
        assert walk(window, "home") == []
    finally:
        i18n.set_language("zh")
