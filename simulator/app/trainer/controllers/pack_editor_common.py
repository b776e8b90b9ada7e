"""What the pack list, editor, preview and caller audio controllers share: a service error in
the UI language (its message names the file and field), audio tokens that never collide with
a practice call's, and a pack's audio reference resolved inside its own folder."""

from __future__ import annotations

import itertools
import logging
from pathlib import Path

from simulator.app.i18n import language, message
from simulator.services.errors import ServiceError
from simulator.services.session import PermissionDenied

log = logging.getLogger(__name__)
_TOKENS = itertools.count(900_000)  # the call screen counts from 1


def next_token() -> int:
    return next(_TOKENS)


def said(exc: BaseException) -> str:
    """The service's message in the UI language; anything else logged and named."""
    if isinstance(exc, ServiceError):
        return exc.en if language() == "en" else exc.zh
    text = str(exc) or type(exc).__name__
    if not isinstance(exc, PermissionDenied):
        log.error("trainer packs: %s", text, exc_info=exc)
    return message(text)


def audio_path(catalog, pack_id: str, ref: str | None) -> Path | None:
    """The file a pack's audio reference names, when it is there and inside the pack's folder."""
    if not ref or catalog is None:
        return None
    from simulator.core.paths import UnsafePath

    source = catalog.sources.get(pack_id)
    if source is None:
        return None
    try:
        path = source.audio_file(ref)
    except UnsafePath as exc:
        log.warning("not playing %s", exc)
        return None
    return path if path.is_file() else None
