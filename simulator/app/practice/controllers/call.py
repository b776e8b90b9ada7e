"""A practice call on screen: drives the call's state machine (``simulator.core.call.Call``)
and shows each phase through the call view's methods.

ringing → (answer) → caller line plays → listening (level meter, timers; early passes at pauses,
see ``simulator.speech.early_pass``; ends on ~0.8 s of silence or push-to-talk) → thinking
(reuse an early pass or transcribe, then grade, on the model lane) → turn feedback (the turn
and its recording are saved on the db lane) → the branch the reply earned, after the pause
``turn.timing.wait_after_s`` asks for → … → the call summary. Retry replays the same turn;
typed replies replace the microphone when there is none. Feedback stays until the trainee
moves on (hands-free moving on is opt-in, and never after a reply that did not pass).

Every write a call makes goes through its outbox: one that fails is shown on the turn (and in
the summary) with a retry, kept in ``pending/`` so that quitting does not lose it, and tried
again with the next write.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QObject, QTimer, Signal

from simulator.app.context import AppContext
from simulator.app.i18n import tr
from simulator.app.practice import wording
from simulator.app.practice.controllers.call_saving import CallSaving
from simulator.app.practice.controllers.closer import CloserListener, Held
from simulator.app.practice.controllers.hands_free import HandsFree
from simulator.app.practice.controllers.saving import CallSaver
from simulator.app.practice.controllers.turns import (
    CallSession,
    graded_record,
    hear_and_grade,
    run_early,
)
from simulator.app.qtutil import after
from simulator.core.call import Call
from simulator.speech.early_pass import EarlyPassScheduler

log = logging.getLogger(__name__)


class CallController(CallSaving, QObject):
    finished = Signal(object)  # CallSession, when the call ends or is hung up with turns
    abandoned = Signal()
    saves_changed = Signal(object)  # CallSession whose writes were saved or failed
    problem = Signal(str)  # a failure to show outside the call screen (the error banner)

    def __init__(self, ctx: AppContext, view, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.view = view
        self.session: CallSession | None = None
        self.token = 0
        self.latencies: list[float] = []
        self.early = EarlyPassScheduler()  # its pass-cost estimate lasts the session
        self._clock = QTimer(self)
        self._clock.setInterval(200)
        self._clock.timeout.connect(self._tick)
        self.hands_free = HandsFree(self)
        self.hands_free.counting.connect(view.set_countdown)
        self.hands_free.due.connect(self.next_turn)
        self.saver = CallSaver(ctx, self)
        self.saver.saved.connect(self._flushed)
        # after a spoken reply's fast result: its closer listen, the turn's write held for it
        self.closer = CloserListener(ctx, self._save_turn, self._closer_shown, self._closer_failed)
        self._feedback_detail = ""  # the detail line under the feedback (its timing)
        self._hint_on = False
        self._shown_record: str | None = None  # id of the turn in the feedback panel
        audio = ctx.audio
        audio.playback_done.connect(self._on_played)
        audio.level.connect(self._on_level)
        audio.speech_started.connect(self._on_speech)
        audio.paused.connect(self._on_pause)
        audio.resumed.connect(self._on_resume)
        audio.take_ready.connect(self._on_take)
        audio.take_failed.connect(self._on_take_failed)
        view.answer.connect(self.answer)
        view.hang_up.connect(self.hang_up)
        view.end_speech.connect(self.end_speech)
        view.typed_reply.connect(self.submit_typed)
        view.retry_turn.connect(self.retry_turn)
        view.next_turn.connect(self.next_turn)
        view.toggle_hint.connect(self.toggle_hint)
        view.retry_save.connect(self.retry_save)

    # ------------------------------------------------------------------ helpers
    @property
    def phase(self) -> str:
        return self.session.call.phase if self.session is not None else "ended"

    @property
    def call(self) -> Call | None:
        return self.session.call if self.session is not None else None

    def _new_token(self) -> int:
        self.token += 1
        return self.token

    def _tick(self) -> None:
        s = self.session
        if s is None:
            return
        self.view.pulse()
        response = None
        if self.phase == "listening" and s.listen_started is not None:
            response = (
                s.onset_s if s.onset_s is not None else time.perf_counter() - s.listen_started
            )
        self.view.set_timers(time.perf_counter() - s.started, response, s.seq)

    # ------------------------------------------------------------------ start
    def start(self, scenario_id: str, resume=None) -> None:
        catalog = self.ctx.catalog
        scenario = catalog.scenario(scenario_id)
        call = Call(
            scenario,
            catalog.scenario_pack.get(scenario_id, ""),
            typed=self.ctx.typed_only,
            attempt_id=resume.id if resume is not None else None,
        )
        self.closer.cancel("a new call")
        self.session = s = CallSession(call, who=self.ctx.session)
        self._shown_record = None
        self._new_token()
        self.view.show_scenario(scenario, call.typed)
        self._clock.start()
        if resume is None:
            self.view.set_phase("ringing")
            return
        practice, who = self.ctx.services.practice, self.ctx.session
        self.ctx.runner.run(
            "db",
            lambda: practice.attempt_turns(who, resume.id),
            lambda records: self._resumed(s, records, resume.next_turn),
            lambda exc: self._resume_failed(s, exc),
            name="load_attempt",
        )

    def _resumed(self, s: CallSession, records: list, next_turn: int) -> None:
        if s is not self.session or s.call.finished:
            return
        for record in records:
            self.view.add_line("caller", record.caller_text)
            self.view.add_line("agent", record.result.transcript, tr("call.points", n=record.score))
        self.view.add_line("system", tr("call.resumed"))
        s.call.resume(records, next_turn)
        self._turn_started()

    def _resume_failed(self, s: CallSession, exc: BaseException) -> None:
        msg = str(exc) or type(exc).__name__
        log.error("continuing attempt %s failed: %s", s.call.attempt_id, msg)
        if s is self.session and not s.call.finished:
            self.view.add_line("system", tr("call.resume_failed", msg=msg))
            self._stop_all()
            s.call.end("abandoned")
            self.view.set_phase("ended", tr("call.resume_failed", msg=msg))
            self.abandoned.emit()

    def answer(self) -> None:
        s = self.session
        if s is None or self.phase != "ringing":
            return
        s.call.answer()
        self._flush(s)  # the attempt row, before any turn
        s.started = time.perf_counter()
        self._turn_started()

    # ------------------------------------------------------------------ turns
    def _turn_started(self) -> None:
        """The call entered a turn (caller, or waiting before the caller speaks)."""
        s = self.session
        call = s.call
        self.closer.cancel("the next turn began")
        s.resumed_at = time.perf_counter() if call.records else None
        s.onset_s = None
        token = self._new_token()
        self.view.set_turn(call.turn)
        self.view.show_hint(self._hint_on)
        if call.phase == "waiting":
            delay = call.pause_s
            self.view.set_phase("waiting", tr("call.waiting_detail", s=f"{delay:g}"))
            after(self, int(delay * 1000), self._pause_over, token)
        else:
            self._play_caller(token)

    def _pause_over(self, token: int) -> None:
        if token != self.token or self.session is None or self.phase != "waiting":
            return
        self.session.call.caller_speaks()
        self._play_caller(token)

    def _play_caller(self, token: int) -> None:
        if token != self.token or self.session is None:
            return
        s = self.session
        self.view.set_phase("caller", tr("call.caller_detail"))
        self.view.add_line("caller", s.turn.caller.text)
        path = self.ctx.audio_path(s.turn.caller.audio, s.scenario.id)
        if path is None:  # not rendered yet: give the trainee time to read the line instead
            per_char = self.ctx.audio.reading_ms_per_char
            reading_ms = max(self.ctx.audio.missing_audio_ms, per_char * len(s.turn.caller.text))
            after(self, min(reading_ms, 8000), self._on_played, token)
        else:
            self.ctx.audio.play(path, token)

    def _on_played(self, token: int) -> None:
        if token != self.token or self.phase != "caller":
            return
        self._listen("line played")

    def _listen(self, why: str = "") -> None:
        s = self.session
        s.call.listen(why)
        s.listen_started = time.perf_counter()
        s.silence_before_s = s.listen_started - s.resumed_at if s.resumed_at is not None else None
        timing = s.turn.timing
        detail = ""
        if timing and timing.wait_before_s:
            detail = tr("call.wait_before", s=f"{timing.wait_before_s:g}")
        if s.typed:
            self.view.set_phase("listening", detail or tr("call.type_detail"))
            return
        self.view.set_phase("listening", detail or tr("call.listen_detail"))
        self.early.new_turn()
        s.takes += 1
        s.take_name = f"{s.call.key}/{s.seq:02d}-t{s.turn.id}-{s.takes}.wav"
        self.ctx.audio.start_take(self.token, path=self.ctx.recordings.folder / s.take_name)

    def _on_level(self, token: int, value: float) -> None:
        if token == self.token:
            self.view.set_level(value)

    def _on_speech(self, token: int, onset_s: float) -> None:
        if token == self.token and self.session is not None:
            self.session.onset_s = onset_s
            self.view.set_detail(tr("call.speaking_detail"))

    def talk_now(self) -> None:
        """Space while the caller's line plays: stop it and start listening at once."""
        if self.phase == "caller" and self.session is not None:
            self.ctx.audio.stop_playback()
            self._listen("talked over the line")

    def end_speech(self) -> None:
        if self.phase == "listening" and self.session and not self.session.typed:
            self.ctx.audio.end_take()

    def _on_take_failed(self, token: int, message: str) -> None:
        if token != self.token or self.session is None:
            return
        log.warning("recording failed: %s", message)
        self._to_typing(message)

    def _to_typing(self, message: str) -> None:
        s = self.session
        s.call.typed = True
        self.view.set_typed(True)
        self.view.add_line("system", tr("call.mic_failed", msg=message))
        self._listen("microphone failed")

    # ------------------------------------------------------------------ grading
    def _on_pause(self, token: int, audio, last_voiced_s: float) -> None:
        """Transcribe early at a pause when the scheduler says so, so that feedback is ready
        soon after the end of the turn (see :mod:`simulator.speech.early_pass`)."""
        if token != self.token or self.session is None or self.ctx.model_state != "ready":
            return
        s = self.session
        p = self.early.pause(last_voiced_s, audio)
        run_early(self.ctx, self.early, p, s.scenario.id, s.turn.id)

    def _on_resume(self, token: int, _at_s: float) -> None:
        if token == self.token:
            self.early.voice()  # what was started at the last pause is out of date

    def _on_take(self, token: int, take) -> None:
        s = self.session
        if token != self.token or s is None or self.phase != "listening":
            return
        self.ctx.audio.take_finished()
        if take.ended_by == "error":  # the microphone vanished mid-reply, or recording failed
            log.warning("the microphone failed mid-reply: %s", take.error or "no cause given")
            self._to_typing(
                tr("call.device_lost_cause", msg=take.error)
                if take.error
                else tr("call.device_lost")
            )
            return
        if take.ended_by == "no_speech" or take.speech_start_s is None:
            self.view.add_line("system", tr("call.no_speech"))
            self._listen("heard nothing")
            return
        s.call.replied(take.ended_by)
        self.view.set_phase("thinking", tr("call.thinking_detail"))
        s.onset_s = take.speech_start_s
        plan = self.early.end_of_turn(take.speech_end_s)
        work = hear_and_grade(self.ctx, s.scenario.id, s.turn.id, take, plan, self.early.clock)
        self.ctx.runner.run(
            "model",
            work,
            lambda out: self._graded(token, out, take),
            lambda exc: self._grade_failed(token, exc, take),
            name="hear_and_grade",
        )

    def _discard(self, take) -> None:
        """Delete the file of a take whose turn will not be saved (its grading failed, or the
        call moved on while it was graded), so the next start does not report it as lost."""
        if take is not None and take.path is not None:
            path, recordings = take.path, self.ctx.recordings
            self.ctx.runner.run(
                "db",
                lambda: recordings.discard(path),
                None,
                lambda exc: self._report("discard.failed", exc, path=str(path)),
                name="discard_take",
            )

    def _report(self, key: str, exc: BaseException, **fields) -> None:
        msg = str(exc) or type(exc).__name__
        log.error("%s: %s %s", key, msg, fields)
        self.problem.emit(tr(key, msg=msg, **fields))

    def submit_typed(self, text: str) -> None:
        s = self.session
        if s is None or self.phase != "listening":
            return
        token = self.token
        s.call.replied("typed")
        self.view.set_phase("thinking", tr("call.thinking_detail"))
        scenario_id, turn_id = s.scenario.id, s.turn.id
        started = time.perf_counter()
        self.ctx.runner.run(
            "model",
            lambda: self.ctx.grader.grade(scenario_id, turn_id, text),
            lambda result: self._graded(token, (None, result), None, started),
            lambda exc: self._grade_failed(token, exc),
            name="grade_typed",
        )

    def _grade_failed(self, token: int, exc: BaseException, take=None) -> None:
        self._discard(take)
        msg = str(exc) or type(exc).__name__
        log.error("grading failed: %s", msg, exc_info=exc)
        if token != self.token:
            return
        self.view.add_line("system", tr("call.grade_failed", msg=msg))
        self._listen("grading failed")

    def _graded(self, token: int, out, take, started: float | None = None) -> None:
        s = self.session
        if token != self.token or s is None:
            self._discard(take)
            return
        heard, result = out
        if heard is not None and "pass_s" in heard.timings:  # a final pass ran: what it cost
            self.early.record(heard.timings["pass_s"], heard.timings.get("pass_span_s"))
        now = time.perf_counter()
        ref = (
            take.speech_ended_at
            if take is not None and take.speech_ended_at
            else (take.stopped_at if take is not None else started)
        )
        feedback_s = now - ref if ref else None
        if feedback_s is not None and take is not None:
            self.latencies.append(feedback_s)
        typed = take is None
        record = graded_record(self.ctx, s, heard, result, take, feedback_s)
        s.call.graded(record)
        extra = tr("call.points", n=result.score)
        if typed:
            extra += " · " + tr("call.typed_mode")
        self.view.add_line("agent", result.transcript or tr("fb.empty_transcript"), extra)
        self._shown_record = record.id
        closer = self.closer.wanted(take)
        self.view.show_turn_feedback(record, "pending")
        self._feedback_detail = ""
        if feedback_s is not None and not typed:
            self._feedback_detail = tr("call.feedback_time", s=f"{feedback_s:.2f}")
        if closer:
            self.view.set_detail(_joined(self._feedback_detail, tr("call.closer_running")))
        elif self._feedback_detail:
            self.view.set_detail(self._feedback_detail)
        if not closer:
            self._save_turn(s, record, take)
        if record.passed:  # hands-free (opt-in): never past a reply that did not pass
            self.hands_free.start(self.ctx.settings.auto_next_s)
        if closer:  # last: a synchronous runner (tests) settles it at once
            self.closer.start(s, record, take)

    # ------------------------------------------------------------------ closer listen
    def _closer_shown(self, held: Held, record, changed: bool) -> None:
        """The closer listen settled before the call moved on: show the changed result with a
        note (the conversation and the detail line), or say that the result stands."""
        s = held.session
        if s is not self.session or self.phase != "feedback":
            return
        if not changed:
            self.view.set_detail(_joined(self._feedback_detail, tr("call.closer_same")))
            return
        first = held.listen.first
        s.call.amend(record)
        note = wording.closer_note(first, record.result)
        self.view.show_turn_feedback(record, "pending")
        self.view.add_line("system", note)
        self.view.set_detail(_joined(note, self._feedback_detail))
        if not record.passed:  # hands-free never moves past a reply that did not pass
            self.hands_free.pause()
        elif not first.passed:
            self.hands_free.start(self.ctx.settings.auto_next_s)

    def _closer_failed(self, held: Held, exc: BaseException) -> None:
        msg = str(exc) or type(exc).__name__
        if held.session is self.session and self.phase == "feedback":
            self.view.add_line("system", tr("call.closer_failed", msg=msg))
            self.view.set_detail(self._feedback_detail)

    # ------------------------------------------------------------------ after a turn
    def pause_countdown(self) -> bool:
        """Stop the hands-free countdown; True if it was running."""
        return self.hands_free.pause()

    def next_turn(self) -> None:
        s = self.session
        if s is None or self.phase != "feedback":
            return
        self.hands_free.pause()
        self.closer.cancel("the trainee moved on")  # its turn is saved before the next
        step = s.call.move_on()
        if step.turn_id is not None:
            self._turn_started()
        elif s.call.phase == "waiting":
            token = self._new_token()
            self.view.set_phase("waiting", tr("call.waiting_end", s=f"{step.delay_s:g}"))
            after(self, int(step.delay_s * 1000), self._end_if_current, token)
        else:
            self._finish()

    def _end_if_current(self, token: int) -> None:
        if token == self.token and self.session is not None and self.session.call.end():
            self._finish()

    def retry_turn(self) -> None:
        s = self.session
        if s is None or self.phase != "feedback":
            return
        self.hands_free.pause()
        self.closer.cancel("the trainee retries the turn")
        self.view.add_line("system", tr("call.retrying"))
        s.call.retry()
        self._turn_started()

    def toggle_hint(self) -> None:
        self._hint_on = not self._hint_on
        self.view.show_hint(self._hint_on)

    # ------------------------------------------------------------------ ending
    def _stop_all(self) -> None:
        self.closer.cancel("the call stopped")
        self._new_token()
        self.hands_free.pause()
        self.early.new_turn()
        self._clock.stop()
        self.ctx.audio.cancel_take()
        self.ctx.audio.stop_playback()

    def _finish(self) -> None:
        """The call has ended: stop the audio, save how it ended, hand over to the summary
        ("completed", "stopped") or go home ("abandoned")."""
        s = self.session
        self._stop_all()
        self.view.set_phase("ended")
        if s.call.outbox.unsaved():
            self._flush(s)
        if s.call.status == "abandoned":
            self.abandoned.emit()
        else:
            self.finished.emit(s)

    def hang_up(self) -> None:
        self.closer.cancel("the call was hung up")  # its turn is saved before the call ends
        if self.session is not None and self.session.call.hang_up():
            self._finish()

    def escape(self) -> None:
        """Esc: pause the hands-free countdown if it runs, else hang up."""
        if not self.hands_free.pause():
            self.hang_up()

    def active(self) -> bool:
        return self.session is not None and not self.session.call.finished


def _joined(*parts: str) -> str:
    return " · ".join(p for p in parts if p)
