"""The candidate's full-screen exam: started (``services.exams.start``) or resumed with the
proctor's PIN (``recover``), it shows the candidate's own paper, saves every answer the moment
the candidate moves on (``save_answer``; an oral reply is recorded through the app's audio
service and saved with ``save_oral``) on the db lane, sends the heartbeat that keeps the time
used (every ``HEARTBEAT_S`` or sooner) and shows the clock from the services' own clock. A
write that fails is shown to the candidate in the service's words (and in the error banner for
the proctor), never swallowed. A pause (by the proctor at this seat or from the room's console)
shows the paused notice; finishing is one-way, after a confirmation; the proctor's pause,
resume, added time and termination go through the services with the proctor's own session."""

from __future__ import annotations

import itertools
import logging

from PySide6.QtCore import QObject, QTimer, Signal

from simulator.app.exams.controllers.seat_proctor import at_seat
from simulator.app.exams.views.common import clock
from simulator.app.i18n import message, tr
from simulator.app.qtutil import slot
from simulator.core.quiz_draw import PresentedQuestion
from simulator.services.exam_records import HEARTBEAT_S, SaveFailed, Submission, TimeStatus

log = logging.getLogger(__name__)
_TOKENS = itertools.count(1_000_001)  # audio tokens apart from the practice call's
LOW_MS = 5 * 60_000  # the clock turns red in the last five minutes


