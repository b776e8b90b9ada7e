"""A practice call, ring to feedback: the state machine behind the call screen.

ringing → (answer) → caller line plays → listening (level meter, timers; early passes at pauses,
see ``simulator.speech.early_pass``; ends on ~0.8 s of silence or push-to-talk) → thinking
(reuse an early pass or transcribe, then grade, on the model lane) → turn feedback
(the recording and the graded turn are saved on the db lane) → the branch the reply earned
(``result.next_turn``), after the pause ``turn.timing.wait_after_s`` asks for → … → the call
summary. Retry replays the same turn; typed replies replace the microphone when there is none.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal

from simulator.app.controllers.context import AppContext
from simulator.app.controllers.timing import timing_notes, wait_after
from simulator.app.controllers.turns import CallSession, hear_and_grade, save_turn, view_item
from simulator.app.i18n import tr
from simulator.app.qtutil import after
from simulator.core.records import TurnRecord
from simulator.speech.early_pass import EarlyPass, EarlyPassScheduler


class CallController(QObject):
    finished = Signal(object)  # CallSession, when the call ends or is hung up with turns
    abandoned = Signal()

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
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._count)
        self._left = 0
        self._hint_on = False
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

    # ------------------------------------------------------------------ helpers
    @property
    def phase(self) -> str:
        return self.view.phase

    def _new_token(self) -> int:
        self.token += 1
        return self.token

    def _set_phase(self, phase: str, detail: str = "") -> None:
        self.view.set_phase(phase, detail)

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
        turn_text = tr("call.turn_n", n=s.seq) if s.seq else ""
        self.view.set_timers(time.perf_counter() - s.started, response, turn_text)

    # ------------------------------------------------------------------ start
    def start(self, scenario_id: str, resume=None) -> None:
        catalog = self.ctx.catalog
        scenario = catalog.scenario(scenario_id)
        self.session = s = CallSession(
            scenario, catalog.scenario_pack.get(scenario_id, ""), typed=self.ctx.typed_only
        )
        self._new_token()
        self.view.show_scenario(scenario, s.typed)
        self._clock.start()
        if resume is not None:
            s.attempt_id = resume.id
            s.seq = resume.turn_count
            practice, who = self.ctx.services.practice, self.ctx.session
            self.ctx.runner.run(
                "db",
                lambda: practice.attempt_turns(who, resume.id),
                lambda records: self._resumed(records, resume.next_turn),
                name="load_attempt",
            )
            return
        self._set_phase("ringing")

    def _resumed(self, records: list, next_turn: int) -> None:
        s = self.session
        for record in records:
            s.items[record.seq] = view_item(record, self.ctx)
            self.view.add_line("caller", record.caller_text)
            self.view.add_line("agent", record.result.transcript, tr("call.points", n=record.score))
        self.view.add_line("system", tr("call.resumed"))
        self._play_turn(next_turn)

    def answer(self) -> None:
        s = self.session
        if s is None or self.phase != "ringing":
            return
        sc = s.scenario
        mode = "typed" if s.typed else "voice"

        practice, who = self.ctx.services.practice, self.ctx.session

        def start_attempt() -> str:
            s.attempt_id = practice.start_attempt(
                who, sc.id, s.pack_id, sc.title, sc.title_en, mode
            )
            return s.attempt_id

        self.ctx.runner.run("db", start_attempt, name="start_attempt")
        s.started = time.perf_counter()
        self._play_turn(sc.turns[0].id)

    # ------------------------------------------------------------------ turns
    def _play_turn(self, turn_id: int, delay_s: float = 0.0, retry: bool = False) -> None:
        s = self.session
        s.resumed_at = time.perf_counter() if s.items else None
        s.turn = s.scenario.turn(turn_id)
        s.retrying = retry
        if not retry:
            s.seq += 1
        s.onset_s = None
        token = self._new_token()
        timing = s.turn.timing
        self.view.set_hint(s.turn.hint, timing.note if timing and timing.note else "")
        self.view.show_hint(self._hint_on)
        if delay_s > 0:
            self._set_phase("waiting", tr("call.waiting_detail", s=f"{delay_s:g}"))
            after(self, int(delay_s * 1000), self._play_caller, token)
        else:
            self._play_caller(token)

    def _play_caller(self, token: int) -> None:
        if token != self.token or self.session is None:
            return
        s = self.session
        self._set_phase("caller", tr("call.caller_detail"))
        self.view.add_line("caller", s.turn.caller.text)
        path = self.ctx.audio_path(s.turn.caller.audio)
        if path is None:  # not rendered yet: give the trainee time to read the line instead
            per_char = self.ctx.audio.reading_ms_per_char
            reading_ms = max(self.ctx.audio.missing_audio_ms, per_char * len(s.turn.caller.text))
            after(self, min(reading_ms, 8000), self._on_played, token)
        else:
            self.ctx.audio.play(path, token)

    def _on_played(self, token: int) -> None:
        if token != self.token or self.phase != "caller":
            return
        self._listen()

    def _listen(self) -> None:
        s = self.session
        s.listen_started = time.perf_counter()
        s.silence_before_s = s.listen_started - s.resumed_at if s.resumed_at is not None else None
        timing = s.turn.timing
        detail = ""
        if timing and timing.wait_before_s:
            detail = tr("call.wait_before", s=f"{timing.wait_before_s:g}")
        if s.typed:
            self._set_phase("listening", detail or tr("call.type_detail"))
            return
        self._set_phase("listening", detail or tr("call.listen_detail"))
        self.early.new_turn()
        s.takes += 1
        s.take_name = f"{s.key}/{s.seq:02d}-t{s.turn.id}-{s.takes}.wav"
        self.ctx.audio.start_take(self.token, path=self.ctx.recordings.folder / s.take_name)

    def _on_level(self, token: int, value: float) -> None:
        if token == self.token:
            self.view.meter.set_level(value)

    def _on_speech(self, token: int, onset_s: float) -> None:
        if token == self.token and self.session is not None:
            self.session.onset_s = onset_s
            self.view.status_detail.setText(tr("call.speaking_detail"))

    def talk_now(self) -> None:
        """Space while the caller's line plays: stop it and start listening at once."""
        if self.phase == "caller" and self.session is not None:
            self.ctx.audio.stop_playback()
            self._listen()

    def end_speech(self) -> None:
        if self.phase == "listening" and self.session and not self.session.typed:
            self.ctx.audio.end_take()

    def _on_take_failed(self, token: int, message: str) -> None:
        if token != self.token or self.session is None:
            return
        self.session.typed = True
        self.view.set_typed(True)
        self.view.add_line("system", tr("call.mic_failed", msg=message))
        self._set_phase("listening", tr("call.type_detail"))

    # ------------------------------------------------------------------ grading
    def _on_pause(self, token: int, audio, last_voiced_s: float) -> None:
        """Transcribe early at a pause when the scheduler says so, so that feedback is ready
        soon after the end of the turn (see :mod:`simulator.speech.early_pass`)."""
        if token != self.token or self.session is None or self.ctx.model_state != "ready":
            return
        self._run_early(self.early.pause(last_voiced_s, audio))

    def _on_resume(self, token: int, _at_s: float) -> None:
        if token == self.token:
            self.early.voice()  # what was started at the last pause is out of date

    def _run_early(self, p: EarlyPass | None) -> None:
        """Run an early pass on the model lane. Its failure is logged with its cause by the
        scheduler and the final pass transcribes the whole take; the trainee hears of it only
        if that fails too."""
        if p is None:
            return
        speech, early = self.ctx.speech, self.early

        def hear() -> EarlyPass:
            return early.run(
                p,
                lambda checkpoint: speech.hear(p.payload, caller_end_s=0.0, checkpoint=checkpoint),
            )

        def ended(_outcome) -> None:
            self._run_early(early.ended(p))  # the lane is free: maybe a held pause starts

        self.ctx.runner.run("model", hear, ended, ended, name="hear_early")

    def _on_take(self, token: int, take) -> None:
        s = self.session
        if token != self.token or s is None or self.phase != "listening":
            return
        self.ctx.audio.take_finished()
        if take.ended_by == "error":  # the microphone vanished mid-reply, or recording failed
            self._on_take_failed(token, take.error or tr("call.device_lost"))
            return
        if take.ended_by == "no_speech" or take.speech_start_s is None:
            self.view.add_line("system", tr("call.no_speech"))
            self._listen()
            return
        self._set_phase("thinking", tr("call.thinking_detail"))
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
            self.ctx.runner.run("db", lambda: recordings.discard(path), name="discard_take")

    def submit_typed(self, text: str) -> None:
        s = self.session
        if s is None or self.phase != "listening":
            return
        token = self.token
        self._set_phase("thinking", tr("call.thinking_detail"))
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
        if token != self.token:
            return
        self.view.add_line("system", tr("call.grade_failed", msg=str(exc) or type(exc).__name__))
        self._listen()

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
        name = s.take_name
        record = TurnRecord(
            seq=s.seq,
            result=result,
            caller_text=s.turn.caller.text,
            mode="typed" if typed else "voice",
            recording=None if typed else str(self.ctx.recordings.folder / name),
            recording_status=None if typed else "ok",
            notes=tuple(
                timing_notes(s.turn.timing, None if typed else s.onset_s, s.silence_before_s)
            ),
            feedback_s=feedback_s,
            latency_s=None if typed else s.onset_s,
            heard_timings={
                k: round(v, 4)
                for k, v in (heard.timings.items() if heard is not None else ())
                if isinstance(v, int | float)
            },
        )
        item = view_item(record, self.ctx)
        s.items[s.seq] = item
        extra = tr("call.points", n=result.score)
        if typed:
            extra += " · " + tr("call.typed_mode")
        self.view.add_line("agent", result.transcript or tr("fb.empty_transcript"), extra)
        self.view.show_turn_feedback(item)
        if feedback_s is not None and not typed:
            self.view.status_detail.setText(tr("call.feedback_time", s=f"{feedback_s:.2f}"))
        self.ctx.runner.run(
            "db",
            save_turn(self.ctx, s, record, take, name, s.retrying),
            name="save_turn",
        )
        self._start_countdown()

    # ------------------------------------------------------------------ after a turn
    def _start_countdown(self) -> None:
        seconds = self.ctx.settings.auto_continue_s
        if seconds and seconds > 0:
            self._left = int(round(seconds))
            self.view.set_countdown(self._left)
            self._countdown.start()

    def _count(self) -> None:
        self._left -= 1
        if self._left <= 0 or self.phase != "feedback":
            self._countdown.stop()
            self.view.set_countdown(None)
            if self.phase == "feedback":
                self.next_turn()
            return
        self.view.set_countdown(self._left)

    def pause_countdown(self) -> bool:
        if self._countdown.isActive():
            self._countdown.stop()
            self.view.set_countdown(None)
            return True
        return False

    def next_turn(self) -> None:
        s = self.session
        if s is None or self.phase != "feedback":
            return
        self.pause_countdown()
        item = s.items[s.seq]
        nxt = item["result"].get("next_turn")
        delay = wait_after(s.turn.timing)
        if nxt is None:
            if delay:
                token = self._new_token()
                self._set_phase("waiting", tr("call.waiting_end", s=f"{delay:g}"))
                after(self, int(delay * 1000), self._end_if_current, token)
            else:
                self._end()
            return
        self._play_turn(nxt, delay_s=delay)

    def _end_if_current(self, token: int) -> None:
        if token == self.token:
            self._end()

    def retry_turn(self) -> None:
        s = self.session
        if s is None or self.phase != "feedback":
            return
        self.pause_countdown()
        self.view.add_line("system", tr("call.retrying"))
        self._play_turn(s.turn.id, retry=True)

    def toggle_hint(self) -> None:
        self._hint_on = not self._hint_on
        self.view.show_hint(self._hint_on)

    # ------------------------------------------------------------------ ending
    def _stop_all(self) -> None:
        self._new_token()
        self.early.new_turn()
        self._countdown.stop()
        self._clock.stop()
        self.ctx.audio.cancel_take()
        self.ctx.audio.stop_playback()

    def _end(self, status: str = "completed") -> None:
        """Close the call: "completed" and "stopped" go to the summary, "abandoned" home."""
        s = self.session
        if s is None or s.finished:
            return
        s.finished, s.status = True, status
        self._stop_all()
        self._set_phase("ended")
        practice, who = self.ctx.services.practice, self.ctx.session
        self.ctx.runner.run(
            "db",
            lambda: s.attempt_id and practice.finish_attempt(who, s.attempt_id, status),
            name="finish_attempt",
        )
        if status == "abandoned":
            self.abandoned.emit()
        else:
            self.finished.emit(s)

    def hang_up(self) -> None:
        if self.session is not None:
            self._end("stopped" if self.session.items else "abandoned")

    def escape(self) -> None:
        """Esc: pause the auto-continue countdown if it runs, else hang up."""
        if not self.pause_countdown():
            self.hang_up()

    def active(self) -> bool:
        return self.session is not None and not self.session.finished
