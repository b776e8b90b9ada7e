"""The exam screens driven end to end through the real services and database: the proctor
books and authorises a candidate, the candidate takes the 10000 certification exam full-screen
(written items answered on the screen, oral items answered by voice through the fake
microphone playing real reply files), the proctor pauses and resumes at the candidate's seat,
the candidate finishes (one-way, confirmed), the result is sealed and shown, the certificate is
issued, saved as a PDF and verified. Also: resuming after a crash only with the proctor's PIN,
and refusals shown in plain words."""

from __future__ import annotations

import sqlite3
import time

import pytest

from simulator.app import i18n
from simulator.core.quiz_draw import PresentedQuestion
from simulator.services import Services
from tests.app.exam_helpers import (
    EXAM,
    ID_NUMBER,
    PASSWORD,
    PIN,
    ModelAnswers,
    model_answers,
    right_answer,
    seat,
    sign_in,
)
from tests.app.test_app_english import walk
from tests.exams.fixtures import MonoClock

REPLIES = ["angry-good-t1", "angry-good-t2", "angry-good-t3", "angry-good-t4", "date-good-t1"]


@pytest.fixture
def exam_app(make_app, tmp_path):
    seat(tmp_path / "data")
    return make_app(session=None, replies=REPLIES)


def book_and_authorise(window, confirm: bool = True) -> str:
    window.navigate.emit("proctor")
    page = window.pages["proctor"]
    page.choose(EXAM, "wang")
    page.book_button.click()
    attempt_id = page.selected()
    assert attempt_id and "已报名" in page.status_text()
    page.fill_authorisation("王小明", ID_NUMBER, confirm)
    page.auth_button.click()
    return attempt_id


def answer_item(qtbot, ctx, window, run) -> None:
    """Answer the item on the screen as a candidate who knows it."""
    item = run.order[run.pos]
    screen = window.pages["exam_run"]
    if isinstance(item, PresentedQuestion):
        screen.box.give(right_answer(ctx, item))
        return
    screen.play_button.click()
    screen.record_button.click()
    qtbot.waitUntil(lambda: item.index in run.saved, timeout=30000)