class ExamRunController(QObject):
    left = Signal()  # the candidate left the closed exam

    def __init__(self, ctx, window, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.view = None
        self.paper = None
        self.order: list = []
        self.saved: dict[int, object] = {}
        self.pos = 0
        self.status: TimeStatus | None = None
        self.status_at = 0.0
        self.busy = False  # an answer or the submission is being saved
        self.recording = False
        self.closed = False
        self.token = 0
        self.heart = QTimer(self)
        self.heart.setInterval(int(HEARTBEAT_S * 1000) - 1000)  # ≤ 5 s even when late
        self.heart.timeout.connect(self.heartbeat)
        self.ticker = QTimer(self)
        self.ticker.setInterval(500)
        self.ticker.timeout.connect(self.show_clock)
        audio = ctx.audio
        audio.playback_done.connect(self._played)
        audio.level.connect(self._level)
        audio.take_ready.connect(self._take)
        audio.take_failed.connect(self._take_failed)
        self._watching = False  # the window's state changes (leaving full-screen)

    # ------------------------------------------------------------------ entering
    def _ensure_view(self):
        if self.view is None:
            from simulator.app.exams.views.exam_screen import ExamScreen

            self.view = v = ExamScreen()
            self.window.add_page("exam_run", v)
            v.go.connect(self.go)
            v.step.connect(lambda d: self.go(self.pos + d))
            v.play_caller.connect(self.play_caller)
            v.record.connect(self.record)
            v.stop_record.connect(self.ctx.audio.end_take)
            v.finish_asked.connect(self.ask_finish)
            v.finish_confirmed.connect(self.finish)
            v.leave.connect(self.leave)
            v.proctor_action.connect(self.proctor_action)
        return self.view

    @property
    def running(self) -> bool:
        """An exam is on this screen and not closed: the candidate may not leave it."""
        return self.paper is not None and not self.closed

    @property
    def attempt_id(self) -> str | None:
        return self.paper.attempt_id if self.paper is not None else None

    def enter(self, paper) -> None:
        """Show ``paper`` (an ``ExamPaper``) full-screen and start the clock and heartbeat."""
        view = self._ensure_view()
        self.paper, self.closed, self.busy, self.recording = paper, False, False, False
        self.order = sorted([*paper.written, *paper.oral], key=lambda i: i.index)
        self.saved = dict(paper.answered)
        who = self.ctx.session
        view.show_paper(paper.title, paper.title_en, who.display_name or who.username,
                        len(self.order))  # fmt: skip
        self.window.set_exam_mode(True)
        self.window.show_page("exam_run")
        handle = self.window.windowHandle()
        if handle is not None and not self._watching:
            handle.windowStateChanged.connect(slot(self._state_changed))
            self._watching = True
        self._mark()
        unanswered = [i for i, item in enumerate(self.order) if item.index not in self.saved]
        self.pos = unanswered[0] if unanswered else 0
        self._show()
        self._set_status(paper.time)
        self.heart.start()
        self.ticker.start()

    def _mark(self) -> None:
        self.view.set_answered([item.index in self.saved for item in self.order])

    def _show(self) -> None:
        item = self.order[self.pos]
        self.token = next(_TOKENS)
        if isinstance(item, PresentedQuestion):
            self.view.show_written(self.pos, len(self.order), item, self.saved.get(item.index))
        else:
            self.view.show_oral(self.pos, len(self.order), item, item.index in self.saved)

    # ------------------------------------------------------------------ the clock
    def heartbeat(self) -> None:
        if not self.running:
            return
        exams, who, aid = self.ctx.services.exams, self.ctx.session, self.attempt_id
        self.ctx.runner.run(
            "db", lambda: exams.heartbeat(who, aid), self._set_status, self._heartbeat_failed,
            name="exam_heartbeat",
        )  # fmt: skip

    def _heartbeat_failed(self, exc: BaseException) -> None:
        log.error("exam heartbeat failed: %s", exc)
        self._say_failed(exc)

    def _set_status(self, status: TimeStatus) -> None:
        if self.paper is None or status.attempt_id != self.attempt_id:
            return
        self.status, self.status_at = status, self.ctx.services.exams.clock()
        if status.closed:  # closed elsewhere (time up, the room's console): say how
            self._closed_elsewhere(status.state)
            return
        paused = status.state != "active"
        if paused and self.recording:
            self.ctx.audio.cancel_take()
            self.recording = False
            self.view.set_recording(False)
        if paused:
            self.ctx.audio.stop_playback()
        self.view.set_paused(paused)
        self.show_clock()

    def _closed_elsewhere(self, state: str) -> None:
        exams, who, aid = self.ctx.services.exams, self.ctx.session, self.attempt_id
        self.heart.stop()

        def reason():
            rec = next((a for a in exams.attempts(who) if a.id == aid), None)
            return rec.end_reason if rec is not None else ""

        self.ctx.runner.run(
            "db", reason, lambda why: self._closed(state, why or ""),
            lambda _exc: self._closed(state, ""), name="exam_end_reason",
        )  # fmt: skip

    def remaining_ms(self) -> int:
        st = self.status
        if st is None:
            return 0
        if st.state != "active":
            return st.remaining_ms
        return st.remaining_ms - round((self.ctx.services.exams.clock() - self.status_at) * 1000)

    def show_clock(self) -> None:
        if self.status is None or self.view is None:
            return
        left = self.remaining_ms()
        self.view.set_clock(clock(left), self.status.state, left < LOW_MS)
        if self.running and self.status.state == "active" and left <= 0 and not self.busy:
            self.finish(time_up=True)  # the answer on the screen is handed in with it

    # ------------------------------------------------------------------ answers
    def _written_change(self):
        item = self.order[self.pos]
        if not isinstance(item, PresentedQuestion):
            return None
        value = self.view.answer_value()
        return value if value is not None and value != self.saved.get(item.index) else None

    def go(self, target: int) -> None:
        if not self.running or self.busy or self.recording:
            return
        if not 0 <= target < len(self.order):
            return
        value = self._written_change()
        if value is None:
            self.pos = target
            self._show()
            return
        self._save_written(self.order[self.pos], value, target)

    def _save_written(self, item, value, then: int) -> None:
        exams, who, aid = self.ctx.services.exams, self.ctx.session, self.attempt_id
        self.busy = True
        self.view.show_saved("info", tr("exam.saving"))

        def saved(result) -> None:
            self.busy = False
            self.saved[item.index] = value
            self._mark()
            self.view.show_saved("ok", tr("exam.saved", n=self.order.index(item) + 1))
            self._set_status(result.time)
            if self.running:
                self.pos = then
                self._show()

        self.ctx.runner.run(
            "db", lambda: exams.save_answer(who, aid, item.index, value), saved,
            self._save_failed, name="exam_answer",
        )  # fmt: skip

    def _save_failed(self, exc: BaseException) -> None:
        self.busy = False
        self._say_failed(exc)
        if self.running:
            self.heartbeat()  # paused, interrupted or time up meanwhile: the screen follows

    def _say_failed(self, exc: BaseException) -> None:
        text = message(str(exc) or type(exc).__name__)
        self.view.show_saved("error", tr("exam.not_saved", msg=text))
        if isinstance(exc, SaveFailed):  # the proctor must see it too
            log.error("exam write failed: %s", exc)
            self.window.show_banner("error", "error.text", text=tr("exam.not_saved", msg=text))

    # ------------------------------------------------------------------ oral items
    def _turn(self):
        item = self.order[self.pos] if self.paper is not None else None
        return None if item is None or isinstance(item, PresentedQuestion) else item

    def play_caller(self) -> None:
        turn = self._turn()
        if turn is None or not self.running or self.recording:
            return
        self.view.set_oral_note("exam.playing")
        self.ctx.audio.stop_playback()
        self.ctx.audio.play(self.ctx.audio_path(turn.caller_audio), self.token)

    def _played(self, token: int) -> None:
        if token == self.token and self._turn() is not None and not self.recording:
            self.view.set_oral_note("exam.oral_ready")

    def record(self) -> None:
        turn = self._turn()
        if turn is None or not self.running or self.busy or self.recording:
            return
        if self.status is not None and self.status.state != "active":
            return
        self.ctx.audio.stop_playback()
        self.recording = True
        self.view.set_recording(True)
        self.view.set_oral_note("exam.recording")
        folder = self.ctx.recordings.folder / "exam-takes" / self.attempt_id
        folder.mkdir(parents=True, exist_ok=True)
        self.ctx.audio.start_take(
            self.token, path=folder / f"item{turn.index:02d}-{self.token}.wav"
        )

    def _level(self, token: int, value: float) -> None:
        if token == self.token and self.recording:
            self.view.set_level(value)

    def _take_failed(self, token: int, msg: str) -> None:
        if token != self.token or not self.recording:
            return
        self.recording = False
        self.view.set_recording(False)
        self.view.set_oral_note("exam.mic_failed", msg=msg)

    def _take(self, token: int, take) -> None:
        turn = self._turn()
        if token != self.token or not self.recording or turn is None:
            return
        self.recording = False
        self.ctx.audio.take_finished()
        self.view.set_recording(False)
        if take.ended_by == "error":
            self.view.set_oral_note("exam.mic_failed", msg=take.error or "")
            return
        if take.ended_by == "no_speech" or take.speech_start_s is None:
            self.view.set_oral_note("exam.no_speech")
            return
        exams, who, aid = self.ctx.services.exams, self.ctx.session, self.attempt_id
        self.busy = True
        self.view.set_oral_note("exam.saving")

        def save():
            result = exams.save_oral(who, aid, turn.index, take.audio, take.sample_rate)
            if take.path is not None:  # the services keep their own copy now
                take.path.unlink(missing_ok=True)
            return result

        def saved(result) -> None:
            self.busy = False
            self.saved[turn.index] = result.recording
            self._mark()
            self.view.set_oral_note("exam.oral_saved")
            self.view.show_saved("ok", tr("exam.saved", n=self.order.index(turn) + 1))
            self._set_status(result.time)

        def failed(exc: BaseException) -> None:
            self.view.set_oral_note("exam.oral_failed")
            self._save_failed(exc)  # the take's file stays: the next start keeps it

        self.ctx.runner.run("db", save, saved, failed, name="exam_oral")

    # ------------------------------------------------------------------ finishing
    def ask_finish(self) -> None:
        if self.running and not self.busy and not self.recording:
            given = set(self.saved)
            if self._written_change() is not None:
                given.add(self.order[self.pos].index)
            self.view.ask_finish(sum(1 for i in self.order if i.index not in given))

    def finish(self, time_up: bool = False) -> None:
        """Hand in (one-way): the answer still on the screen goes with it; the attempt is
        graded and sealed by the services (the grader and speech: the model lane)."""
        if not self.running or self.busy or (self.recording and not time_up):
            return
        if self.recording:
            self.ctx.audio.cancel_take()
            self.recording = False
        value = self._written_change()
        pending = {self.order[self.pos].index: value} if value is not None else {}
        exams, who, aid = self.ctx.services.exams, self.ctx.session, self.attempt_id
        self.busy = True
        self.view.show_saved("info", tr("exam.submitting"))

        def failed(exc: BaseException) -> None:
            self._save_failed(exc)

        self.ctx.runner.run(
            "model", lambda: exams.submit(who, aid, pending), self._submitted, failed,
            name="exam_submit",
        )  # fmt: skip

    def _submitted(self, sub: Submission) -> None:
        self.busy = False
        self._closed(sub.state, sub.reason, sub)

    def _closed(self, state: str, reason: str, sub: Submission | None = None) -> None:
        if self.closed:
            return
        self.closed = True
        self.heart.stop()
        self.ticker.stop()
        self.ctx.audio.cancel_take()
        self.ctx.audio.stop_playback()
        self.recording = False
        if state == "terminated" or reason not in ("", "submitted", "time_up"):
            text = tr("exam.closed_terminated", reason=reason or "—")
        elif reason == "time_up":
            text = tr("exam.closed_time_up")
        else:
            text = tr("exam.closed_submitted")
        if sub is not None and sub.refused_late:
            text += " " + tr("exam.closed_late", n=len(sub.refused_late))
        self.view.set_clock(clock(self.remaining_ms()), state, False)  # stopped where it was
        self.view.show_closed("exam.closed_title", text)
        self.view.show_saved("info", "")

    def leave(self) -> None:
        """The closed exam's screen is left: the window leaves full-screen, the nav returns."""
        if self.running:
            return
        self.paper = None
        self.window.set_exam_mode(False)
        self.left.emit()

    # ------------------------------------------------------------------ the proctor at this seat
    def proctor_action(self, user: str, password: str, action: str, minutes: float, reason: str):
        if self.paper is None or self.closed:
            return

        def done(out) -> None:
            self.view.proctor_done("ok", tr(f"exam.done_{action}"))
            if isinstance(out, Submission):
                self._closed(out.state, out.reason)
            else:
                self._set_status(out)

        def refused(exc: BaseException) -> None:
            log.info("proctor's %s refused: %s", action, exc)
            self.view.proctor_done("error", message(str(exc) or type(exc).__name__))

        at_seat(self.ctx, self.attempt_id, (user, password), action, minutes, reason, done, refused)

    # ------------------------------------------------------------------ leaving full-screen
    def _state_changed(self) -> None:
        if self.running and not self.window.isFullScreen():
            log.info("the exam window left full-screen: put back")
            self.window.show_banner("error", "error.text", text=tr("exam.stay_full"))
            QTimer.singleShot(0, slot(self._back_to_full))

    def _back_to_full(self) -> None:
        if self.running and not self.window.isFullScreen():
            self.window.showFullScreen()

    def shutdown(self) -> None:
        """The app closes: the time used so far is saved (the attempt resumes with a PIN)."""
        self.heart.stop()
        self.ticker.stop()
        if self.running:
            self.heartbeat()
