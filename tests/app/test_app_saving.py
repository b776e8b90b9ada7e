"""A store that fails on purpose: a write that fails is said (on the turn, in the conversation,
in the summary, in the log with its cause), never shown as saved, never loses the turn or its
recording; retrying saves it, and practice left unsaved when the app quits is saved at the next
start."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from PySide6.QtWidgets import QLabel, QPushButton

from simulator.app.services.audio_ports import NullPort
from tests.app.conftest import KEYS, history, press, shown, turns, wait_phase
from tests.app.test_app_calls import start
from tests.app.test_app_modes import type_reply


def fail(monkeypatch, practice, name: str, message: str = "database or disk is full") -> list:
    """Make ``practice.<name>`` raise until the returned list is cleared."""
    real = getattr(practice, name)
    switch = [True]

    def flaky(*args, **kwargs):
        if switch:
            raise OSError(message)
        return real(*args, **kwargs)

    monkeypatch.setattr(practice, name, flaky)
    return switch


def strip(view) -> tuple[bool, str]:
    """The feedback's save strip: (shown, text)."""
    label = view.findChild(QLabel, "saveState")
    return (label is not None and label.isVisible(), label.text() if label else "")


def pending_files(ctx) -> list[Path]:
    return sorted((ctx.services.data_dir / "pending").glob("*.json"))


def test_a_failed_start_keeps_the_turn_and_a_retry_saves_it(make_app, qtbot, caplog):
    ctx, window, controller = make_app(["angry-good-t1", "angry-good-t2"])
    patch = _Patch()
    broken = fail(patch, ctx.services.practice, "start_attempt")
    try:
        start(qtbot, window, "angry-caller")
        with caplog.at_level(logging.ERROR):
            press(qtbot, window, KEYS["space"])
            wait_phase(qtbot, window, "feedback")
        visible, text = strip(window.call.feedback)
        assert visible and "database or disk is full" in text  # not shown as saved
        assert (
            "练习记录未能创建：database or disk is full" in window.call.conversation.toPlainText()
        )
        assert any("disk is full" in r.getMessage() for r in caplog.records)
        assert history(ctx) == []
        record = shown(window)
        assert Path(record.recording).is_file()  # the take is kept
        (kept,) = pending_files(ctx)  # and the turn with it, should the app quit now
        body = json.loads(kept.read_text("utf-8"))
        assert [w["kind"] for w in body["writes"]] == ["attempt", "turn"]
        assert body["writes"][1]["record"]["id"] == record.id
        broken.clear()  # the disk has room again
        window.call.feedback.findChild(QPushButton, "retrySave").click()
        assert strip(window.call.feedback)[0] is False
        (attempt,) = history(ctx)
        assert [t.id for t in turns(ctx, attempt.id)] == [record.id]
        assert turns(ctx, attempt.id)[0].recording_status == "ok"
        assert pending_files(ctx) == []
        press(qtbot, window, KEYS["n"])  # the call goes on and saves as usual
        wait_phase(qtbot, window, "feedback")
        assert strip(window.call.feedback)[0] is False
        assert history(ctx)[0].turn_count == 2
    finally:
        patch.undo()


def test_unsaved_turns_survive_quitting_and_are_saved_at_the_next_start(make_app, qtbot):
    ctx, window, controller = make_app(port=NullPort())
    patch = _Patch()
    fail(patch, ctx.services.practice, "record_turn")
    start(qtbot, window, "angry-caller")
    press(qtbot, window, KEYS["space"])
    type_reply(qtbot, window, "非常抱歉，您的心情我非常理解，我马上帮您处理，好吗？")
    wait_phase(qtbot, window, "feedback")
    assert strip(window.call.feedback)[0]
    record = shown(window)
    press(qtbot, window, KEYS["esc"])  # hang up: the summary says the turn is not saved
    assert window.current_page() == "summary"
    assert window.summary.unsaved.isVisible()
    assert "1 轮未保存" in window.summary.unsaved_text.text()
    assert "未保存" in window.summary.turns.item(0).text()
    assert window.summary.score.text() == str(record.score)  # the call's own score
    window.close()  # quitting tries once more, fails, and keeps it in pending/
    patch.undo()
    assert len(pending_files(ctx)) == 1
    ctx2, window2, _ = make_app(port=NullPort())  # the next start saves it
    assert window2.banners["pending"].isVisible()
    assert "1 轮练习" in window2.banners["pending"].text.text()
    assert pending_files(ctx2) == []
    (attempt,) = history(ctx2)
    assert attempt.status == "stopped" and attempt.turn_count == 1
    assert [t.id for t in turns(ctx2, attempt.id)] == [record.id]


def test_the_end_of_a_call_that_cannot_be_recorded_is_said(make_app, qtbot):
    ctx, window, controller = make_app(port=NullPort())
    patch = _Patch()
    broken = fail(patch, ctx.services.practice, "finish_attempt", "database is locked")
    try:
        start(qtbot, window, "angry-caller")
        press(qtbot, window, KEYS["space"])
        type_reply(qtbot, window, "非常抱歉，您的心情我非常理解，我马上帮您处理，好吗？")
        wait_phase(qtbot, window, "feedback")
        press(qtbot, window, KEYS["esc"])
        assert window.current_page() == "summary"
        assert window.summary.unsaved.isVisible()
        assert "database is locked" in window.summary.unsaved_text.text()
        assert "中途挂断" in window.summary.verdict.text()
        broken.clear()
        window.summary.unsaved_button.click()
        assert not window.summary.unsaved.isVisible()
        assert history(ctx)[0].status == "stopped"
        assert window.summary.score.text() == str(history(ctx)[0].score)
    finally:
        patch.undo()


def test_a_history_that_cannot_be_read_says_so(make_app, qtbot):
    ctx, window, controller = make_app(port=NullPort())
    patch = _Patch()
    fail(patch, ctx.services.practice, "history", "no such table: attempts")
    try:
        window.navigate.emit("history")
        banner = window.banners["error"]
        assert banner.isVisible() and "no such table: attempts" in banner.text.text()
        assert banner.text.text().startswith("历史记录读取失败")
    finally:
        patch.undo()


def test_settings_that_cannot_be_saved_say_so(make_app, qtbot):
    ctx, window, controller = make_app(port=NullPort())
    patch = _Patch()
    patch.setattr(ctx.settings_store, "save", _raises(PermissionError("read-only folder")))
    try:
        window.navigate.emit("settings")
        window.settings.save_button.click()
        banner = window.banners["error"]
        assert banner.isVisible() and "read-only folder" in banner.text.text()
    finally:
        patch.undo()


def _raises(exc):
    def raising(*args, **kwargs):
        raise exc

    return raising


class _Patch:
    """A monkeypatch that can be undone before the test ends (the app quits in between)."""

    def __init__(self):
        import pytest

        self._mp = pytest.MonkeyPatch()

    def setattr(self, *args):
        self._mp.setattr(*args)

    def undo(self):
        self._mp.undo()
