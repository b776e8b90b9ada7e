"""The app controller: start-up work in the background (reconcile the database and save what
failed writes left behind; the catalog and speech model through startup.Loader), navigation,
banners (no microphone, errors, recordings recovered or missing, practice saved late), keyboard
shortcuts, and handing work to the feature controllers (the call summary: summary.py)."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from simulator.app.accounts.controllers.sign_in import SignInController, pages_of
from simulator.app.accounts.controllers.users import UsersController
from simulator.app.context import AppContext
from simulator.app.exams.controllers.feature import PAGES as EXAM_PAGES
from simulator.app.exams.controllers.feature import ExamsFeature
from simulator.app.i18n import tr
from simulator.app.practice.controllers.call import CallController
from simulator.app.practice.controllers.history import HistoryController
from simulator.app.practice.controllers.home import HomeController
from simulator.app.quizzes.controllers.quiz import QuizController
from simulator.app.quizzes.controllers.self_check import SelfCheckController
from simulator.app.room.controllers.console import ConsoleController
from simulator.app.shell.controllers.settings import SettingsController
from simulator.app.shell.controllers.startup import Loader, folder_of
from simulator.app.shell.controllers.summary import SummaryController
from simulator.app.shell.views.main_window import NAV
from simulator.app.trainer.controllers.assignments import AssignmentsController
from simulator.app.trainer.controllers.calibration import CalibrationController
from simulator.app.trainer.controllers.dashboard import DashboardController
from simulator.app.trainer.controllers.pack_list import PackListController
from simulator.app.trainer.controllers.privacy import PrivacyController
from simulator.app.trainer.controllers.review import ReviewController
from simulator.sync.records import SyncReport

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
        self.settings.room.account_disabled.connect(self.sign_out_disabled)  # issue 14
        self._pulled_packs_waiting = False  # a sync pulled packs while a call ran
        self.settings.room.synced.connect(self._packs_pulled)
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
        self.started = time.perf_counter()
        self.loader = Loader(
            ctx, window, self.settings, self.home, speech_factory, self.started, self
        )
        self.loader.settled.connect(self.model_settled)
        self.summaries = SummaryController(ctx, window, self.call, self.home, self)
        self.summaries.start_call.connect(self.start_call)
        self.summaries.navigate.connect(self.navigate)
        self.home.refreshing.connect(self.assignments.refresh_mine)
        self.review.play.connect(self.play_file)
        self.calibration.play.connect(self.play_file)
        for part in (self.assignments, self.privacy):
            part.problem.connect(self.show_error)
        self.folders: dict[str, Path] = {}  # banner name → the folder its button opens
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
        self.call.abandoned.connect(self._call_abandoned)
        self.call.problem.connect(lambda text: self._error_text(text))
        self.history.open_summary.connect(self.summaries.show_stored)
        self.history.play.connect(self.play_file)
        for part in (self.home, self.history, self.settings, self.selfcheck, self.quiz):
            part.problem.connect(self.show_error)
        self.home.device_changed.connect(self.settings.write)
        self.settings.language_changed.connect(self._language_changed)
        self.settings.input_changed.connect(self.home.check_audio)
        self._closed = False
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
        self.loader.start()  # the catalog, then the speech model, on the model lane

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

    def _call_abandoned(self) -> None:
        self.window.set_nav_enabled(True)
        self.navigate("home")
        self.home.refresh()

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
        self.summaries.forget()
        self.home.refresh()
        self.settings.room.start()  # who may join a centre or open the console
        self.navigate("home")
        self.privacy.signed_in()  # consent to keep recordings: asked once per account

    def sign_out_disabled(self, _name: str = "") -> None:
        """The centre disabled the person signed in here (the room's sync found it): signed
        out, saying why; a call or an exam in progress ends first (the next sync asks again)."""
        if self.call.active() or self.exams.locked():
            self.window.show_banner("error", "room.disabled_later")
            return
        self.switch_user(note_key="room.disabled_out")

    def switch_user(self, note_key: str = "login.switched") -> None:
        """Sign out for the next person; refused while a call is in progress."""
        if self.call.active():
            self.window.show_banner("error", "user.switch_in_call")
            self.window.show_page("call")
            return
        if self.exams.locked():  # the candidate stays in their exam (a PIN resumes a crash)
            self.window.show_banner("error", "error.text", text=tr("exam.switch_refused"))
            self.exams.show_exam()
            return
        if not self.packs.may_leave(lambda: self.switch_user(note_key)):
            return
        self.home.stop_mic_test()
        parts = (self.summaries, self.history, self.selfcheck, self.quiz, self.exams, self.console, self.packs,
                 self.assignments, self.review, self.calibration, self.dashboard, self.privacy)  # fmt: skip
        for part in parts:
            part.forget()  # nothing of theirs stays on a page the next person opens
        self.accounts.switch_user(note_key)

    def _packs_changed(self) -> None:
        """A trainer's pack was written: practice sees the catalog with it."""
        resources = self.ctx.services.resources
        self.ctx.catalog, self.ctx.grader = resources.catalog, resources.grader
        self.home.catalog_loaded()

    def _packs_pulled(self, report: SyncReport) -> None:
        """After a sync that pulled packs another seat wrote (``report.packs_changed``: the
        services read the catalog again), practice and the assignments take the new catalog;
        during a call (or before the catalog is loaded), after a later sync."""
        self._pulled_packs_waiting = self._pulled_packs_waiting or report.packs_changed
        if not self._pulled_packs_waiting or self.ctx.catalog is None or self.call.active():
            return  # nothing new / not loaded yet / the call keeps its catalog
        self._pulled_packs_waiting = False
        log.info("packs pulled from the centre: practice takes the new catalog")
        self._packs_changed()

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
                "retry": self.summaries.retry_call,
                "next": self.summaries.next_scenario,
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
        self.summaries.closed = True
        sessions = [self.call.session, self.summaries.session]
        for i, session in enumerate(sessions):
            if session is not None and session not in sessions[:i]:
                if not session.call.outbox.clean:
                    self.call.retry_save(session)
        self.settings.room.stop()
        self.console.timer.stop()
        self.ctx.audio.close()
        self.ctx.runner.shutdown()
        self.ctx.services.close()