@pytest.mark.slow
def test_a_whole_proctored_exam(exam_app, qtbot, tmp_path):
    ctx, window, controller = exam_app
    sign_in(window, "zhou")
    assert "proctor" in window.nav_shown() and "exams" not in window.nav_shown()
    attempt_id = book_and_authorise(window)
    assert "已授权" in window.pages["proctor"].status_text()

    sign_in(window, "wang")
    assert "proctor" not in window.nav_shown()
    window.navigate.emit("exams")
    mine = window.pages["exams"]
    assert [r.id for r in mine.rows] == [attempt_id]
    mine.start_button.click()
    run = controller.exams.run
    screen = window.pages["exam_run"]
    assert window.current_page() == "exam_run" and window.isFullScreen()
    assert run.running and not window.nav.isEnabled() and not window.side.isVisible()
    assert len(run.order) == 22 and {type(i).__name__ for i in run.order} == {
        "PresentedQuestion",
        "PresentedTurn",
    }
    ctx.speech = ModelAnswers(model_answers(ctx, run.paper))

    # nothing else opens during the exam: the nav, switching user and leaving full-screen
    window.navigate.emit("home")
    controller.switch_user()
    assert window.current_page() == "exam_run" and ctx.session.username == "wang"
    assert "不能切换用户" in window.banners["error"].text.text()
    window.showNormal()
    qtbot.waitUntil(window.isFullScreen, timeout=5000)

    paused_at = len(run.order) // 2
    while True:
        answer_item(qtbot, ctx, window, run)
        if run.pos == paused_at and not screen.is_paused() and run.status.state == "active":
            # the proctor pauses at this seat; a trainee's password does nothing
            screen.fill_proctor("wang", PASSWORD, "pause", reason="考生身体不适")
            screen.p_go.click()
            assert "无权" in screen.proctor_text() and run.status.state == "active"
            screen.fill_proctor("zhou", PASSWORD, "pause", reason="考生身体不适")
            screen.p_go.click()
            assert run.status.state == "paused" and screen.is_paused()
            used = run.status.used_ms
            run.go(run.pos + 1)  # the candidate cannot move on while paused
            assert run.pos == paused_at
            run.heartbeat()
            assert run.status.used_ms == used  # the clock is frozen
            screen.fill_proctor("zhou", PASSWORD, "add_time", minutes=2)
            screen.p_go.click()
            assert "原因" in screen.proctor_text()  # no reason: refused in words
            screen.fill_proctor("zhou", PASSWORD, "add_time", minutes=2, reason="设备故障")
            screen.p_go.click()
            assert run.status.extra_ms == 120_000
            screen.fill_proctor("zhou", PASSWORD, "resume")
            screen.p_go.click()
            assert run.status.state == "active" and not screen.is_paused()
        if run.pos + 1 >= len(run.order):
            break
        screen.next_button.click()
        assert "已保存" in screen.save_text(), screen.save_text()
    screen.finish_button.click()
    assert screen.confirm_card.isVisible()
    screen.confirm_no.click()  # not yet: still answering
    assert run.running
    screen.finish_button.click()
    screen.confirm_yes.click()
    assert screen.is_closed() and not run.running
    saved = ctx.services.exams.store.latest_answers(attempt_id)
    assert sorted(saved) == sorted(i.index for i in run.order)
    oral = [a for a in saved.values() if a.part == "oral"]
    assert len(oral) == 4 and all(
        (ctx.services.data_dir / a.recording).is_file() and a.recording_sha256 for a in oral
    )
    assert ctx.services.exams.store.attempt(attempt_id).state == "sealed"
    screen.leave_button.click()
    assert not window.isFullScreen() and window.nav.isEnabled() and window.side.isVisible()
    assert window.current_page() == "results"
    results = window.pages["results"]
    assert [r.attempt_id for r in results.rows] == [attempt_id]
    assert results.rows[0].passed, results.rows[0]
    assert results.rows[0].result is None  # the candidate sees the total, not the items

    sign_in(window, "zhou")
    window.navigate.emit("results")
    results.select(attempt_id)
    detail = results.detail_text()
    assert "分主题" in detail and "转写" in detail and "加时 2.0 分钟" in detail
    results.issue_button.click()
    cert = ctx.services.certificates.certificate(ctx.session, attempt_id)
    assert cert is not None and cert.number in results.certificate_text()
    out = tmp_path / "saved.pdf"
    controller.exams.results.save_pdf(attempt_id, str(out))
    assert out.read_bytes() == cert.pdf.read_bytes()
    results.verify_file.emit(str(out))
    assert results.verdict_text().startswith("真实证书") and "王小明" in results.verdict_text()
    results.code.setText(cert.short_code)
    results.code_button.click()
    assert results.verdict_text().startswith("真实证书")
    out.write_bytes(out.read_bytes().replace(b"%%EOF", b"%%EOF "))
    results.verify_file.emit(str(out))
    assert results.verdict_text().startswith("不是真实证书")

    # a documented second rating of an oral item: refused without a reason, then kept beside
    # the grader's (the sealed result itself is never changed)
    assert results.rating.isVisibleTo(window) and results.rating_item.count() == 4
    item = results.rating_item.itemData(1)
    results.rating_item.setCurrentIndex(1)
    results.rating_score.setValue(55)
    results.rating_passed.setChecked(False)
    results.rating_button.click()
    assert "复评理由" in results.status_text()
    results.rating_reason.setText("第二句答非所问")
    results.rating_button.click()
    assert "复评已保存" in results.status_text()
    view = ctx.services.grading.result(ctx.session, attempt_id)
    assert [(r.item, r.score, r.passed) for r in view.ratings] == [(item, 55, False)]
    sealed = next(i for i in view.sealed.items if i.index == item)
    assert sealed.score != 55 or sealed.passed  # the grader's rating is still there
    assert next(i for i in view.effective.items if i.index == item).score == 55
    results.select(attempt_id)
    assert "第二句答非所问" in results.detail_text()

    # the candidate sees their own certificate
    sign_in(window, "wang")
    window.navigate.emit("results")
    results.select(attempt_id)
    assert cert.number in results.certificate_text()
    assert not results.rating.isVisibleTo(window)  # nobody rates their own exam


