"""The trainer's pack list: the shipped templates (read-only: open to view, copy to edit) and
the trainers' own packs with author and time, a pack that does not load with its problem;
new, open, copy, delete, import and export a zip. The questions (a new id, are you sure, which
file) are asked by methods the controller calls. Lays out and emits; the pack list
controller does the work."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from simulator.app.i18n import local_time, pick, tr
from simulator.app.widgets import label

COLUMNS = ("title", "id", "kind", "author", "modified", "state")
ACTIONS = ("new", "open", "copy", "delete", "import", "export")


class PackListView(QWidget):
    action = Signal(str, str)  # action name (ACTIONS), the selected pack id ("" for none)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.packs: list = []
        self._status: tuple[str, str, dict] | None = None
        root = QVBoxLayout(self)
        root.setContentsMargins(14, 12, 14, 12)
        self.heading = label("", "title")
        root.addWidget(self.heading)
        self.intro = label("", wrap=True)
        root.addWidget(self.intro)
        self.status = label("", "packStatus", wrap=True)
        self.status.setVisible(False)
        root.addWidget(self.status)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName("packs")
        header = self.table.horizontalHeader()
        for col in range(len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.cellDoubleClicked.connect(lambda *_: self._emit("open"))
        root.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name in ACTIONS:
            b = self.buttons[name] = QPushButton()
            b.clicked.connect(lambda _c=False, n=name: self._emit(n))
            row.addWidget(b)
        row.addStretch(1)
        root.addLayout(row)
        self.retranslate()

    def _emit(self, name: str) -> None:
        self.action.emit(name, self.selected() or "")

    # ------------------------------------------------------------------ packs
    def set_packs(self, packs: list) -> None:
        keep = self.selected()
        self.packs = list(packs)
        self.table.setRowCount(len(self.packs))
        for r, p in enumerate(self.packs):
            kind = tr("packs.kind_shipped") if p.kind == "shipped" else tr("packs.kind_trainer")
            if p.problems:
                state = tr("packs.does_not_load", msg=p.problems[0])
            elif p.warnings:
                state = tr("packs.warnings", n=len(p.warnings))
            else:
                state = tr("packs.scenarios", n=len(p.scenarios))
            author = p.author or ("—" if p.kind == "shipped" else "")
            if p.copied_from:
                author = tr("packs.copied_from", author=author, pack=p.copied_from)
            cells = (pick(p.title, p.title_en), p.pack_id, kind, author,
                     local_time(p.modified) if p.modified else "", state)  # fmt: skip
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, p.pack_id)
                if c == len(COLUMNS) - 1 and p.problems:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(r, c, item)
        if keep:
            self.select(keep)
        self._update_buttons()

    def select(self, pack_id: str) -> None:
        for r, p in enumerate(self.packs):
            if p.pack_id == pack_id:
                self.table.selectRow(r)
                return

    def selected(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _info(self, pack_id: str | None):
        return next((p for p in self.packs if p.pack_id == pack_id), None)

    def _update_buttons(self) -> None:
        info = self._info(self.selected())
        self.buttons["open"].setEnabled(info is not None and not info.problems)
        self.buttons["copy"].setEnabled(info is not None and not info.problems)
        self.buttons["export"].setEnabled(info is not None and not info.problems)
        self.buttons["delete"].setEnabled(info is not None and info.editable)
        if info is not None:
            key = "packs.open" if info.editable else "packs.view"
            self.buttons["open"].setText(tr(key))

    # ------------------------------------------------------------------ messages, questions
    def show_status(self, kind: str, key: str, **fields) -> None:
        self._status = (kind, key, fields)
        colour = {"error": "#b00020", "done": "#1b6e20"}.get(kind, "#333333")
        self.status.setStyleSheet(f"color: {colour};")
        self.status.setText(tr(key, **fields))
        self.status.setVisible(True)

    @property
    def status_text(self) -> str:
        return self.status.text() if self._status else ""

    def ask_new_id(self, title_key: str, suggested: str) -> str | None:
        text, ok = QInputDialog.getText(self, tr(title_key), tr("packs.ask_id"), text=suggested)
        return text.strip() if ok and text.strip() else None

    def ask_delete(self, pack_id: str, title: str) -> bool:
        answer = QMessageBox.question(
            self, tr("packs.delete_title"), tr("packs.delete_question", pack=pack_id, title=title)
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_open_zip(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("packs.import_title"), str(Path.home()), tr("packs.zip_filter")
        )
        return path or None

    def ask_save_zip(self, name: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("packs.export_title"), str(Path.home() / name), tr("packs.zip_filter")
        )
        return path or None

    def retranslate(self) -> None:
        self.heading.setText(tr("packs.heading"))
        self.intro.setText(tr("packs.intro"))
        self.table.setHorizontalHeaderLabels([tr(f"packs.col_{c}") for c in COLUMNS])
        for name, b in self.buttons.items():
            b.setText(tr(f"packs.{name}"))
        if self._status is not None:
            kind, key, fields = self._status
            self.show_status(kind, key, **fields)
        self.set_packs(self.packs)
