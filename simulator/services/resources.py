"""Data the quiz and exam services share, loaded once on first use: the scenario catalog and
its grader, the question banks, the exam definitions and the speech service.

Each can be injected (tests, the app's already-loaded catalog, a transcriber); what is not
injected is loaded from the repository's data folders when first needed, so opening the
services stays quick.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from simulator.core.catalog import Catalog, DataError
from simulator.core.quiz_grading import Heard

Speech = Callable[[Path], "Heard | str"]


class Resources:
    def __init__(
        self,
        catalog: Catalog | None = None,
        grader=None,
        banks=None,
        exams=None,
        speech: Speech | None = None,
        exams_folder: Path | None = None,
        banks_folder: Path | None = None,
    ):
        self._catalog = catalog
        self._grader = grader
        self._banks = banks
        self._exams = exams
        self.speech = speech
        self._exams_folder = exams_folder
        self._banks_folder = banks_folder
        self._lock = threading.RLock()

    def provide(self, catalog: Catalog, grader) -> None:
        """Use a catalog and grader already loaded (the app's) unless some are in use."""
        with self._lock:
            if self._catalog is None and self._grader is None:
                self._catalog, self._grader = catalog, grader

    @property
    def catalog(self) -> Catalog:
        with self._lock:
            if self._catalog is None:
                if self._grader is not None:
                    self._catalog = self._grader.catalog
                else:
                    from simulator.core.catalog import load_catalog

                    self._catalog = load_catalog()
            return self._catalog

    @property
    def grader(self):
        with self._lock:
            if self._grader is None:
                from simulator.core.grader import Grader

                self._grader = Grader(self.catalog)
            return self._grader

    @property
    def banks(self):
        with self._lock:
            if self._banks is None:
                try:
                    from simulator.core.quiz_bank import load_banks
                except ImportError as exc:
                    raise DataError(
                        f"题库不可用 / the question banks are not available ({exc})"
                    ) from exc
                self._banks = load_banks(self._banks_folder)
            return self._banks

    @property
    def exams(self):
        with self._lock:
            if self._exams is None:
                from simulator.core.exam_def import load_exams

                self._exams = load_exams(self._exams_folder, self.banks, self.catalog)
            return self._exams

    def hear(self, path: Path) -> Heard:
        """Transcribe a saved reply with the injected speech service."""
        if self.speech is None:
            raise DataError("语音识别不可用 / the speech service is not available")
        heard = self.speech(Path(path))
        return heard if isinstance(heard, Heard) else Heard(str(heard))