def _crashed_attempt(data_dir) -> tuple[str, int]:
    """An attempt started and answered in a process that is gone: (id, time used saved)."""
    services = Services.open(data_dir)
    try:
        proctor = services.accounts.sign_in("zhou", PASSWORD)
        wang = services.accounts.sign_in("wang", PASSWORD)
        rec = services.exams.register(proctor, EXAM, wang.user_id)
        services.exams.authorise(proctor, rec.id, "王小明", ID_NUMBER, True)
        paper = services.exams.start(wang, rec.id)
        first = paper.written[0]
        given = {"single": 0, "multiple": [0], "true_false": True, "rewrite": "您好，请讲",
                 "order": list(range(len(first.steps)))}[first.type]  # fmt: skip
        services.exams.save_answer(wang, rec.id, first.index, given)
        return rec.id, services.exams.store.attempt(rec.id).used_ms
    finally:
        services.close()


def test_resume_after_a_crash_needs_the_proctors_pin(make_app, qtbot, tmp_path):
    seat(tmp_path / "data")
    attempt_id, used = _crashed_attempt(tmp_path / "data")
    ctx, window, controller = make_app(session=None, replies=REPLIES)
    sign_in(window, "wang")
    window.navigate.emit("exams")
    mine = window.pages["exams"]
    assert [r.id for r in mine.rows] == [attempt_id]
    assert not mine.start_button.isEnabled() and mine.pin_card.isVisible()
    mine.proctor.setText("zhou")
    mine.pin.setText("000000")
    mine.resume_button.click()
    assert "PIN 不正确" in mine.status_text() and window.current_page() == "exams"
    assert mine.pin.text() == ""  # a wrong PIN is not left on the screen
    mine.proctor.setText("wang")  # a trainee is no proctor
    mine.pin.setText(PIN)
    mine.resume_button.click()
    assert "PIN 不正确" in mine.status_text()
    mine.proctor.setText("zhou")
    mine.pin.setText(PIN)
    mine.resume_button.click()
    run = controller.exams.run
    assert window.current_page() == "exam_run" and run.running
    assert run.status.state == "active"
    assert len(run.saved) == 1 and run.order[run.pos].index not in run.saved
    entries = ctx.services.audit.entries(subject=attempt_id)
    events = [e.action for e in entries]
    assert "exam.interrupted" in events and "exam.pin_refused" in events
    recovered = next(e for e in entries if e.action == "exam.recovered")
    # resumed with the time used before the crash (the clock counts on from there)
    assert recovered.detail["used_ms"] == used and recovered.actor_name == "zhou"
    assert run.status.used_ms >= used


def test_refusals_are_said_plainly(exam_app, qtbot):
    ctx, window, controller = exam_app
    sign_in(window, "wang")
    window.navigate.emit("proctor")  # not a trainee's page
    assert window.current_page() == "home"
    sign_in(window, "zhou")
    attempt_id = book_and_authorise(window, confirm=False)
    page = window.pages["proctor"]
    assert "请核对证件" in page.status_text()
    page.fill_authorisation("王小明", "110105194912310021", True)  # a wrong check digit
    page.auth_button.click()
    assert "校验位" in page.status_text()
    page.choose(EXAM, "wang")
    page.book_button.click()  # one open attempt at a time
    assert "未完成" in page.status_text()
    page.select(attempt_id)
    page.fill_authorisation("王小明", ID_NUMBER, True)
    page.auth_button.click()
    assert "已授权" in page.status_text()
    page.fill_action(5, "")
    page.buttons["terminate"].click()
    assert "终止原因" in page.status_text()
    assert ctx.services.exams.store.attempt(attempt_id).state == "authorised"
    page.set_pin.emit("12", "12")
    assert "6–12" in page.status_text()
    i18n.set_language("en")
    try:
        window.retranslate()
        page.set_pin.emit("12", "12")
        assert page.status_text() == "the PIN must be 6–12 digits"
        sign_in(window, "wang")
        window.navigate.emit("exams")
        mine = window.pages["exams"]
        mine.select(attempt_id)
        # cancelled meanwhile (from the room's console): the services refuse the start
        proctor = ctx.services.accounts.sign_in("zhou", PASSWORD)
        ctx.services.exams.cancel(proctor, attempt_id, "考场调整")
        mine.start_button.click()
        assert "cannot start it" in mine.status_text() and window.current_page() == "exams"
        # a trainee calling a proctor's service: refused, audited, said in the UI language
        controller.exams.proctor.show()
        assert window.current_page() == "proctor"
        assert i18n.message(window.pages["proctor"].status_text()).startswith("wang (trainee)")
    finally:
        i18n.set_language("zh")
    denied = [e for e in ctx.services.audit.entries() if e.action == "permission.denied"]
    assert denied and denied[-1].actor_name == "wang"


