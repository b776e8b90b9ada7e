"""How the exam pages show a failed operation: in the service's words on the page's status
line. A refusal (an ``ExamError`` — wrong state, no reason given, a bad ID number — or a
``PermissionDenied``) is expected and only shown; anything else is also logged as an error
under the page's logger."""

from __future__ import annotations

import logging

from simulator.core.exam_attempt import ExamError
from simulator.services.session import PermissionDenied


def show_refusal(view, exc: BaseException, page: str, log: logging.Logger) -> None:
    """Show ``exc`` on ``view``'s status line; log it as ``page`` unless it is a refusal."""
    text = str(exc) or type(exc).__name__
    if not isinstance(exc, ExamError | PermissionDenied):
        log.error("%s: %s", page, text)
    view.show_status("error", text)
