"""What the exam views share: a read-only table, a status line that says saved or failed,
the clock as mm:ss and an attempt's state in the UI language."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
)

from simulator.app import theme
from simulator.app.i18n import message, pick, tr
from simulator.core.exam_attempt import STATE_TITLES, State


def table(columns: int, name: str, stretch: int = 1) -> QTableWidget:
    t = QTableWidget(0, columns)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    t.setAccessibleName(name)
    header = t.horizontalHeader()
    for col in range(columns):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return t


def fill(t: QTableWidget, rows: list[list[str]]) -> None:
    t.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.setItem(r, c, QTableWidgetItem(text))


def headers(t: QTableWidget, keys: list[str]) -> None:
    t.setHorizontalHeaderLabels([tr(k) for k in keys])


def clock(ms: int) -> str:
    """Time as m:ss (h:mm:ss past an hour); negative time shows as 0:00."""
    s = max(0, int(ms) // 1000)
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def state_title(state: str) -> str:
    try:
        zh, en = STATE_TITLES[State(state)]
    except ValueError:
        return state
    return pick(zh, en)


def say(lab: QLabel, kind: str, text: str, *, translated: bool = False) -> None:
    """A status line: ``kind`` "ok" | "done" | "error" | "info"; a service's "中文 / English"
    message is shown in the UI language (``translated``: the text is already in it, a ``tr``
    string, and is shown as it is)."""
    colour = {"ok": theme.GOOD, "done": theme.GOOD, "error": theme.BAD}.get(kind, theme.MUTED)
    lab.setStyleSheet(f"color: {colour};")
    lab.setText(text if translated else message(text))
    lab.setVisible(bool(text))