def test_the_exam_screens_in_english(make_app, qtbot, tmp_path):
    seat(tmp_path / "data", names=("Zhou", "Wang"))
    ctx, window, controller = make_app(session=None, replies=REPLIES, language="en")
    sign_in(window, "zhou")
    window.navigate.emit("proctor")
    page = window.pages["proctor"]
    page.choose(EXAM, "wang")
    page.book_button.click()
    page.fill_authorisation("Wang", ID_NUMBER, True)
    page.auth_button.click()
    assert page.status_text() == "Authorised: the candidate may start."
    assert walk(window, "proctor") == []
    window.navigate.emit("results")
    assert walk(window, "results") == []
    sign_in(window, "wang")
    window.navigate.emit("exams")
    assert walk(window, "exams") == []
    window.pages["exams"].start_button.click()
    run = controller.exams.run
    oral = next(i for i, item in enumerate(run.order) if not isinstance(item, PresentedQuestion))
    for pos in (0, oral):
        run.go(pos)
        assert walk(window, "exam_run") == [], run.order[pos]
    screen = window.pages["exam_run"]
    screen.fill_proctor("zhou", PASSWORD, "pause", reason="a break")
    screen.p_go.click()
    assert screen.is_paused() and walk(window, "exam_run") == []
    screen.finish_button.click()  # nothing happens while paused
    assert not screen.confirm_card.isVisible()


def _started(window, controller):
    sign_in(window, "zhou")
    attempt_id = book_and_authorise(window)
    sign_in(window, "wang")
    window.navigate.emit("exams")
    window.pages["exams"].start_button.click()
    return attempt_id, controller.exams.run, window.pages["exam_run"]


def test_a_failed_write_is_shown_and_nothing_is_lost(exam_app, qtbot, monkeypatch):
    ctx, window, controller = exam_app
    attempt_id, run, screen = _started(window, controller)
    store = ctx.services.exams.store

    def disk_full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "insert_answer", disk_full)
    item = run.order[0]
    screen.box.give(right_answer(ctx, item))
    screen.next_button.click()
    assert "答案未保存" in screen.save_text() and "disk is full" in screen.save_text()
    assert "答案未保存" in window.banners["error"].text.text()  # the proctor sees it too
    assert run.pos == 0 and screen.answer_value() is not None  # still there, on the screen
    monkeypatch.undo()
    screen.next_button.click()
    assert "已保存" in screen.save_text() and run.pos == 1
    assert item.index in store.latest_answers(attempt_id)


def test_time_up_hands_in_the_answer_on_the_screen(exam_app, qtbot):
    ctx, window, controller = exam_app
    attempt_id, run, screen = _started(window, controller)
    exams = ctx.services.exams
    clock = MonoClock(time.monotonic())
    exams.clock = clock  # the services' clock, driven by hand from here
    item = run.order[0]
    screen.box.give(right_answer(ctx, item))
    clock.advance(run.status.limit_ms / 1000 + 1)  # a second past the limit
    run.show_clock()
    assert screen.is_closed() and not run.running
    assert "时间已到" in screen.closed_text.text()
    rec = exams.store.attempt(attempt_id)
    assert rec.end_reason == "time_up" and rec.state == "sealed"
    assert item.index in exams.store.latest_answers(attempt_id)  # saved, not lost to the race


def test_terminated_from_elsewhere_the_screen_says_why(exam_app, qtbot):
    ctx, window, controller = exam_app
    attempt_id, run, screen = _started(window, controller)
    proctor = ctx.services.accounts.sign_in("zhou", PASSWORD)  # e.g. the room's console
    ctx.services.exams.terminate(proctor, attempt_id, "考场停电")
    run.heartbeat()  # the next heartbeat sees it
    assert screen.is_closed() and not run.running
    assert "考场停电" in screen.closed_text.text()
    screen.leave_button.click()
    assert window.current_page() == "results" and not window.isFullScreen()
