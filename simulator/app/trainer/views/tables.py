"""The trainer pages' read-only tables: whole rows selected, columns sized to their text,
the first stretched; filled from lists of strings (a colour per cell where it says more)."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from simulator.app.i18n import pick, tr

ELEMENT_NAMES: dict[str, str] = {}  # element name → English, from the loaded catalog


def set_element_names(catalog) -> None:
    """The English of the catalog's element names (a missing element's rule is named so)."""
    if catalog is not None:
        ELEMENT_NAMES.update({e.name: e.name_en for e in catalog.elements.elements})


def rule_label(rule: str) -> str:
    """A rule as a table shows it: its id, or "Missing element: …" in the UI language."""
    if rule.startswith("element."):
        name = rule[len("element.") :]
        return tr("rev.item_element", name=pick(name, ELEMENT_NAMES.get(name)))
    return rule


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
