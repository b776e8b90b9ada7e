"""A quiz answer said aloud ("say it" questions, or a rewrite said instead of typed): the take is
recorded through the audio service, transcribed by the app's speech model and graded by
``services.quizzes.answer`` on the model lane, like a typed answer (the transcript's words and
the words the recogniser was unsure of; no delivery measures). No microphone or no speech model:
the question says why and is typed. The recording itself is not kept (the transcript is)."""

from __future__ import annotations

import itertools
import logging

from simulator.app.context import AppContext
from simulator.app.i18n import message
from simulator.core.quiz_grading import AnswerError, Heard
from simulator.services.session import PermissionDenied

log = logging.getLogger(__name__)

# Take tokens of their own, never equal to the call controller's (which count from 1).
_TOKENS = itertools.count(1_000_001)


class SpeechFailed(RuntimeError):
    """The speech model could not transcribe the take (the cause is chained)."""


def voice_state(ctx: AppContext) -> tuple[str, str | None, dict]:
    """The voice box's state before recording: (state, string id, fields)."""
    if ctx.audio_reason is not None:
        return "unavailable", "quiz.no_mic", {"msg": message(ctx.audio_reason)}
    if ctx.model_state == "failed":
        return "unavailable", "quiz.no_model", {"msg": message(ctx.model_error)}
    if ctx.model_state != "ready":
        return "idle", "quiz.model_loading", {}
    return "idle", None, {}


def caller_line(ctx: AppContext, question) -> str:
    """The caller's line a "say" question answers ("" while the scenarios load)."""
    if question.type != "say" or ctx.catalog is None:
        return ""
    try:
        return ctx.catalog.scenario(question.scenario_id).turn(question.turn_id).caller.text
    except Exception:  # noqa: BLE001 - checked by `simulator validate`; shown without it
        log.warning("no caller line for %s turn %s", question.scenario_id, question.turn_id)
        return ""


class VoiceAnswer:
    """The recording and transcription of one spoken answer at a time, for the quiz controller
    (``quiz``), which owns the run and shows the feedback."""

    def __init__(self, ctx: AppContext, quiz):
        self.ctx = ctx
        self.quiz = quiz
        self.token: int | None = None  # the take in progress
        audio = ctx.audio
        audio.level.connect(self._on_level)
        audio.take_ready.connect(self._on_take)
        audio.take_failed.connect(self._on_take_failed)

    def offer(self) -> None:
        """A question that may be said is shown: say whether it can be."""
        state, key, fields = voice_state(self.ctx)
        self.quiz.view.set_voice(state, key, **fields)

    def record(self) -> None:
        quiz = self.quiz
        if quiz.run is None or quiz.waiting or self.token is not None:
            return
        state, key, fields = voice_state(self.ctx)
        if state == "unavailable" or key == "quiz.model_loading":
            quiz.view.set_voice(state, key, **fields)
            return
        self.token = next(_TOKENS)
        quiz.view.set_voice("recording")
        self.ctx.audio.start_take(self.token, max_s=45.0)

    def stop(self) -> None:
        if self.token is not None:
            self.ctx.audio.end_take()

    def cancel(self) -> None:
        """The trainee left the question: its take is dropped."""
        if self.token is not None:
            self.token = None
            self.ctx.audio.cancel_take()

    def _on_level(self, token: int, value: float) -> None:
        if token == self.token:
            self.quiz.view.set_level(value)

    def _on_take_failed(self, token: int, msg: str) -> None:
        if token != self.token:
            return
        self.token = None
        log.warning("recording a quiz answer failed: %s", msg)
        self.quiz.view.set_voice("problem", "quiz.mic_failed", msg=message(msg))

    def _on_take(self, token: int, take) -> None:
        if token != self.token:
            return
        self.token = None
        self.ctx.audio.take_finished()
        view = self.quiz.view
        if take.ended_by == "error":
            log.warning("the microphone failed mid-answer: %s", take.error or "no cause given")
            view.set_voice("problem", "quiz.mic_failed", msg=take.error or "?")
            return
        if take.ended_by == "no_speech" or take.speech_start_s is None:
            view.set_voice("problem", "quiz.no_speech")
            return
        self._grade(take)

    def _grade(self, take) -> None:
        quiz, ctx = self.quiz, self.ctx
        quizzes, who, speech = ctx.services.quizzes, ctx.session, ctx.speech
        run, item = quiz.run, quiz.run.items[quiz.index]

        def work():
            try:
                heard = speech.hear(take.audio, caller_end_s=0.0)
            except Exception as exc:
                raise SpeechFailed(str(exc) or type(exc).__name__) from exc
            text = (heard.text or "").strip()
            if not text:
                return text, None
            said = Heard(text, tuple(heard.unsure)) if item.type == "say" else text
            return text, quizzes.answer(who, run.quiz_id, item.index, said)

        def graded(out) -> None:
            quiz.waiting = False
            if run is not quiz.run:  # the trainee left this quiz meanwhile
                return
            text, fb = out
            if fb is None:
                quiz.view.set_voice("problem", "quiz.no_speech")
                return
            quiz.view.set_voice("idle")
            quiz.show_feedback(fb, heard=text)

        def failed(exc: BaseException) -> None:
            quiz.waiting = False
            msg = str(exc) or type(exc).__name__
            if isinstance(exc, SpeechFailed):
                log.error("transcribing a quiz answer failed: %s", exc.__cause__ or msg)
                quiz.view.set_voice("problem", "quiz.hear_failed", msg=message(msg))
                return
            if not isinstance(exc, AnswerError | PermissionDenied):
                log.error("quiz: %s", msg)
            quiz.view.set_voice("problem", "quiz.failed", msg=message(msg))

        quiz.waiting = True
        quiz.view.set_voice("transcribing")
        ctx.runner.run("model", work, graded, failed, name="quiz_spoken_answer")
