"""The app controller: start-up work in the background (reconcile the database and save what
failed writes left behind, load the catalog and grader, load the speech model with visible
progress), navigation, banners (no microphone, errors, recordings recovered or missing, practice
saved late), keyboard shortcuts, the call summary, and handing work to the home, call, history
and settings controllers."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from types import SimpleNamespace

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from simulator.app.accounts.controllers.sign_in import SignInController, pages_of
from simulator.app.accounts.controllers.users import UsersController
from simulator.app.context import AppContext
from simulator.app.exams.controllers.feature import PAGES as EXAM_PAGES
from simulator.app.exams.controllers.feature import ExamsFeature
from simulator.app.i18n import local_time, tr
from simulator.app.practice.controllers.call import CallController
from simulator.app.practice.controllers.history import HistoryController
from simulator.app.practice.controllers.home import HomeController
from simulator.app.practice.views.summary import CallSummary
from simulator.app.qtutil import slot
from simulator.app.quizzes.controllers.quiz import QuizController
from simulator.app.quizzes.controllers.self_check import SelfCheckController
from simulator.app.room.controllers.console import ConsoleController
from simulator.app.shell.controllers.settings import SettingsController
from simulator.app.shell.controllers.startup import folder_of, load_catalog_and_grader
from simulator.app.shell.views.main_window import NAV
from simulator.app.trainer.controllers.assignments import AssignmentsController
from simulator.app.trainer.controllers.calibration import CalibrationController
from simulator.app.trainer.controllers.dashboard import DashboardController
from simulator.app.trainer.controllers.pack_list import PackListController
from simulator.app.trainer.controllers.privacy import PrivacyController
from simulator.app.trainer.controllers.review import ReviewController
from simulator.app.trainer.views.tables import set_element_names

log = logging.getLogger(__name__)


class AppController(QObject):
    model_settled = Signal(str)  # "ready" | "failed"

    def __init__(self, ctx: AppContext, window, speech_factory=None, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.speech_factory = speech_factory
        self.call = CallController(ctx, window.call, self)
        self.home = HomeController(ctx, window, self)
        self.history = HistoryController(ctx, window, self)
        self.settings = SettingsController(ctx, window, self)
        self.accounts = SignInController(ctx, window, self)
        self.users = UsersController(ctx, window, self)
        self.selfcheck = SelfCheckController(ctx, window, self)
        self.quiz = QuizController(ctx, window, self)
        self.console = ConsoleController(ctx, window, self.settings.room, self)
        self.packs = PackListController(ctx, window, self)
        self.packs.catalog_changed.connect(self._packs_changed)
        window.close_guard = lambda: self.packs.may_leave(window.close)
        self.exams = ExamsFeature(ctx, window, self)
        self.exams.navigate.connect(self.navigate)
        self.assignments = AssignmentsController(ctx, window, self)
        self.review = ReviewController(ctx, window, self)
        self.calibration = CalibrationController(ctx, window, self)
        self.dashboard = DashboardController(ctx, window, self)
        self.privacy = PrivacyController(ctx, window, self)
        self.home.refreshing.connect(self.assignments.refresh_mine)
        self.review.play.connect(self.play_file)
        self.calibration.play.connect(self.play_file)
        for part in (self.assignments, self.privacy):
            part.problem.connect(self.show_error)
        self.folders: dict[str, Path] = {}  # banner name → the folder its button opens
        self.summary: CallSummary | None = None
        self._summary_call = None  # the CallSession the summary shows, while it has one
        self.started = time.perf_counter()
        window.set_data_folder(str(ctx.services.data_dir))
        w = window
        w.navigate.connect(self.navigate)
        w.shortcut.connect(self.on_shortcut)
        w.closing.connect(self.shutdown)
        w.banner_action.connect(self._banner_action)
        w.switch_user.connect(self.switch_user)
        self.accounts.signed_in.connect(self._signed_in)
        self.accounts.quit_requested.connect(window.close)
        w.home.start_scenario.connect(self.start_call)
        w.home.continue_last.connect(self.continue_last)
        w.call.play_answer.connect(self.play_file)
        w.call.play_recording.connect(self.play_file)
        w.summary.play_answer.connect(self.play_file)
        w.summary.play_recording.connect(self.play_file)
        w.call.listen_at.connect(self.play_file)  # "listen here" (issue 15)
        w.summary.listen_at.connect(self.play_file)
        w.summary.retry_call.connect(self.retry_call)
        w.summary.next_scenario.connect(self.next_scenario)
        w.summary.go_home.connect(slot(self.navigate, "home"))
        w.summary.retry_save.connect(self._retry_summary_save)
        self.call.finished.connect(self._call_finished)
        self.call.abandoned.connect(self._call_abandoned)
        self.call.saves_changed.connect(self._saves_changed)
        self.call.problem.connect(lambda text: self._error_text(text))
        self.history.open_summary.connect(self._show_stored)
        self.history.play.connect(self.play_file)
        for part in (self.home, self.history, self.settings, self.selfcheck, self.quiz):
            part.problem.connect(self.show_error)
        self.home.device_changed.connect(self.settings.write)
        self.settings.language_changed.connect(self._language_changed)
        self.settings.input_changed.connect(self.home.check_audio)
        self.settings.model_changed.connect(self._model_setting_changed)
        self._closed = False
        self._model_catalog = None  # set on the model lane by _load_catalog_task
        ctx.audio.playback_failed.connect(self._playback_failed)

    # ------------------------------------------------------------------ start-up
    def start(self) -> None:
        ctx = self.ctx
        ctx.audio.input_device = ctx.settings.input_device
        ctx.audio.output_device = ctx.settings.output_device
        self.home.check_audio()
        if ctx.settings_store.problem:
            log.error(
                "unreadable settings %s: %s", ctx.settings_store.path, ctx.settings_store.problem
            )
            self.window.show_banner(
                "error",
                "set.unreadable",
                path=str(ctx.settings_store.path),
                msg=ctx.settings_store.problem,
            )
        ctx.runner.run(
            "db",
            ctx.services.practice.reconcile,
            self._reconciled,
            lambda exc: self.show_error("db.failed", str(exc) or type(exc).__name__),
            name="reconcile",
        )
        self.home.refresh()  # queued after the reconcile on the same lane: sees its result
        self.accounts.start()  # the sign-in page (or the first administrator) if required
        self.settings.room.start()  # a seat that joined a centre syncs in the background
        self.privacy.start()  # recordings past the retention period, now and daily
        ctx.runner.run(
            "model",
            self._load_catalog_task,
            self._catalog_loaded,
            self._catalog_failed,
            name="load_catalog",
        )
        self.load_model()

    def _load_catalog_task(self):
        out = load_catalog_and_grader(self.ctx.scenarios_root)
        self.ctx.services.resources.provide(*out)  # quizzes grade with the app's grader
        self._model_catalog = out[0]  # for the model's correction: the next task on this lane
        return out

    def load_model(self) -> None:
        ctx = self.ctx
        if self.speech_factory is not None:
            ctx.speech = self.speech_factory(ctx.settings.model)
        ctx.model_state = "loading"
        self._model_status("model.prepare", busy=True)
        speech = ctx.speech

        def load(progress, cancel):
            speech.catalog = self._model_catalog  # saves the correction a second catalog read
            return speech.load(progress, cancel=cancel)  # cancel: set when the app closes

        ctx.runner.run(
            "model",
            load,
            self._model_loaded,
            self._model_failed,
            on_progress=self._model_progress,
            name="load_model",
        )

    def _reconciled(self, report) -> None:
        data = self.ctx.services.data_dir
        if report.missing or report.changed or report.removed or report.recovered:
            log.warning("reconciled recordings: %s", report)
        if report.recovered:
            root = self.ctx.recordings.recovered
            self.folders["recovered"] = folder_of(report.recovered, root)
            self.window.show_banner(
                "recovered",
                "recovered.banner",
                "recovered.open",
                n=len(report.recovered),
                folder=str(self.folders["recovered"]),
            )
        if report.lost:
            self.folders["missing"] = data
            self.window.show_banner(
                "missing", "missing.banner", "recovered.open", n=report.lost, folder=str(data)
            )
        if report.replayed or report.pending:
            self.folders["pending"] = data / "pending"
            key = "pending.still" if report.pending else "pending.saved"
            log.warning(
                "practice saved late: %s turns; still pending: %s", report.replayed, report.pending
            )
            self.window.show_banner(
                "pending",
                key,
                "recovered.open" if report.pending else "",
                n=report.replayed,
                files=len(report.pending),
                folder=str(data / "pending"),
            )

    def _banner_action(self, name: str) -> None:
        if name == "mic":
            self.home.check_audio()
        elif name in self.folders:
            self.open_folder(self.folders[name])

    def open_folder(self, folder: Path) -> None:
        """Show ``folder`` in the system's file manager."""
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            log.warning("could not open %s", folder)
            self.show_error("folder.open_failed", str(folder))

    def open_recovered(self) -> None:
        if "recovered" in self.folders:
            self.open_folder(self.folders["recovered"])

    def show_error(self, key: str, msg: str) -> None:
        """A failure the trainee must know about, in the error banner (the cause is logged
        where it happened)."""
        self.window.show_banner("error", key, msg=msg)

    def _error_text(self, text: str) -> None:
        self.window.show_banner("error", "error.text", text=text)

    def _playback_failed(self, _token: int, message: str) -> None:
        """A speaker failed: the audio service played on the system default instead, or could
        not play at all (its message says which; the cause is logged there)."""
        self._error_text(message)

    def _catalog_loaded(self, out) -> None:
        self.ctx.catalog, self.ctx.grader = out
        set_element_names(self.ctx.catalog)  # the trainer pages name missing elements so
        self.ctx.timings["catalog_s"] = time.perf_counter() - self.started
        self.home.catalog_loaded()

    def _catalog_failed(self, exc: BaseException) -> None:
        log.error("loading the scenarios failed: %s", exc)
        self.window.home.set_problems([str(exc)])

    def _model_progress(self, value) -> None:
        if isinstance(value, tuple) and value[0] == "stage":
            self._model_status(f"model.{value[1]}", busy=True)

    def _model_loaded(self, where) -> None:
        self.ctx.model_state = "ready"
        self.ctx.timings["model_s"] = time.perf_counter() - self.started
        self._model_status("model.ready")
        self.window.hide_banner("model")
        self.model_settled.emit("ready")

    def _model_failed(self, exc: BaseException) -> None:
        self.ctx.model_state = "failed"
        self.ctx.model_error = str(exc) or type(exc).__name__
        log.error("the speech model is unavailable: %s", self.ctx.model_error)
        self._model_status("model.failed_short")
        self.window.set_banner_kind("model", "error")
        self.window.show_banner("model", "model.failed", msg=self.ctx.model_error)
        self.model_settled.emit("failed")

    def _model_status(self, key: str, busy: bool = False) -> None:
        self.window.set_model_status(key, busy)
        self.settings.set_model_status(key)

    def _model_setting_changed(self) -> None:
        if self.speech_factory is not None:
            self.load_model()

    def _language_changed(self) -> None:
        self.home.check_audio()  # the device's reason in the new language
        self.window.retranslate()
        self.assignments.refresh_mine()  # the assignments' titles in the new language

    # ------------------------------------------------------------------ calls
    def start_call(self, scenario_id: str, resume=None) -> None:
        if self.ctx.catalog is None or self.call.active():
            return
        self.home.stop_mic_test()
        self.ctx.settings.last_scenario = scenario_id
        self.settings.write()
        self.window.set_nav_enabled(False)
        self.window.show_page("call")
        self.call.start(scenario_id, resume)

    def continue_last(self) -> None:
        if self.home.resume is not None and self.window.current_page() == "home":
            resume = self.home.take_resume()
            self.start_call(resume.scenario_id, resume)

    def _call_finished(self, session) -> None:
        self.window.set_nav_enabled(True)
        self._read_summary(session, "call")
        self.home.refresh()

    def _read_summary(self, session, page: str) -> None:
        """Read the call's attempt back and show its summary, if the trainee is still on
        ``page`` with this call (they may have moved on while it was read)."""
        call = session.call
        practice, who = self.ctx.services.practice, self.ctx.session

        def shown(attempt) -> None:
            current = self.call.session if page == "call" else self._summary_call
            if current is session and self.window.current_page() == page:
                self._show_call_summary(session, attempt)

        def unread(exc: BaseException) -> None:
            log.error("reading attempt %s back failed: %s", call.attempt_id, exc)
            shown(None)

        # The db lane is FIFO: the turns and the call's end are saved before this reads them.
        self.ctx.runner.run(
            "db",
            lambda: practice.attempt(who, call.attempt_id) if call.outbox.clean else None,
            shown,
            unread,
            name="finished_attempt",
        )

    def _show_call_summary(self, session, attempt) -> None:
        """The summary of the call just ended, scored as the store scored it; while some of
        its turns are not saved (or the store cannot read it), as the call scored itself."""
        call = session.call
        records = [call.records[k] for k in sorted(call.records)]
        if attempt is not None and call.outbox.clean:
            score, passed, status = attempt.score, attempt.passed, attempt.status
        else:
            score = round(sum(r.score for r in records) / len(records)) if records else None
            passed, status = bool(records) and all(r.passed for r in records), call.status
            if attempt is None and call.outbox.clean:
                score = None  # saved, but could not be read back
        self._summary_call = session
        saves = {r.id: call.outbox.state_of(r.id) for r in records}
        summary = CallSummary(call.scenario, records, score, passed, status, "", saves)
        summary.problem = self._problem(call)
        self._show_summary(summary)

    @staticmethod
    def _problem(call) -> str:
        failed = call.outbox.failure()
        if failed is not None:
            return failed.error
        return "" if call.outbox.clean else "…"

    def _saves_changed(self, session) -> None:
        if self._closed:  # saved while quitting: nothing more to show or read
            return
        if session is self._summary_call and self.summary is not None:
            call = session.call
            self.summary.saves = {r.id: call.outbox.state_of(r.id) for r in self.summary.records}
            self.summary.problem = self._problem(call)
            if call.outbox.clean:
                self._read_summary(session, "summary")  # the store's score, all saved now
                self.home.refresh()
            elif self.window.current_page() == "summary":
                self.window.summary.show_call(self.summary, keep_row=True)

    def _retry_summary_save(self) -> None:
        if self._summary_call is not None:
            self.call.retry_save(self._summary_call)

    def _call_abandoned(self) -> None:
        self.window.set_nav_enabled(True)
        self.navigate("home")
        self.home.refresh()

    def _show_stored(self, attempt, records) -> None:
        """A past attempt from the history, in the summary page."""
        catalog = self.ctx.catalog
        scenario = catalog.scenarios.get(attempt.scenario_id) if catalog else None
        if scenario is None:
            scenario = SimpleNamespace(
                id=attempt.scenario_id, title=attempt.title, title_en=attempt.title_en
            )
        records = [self._with_answer_audio(r) for r in records]
        self._summary_call = None
        when = local_time(attempt.started_at)
        self._show_summary(
            CallSummary(scenario, records, attempt.score, attempt.passed, attempt.status, when)
        )

    def _with_answer_audio(self, record):
        answer = record.result.closest_answer
        audio = self.ctx.audio_path(answer.audio) if answer is not None else None
        return record.with_(answer_audio=str(audio)) if audio else record

    def _show_summary(self, summary: CallSummary) -> None:
        self.summary = summary
        self.window.summary.show_call(summary)
        self.window.show_page("summary")
        self.window.summary.focus_default()

    @property
    def summary_scenario(self) -> str | None:
        return self.summary.scenario.id if self.summary is not None else None

    def retry_call(self) -> None:
        sid = self.summary_scenario
        if sid and self.ctx.catalog and sid in self.ctx.catalog.scenarios:
            self.start_call(sid)

    def next_scenario(self) -> None:
        if not self.ctx.catalog:
            return
        ids = list(self.ctx.catalog.scenarios)
        if not ids:
            return
        sid = self.summary_scenario
        i = ids.index(sid) + 1 if sid in ids else 0
        self.window.home.select(ids[i % len(ids)])
        self.navigate("home")

    def play_file(self, path: str, start_s: float = 0.0) -> None:
        if self.call.active():
            self.call.pause_countdown()  # listening to an answer: do not move on meanwhile
        self.ctx.audio.stop_playback()
        if start_s:
            self.ctx.audio.play(path, -1, start_s)
        else:
            self.ctx.audio.play(path, -1)

    # ------------------------------------------------------------------ people
    def _signed_in(self, session) -> None:
        """Someone signed in: their home (their own best scores and unfinished call)."""
        self.summary = None
        self.home.refresh()
        self.settings.room.start()  # who may join a centre or open the console
        self.navigate("home")
        self.privacy.signed_in()  # consent to keep recordings: asked once per account

    def switch_user(self) -> None:
        """Sign out for the next person; refused while a call is in progress."""
        if self.call.active():
            self.window.show_banner("error", "user.switch_in_call")
            self.window.show_page("call")
            return
        if self.exams.locked():  # the candidate stays in their exam (a PIN resumes a crash)
            self.window.show_banner("error", "error.text", text=tr("exam.switch_refused"))
            self.exams.show_exam()
            return
        if not self.packs.may_leave(self.switch_user):
            return
        self.home.stop_mic_test()
        self.summary = None  # the last person's call summary is not the next one's
        parts = (self.history, self.selfcheck, self.quiz, self.exams, self.console, self.packs,
                 self.assignments, self.review, self.calibration, self.dashboard, self.privacy)  # fmt: skip
        for part in parts:
            part.forget()  # nothing of theirs stays on a page the next person opens
        self.accounts.switch_user()

    def _packs_changed(self) -> None:
        """A trainer's pack was written: practice sees the catalog with it."""
        resources = self.ctx.services.resources
        self.ctx.catalog, self.ctx.grader = resources.catalog, resources.grader
        self.home.catalog_loaded()

    # ------------------------------------------------------------------ navigation, keys
    def navigate(self, name: str) -> None:
        if self.call.active():
            self.window.show_page("call")
            return
        if self.exams.locked():
            self.exams.show_exam()
            return
        if self.accounts.waiting:
            self.window.show_page("login")
            return
        if name in NAV and name not in pages_of(self.ctx.session):
            name = "home"  # a page the role does not open (the services refuse it anyway)
        if not self.packs.may_leave(lambda: self.navigate(name)):
            return  # the pack editor has unsaved changes and the trainer stays
        if name != "quiz":
            self.quiz.leave()  # a spoken answer being recorded is dropped
        shown_by = {"users": self.users, "selfcheck": self.selfcheck, "quiz": self.quiz,
                    "room": self.console, "packs": self.packs,
                    "assign": self.assignments, "review": self.review,
                    "calibration": self.calibration, "dashboard": self.dashboard}  # fmt: skip
        if name in shown_by:
            self.home.stop_mic_test()
            shown_by[name].show()
            return
        if name in EXAM_PAGES:
            self.home.stop_mic_test()
            self.exams.show(name)
            return
        if name != "home":
            self.home.stop_mic_test()
        if name == "history":
            self.history.show()
            return
        if name == "settings":
            self.settings.show()
            self.privacy.refresh()
        self.window.show_page(name)
        if name == "home":
            self.window.home.focus_list()

    def on_shortcut(self, name: str) -> None:
        page = self.window.current_page()
        if page == "call":
            phase = self.call.phase
            if name == "space":
                if phase == "ringing":
                    self.call.answer()
                elif phase == "caller":
                    self.call.talk_now()
                elif phase == "listening":
                    self.call.end_speech()
            elif name == "retry":
                self.call.retry_turn()
            elif name == "next":
                self.call.next_turn()
            elif name == "escape":
                self.call.escape()
            elif name == "hint":
                self.call.toggle_hint()
        elif page == "summary":
            {
                "retry": self.retry_call,
                "next": self.next_scenario,
                "escape": lambda: self.navigate("home"),
            }.get(name, lambda: None)()
        elif page == "home" and name == "continue":
            self.continue_last()

    # ------------------------------------------------------------------ shutdown
    def shutdown(self) -> None:
        """Hang up, save what a call still has to save (kept in ``pending/`` if it cannot be),
        wait for the lanes, close the audio and the database."""
        if self._closed:
            return
        self._closed = True
        self.home.closed = True
        if self.call.active():
            self.call.hang_up()
        self.exams.shutdown()  # the exam clock saved before the lanes stop
        self.privacy.stop()
        sessions = [self.call.session, self._summary_call]
        for i, session in enumerate(sessions):
            if session is not None and session not in sessions[:i]:
                if not session.call.outbox.clean:
                    self.call.retry_save(session)
        self.settings.room.stop()
        self.console.timer.stop()
        self.ctx.audio.close()
        self.ctx.runner.shutdown()
        self.ctx.services.close()
