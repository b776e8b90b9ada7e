"""The call controller's early passes through the scheduler, on the synchronous task runner and
the fake microphone: a failing early pass is logged with its cause and the final pass still
grades (the trainee is not told); a pass no speech followed is reused; only a failing final
pass is reported to the trainee; a long take's piece decoded at a pause is joined with the tail
through the real speech service."""

from __future__ import annotations

import logging

from tests.app.conftest import KEYS, phase, press, shown, wait_phase
from tests.app.fakes import FileSpeech
from tests.app.test_app_calls import start


class PhasedSpeech(FileSpeech):
    """Hears the file's text; ``fail_while`` names the call phase in which hearing raises
    (early passes run while the trainee is still 'listening', the final one while 'thinking')."""

    def __init__(self, port, fail_while: str | None = None):
        super().__init__(port)
        self.fail_while = fail_while
        self.window = None
        self.calls: list[str] = []  # the phase of each call

    def hear(self, audio, caller_end_s=None, checkpoint=None):
        now = phase(self.window)
        self.calls.append(now)
        if now == self.fail_while:
            raise RuntimeError(f"the model failed while {now}")
        return super().hear(audio, caller_end_s, checkpoint)

    def hear_closely(self, audio, checkpoint=None):
        """The closer listen after the result: the file's text, not counted in ``calls``."""
        return FileSpeech.hear(self, audio, checkpoint=checkpoint)


def _app(make_app, fail_while=None):
    ctx, window, controller = make_app(["angry-good-t1"])
    speech = PhasedSpeech(ctx.audio.port, fail_while)
    speech.window = window
    ctx.speech = speech
    return ctx, window, controller, speech


def _system_lines(window) -> str:
    return "".join(said for who, said, _extra in window.call.lines if who == "system")


def test_a_failing_early_pass_is_logged_and_the_final_pass_grades(make_app, qtbot, caplog):
    ctx, window, controller, speech = _app(make_app, fail_while="listening")
    start(qtbot, window, "angry-caller")
    with caplog.at_level(logging.WARNING):
        press(qtbot, window, KEYS["space"])
        wait_phase(qtbot, window, "feedback")
    assert speech.calls.count("listening") >= 1  # early passes ran, and failed
    assert speech.calls[-1] == "thinking"  # the final pass transcribed the whole take
    record = shown(window)
    assert record.passed and record.result.transcript
    assert "early_pass" not in record.heard_timings
    assert "the model failed while listening" in caplog.text
    assert "final pass" in caplog.text
    assert "failed" not in _system_lines(window)  # the trainee is not bothered with it


def test_the_last_early_pass_is_reused_when_no_speech_followed(make_app, qtbot):
    ctx, window, controller, speech = _app(make_app)
    start(qtbot, window, "angry-caller")
    press(qtbot, window, KEYS["space"])
    wait_phase(qtbot, window, "feedback")
    assert speech.calls and set(speech.calls) == {"listening"}  # no final pass was needed
    record = shown(window)
    assert record.heard_timings["early_pass"] == 1.0 and record.passed
    assert controller.call.early.started == len(speech.calls)


def test_a_failing_final_pass_is_reported_to_the_trainee(make_app, qtbot):
    ctx, window, controller, speech = _app(make_app, fail_while="thinking")
    start(qtbot, window, "angry-caller")
    ctx.audio.paused.disconnect(controller.call._on_pause)  # no early pass: the final one runs
    press(qtbot, window, KEYS["space"])
    qtbot.waitUntil(lambda: "thinking" in speech.calls, timeout=20000)
    qtbot.waitUntil(lambda: "the model failed while thinking" in _system_lines(window))
    assert phase(window) == "listening"  # the trainee may answer again


