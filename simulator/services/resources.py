"""Data the quiz and exam services share, loaded once on first use: the scenario catalog and
its grader, the question banks, the exam definitions and the speech service.

Each can be injected (tests, the app's already-loaded catalog, a transcriber); what is not
injected is loaded from the repository's data folders when first needed, so opening the
services stays quick. The catalog also holds the trainers' packs of the data folder
(``trainer_packs``); after one is saved, imported or deleted, ``packs_changed`` swaps in a
catalog (and grader) with the trainers' packs read again — the shipped ones are not reloaded.
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
        trainer_packs: Path | None = None,
    ):
        self.trainer_packs = trainer_packs
        self._own_packs = False  # the catalog holds this seat's trainers' packs
        self._catalog = catalog
        self._grader = grader
        self._banks = banks
        self._exams = exams
        self.speech = speech
        self._exams_folder = exams_folder
        self._banks_folder = banks_folder
        self._lock = threading.RLock()

    def _has_trainer_packs(self) -> bool:
        folder = self.trainer_packs
        return folder is not None and folder.is_dir() and any(folder.iterdir())

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

                    self._catalog = load_catalog(trainer_packs=self.trainer_packs)
                    self._own_packs = True
            if not self._own_packs:  # an injected catalog: this seat's trainers' packs, only
                self._own_packs = True
                injected = self._catalog
                if injected.trainer_dir != self.trainer_packs and (
                    self._has_trainer_packs() or injected.trainer_dir is not None
                ):
                    self._swap(injected.with_trainer_packs(self.trainer_packs))
            return self._catalog

    @property
    def grader(self):
        with self._lock:
            if self._grader is None:
                from simulator.core.grader import Grader

                self._grader = Grader(self.catalog)
            return self._grader

    def packs_changed(self) -> Catalog:
        """Read the trainers' packs again (the shipped ones, rules and elements are kept);
        a loaded grader is rebuilt over the new catalog. Returns the new catalog."""
        with self._lock:
            if self._catalog is None and self._grader is None:
                return self.catalog
            self._swap(self.catalog.with_trainer_packs(self.trainer_packs))
            return self._catalog

    def _swap(self, catalog: Catalog) -> None:
        from simulator.core.grader import Grader

        self._catalog = catalog
        old = self._grader
        if isinstance(old, Grader):  # (an injected stand-in keeps its own catalog)
            self._grader = Grader(catalog, use_opinion=old._use_opinion, opinion=old._opinion)

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
