"""The transcriber every entry point uses (command line, benchmark, desktop app): the model
setting resolved, the catalog's hotline-vocabulary correction attached, the beam size set."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)


def hotline_corrector(catalog=None, scenarios_root: Path | None = None, required: bool = True):
    """The transcript correction built from ``catalog`` (read from ``scenarios_root`` when
    None). With ``required=False`` a failure is logged and None returned: the transcripts are
    then Whisper's own, which still grade."""
    try:
        from simulator.core.catalog import load_catalog
        from simulator.speech.correction import Corrector

        return Corrector.from_catalog(catalog or load_catalog(scenarios_root))
    except Exception as exc:
        if required:
            raise
        log.warning("transcript correction unavailable: %s", exc)
        return None


def load_transcriber(
    model: str | os.PathLike | None = None,
    *,
    catalog=None,
    scenarios_root: Path | None = None,
    beam_size: int | None = None,
    correction_required: bool = True,
    before_load: Callable[[], None] = lambda: None,
    cancel: threading.Event | None = None,
):
    """A loaded ``Transcriber``; ``before_load`` runs once the model folder is found (it may
    have been downloaded), before the slow load. ``beam_size`` None keeps the default.

    Raises ``ModelUnavailable`` when the model cannot be had (``ModelCancelled`` once
    ``cancel`` is set while it is assembled or downloaded)."""
    from simulator.speech.model_store import resolve_model
    from simulator.speech.transcriber import Transcriber

    model_dir = resolve_model(model, cancel=cancel)
    before_load()
    corrector = hotline_corrector(catalog, scenarios_root, required=correction_required)
    options = {"beam_size": beam_size} if beam_size else None
    return Transcriber(model_dir, options=options, corrector=corrector)
