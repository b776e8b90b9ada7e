"""Quiz questions said aloud: a "say it" question recorded through the fake microphone (a real
reply file), transcribed on the model lane and graded, with the transcript shown; a rewrite
said instead of typed; and, without a microphone or a speech model, the question says why and
is answered by typing. Properties only: a verdict and a transcript, never the exact words."""

from __future__ import annotations

from simulator.app import i18n
from simulator.app.services.audio_ports import NullPort
from tests.app.fakes import BrokenSpeech
from tests.app.test_app_english import chinese_left, han
from tests.app.test_app_quiz import _open_quiz, right_answer, trainee  # noqa: F401 - fixture

VERDICTS = {"回答正确", "回答错误", "Correct", "Not right"}


def _to_first(qtbot, ctx, view, controller, kind: str):
    """Answer the questions before the first of type ``kind`` rightly; return it."""
    for shown in controller.quiz.run.items:
        if shown.type == kind:
            return shown
        view.box.give(right_answer(ctx, shown))
        view.submit_button.click()
        qtbot.waitUntil(lambda: view._feedback is not None, timeout=20000)
        view.next_button.click()
    raise AssertionError(f"no {kind} question drawn")


def _attitude(ctx) -> int:
    return len(ctx.services.resources.banks.by_topic("attitude"))


def test_a_say_question_is_recorded_transcribed_and_graded(make_app, trainee, qtbot):  # noqa: F811
    ctx, window, controller = make_app(["angry-good-t1"], session=trainee)
    assert ctx.model_state == "ready" and ctx.audio_reason is None
    view = _open_quiz(window, ["attitude"], _attitude(ctx))
    shown = _to_first(qtbot, ctx, view, controller, "say")
    q = ctx.services.resources.banks.question(shown.question_id)
    caller = ctx.catalog.scenario(q.scenario).turn(q.turn).caller.text
    assert caller in view.box.findChild(type(view.prompt), "quoted").text()
    voice = view.box.voice
    assert not voice.record_button.isHidden() and voice.record_button.isEnabled()
    assert view.box.text.isHidden() and view.submit_button.isHidden()  # said, not typed
    voice.record_button.click()
    assert voice.state in ("recording", "transcribing", "idle")
    qtbot.waitUntil(lambda: view._feedback is not None, timeout=30000)
    assert view.feedback.verdict.text() in VERDICTS
    heard = view.feedback.heard.text()
    assert not view.feedback.heard.isHidden() and han(heard)  # a transcript, in Chinese
    assert ("model", "quiz_spoken_answer") in ctx.runner.ran
    assert not voice.record_button.isEnabled()  # answered: nothing more to record
    # kept like a typed answer, with what was heard
    [row] = ctx.services.db.query(
        "SELECT transcript, type FROM quiz_answers WHERE question_id = ?", [q.id]
    )
    assert row["type"] == "say" and han(row["transcript"])


def test_a_rewrite_can_be_said_instead_of_typed(make_app, trainee, qtbot):  # noqa: F811
    ctx, window, controller = make_app(["angry-good-t1"], session=trainee)
    view = _open_quiz(window, ["attitude"], _attitude(ctx))
    _to_first(qtbot, ctx, view, controller, "rewrite")
    assert not view.box.text.isHidden()  # typed first
    view.box.voice.record_button.click()
    qtbot.waitUntil(lambda: view._feedback is not None, timeout=30000)
    assert view.feedback.verdict.text() in VERDICTS
    assert han(view.feedback.heard.text())


def test_without_a_microphone_the_question_says_why_and_is_typed(make_app, trainee, qtbot):  # noqa: F811
    ctx, window, controller = make_app(port=NullPort(), session=trainee)
    assert ctx.audio_reason is not None
    view = _open_quiz(window, ["attitude"], _attitude(ctx))
    shown = _to_first(qtbot, ctx, view, controller, "say")
    voice = view.box.voice
    assert voice.record_button.isHidden()
    assert i18n.message(ctx.audio_reason) in view.voice_text()  # says why
    assert not view.box.text.isHidden() and not view.submit_button.isHidden()
    view.box.give(right_answer(ctx, shown))
    view.submit_button.click()
    qtbot.waitUntil(lambda: view._feedback is not None, timeout=20000)
    assert view.feedback.verdict.text() == "回答正确"
    assert view.feedback.heard.isHidden()  # typed: no transcript


def test_without_a_speech_model_the_question_says_why_in_english(make_app, trainee, qtbot):  # noqa: F811
    ctx, window, controller = make_app(
        ["angry-good-t1"], speech=BrokenSpeech(), session=trainee, language="en"
    )
    try:
        assert ctx.model_state == "failed"
        view = _open_quiz(window, ["attitude"], _attitude(ctx))
        _to_first(qtbot, ctx, view, controller, "say")
        assert "Speech recognition is unavailable" in view.voice_text()
        assert "Model folder not found" in view.voice_text()  # the cause, in English
        assert not view.box.text.isHidden()
        assert chinese_left(view) == []  # the quiz page (the app's own banner quotes the cause)
    finally:
        i18n.set_language("zh")


def test_nothing_said_asks_again_and_typing_stays_open(make_app, trainee, qtbot):  # noqa: F811
    ctx, window, controller = make_app(["angry-good-t1"], session=trainee)
    view = _open_quiz(window, ["attitude"], _attitude(ctx))
    _to_first(qtbot, ctx, view, controller, "say")
    voice = controller.quiz.voice
    token = 1_999_999  # a take that heard nothing, as the audio service reports it
    voice.token = token

    class Silent:
        ended_by, speech_start_s, error, audio = "no_speech", None, None, None

    ctx.audio.take_ready.emit(token, Silent())
    qtbot.waitUntil(lambda: view.box.voice.state == "problem", timeout=5000)
    assert view.voice_text() == i18n.tr("quiz.no_speech")
    assert view.box.voice.record_button.isEnabled() and not view.box.voice.type_button.isHidden()
    view.box.voice.type_button.click()
    assert not view.box.text.isHidden()


def test_ctrl_enter_on_a_say_question_records_and_never_skips(make_app, trainee, qtbot):  # noqa: F811
    from PySide6.QtCore import Qt

    ctx, window, controller = make_app(["angry-good-t1"], session=trainee)
    view = _open_quiz(window, ["attitude"], _attitude(ctx))
    shown = _to_first(qtbot, ctx, view, controller, "say")
    view.box.setFocus()
    qtbot.keyClick(view.box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert controller.quiz.run.items[controller.quiz.index] is shown  # still this question
    qtbot.waitUntil(lambda: view._feedback is not None, timeout=30000)  # it was recorded
    assert han(view.feedback.heard.text())


def test_leaving_the_page_while_recording_drops_the_take(make_app, trainee, qtbot):  # noqa: F811
    ctx, window, controller = make_app(["angry-good-t1", "angry-good-t2"], session=trainee)
    view = _open_quiz(window, ["attitude"], _attitude(ctx))
    _to_first(qtbot, ctx, view, controller, "say")
    view.box.voice.record_button.click()
    assert view.box.voice.state == "recording"
    window.navigate.emit("history")
    assert controller.quiz.voice.token is None and view.box.voice.state == "idle"
    window.navigate.emit("quiz")
    view.box.voice.record_button.click()  # it can be recorded again
    qtbot.waitUntil(lambda: view._feedback is not None, timeout=30000)
    assert view.feedback.verdict.text() in VERDICTS
