"""Start-up work the app controller hands to its lanes: the catalog and its grader, the speech
model (with its progress and failure shown), and where the recordings a start-up recovered lie."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from simulator.app.context import AppContext
from simulator.app.trainer.views.tables import set_element_names

log = logging.getLogger(__name__)


def load_catalog_and_grader(root):
    from simulator.core.catalog import load_catalog
    from simulator.core.grader import Grader

    catalog = load_catalog(root)
    return catalog, Grader(catalog)


def folder_of(paths: list[str], root: Path) -> Path:
    """The one folder holding all ``paths`` (a call's), else ``root`` (several calls')."""
    parents = {Path(p).parent for p in paths}
    return parents.pop() if len(parents) == 1 else root


class Loader(QObject):
    """Loads the catalog, then the speech model, on the model lane; tells the window how far."""

    settled = Signal(str)  # the model: "ready" | "failed"

    def __init__(self, ctx: AppContext, window, settings, home, speech_factory, started: float,
                 parent: QObject | None = None):  # fmt: skip
        super().__init__(parent)
        self.ctx, self.window, self.settings, self.home = ctx, window, settings, home
        self.speech_factory = speech_factory
        self.started = started
        self._catalog = None  # set on the model lane by _catalog_task
        settings.model_changed.connect(self._setting_changed)

    def start(self) -> None:
        self.ctx.runner.run(
            "model",
            self._catalog_task,
            self._catalog_loaded,
            self._catalog_failed,
            name="load_catalog",
        )
        self.load_model()

    def _catalog_task(self):
        out = load_catalog_and_grader(self.ctx.scenarios_root)
        self.ctx.services.resources.provide(*out)  # quizzes grade with the app's grader
        self._catalog = out[0]  # for the model's correction: the next task on this lane
        return out

    def load_model(self) -> None:
        ctx = self.ctx
        if self.speech_factory is not None:
            ctx.speech = self.speech_factory(ctx.settings.model)
        ctx.model_state = "loading"
        self._status("model.prepare", busy=True)
        speech = ctx.speech

        def load(progress, cancel):
            speech.catalog = self._catalog  # saves the correction a second catalog read
            return speech.load(progress, cancel=cancel)  # cancel: set when the app closes

        ctx.runner.run(
            "model",
            load,
            self._model_loaded,
            self._model_failed,
            on_progress=self._progress,
            name="load_model",
        )

    def _catalog_loaded(self, out) -> None:
        self.ctx.catalog, self.ctx.grader = out
        set_element_names(self.ctx.catalog)  # the trainer pages name missing elements so
        self.ctx.timings["catalog_s"] = time.perf_counter() - self.started
        self.home.catalog_loaded()

    def _catalog_failed(self, exc: BaseException) -> None:
        log.error("loading the scenarios failed: %s", exc)
        self.window.home.set_problems([str(exc)])

    def _progress(self, value) -> None:
        if isinstance(value, tuple) and value[0] == "stage":
            self._status(f"model.{value[1]}", busy=True)

    def _model_loaded(self, where) -> None:
        self.ctx.model_state = "ready"
        self.ctx.timings["model_s"] = time.perf_counter() - self.started
        self._status("model.ready")
        self.window.hide_banner("model")
        self.settled.emit("ready")

    def _model_failed(self, exc: BaseException) -> None:
        self.ctx.model_state = "failed"
        self.ctx.model_error = str(exc) or type(exc).__name__
        log.error("the speech model is unavailable: %s", self.ctx.model_error)
        self._status("model.failed_short")
        self.window.set_banner_kind("model", "error")
        self.window.show_banner("model", "model.failed", msg=self.ctx.model_error)
        self.settled.emit("failed")

    def _status(self, key: str, busy: bool = False) -> None:
        self.window.set_model_status(key, busy)
        self.settings.set_model_status(key)

    def _setting_changed(self) -> None:
        if self.speech_factory is not None:
            self.load_model()
