"""No microphone (typed replies, clearly marked), no speech model, history after a restart,
and start-up reconciliation of recordings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from simulator.app.services.audio_ports import NullPort
from tests.app.conftest import KEYS, banner_text, history, press, shown, turns, wait_phase
from tests.app.fakes import BrokenSpeech
from tests.app.test_app_calls import start


def type_reply(qtbot, window, text: str) -> None:
    """Type ``text`` as a trainee does (through the input method) and send it: Enter starts a
    new line, Ctrl+Enter sends."""
    wait_phase(qtbot, window, "listening")
    assert window.call.typed_row.isVisible()
    box = window.call.typed_input
    assert window.focusWidget() is box
    commit = QInputMethodEvent()  # Chinese text arrives from the input method
    commit.setCommitString(text)
    QApplication.sendEvent(box, commit)
    qtbot.keyClick(box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_no_microphone_typed_mode(make_app, qtbot):
    port = NullPort()
    port.reason = "PortAudio library not found"
    ctx, window, _ = make_app(port=port)
    assert window.banners["mic"].isVisible()
    assert "PortAudio" in banner_text(window, "mic")
    assert not window.home.mic_button.isEnabled()
    start(qtbot, window, "date-invitation")
    assert window.call.mode_badge.isVisible()
    press(qtbot, window, KEYS["space"])
    type_reply(qtbot, window, "非常感谢您的好意，我正在工作，很抱歉不能接受您的邀请。")
    wait_phase(qtbot, window, "feedback")
    record = shown(window)
    assert record.mode == "typed" and record.passed
    assert record.result.delivery is None
    press(qtbot, window, KEYS["n"])
    type_reply(qtbot, window, "好啊，你把电话号码给我吧。")
    wait_phase(qtbot, window, "feedback")
    assert not shown(window).passed
    press(qtbot, window, KEYS["n"])
    assert window.current_page() == "summary"
    assert window.summary.typed_badge.isVisible()
    assert "打字" in window.summary.turns.item(0).text()
    attempt = history(ctx)[0]
    assert attempt.mode == "typed"
    records = turns(ctx, attempt.id)
    assert all(r.mode == "typed" and r.recording is None for r in records)


def test_model_unavailable_offers_typed_replies(make_app, qtbot):
    ctx, window, _ = make_app(["date-good-t1"], speech=BrokenSpeech())
    assert ctx.model_state == "failed" and ctx.typed_only
    assert window.banners["model"].isVisible() and "/nowhere" in banner_text(window, "model")
    start(qtbot, window, "date-invitation")
    press(qtbot, window, KEYS["space"])
    type_reply(qtbot, window, "非常感谢您的好意，我正在工作，很抱歉不能接受您的邀请。")
    wait_phase(qtbot, window, "feedback")
    assert shown(window).mode == "typed"


def test_history_shows_attempt_after_restart(make_app, qtbot):
    ctx, window, controller = make_app(["date-good-t1", "date-good-t2"])
    start(qtbot, window, "date-invitation")
    press(qtbot, window, KEYS["space"])
    for _ in range(2):
        wait_phase(qtbot, window, "feedback")
        press(qtbot, window, KEYS["n"])
    window.close()  # the app quits: threads stopped, database closed
    score = history(ctx)[0].score
    ctx2, window2, _ = make_app()
    best = window2.home.stats["date-invitation"]
    assert best == {"attempts": 1, "best": score} and score >= 80
    row = next(
        i
        for i in range(window2.home.tree.topLevelItemCount())
        for j in range(window2.home.tree.topLevelItem(i).childCount())
        if window2.home.tree.topLevelItem(i).child(j).text(0) == "客户邀约吃饭"
    )
    assert row is not None
    queries = []
    attempt_turns = ctx2.services.practice.attempt_turns
    ctx2.services.practice.attempt_turns = lambda who, aid: (
        queries.append(aid) or attempt_turns(who, aid)
    )
    window2.navigate.emit("history")
    page = window2.history
    assert window2.current_page() == "history"
    assert page.table.rowCount() == 1
    assert page.table.item(0, 3).text() == str(score)
    assert len(page.score_plot.getPlotItem().listDataItems()) == 1
    page.table.selectRow(0)
    assert page.turn_box.count() == 2
    page.open_button.click()
    assert len(queries) == 1  # opening reuses the turns the selection loaded
    assert window2.current_page() == "summary"
    assert window2.summary.turns.count() == 2
    assert window2.summary.feedback.record.recording
    assert Path(window2.summary.feedback.record.recording).is_file()


def test_restart_reconciles_missing_recordings(make_app, qtbot, tmp_path):
    ctx, window, _ = make_app(["date-good-t1", "date-good-t2"])
    start(qtbot, window, "date-invitation")
    press(qtbot, window, KEYS["space"])
    wait_phase(qtbot, window, "feedback")
    press(qtbot, window, KEYS["n"])
    wait_phase(qtbot, window, "feedback")
    window.close()
    records = turns(ctx, history(ctx)[0].id)
    Path(records[0].recording).unlink()  # lost
    Path(records[1].recording).write_bytes(b"changed")  # tampered
    part = Path(records[0].recording).with_name("99-t1-9.wav.part")
    part.write_bytes(b"half written")
    stray = part.with_name("98-t1-9.wav")
    stray.write_bytes(b"no row")
    ctx2, window2, _ = make_app()
    records2 = turns(ctx2, history(ctx2)[0].id)
    # marked, not unlinked: a moved folder that comes back is re-linked at the next start
    assert [r.recording for r in records2] == [r.recording for r in records]
    assert [r.recording_status for r in records2] == ["missing", "mismatch"]
    assert not part.exists() and not stray.exists()
    assert (tmp_path / "data" / "recovered" / part.parent.name / part.name).is_file()
    # the unfinished call can be continued from home
    assert window2.home.resume_card.isVisibleTo(window2.home) is False  # call was completed


def test_continue_where_i_stopped(make_app, qtbot):
    ctx, window, _ = make_app(port=NullPort())
    start(qtbot, window, "angry-caller")
    press(qtbot, window, KEYS["space"])
    type_reply(qtbot, window, "非常抱歉，您的心情我非常理解，我马上帮您处理，好吗？")
    wait_phase(qtbot, window, "feedback")
    press(qtbot, window, KEYS["esc"])  # hang up after one turn
    assert window.current_page() == "summary"
    window.close()
    ctx2, window2, _ = make_app(port=NullPort())
    assert window2.home.resume_card.isVisibleTo(window2.home)
    assert "宽带断网三天的愤怒客户" in window2.home.resume_text.text()
    press(qtbot, window2, KEYS["c"])
    assert window2.current_page() == "call"
    wait_phase(qtbot, window2, "listening")
    assert "八七六五四三二一" in window2.call.conversation.toPlainText()  # turn 2's caller line
    type_reply(qtbot, window2, "您申告的障碍我们已受理了，将在24小时内为您修复。")
    wait_phase(qtbot, window2, "feedback")
    record = shown(window2)
    assert record.seq == 2 and record.result.turn == 2 and record.passed
    attempts = history(ctx2)
    assert len(attempts) == 1 and attempts[0].turn_count == 2


def test_settings_switch_language_and_microphone(make_app, qtbot, tmp_path):
    ctx, window, _ = make_app(["date-good-t1"])
    window.navigate.emit("settings")
    assert window.current_page() == "settings"
    view = window.settings
    view.language.setCurrentIndex(view.language.findData("en"))
    view.save_button.click()
    assert window.nav.item(1).text() == "History"
    assert window.home.heading.text() == "Pick a scenario to practise"
    saved = ctx.settings_store.load()
    assert saved.language == "en"
    view.model.setCurrentIndex(3)
    assert view.model_dir.isEnabled()
    view.model_dir.setText(str(tmp_path / "my-model"))
    view.auto.setValue(0)
    view.save_button.click()
    assert ctx.settings_store.load().model == str(tmp_path / "my-model")
    window.navigate.emit("home")
    assert window.current_page() == "home"


def test_microphone_lost_mid_reply_falls_back_to_typing(make_app, qtbot, tmp_path):
    from simulator.app.services.device_port import DevicePort
    from simulator.audio.fake import FileAudioBackend
    from tests.app.fakes import reply

    backend = FileAudioBackend(speed=8.0, lose_device_after_s=1.5)
    port = DevicePort(backend, sources=[reply("date-good-t1")], recordings_dir=tmp_path / "t")
    ctx, window, _ = make_app(port=port)
    start(qtbot, window, "date-invitation")
    press(qtbot, window, KEYS["space"])
    qtbot.waitUntil(lambda: window.call.typed_row.isVisible(), timeout=20000)
    assert "断开" in window.call.conversation.toPlainText()
    type_reply(qtbot, window, "非常感谢您的好意，我正在工作，很抱歉不能接受您的邀请。")
    wait_phase(qtbot, window, "feedback")
    assert shown(window).mode == "typed"
