"""The app controller: start-up work in the background (reconcile the database, load the
catalog and grader, load the speech model with visible progress), navigation, banners (among
them the recordings start-up recovered, with their folder), the microphone check, settings,
keyboard shortcuts, and handing calls to the call controller."""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from simulator.app import i18n
from simulator.app.controllers.call import CallController
from simulator.app.controllers.context import AppContext
from simulator.app.controllers.history import HistoryController
from simulator.app.i18n import tr
from simulator.app.qtutil import after, slot

log = logging.getLogger(__name__)


def _load_catalog(root):
    from simulator.core.catalog import load_catalog
    from simulator.core.grader import Grader

    catalog = load_catalog(root)
    return catalog, Grader(catalog)


def _folder_of(paths: list[str], root: Path) -> Path:
    """The one folder holding all ``paths`` (a call's), else ``root`` (several calls')."""
    parents = {Path(p).parent for p in paths}
    return parents.pop() if len(parents) == 1 else root


class AppController(QObject):
    model_settled = Signal(str)  # "ready" | "failed"

    def __init__(self, ctx: AppContext, window, speech_factory=None, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.speech_factory = speech_factory
        self.call = CallController(ctx, window.call, self)
        self.history = HistoryController(ctx, window, self)
        self.resume: dict | None = None
        self.recovered: tuple[int, Path] | None = None  # recordings reconcile kept, and where
        self._stats: dict = {}
        self.summary_scenario: str | None = None
        self.started = time.perf_counter()
        w = window
        w.navigate.connect(self.navigate)
        w.shortcut.connect(self.on_shortcut)
        w.closing.connect(self.shutdown)
        w.home.start_scenario.connect(self.start_call)
        w.home.continue_last.connect(self.continue_last)
        w.home.mic_test.connect(self.mic_test)
        w.home.device_changed.connect(self.set_device)
        w.mic_banner.action.connect(self.check_audio)
        w.recovered_banner.action.connect(self.open_recovered)
        w.call.play_answer.connect(self.play_file)
        w.call.play_recording.connect(self.play_file)
        w.summary.play_answer.connect(self.play_file)
        w.summary.play_recording.connect(self.play_file)
        w.summary.retry_call.connect(self.retry_call)
        w.summary.next_scenario.connect(self.next_scenario)
        w.summary.go_home.connect(slot(self.navigate, "home"))
        w.settings.save.connect(self.save_settings)
        w.settings.refresh_devices.connect(self._refresh_settings_devices)
        ctx.audio.monitor_level.connect(w.home.meter.set_level)
        ctx.audio.playback_failed.connect(self._playback_failed)
        self.call.finished.connect(self._call_finished)
        self.call.abandoned.connect(self._call_abandoned)
        self.history.open_summary.connect(self._show_summary)
        self.history.play.connect(self.play_file)
        self._closed = False
        self._model_catalog = None  # set on the model lane by _load_catalog_task

    # ------------------------------------------------------------------ start-up
    def start(self) -> None:
        ctx = self.ctx
        ctx.audio.input_device = ctx.settings.input_device
        ctx.audio.output_device = ctx.settings.output_device
        self.check_audio()
        ctx.runner.run(
            "db",
            ctx.services.practice.reconcile,
            self._reconciled,
            self._db_failed,
            name="reconcile",
        )
        self.refresh_home()  # queued after the reconcile on the same lane: sees its result
        ctx.runner.run(
            "model",
            self._load_catalog_task,
            self._catalog_loaded,
            self._catalog_failed,
            name="load_catalog",
        )
        self.load_model()

    def _load_catalog_task(self):
        out = _load_catalog(self.ctx.scenarios_root)
        self._model_catalog = out[0]  # for the model's correction: the next task on this lane
        return out

    def load_model(self) -> None:
        ctx = self.ctx
        if self.speech_factory is not None:
            ctx.speech = self.speech_factory(ctx.settings.model)
        ctx.model_state = "loading"
        self._model_status("loading", tr("model.prepare"))
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
        if report.missing or report.changed or report.removed or report.recovered:
            log.warning("reconciled recordings: %s", report)
        if report.recovered:
            root = self.ctx.recordings.recovered
            self.recovered = (len(report.recovered), _folder_of(report.recovered, root))
            self._show_recovered()

    def _show_recovered(self) -> None:
        n, folder = self.recovered
        self.window.recovered_banner.show_message(
            tr("recovered.banner", n=n, folder=str(folder)), tr("recovered.open")
        )

    def open_recovered(self) -> None:
        """Show the recovered recordings in the system's file manager."""
        if self.recovered is None:
            return
        folder = self.recovered[1]
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            log.warning("could not open %s", folder)

    def _db_failed(self, exc: BaseException) -> None:
        self.window.model_banner.set_kind("error")
        self.window.model_banner.show_message(tr("db.failed", msg=str(exc)))

    def _catalog_loaded(self, out) -> None:
        self.ctx.catalog, self.ctx.grader = out
        self.ctx.timings["catalog_s"] = time.perf_counter() - self.started
        self.window.home.set_catalog(self.ctx.catalog, self._stats)
        self.window.home.set_problems([str(p) for p in self.ctx.catalog.problems])
        if self.ctx.settings.last_scenario:
            self.window.home.select(self.ctx.settings.last_scenario)
        if self.window.current_page() == "home":
            self.window.home.focus_list()

    def _catalog_failed(self, exc: BaseException) -> None:
        self.window.home.set_problems([str(exc)])

    def _model_progress(self, value) -> None:
        if isinstance(value, tuple) and value[0] == "stage":
            self._model_status("loading", tr(f"model.{value[1]}"))

    def _model_loaded(self, where) -> None:
        self.ctx.model_state = "ready"
        self.ctx.timings["model_s"] = time.perf_counter() - self.started
        self._model_status("ready", tr("model.ready"))
        self.window.model_banner.setVisible(False)
        self.model_settled.emit("ready")

    def _model_failed(self, exc: BaseException) -> None:
        self.ctx.model_state = "failed"
        self.ctx.model_error = str(exc) or type(exc).__name__
        self._model_status("failed", tr("model.failed_short"))
        self.window.model_banner.set_kind("error")
        self.window.model_banner.show_message(tr("model.failed", msg=self.ctx.model_error))
        self.model_settled.emit("failed")

    def _model_status(self, state: str, text: str) -> None:
        self.window.set_model_status(text, busy=state == "loading")
        self.window.settings.set_model_status(text)

    def check_audio(self) -> None:
        ctx = self.ctx
        ctx.audio_reason = ctx.audio.unavailable_reason()
        devices = ctx.audio.input_devices()  # listed even then: another device may work
        self.window.home.set_devices(devices, ctx.settings.input_device, ctx.audio_reason)
        if ctx.audio_reason is None:
            self.window.mic_banner.setVisible(False)
        else:
            self.window.mic_banner.show_message(
                tr("mic.banner", msg=ctx.audio_reason), tr("mic.recheck")
            )

    def _playback_failed(self, _token: int, message: str) -> None:
        """A speaker failed (the audio service logged why): say so in the audio banner."""
        self.window.mic_banner.show_message(message)

    # ------------------------------------------------------------------ home
    def refresh_home(self) -> None:
        practice, session = self.ctx.services.practice, self.ctx.session
        self.ctx.runner.run(
            "db",
            lambda: (practice.scenario_stats(session), practice.resume_point(session)),
            self._home_data,
            self._db_failed,
            name="home_data",
        )

    def _home_data(self, out) -> None:
        self._stats, self.resume = out
        if self.ctx.catalog is not None:
            self.window.home.set_catalog(self.ctx.catalog, self._stats)
            if self.resume and self.resume.scenario_id not in self.ctx.catalog.scenarios:
                self.resume = None
        self.window.home.set_resume(self.resume)

    def mic_test(self, on: bool) -> None:
        if not on:
            self.ctx.audio.stop_monitor()
            return
        error = self.ctx.audio.start_monitor()
        self.window.home.set_mic_status(
            tr("home.mic_listening") if error is None else tr("home.mic_missing", msg=error)
        )

    def set_device(self, name: str) -> None:
        self.ctx.audio.input_device = name
        self.ctx.settings.input_device = name
        self._save_settings()
        after(self, 0, self._recheck_audio)  # not inside the combo's own change signal

    def _recheck_audio(self) -> None:
        """The banner and device list for the device just picked on the home page."""
        if not self._closed:
            self.check_audio()

    # ------------------------------------------------------------------ calls
    def start_call(self, scenario_id: str, resume=None) -> None:
        if self.ctx.catalog is None or self.call.active():
            return
        self.ctx.audio.stop_monitor()
        self.ctx.settings.last_scenario = scenario_id
        self._save_settings()
        self.window.set_nav_enabled(False)
        self.window.show_page("call")
        self.call.start(scenario_id, resume)

    def continue_last(self) -> None:
        if self.resume is not None and self.window.current_page() == "home":
            resume, self.resume = self.resume, None
            self.window.home.set_resume(None)
            self.start_call(resume.scenario_id, resume)

    def _call_finished(self, session) -> None:
        self.window.set_nav_enabled(True)
        items = [session.items[k] for k in sorted(session.items)]
        practice, who = self.ctx.services.practice, self.ctx.session

        def shown(attempt) -> None:
            # The trainee may have moved on (another page, another call) while this was read.
            if self.call.session is session and self.window.current_page() == "call":
                self._show_summary(session.scenario, items, attempt, status=session.status)

        # The db lane is FIFO: the turns and the call's end are saved before this reads them.
        self.ctx.runner.run(
            "db",
            lambda: session.attempt_id and practice.attempt(who, session.attempt_id),
            shown,
            lambda exc: shown(None),
            name="finished_attempt",
        )
        self.refresh_home()

    def _call_abandoned(self) -> None:
        self.window.set_nav_enabled(True)
        self.navigate("home")
        self.refresh_home()

    def _show_summary(
        self, scenario, items, attempt, when: str = "", status: str = "completed"
    ) -> None:
        """The call summary, scored as the store scored the attempt (no score if it was not
        saved; ``status`` is then the call's own)."""
        self.summary_scenario = scenario.id
        if attempt:
            score, passed, status = attempt.score, attempt.passed, attempt.status
        else:
            score, passed = None, False
        self.window.summary.show_call(scenario, items, score, passed, status, when)
        self.window.show_page("summary")
        self.window.summary.focus_default()

    def retry_call(self) -> None:
        if (
            self.summary_scenario
            and self.ctx.catalog
            and self.summary_scenario in self.ctx.catalog.scenarios
        ):
            self.start_call(self.summary_scenario)

    def next_scenario(self) -> None:
        if not self.ctx.catalog:
            return
        ids = list(self.ctx.catalog.scenarios)
        if not ids:
            return
        i = ids.index(self.summary_scenario) + 1 if self.summary_scenario in ids else 0
        self.window.home.select(ids[i % len(ids)])
        self.navigate("home")

    def play_file(self, path: str) -> None:
        if self.call.active():
            self.call.pause_countdown()  # listening to an answer: do not move on meanwhile
        self.ctx.audio.stop_playback()
        self.ctx.audio.play(path, -1)

    # ------------------------------------------------------------------ navigation, keys
    def navigate(self, name: str) -> None:
        if self.call.active():
            self.window.show_page("call")
            return
        if name != "home":
            self.ctx.audio.stop_monitor()
            self.window.home.mic_button.setChecked(False)
        if name == "history":
            self.history.show()
            return
        if name == "settings":
            audio = self.ctx.audio
            self.window.settings.show_settings(
                self.ctx.settings,
                audio.input_devices(),
                audio.output_devices(),
                self.window.model_label.text(),
            )
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

    # ------------------------------------------------------------------ settings
    def _refresh_settings_devices(self) -> None:
        self.check_audio()
        self.window.settings.set_devices(
            self.ctx.audio.input_devices(), self.ctx.settings.input_device
        )
        self.window.settings.set_output_devices(
            self.ctx.audio.output_devices(), self.ctx.settings.output_device
        )

    def save_settings(self, new) -> None:
        old = self.ctx.settings
        self.ctx.settings = new
        self._save_settings()
        if new.language != old.language:
            i18n.set_language(new.language)
            self.window.retranslate()
            if self.recovered is not None and not self.window.recovered_banner.isHidden():
                self._show_recovered()
        self.ctx.audio.output_device = new.output_device
        if new.input_device != old.input_device:
            self.ctx.audio.input_device = new.input_device
            self.check_audio()
        if new.model != old.model and self.speech_factory is not None:
            self.load_model()
        self.window.settings.set_model_status(tr("set.saved"))

    def _save_settings(self) -> None:
        """Write a copy of the settings on the db lane: the fsync stays off the UI thread, and
        shutdown() waits for queued tasks, so the last change is on disk when the app quits."""
        snapshot = replace(self.ctx.settings)
        store = self.ctx.settings_store
        self.ctx.runner.run(
            "db",
            lambda: store.save(snapshot),
            None,
            lambda exc: log.warning("saving settings failed: %s", exc),
            name="save_settings",
        )

    # ------------------------------------------------------------------ shutdown
    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self.call.active():
            self.call.hang_up()
        self.ctx.audio.close()
        self.ctx.runner.shutdown()
        self.ctx.services.close()
