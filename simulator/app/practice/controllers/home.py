"""Home: the scenarios with the trainee's stats and where to continue (read on the db lane),
the microphone check and the input device picked there."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from simulator.app.context import AppContext
from simulator.app.qtutil import after

log = logging.getLogger(__name__)


class HomeController(QObject):
    problem = Signal(str, str)  # string id, cause: for the error banner
    device_changed = Signal()  # the input device picked on the home page (settings to save)
    refreshing = Signal()  # the home page is read again (the trainee's assignments with it)

    def __init__(self, ctx: AppContext, window, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.view = window.home
        self.resume = None  # AttemptRecord to continue, if any
        self.stats: dict = {}
        self.closed = False
        self.view.mic_test.connect(self.mic_test)
        self.view.device_changed.connect(self.set_device)
        ctx.audio.monitor_level.connect(self.view.set_level)

    # ------------------------------------------------------------------ data
    def refresh(self) -> None:
        practice, session = self.ctx.services.practice, self.ctx.session
        self.ctx.runner.run(
            "db",
            lambda: (practice.scenario_stats(session), practice.resume_point(session)),
            self._loaded,
            lambda exc: self.problem.emit("home.load_failed", str(exc) or type(exc).__name__),
            name="home_data",
        )
        self.refreshing.emit()

    def _loaded(self, out) -> None:
        self.stats, self.resume = out
        if self.ctx.catalog is not None:
            self.view.set_catalog(self.ctx.catalog, self.stats)
            if self.resume and self.resume.scenario_id not in self.ctx.catalog.scenarios:
                self.resume = None
        self.view.set_resume(self.resume)

    def catalog_loaded(self) -> None:
        catalog = self.ctx.catalog
        self.view.set_catalog(catalog, self.stats)
        self.view.set_problems([str(p) for p in catalog.problems])
        self.refreshing.emit()  # the assignments' titles from the catalog
        if self.ctx.settings.last_scenario:
            self.view.select(self.ctx.settings.last_scenario)
        if self.window.current_page() == "home":
            self.view.focus_list()

    def take_resume(self):
        """The attempt to continue (once): it leaves the home page."""
        resume, self.resume = self.resume, None
        self.view.set_resume(None)
        return resume

    # ------------------------------------------------------------------ microphone
    def check_audio(self) -> None:
        ctx = self.ctx
        ctx.audio_reason = ctx.audio.unavailable_reason()
        devices = ctx.audio.input_devices()  # listed even then: another device may work
        self.view.set_devices(devices, ctx.settings.input_device, ctx.audio_reason)
        if ctx.audio_reason is None:
            self.window.hide_banner("mic")
        else:
            log.warning("no microphone: %s", ctx.audio_reason)
            self.window.show_banner("mic", "mic.banner", "mic.recheck", msg=ctx.audio_reason)

    def mic_test(self, on: bool) -> None:
        if not on:
            self.ctx.audio.stop_monitor()
            self.view.set_mic_state("idle")
            return
        error = self.ctx.audio.start_monitor()
        if error is None:
            self.view.set_mic_state("listening")
        else:
            log.warning("the microphone check could not start: %s", error)
            self.view.stop_mic_test()
            self.view.set_mic_state("missing", error)

    def stop_mic_test(self) -> None:
        self.ctx.audio.stop_monitor()
        self.view.stop_mic_test()

    def set_device(self, name: str) -> None:
        self.ctx.audio.input_device = name
        self.ctx.settings.input_device = name
        self.device_changed.emit()
        after(self, 0, self._recheck_audio)  # not inside the combo's own change signal

    def _recheck_audio(self) -> None:
        """The banner and device list for the device just picked on the home page."""
        if not self.closed:
            self.check_audio()
