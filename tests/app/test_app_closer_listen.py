"""The closer listen on the call screen: after the fast (greedy) result of a spoken reply the
take is heard again at beam 5; a changed verdict updates the feedback with a plain note, the
branch follows the final verdict, and the stored turn carries it with the first one beside it.
A closer listen that fails says so and the first result stands. The fake speech service hears
the reply's known text; what the closer listen hears instead is scripted."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel

from simulator.app import i18n
from simulator.app.services.speech import Heard
from simulator.app.trainer.views.review_turn import TurnPanel
from simulator.core.overrides import effective
from simulator.services.overrides import TurnReview
from tests.app.conftest import KEYS, file_mic, history, press, shown, turns, wait_phase
from tests.app.fakes import REPLY_TEXT, FileSpeech
from tests.app.test_app_calls import start
from tests.app.test_app_english import chinese_left, conversation_left


class FastMisheard(FileSpeech):
    """The live (fast) decode hears an impatient reply where a good one was said."""

    def hear(self, audio, caller_end_s=None, checkpoint=None) -> Heard:
        heard = super().hear(audio, caller_end_s, checkpoint)
        heard.text = REPLY_TEXT["angry-bad-t1"]
        return heard


def _notes(window) -> list[str]:
    QApplication.processEvents()
    feedback = window.call.feedback
    return [lab.text() for lab in feedback.findChildren(QLabel, "closerNote")]


def _system_lines(window) -> list[str]:
    return [text for who, text, _ in window.call.lines if who == "system"]


def test_a_closer_listen_that_changes_the_verdict_updates_the_call_screen(
    make_app, qtbot, tmp_path
):
    port = file_mic(["angry-good-t1", "angry-good-t2"], 8.0, tmp_path)
    speech = FastMisheard(port)
    speech.closer = {"angry-good-t1": REPLY_TEXT["angry-good-t1"]}  # heard right at beam 5
    ctx, window, _ = make_app(port=port, speech=speech)
    start(qtbot, window, "angry-caller")
    press(qtbot, window, KEYS["space"])
    wait_phase(qtbot, window, "feedback")
    record = shown(window)
    assert record.passed and record.first_hearing["passed"] is False
    assert any(
        line.startswith("细听后更新：结论由“未通过”改为“通过”") for line in _system_lines(window)
    )
    assert any("第一次听到的结论是“未通过”" in note for note in _notes(window))
    assert "细听后更新" in window.call.status_detail.text()
    press(qtbot, window, KEYS["n"])  # the branch of the final verdict: the calm turn 2
    wait_phase(qtbot, window, "feedback")
    assert shown(window).result.turn == 2
    press(qtbot, window, KEYS["esc"])
    attempt = history(ctx)[0]
    first = turns(ctx, attempt.id)[0]
    assert first.id == record.id and first.passed
    assert first.first_hearing["passed"] is False and first.first_hearing["beam"] == 1
    assert first.result.timings["closer_changed"] == 1.0
    panel = TurnPanel()  # what a trainer reviewing the turn sees
    qtbot.addWidget(panel)
    panel.show_turn(TurnReview(first, (), effective(first.result, ())))
    said = f"第一次听到的结论是“未通过”（{first.first_hearing['score']} 分）"
    assert said in panel.verdicts.text()


def test_the_same_verdict_is_kept_and_said_to_stand(make_app, qtbot, tmp_path):
    ctx, window, _ = make_app(["angry-good-t1"])
    start(qtbot, window, "angry-caller")
    press(qtbot, window, KEYS["space"])
    wait_phase(qtbot, window, "feedback")
    assert shown(window).first_hearing is None and not _notes(window)
    assert "细听后结果不变" in window.call.status_detail.text()
    assert ctx.speech.closely == [REPLY_TEXT["angry-good-t1"]]


def test_a_failed_closer_listen_is_shown_and_the_first_result_stands(make_app, qtbot, tmp_path):
    port = file_mic(["angry-good-t1"], 8.0, tmp_path)
    speech = FastMisheard(port)
    speech.closer = {"angry-good-t1": RuntimeError("解码器出错")}
    ctx, window, _ = make_app(port=port, speech=speech)
    start(qtbot, window, "angry-caller")
    press(qtbot, window, KEYS["space"])
    wait_phase(qtbot, window, "feedback")
    assert not shown(window).passed and shown(window).first_hearing is None
    assert "细听没有完成：解码器出错。结果以第一次评分为准。" in _system_lines(window)
    press(qtbot, window, KEYS["esc"])
    (turn,) = turns(ctx, history(ctx)[0].id)
    assert not turn.passed and turn.first_hearing is None


def test_the_note_in_english(make_app, qtbot, tmp_path):
    port = file_mic(["angry-good-t1"], 8.0, tmp_path)
    speech = FastMisheard(port)
    speech.closer = {"angry-good-t1": REPLY_TEXT["angry-good-t1"]}
    _, window, _ = make_app(port=port, speech=speech, language="en")
    try:
        start(qtbot, window, "angry-caller")
        press(qtbot, window, KEYS["space"])
        wait_phase(qtbot, window, "feedback")
        assert any(
            line.startswith("Updated after a closer listen: Not passed → Passed")
            for line in _system_lines(window)
        )
        assert any("first heard as Not passed" in note for note in _notes(window))
        assert chinese_left(window) == [] and conversation_left(window) == []
    finally:
        i18n.set_language("zh")
