"""The trainer pages' read-only tables: whole rows selected, columns sized to their text,
the first stretched; filled from lists of strings (a colour per cell where it says more)."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem


def table(columns: int, name: str) -> QTableWidget:
    """A read-only table selecting whole rows (the trainer pages' lists)."""
    t = QTableWidget(0, columns)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    t.setAccessibleName(name)
    t.setObjectName(name)
    header = t.horizontalHeader()
    for col in range(columns):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return t


def fill(t: QTableWidget, rows: list[list[str]], colours: dict | None = None) -> None:
    """``rows`` of cell texts; ``colours``: (row, column) → a text colour."""
    colours = colours or {}
    t.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if (r, c) in colours:
                item.setForeground(QColor(colours[(r, c)]))
            t.setItem(r, c, item)
