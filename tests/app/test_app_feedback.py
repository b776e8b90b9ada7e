"""What a new user tripped over, fixed: feedback waits for the trainee (retry stays there), the
score breakdown names categories, a new feedback opens at its top, the outcome agrees with the
branch, citations name the manual and quote it, a reply box that holds a real reply, rewrites
fitted to the turn, the real data folder, full-width punctuation, a silent caller's card, the
microphone check's state, a lost microphone's cause, and missing recordings said wherever
they are shown."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from simulator.app.services.audio_ports import NullPort
from tests.app.conftest import KEYS, history, phase, press, shown, turns, wait_phase
from tests.app.test_app_calls import start
from tests.app.test_app_modes import type_reply

BAD = "你怎么这么多事啊，我不是跟你说过了吗？又不是我弄坏的。"
GOOD = "非常抱歉,您的心情我非常理解,我马上帮您处理,好吗?"  # as the recogniser writes it


def labels(widget) -> list[str]:
    QApplication.processEvents()  # widgets added to a shown page are shown by the event loop
    return [lab.text() for lab in widget.findChildren(QLabel) if lab.isVisibleTo(widget)]


def test_feedback_waits_for_the_trainee_after_a_failed_reply(make_app, qtbot):
    ctx, window, controller = make_app(port=NullPort(), auto_continue=1.0)  # opted in
    start(qtbot, window, "angry-caller")
    press(qtbot, window, KEYS["space"])
    type_reply(qtbot, window, BAD)
    wait_phase(qtbot, window, "feedback")
    assert not shown(window).passed
    qtbot.wait(1500)  # longer than the hands-free pause: a failed reply never moves on by itself
    assert phase(window) == "feedback" and window.call.countdown.text() == ""
    assert window.call.retry_button.isEnabled() and window.call.next_button.isEnabled()
    press(qtbot, window, KEYS["r"])
    type_reply(qtbot, window, GOOD)
    wait_phase(qtbot, window, "feedback")
    assert shown(window).passed
    assert window.call.countdown.text().startswith("1 秒后继续")  # opted in, reply passed
    qtbot.waitUntil(lambda: phase(window) != "feedback", timeout=10000)


def test_feedback_stays_by_default(make_app, qtbot):
    ctx, window, controller = make_app(port=NullPort())
    assert ctx.settings.auto_next_s == 0
    start(qtbot, window, "angry-caller")
    press(qtbot, window, KEYS["space"])
    type_reply(qtbot, window, GOOD)
    wait_phase(qtbot, window, "feedback")
    qtbot.wait(300)
    assert phase(window) == "feedback" and window.call.countdown.text() == ""


def test_the_breakdown_names_categories_and_the_outcome_follows_the_branch(make_app, qtbot):
    ctx, window, controller = make_app(port=NullPort())
    start(qtbot, window, "angry-caller")
    press(qtbot, window, KEYS["space"])
    type_reply(qtbot, window, BAD)
    wait_phase(qtbot, window, "feedback")
    texts = labels(window.call.feedback)
    for category in ("commanding", "sarcastic", "impolite_address", "off_protocol", "filler"):
        assert not any(category in t for t in texts), (category, texts)
    details = [lab.text() for lab in window.call.feedback.findChildren(QLabel, "criterionDetail")]
    assert any("命令语气 1 处" in d for d in details), details
    assert any(d.startswith("缺少：致歉") for d in details), details
    outcome = window.call.feedback.findChild(QLabel, "outcome").text()
    assert outcome == "用了禁用语或不当语气，客户情绪升级。"
    press(qtbot, window, KEYS["n"])
    wait_phase(qtbot, window, "listening")
    assert "你这是什么态度" in window.call.conversation.toPlainText()  # the angry branch it said


def test_citations_name_the_manual_and_quote_it(make_app, qtbot):
    ctx, window, controller = make_app(port=NullPort())
    start(qtbot, window, "angry-caller")
    press(qtbot, window, KEYS["space"])
    type_reply(qtbot, window, BAD)
    wait_phase(qtbot, window, "feedback")
    texts = labels(window.call.feedback)
    assert not any(".txt" in t for t in texts), texts
    source = window.call.feedback.findChild(QLabel, "answerSource").text()
    assert source.startswith("出处：《呼叫中心设计与规范》：「") and source.endswith("」")
    assert any(t.startswith("出处：《") for t in texts if "「" not in t)  # the rules' manuals


def test_rewrites_fit_the_turn(make_app, qtbot):
    ctx, window, controller = make_app(port=NullPort())
    start(qtbot, window, "angry-caller")
    press(qtbot, window, KEYS["space"])
    type_reply(qtbot, window, BAD)
    wait_phase(qtbot, window, "feedback")
    record = shown(window)
    answers = {a.text for a in ctx.catalog.scenario("angry-caller").turn(1).model_answers}
    shirking = next(v for v in record.result.violations if v.text.startswith("又不是我"))
    assert shirking.rewrite in answers and shirking.rewrite_from == "model_answer"
    assert shirking.suggestion.startswith("您反映的问题我已详细记录")  # the rule's, not shown
    quoted = [lab.text() for lab in window.call.feedback.findChildren(QLabel, "quoted")]
    assert any(shirking.rewrite in t for t in quoted)
    assert not any(shirking.suggestion in t for t in quoted)


def test_new_feedback_opens_at_its_top(make_app, qtbot):
    ctx, window, controller = make_app(port=NullPort())
    window.resize(1024, 640)
    start(qtbot, window, "angry-caller")
    press(qtbot, window, KEYS["space"])
    type_reply(qtbot, window, BAD)
    wait_phase(qtbot, window, "feedback")
    bar = window.call.feedback.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5000)
    bar.setValue(bar.maximum())
    press(qtbot, window, KEYS["r"])
    type_reply(qtbot, window, BAD)
    wait_phase(qtbot, window, "feedback")
    assert bar.value() == 0
    press(qtbot, window, KEYS["esc"])
    summary_bar = window.summary.feedback.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: summary_bar.maximum() > 0, timeout=5000)
    summary_bar.setValue(summary_bar.maximum())
    window.summary.show_call(window.summary.summary)
    assert summary_bar.value() == 0


def test_the_reply_box_holds_a_reply_and_sends_on_ctrl_enter(make_app, qtbot):
    ctx, window, controller = make_app(port=NullPort())
    window.resize(1280, 800)
    start(qtbot, window, "date-invitation")
    press(qtbot, window, KEYS["space"])
    wait_phase(qtbot, window, "listening")
    box = window.call.typed_input
    QApplication.processEvents()
    lines = box.height() / box.fontMetrics().lineSpacing()
    assert lines >= 4 and box.width() >= window.call.conversation.width() - 2, (box.size(), lines)
    assert box.width() > 300
    commit = QInputMethodEvent()
    commit.setCommitString("非常感谢您的好意，")
    QApplication.sendEvent(box, commit)
    qtbot.keyClick(box, Qt.Key.Key_Return)  # a new line, not sent
    assert phase(window) == "listening" and box.toPlainText().endswith("\n")
    assert "Ctrl+Enter" in window.call.send_button.text()
    commit = QInputMethodEvent()
    commit.setCommitString("我正在工作，很抱歉不能接受您的邀请。")
    QApplication.sendEvent(box, commit)
    qtbot.keyClick(box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_phase(qtbot, window, "feedback")
    assert shown(window).passed and box.toPlainText() == ""


def test_transcripts_show_full_width_punctuation(make_app, qtbot):
    ctx, window, controller = make_app(port=NullPort())
    start(qtbot, window, "angry-caller")
    press(qtbot, window, KEYS["space"])
    type_reply(qtbot, window, GOOD)
    wait_phase(qtbot, window, "feedback")
    said = window.call.feedback.findChild(QLabel, "transcript").text()
    assert "，" in said and "," not in said and said.endswith("？")
    assert "非常抱歉，您的心情" in window.call.conversation.toPlainText()


def test_a_silent_callers_card_has_no_gender_or_age(make_app, qtbot):
    ctx, window, controller = make_app(port=NullPort())
    start(qtbot, window, "silent-call")
    facts = window.call.caller_facts.text()
    assert "女" not in facts and "岁" not in facts and "无声" in facts


def test_the_best_score_is_the_best_try(make_app, qtbot):
    ctx, window, controller = make_app(port=NullPort())
    start(qtbot, window, "angry-caller")
    press(qtbot, window, KEYS["space"])
    type_reply(qtbot, window, GOOD)
    wait_phase(qtbot, window, "feedback")
    good = shown(window).score
    press(qtbot, window, KEYS["r"])
    type_reply(qtbot, window, BAD)  # the retry goes worse
    wait_phase(qtbot, window, "feedback")
    press(qtbot, window, KEYS["esc"])
    assert history(ctx)[0].score < good  # the attempt counts the last try …
    window.summary.go_home.emit()
    assert window.home.stats["angry-caller"]["best"] == good  # … the best score the best one
    window.home.select("angry-caller")
    assert str(good) in window.home.detail_best.text()


def test_the_data_folder_in_use_is_shown(make_app, qtbot):
    ctx, window, controller = make_app(port=NullPort())
    window.navigate.emit("settings")
    view = window.settings
    assert view.data_dir.text() == ""  # not chosen: the default applies …
    assert str(ctx.services.data_dir) in view.data_in_use.text()  # … and this is the one used
    assert view.data_dir.placeholderText().endswith(str(Path(ctx.settings_store.folder)))


def test_the_microphone_check_says_when_it_stopped(make_app, qtbot):
    ctx, window, controller = make_app(["date-good-t1"])
    home = window.home
    home.mic_button.click()
    assert home.mic_status.text() == "正在监听…请说话。"
    home.mic_button.click()
    assert home.mic_status.text() == "说几句话，电平条应随声音跳动。"
    home.mic_button.click()
    window.navigate.emit("history")  # leaving the page stops the check …
    window.navigate.emit("home")
    assert not home.mic_button.isChecked()
    assert home.mic_status.text() == "说几句话，电平条应随声音跳动。"  # … and says so


def test_a_lost_microphone_says_why(make_app, qtbot, caplog):
    ctx, window, controller = make_app(["date-good-t1"])
    start(qtbot, window, "date-invitation")
    press(qtbot, window, KEYS["space"])
    wait_phase(qtbot, window, "listening")
    take = SimpleNamespace(
        ended_by="error",
        error="USB Audio Device: device unplugged",
        path=None,
        audio=None,
        speech_start_s=None,
    )
    ctx.audio.take_ready.emit(controller.call.token, take)
    text = window.call.conversation.toPlainText()
    assert "USB Audio Device: device unplugged" in text and "打字回复" in text
    assert any("device unplugged" in r.getMessage() for r in caplog.records)
    assert window.call.typed_row.isVisible()


def test_a_missing_recording_is_said_with_the_data_folder(make_app, qtbot):
    ctx, window, controller = make_app(["date-good-t1"])
    start(qtbot, window, "date-invitation")
    press(qtbot, window, KEYS["space"])
    wait_phase(qtbot, window, "feedback")
    press(qtbot, window, KEYS["esc"])
    window.close()
    (record,) = turns(ctx, history(ctx)[0].id)
    Path(record.recording).unlink()  # moved away, say
    ctx2, window2, _ = make_app()
    data = str(ctx2.services.data_dir)
    banner = window2.banners["missing"]
    assert (
        banner.isVisible() and "1 段练习录音" in banner.text.text() and data in banner.text.text()
    )
    window2.navigate.emit("history")
    window2.history.table.selectRow(0)
    lost = window2.history.findChild(QLabel, "recordingLost")
    assert lost is not None and record.recording in lost.text() and data in lost.text()
    window2.history.open_button.click()
    feedback = window2.summary.feedback
    assert data in feedback.findChild(QLabel, "recordingLost").text()
    assert not feedback.findChild(QPushButton, "playMine").isEnabled()


def test_a_level_that_arrives_after_the_check_stopped_is_not_shown(make_app, qtbot):
    ctx, window, controller = make_app(["date-good-t1"])
    home = window.home
    home.mic_button.click()
    home.mic_button.click()
    ctx.audio.monitor_level.emit(0.8)  # queued by the device before it stopped
    assert home.meter._level == 0
