""" "Listen here": a button beside a finding heard as not counted that plays the turn's recording
from a little before the place the finding was heard, so a trainee or a trainer can hear what
was said. The button only emits; the controller plays through the app's audio service. Without
a recording (a typed reply, one deleted under the retention period, a missing file) it is
disabled and its tooltip says why. Shown in the turn's feedback, the call summary and the
trainer's review page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QPushButton

from simulator.app.i18n import tr
from simulator.app.qtutil import slot
from simulator.core.heard import clock
from simulator.core.records import TurnRecord
from simulator.core.result import Violation

# Start this long before the place a finding was heard: the word before it gives the ear its
# bearings, and Whisper's word starts can be a syllable late.
LEAD_S = 1.0


@dataclass(frozen=True)
class ListenHere:
    """Where to play ``recording`` from (None: nothing to play) and the tooltip key."""

    recording: str | None
    start_s: float
    tip: str


def listen_here(record: TurnRecord, v: Violation) -> ListenHere:
    """The recording of ``record`` and where to start it for finding ``v``."""
    start = max(0.0, v.heard_at - LEAD_S) if v.heard_at is not None else 0.0
    if record.mode == "typed":
        return ListenHere(None, start, "heard.listen_typed")
    if record.recording_status == "deleted" or record.recording_deleted:
        return ListenHere(None, start, "heard.listen_deleted")
    if not record.recording:
        return ListenHere(None, start, "heard.listen_none")
    if record.recording_lost:
        return ListenHere(None, start, "heard.listen_lost")
    if v.heard_at is None:
        return ListenHere(record.recording, 0.0, "heard.listen_from_start")
    return ListenHere(record.recording, start, "heard.listen_tip")


def listen_button(record: TurnRecord, v: Violation, play: Callable[[str, float], None]):
    """A "listen here" button for finding ``v`` of ``record``; clicking calls
    ``play(recording, start_s)`` (a view's signal emit)."""
    where = listen_here(record, v)
    at = clock(v.heard_at) if v.heard_at is not None else ""
    button = QPushButton(tr("heard.listen_here_at", at=at) if at else tr("heard.listen_here"))
    button.setObjectName("listenHere")
    button.setEnabled(where.recording is not None)
    button.setToolTip(tr(where.tip, start=clock(where.start_s)))
    button.setProperty("startS", where.start_s)
    if where.recording is not None:
        button.clicked.connect(slot(play, where.recording, where.start_s))
    return button