def test_the_app_hears_a_long_take_in_pieces_through_its_speech_service():
    """The model-lane work of a long take (the real speech service over a scripted decoder):
    the piece decoded at a pause is reused, only the tail is decoded at the end of the turn,
    and the joined transcript is graded with its hearing."""
    from types import SimpleNamespace

    from simulator.app.practice.controllers.turns import SpeechHearer, hear_and_grade, run_early
    from simulator.app.services.speech import WhisperSpeech
    from simulator.core.catalog import load_catalog
    from simulator.core.grader import Grader
    from simulator.speech.early_pass import EarlyPassScheduler
    from simulator.speech.transcriber import Transcriber
    from tests.speech.scripted import Clock
    from tests.speech.test_long_replies import SR, PieceModel, _talk

    model = PieceModel()
    speech = WhisperSpeech()
    speech.transcriber = Transcriber(decoder=model.transcribe)
    ran = []
    runner = SimpleNamespace(run=lambda lane, work, done, failed, name: ran.append(work()))
    grader = Grader(load_catalog())
    ctx = SimpleNamespace(speech=speech, grader=grader, runner=runner)
    early = EarlyPassScheduler(clock=Clock())
    audio = _talk((13.0, 0.5), (5.0, 1.0))
    run_early(ctx, early, early.pause(13.0, audio[: int(13.3 * SR)]))
    assert ran[0].piece and ran[0].state == "done" and SpeechHearer(speech).speech is speech
    plan = early.end_of_turn(18.5)
    take = SimpleNamespace(audio=audio)
    scenario = next(iter(grader.catalog.scenarios))
    heard, result = hear_and_grade(ctx, scenario, None, take, plan, Clock())()
    assert [round(s, 1) for s, _ in model.calls] == [13.2, 6.5]  # the piece, then the tail only
    assert heard.text.startswith("第一段") and "第二段" in heard.text
    assert heard.timings["pieces"] == 2.0 and heard.hearing is not None
    assert result.transcript == heard.text


def test_the_app_rehearses_the_grading_after_an_early_pass_and_grades_alike():
    """With the turn's scenario, the model-lane task of an early pass also grades what the
    final step would give if the turn ended there (warming the grader); the final step still
    grades the whole take itself, to the same verdict."""
    from types import SimpleNamespace

    from simulator.app.practice.controllers.turns import hear_and_grade, run_early
    from simulator.app.services.speech import WhisperSpeech
    from simulator.core.catalog import load_catalog
    from simulator.core.grader import Grader
    from simulator.speech.early_pass import EarlyPassScheduler
    from simulator.speech.transcriber import Transcriber
    from tests.speech.scripted import Clock
    from tests.speech.test_long_replies import SR, PieceModel, _talk

    model = PieceModel()
    speech = WhisperSpeech()
    speech.transcriber = Transcriber(decoder=model.transcribe)
    real = Grader(load_catalog())
    graded = []

    def grade(*args, **kwargs):
        result = real.grade(*args, **kwargs)
        graded.append(result)
        return result

    grader = SimpleNamespace(grade=grade)
    runner = SimpleNamespace(run=lambda lane, work, done, failed, name: done(work()))
    ctx = SimpleNamespace(speech=speech, grader=grader, runner=runner)
    early = EarlyPassScheduler(clock=Clock())
    scenario = next(iter(real.catalog.scenarios))
    audio = _talk((13.0, 0.5), (5.0, 1.0))
    run_early(ctx, early, early.pause(13.0, audio[: int(13.3 * SR)]), scenario, None)
    assert len(graded) == 1 and graded[0].transcript.startswith("第一段")  # the piece so far
    early.voice()
    run_early(ctx, early, early.pause(18.0, audio[: int(18.3 * SR)]), scenario, None)
    assert len(graded) == 2 and "第二段" in graded[1].transcript  # the tail's pass, rehearsed
    plan = early.end_of_turn(18.0)
    heard, result = hear_and_grade(ctx, scenario, None, SimpleNamespace(audio=audio), plan)()
    assert len(model.calls) == 2  # the piece and the tail: the final step decoded nothing
    assert len(graded) == 3 and result.transcript == graded[1].transcript == heard.text
    assert result.passed == graded[1].passed
