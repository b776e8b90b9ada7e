"""The line a trainer's page shows above data read over the room: "the whole centre" or "this
seat only — why" (the reason in the UI language); hidden on a standalone seat."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from simulator.app import theme
from simulator.app.i18n import local_time, message, tr


def source_text(source) -> str:
    """A ``room_reads.Source`` in words ("" when the seat never joined a centre)."""
    if source is None or not source.joined:
        return ""
    if source.centre:
        if source.as_of:
            return tr("src.centre_as_of", when=local_time(source.as_of))
        return tr("src.centre")
    return tr("src.local", reason=message(source.reason))


def show_source(lab: QLabel, source) -> None:
    text = source_text(source)
    colour = theme.GOOD if source is not None and source.centre else theme.WARN
    lab.setStyleSheet(f"color: {colour}; font-weight: 600;")
    lab.setText(text)
    lab.setVisible(bool(text))
