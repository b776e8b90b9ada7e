"""The proctor's page reads the attempts again by itself while it is shown: an attempt booked
elsewhere appears without the refresh button, the proctor's selection stays, a failed read is
shown in words and logged once (what the page shows stays), and the timer stops when the page
is hidden, the user switches or the window closes. The timer's slot is driven directly, or the
real timer is waited for with a generous timeout: nothing here depends on how fast it runs."""

from __future__ import annotations

import logging
import sqlite3

import pytest

from simulator.app import i18n
from tests.app.exam_helpers import EXAM, PASSWORD, seat, sign_in


@pytest.fixture
def proctor_page(make_app, tmp_path):
    seat(tmp_path / "data")
    ctx, window, controller = make_app(session=None)
    sign_in(window, "zhou")
    window.navigate.emit("proctor")
    return ctx, window, controller


def _book(ctx, username: str = "wang") -> str:
    """A booking made elsewhere (another desk, the room's console): straight to the services."""
    zhou = ctx.services.accounts.sign_in("zhou", PASSWORD)
    who = next(c for c in ctx.services.exams.candidates(zhou) if c.username == username)
    return ctx.services.exams.register(zhou, EXAM, who.user_id).id


def _shown_ids(page) -> list[str]:
    return [r.id for r, _name in page.rows]


def test_the_page_reads_again_by_itself_while_shown(proctor_page, qtbot, monkeypatch, caplog):
    ctx, window, controller = proctor_page
    proctor, page = controller.exams.proctor, window.pages["proctor"]
    assert window.current_page() == "proctor" and proctor.timer.isActive()
    assert page.rows == [] and "5" in page.updated.text()
    booked = _book(ctx)
    assert page.rows == []  # nothing has told the page yet
    proctor.timer.timeout.emit()  # the timer's slot, driven directly
    assert _shown_ids(page) == [booked]
    # the proctor's choices and selection survive the reads
    page.choose(EXAM, "wang")
    page.select(booked)
    page.fill_action(3, "设备检查")
    proctor.timer.timeout.emit()
    assert page.selected() == booked and page.candidate_box.currentText().endswith("(wang)")
    assert page.reason.text() == "设备检查"
    # a read that fails: said on the page, logged once, the list stays; the next read clears it
    real = ctx.services.exams.attempts

    def locked(who):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(ctx.services.exams, "attempts", locked)
    with caplog.at_level(logging.ERROR, logger="simulator.app.exams.controllers.proctor"):
        proctor.timer.timeout.emit()
        proctor.timer.timeout.emit()
    said = page.status_text()
    assert "考试列表读取失败" in said and "database is locked" in said
    logged = [r for r in caplog.records if "cannot be read" in r.getMessage()]
    assert len(logged) == 1 and "database is locked" in logged[0].getMessage()
    assert _shown_ids(page) == [booked] and proctor.timer.isActive()  # tried again later
    monkeypatch.setattr(ctx.services.exams, "attempts", real)
    proctor.timer.timeout.emit()
    assert page.status_text() == "" and _shown_ids(page) == [booked]
    # the refresh button is still there and reads at once
    ctx.services.exams.cancel(ctx.services.accounts.sign_in("zhou", PASSWORD), booked, "改期")
    page.refresh_button.click()
    assert page.rows[0][0].state == "cancelled"


def test_the_real_timer_reads_again(proctor_page, qtbot):
    ctx, window, controller = proctor_page
    proctor, page = controller.exams.proctor, window.pages["proctor"]
    proctor.timer.setInterval(50)  # the real QTimer, quicker; waited for, never timed
    booked = _book(ctx)
    qtbot.waitUntil(lambda: _shown_ids(page) == [booked], timeout=20000)


def test_the_timer_stops_when_the_page_is_hidden_or_the_window_closes(proctor_page, qtbot):
    ctx, window, controller = proctor_page
    proctor, page = controller.exams.proctor, window.pages["proctor"]
    window.navigate.emit("results")
    assert window.current_page() == "results" and not proctor.timer.isActive()
    booked = _book(ctx)
    proctor._tick()  # a tick already queued when the page went: reads nothing
    assert page.rows == [] and not proctor.timer.isActive()
    window.navigate.emit("proctor")
    assert proctor.timer.isActive() and _shown_ids(page) == [booked]
    sign_in(window, "wang")  # switching user: the next person sees nothing of it
    assert not proctor.timer.isActive() and page.rows == [] and page.updated.text() == ""
    sign_in(window, "zhou")
    window.navigate.emit("proctor")
    assert proctor.timer.isActive()
    window.close()
    assert not proctor.timer.isActive()


def test_a_refusal_stops_the_timer_and_the_page_speaks_english(make_app, qtbot, tmp_path):
    """A session that may not read the page is refused once (audited once), not every few
    seconds; the refresh note and a failed read are in English when the UI is."""
    seat(tmp_path / "data", names=("Zhou", "Wang"))
    ctx, window, controller = make_app(session=None, language="en")
    sign_in(window, "wang")
    controller.exams.proctor.show()  # a trainee on the proctor's page (not in their nav)
    proctor, page = controller.exams.proctor, window.pages["proctor"]
    assert i18n.message(page.status_text()).startswith("wang (trainee)")
    assert not proctor.timer.isActive()
    denied = [e for e in ctx.services.audit.entries() if e.action == "permission.denied"]
    assert len(denied) == 1
    sign_in(window, "zhou")
    window.navigate.emit("proctor")
    assert page.updated.text().startswith("Updated ") and "every 5 s" in page.updated.text()
    proctor._unread(OSError("disk I/O error"), ctx.session)
    assert page.status_text().startswith("The exams could not be read: disk I/O error.")
