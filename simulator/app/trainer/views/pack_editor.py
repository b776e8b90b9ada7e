"""The pack editor page: the pack's tree (pack → scenarios → turns) on the left, the form of
the selected node in the middle (every field of the schema, its problem shown under it), the
preview and the caller line's audio on the right; save and back on top, with the reason a
save is refused. Lays out and emits; the pack editor controller keeps the draft."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from simulator.app.i18n import pick, tr
from simulator.app.qtutil import slot
from simulator.app.trainer.pack_editor_draft import get
from simulator.app.trainer.views.caller_audio import CallerAudioPanel
from simulator.app.trainer.views.pack_editor_fields import (
    ANSWER_FIELDS,
    OFF_PROTOCOL_FIELDS,
    PACK_FIELDS,
    SCENARIO_FIELDS,
    TURN_FIELDS,
    FieldBox,
)
from simulator.app.trainer.views.pack_editor_preview import PreviewPanel
from simulator.app.widgets import label

PACK_NODE = ("pack",)


def node_prefix(node: tuple) -> str:
    if node[0] == "scenario":
        return f"scenarios[{node[1]}]"
    if node[0] == "turn":
        return f"scenarios[{node[1]}].turns[{node[2]}]"
    return ""


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _under(where: str, path: str) -> bool:
    return where == path or where.startswith(path + "[") or where.startswith(path + ".")


class PackEditorView(QWidget):
    field_edited = Signal(str, object)  # path, value
    node_selected = Signal(object)  # ("pack",) | ("scenario", si) | ("turn", si, ti)
    add_scenario = Signal()
    remove_scenario = Signal(int)
    add_turn = Signal(int)
    remove_turn = Signal(int, int)
    add_item = Signal(str)  # list path (…model_answers / …off_protocol)
    remove_item = Signal(str, int)
    save = Signal()
    back = Signal()
    copy_to_edit = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.data: dict = {}
        self.editable = False
        self.node: tuple = PACK_NODE
        self.fields: dict[str, FieldBox] = {}
        self._items: dict[tuple, QTreeWidgetItem] = {}
        self.node_error: QLabel | None = None
        self.problems: list[tuple[str, str]] = []
        self._status: tuple[str, str, dict] | None = None
        root = QVBoxLayout(self)
        root.setContentsMargins(14, 12, 14, 12)
        top = QHBoxLayout()
        self.heading = label("", "title")
        top.addWidget(self.heading, 1)
        self.dirty_label = label("", "dirty")
        self.dirty_label.setStyleSheet("color: #a05a00;")
        top.addWidget(self.dirty_label)
        self.save_button = QPushButton()
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy_to_edit)
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.back)
        for b in (self.save_button, self.copy_button, self.back_button):
            top.addWidget(b)
        root.addLayout(top)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save.emit)
        self.status = label("", "editorStatus", wrap=True)
        self.status.setVisible(False)
        root.addWidget(self.status)
        self.problem_label = label("", "problems", wrap=True)
        self.problem_label.setStyleSheet("color: #b00020;")
        self.problem_label.setVisible(False)
        root.addWidget(self.problem_label)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("pack tree")
        self.tree.currentItemChanged.connect(self._tree_changed)
        split.addWidget(self.tree)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        split.addWidget(self.scroll)
        side = QWidget()
        side_lay = QVBoxLayout(side)
        side_lay.setContentsMargins(0, 0, 0, 0)
        self.preview = PreviewPanel()
        self.caller_audio = CallerAudioPanel()
        side_lay.addWidget(self.caller_audio)
        side_lay.addWidget(self.preview, 1)
        split.addWidget(side)
        split.setSizes([220, 560, 320])
        root.addWidget(split, 1)
        self.retranslate()

    # ------------------------------------------------------------------ the pack
    def show_pack(self, data: dict, editable: bool, node: tuple = PACK_NODE) -> None:
        self.data, self.editable = data, editable
        self._header()
        self._fill_tree()
        self.select(node)

    def _fill_tree(self) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        self._items = {}
        root = self._item(None, PACK_NODE)
        for si, sc in enumerate(self.data.get("scenarios") or []):
            item = self._item(root, ("scenario", si))
            for ti, _turn in enumerate(sc.get("turns") or []):
                self._item(item, ("turn", si, ti))
        self.tree.expandAll()
        self.tree.blockSignals(False)
        self._label_tree()

    def _item(self, parent, node: tuple) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent if parent is not None else self.tree)
        item.setData(0, Qt.ItemDataRole.UserRole, node)
        self._items[node] = item
        return item

    def _node_text(self, node: tuple) -> str:
        if node == PACK_NODE:
            return pick(get(self.data, "title", ""), get(self.data, "title_en"))
        prefix = node_prefix(node)
        if node[0] == "scenario":
            title = pick(
                get(self.data, prefix + ".title", ""), get(self.data, prefix + ".title_en")
            )
            return f"{get(self.data, prefix + '.id', '')} · {title}"
        text = str(get(self.data, prefix + ".caller.text", ""))
        short = text[:14] + ("…" if len(text) > 14 else "")
        mark = "" if get(self.data, prefix + ".caller.audio") else " " + tr("ed.no_audio_mark")
        return tr("ed.tree_turn", n=get(self.data, prefix + ".id", "?"), text=short) + mark

    def _label_tree(self) -> None:
        for node, item in self._items.items():
            prefix = node_prefix(node)
            bad = any(
                _under(w, prefix) if prefix else not w.startswith("scenarios[")
                for w, _p in self.problems
            )
            item.setText(0, ("⚠ " if bad else "") + self._node_text(node))
            item.setForeground(0, QBrush(QColor("#b00020")) if bad else QBrush())

    def select(self, node: tuple) -> None:
        item = self._items.get(node) or self._items.get(PACK_NODE)
        self.tree.blockSignals(True)
        self.tree.setCurrentItem(item)
        self.tree.blockSignals(False)
        self.node = item.data(0, Qt.ItemDataRole.UserRole)
        self._build_form()

    def _tree_changed(self, item, _old) -> None:
        if item is not None:
            self.node_selected.emit(item.data(0, Qt.ItemDataRole.UserRole))

    # ------------------------------------------------------------------ the form
    def _build_form(self) -> None:
        self.fields = {}
        form_widget = QWidget()
        lay = QVBoxLayout(form_widget)
        node, prefix = self.node, node_prefix(self.node)
        self.node_error = label("", "nodeError", wrap=True)
        self.node_error.setStyleSheet("color: #b00020;")
        lay.addWidget(self.node_error)
        kind = node[0]
        spec = {"pack": PACK_FIELDS, "scenario": SCENARIO_FIELDS, "turn": TURN_FIELDS}[kind]
        lay.addLayout(self._form(spec, prefix))
        buttons = QHBoxLayout()
        if kind == "pack":
            buttons.addWidget(self._button("ed.add_scenario", self.add_scenario.emit))
        elif kind == "scenario":
            buttons.addWidget(self._button("ed.add_turn", slot(self.add_turn.emit, node[1])))
            buttons.addWidget(
                self._button("ed.remove_scenario", slot(self.remove_scenario.emit, node[1]))
            )
        else:
            for key in ("model_answers", "off_protocol"):
                lay.addWidget(self._list(_join(prefix, key), key))
            buttons.addWidget(
                self._button("ed.remove_turn", slot(self.remove_turn.emit, node[1], node[2]))
            )
        buttons.addStretch(1)
        lay.addLayout(buttons)
        lay.addStretch(1)
        self.scroll.setWidget(form_widget)
        self.caller_audio.setVisible(kind == "turn")
        self._apply_problems()

    def _button(self, key: str, fn) -> QPushButton:
        b = QPushButton(tr(key))
        b.clicked.connect(lambda _c=False: fn())
        b.setEnabled(self.editable)
        return b

    def _form(self, spec, prefix: str) -> QFormLayout:
        form = QFormLayout()
        for field in spec:
            path = _join(prefix, field.key)
            box = FieldBox(field, path)
            box.set_value(get(self.data, path))
            box.editor.setEnabled(self.editable and not field.readonly)
            box.edited.connect(self.field_edited)
            self.fields[path] = box
            form.addRow(QLabel(tr(field.label_key)), box)
        return form

    def _list(self, list_path: str, kind: str) -> QGroupBox:
        group = QGroupBox(tr(f"ed.list.{kind}"))
        lay = QVBoxLayout(group)
        spec = ANSWER_FIELDS if kind == "model_answers" else OFF_PROTOCOL_FIELDS
        for i, _item in enumerate(get(self.data, list_path, [])):
            item_prefix = f"{list_path}[{i}]"
            lay.addWidget(label(tr(f"ed.item.{kind}", n=i + 1), "subtitle"))
            lay.addLayout(self._form(spec, item_prefix))
            lay.addWidget(
                self._button("ed.remove_item", slot(self.remove_item.emit, list_path, i)),
                0, Qt.AlignmentFlag.AlignRight,
            )  # fmt: skip
        lay.addWidget(self._button(f"ed.add.{kind}", slot(self.add_item.emit, list_path)))
        return group

    def field(self, path: str) -> FieldBox | None:
        """The field at ``path`` if the current form shows it (tests and tools)."""
        return self.fields.get(path)

    # ------------------------------------------------------------------ problems, state
    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        """The schema's problems (field path, what is wrong): under their fields, on the
        tree, and the first one with the count above (a save is refused meanwhile)."""
        self.problems = list(problems)
        self._label_tree()
        self._apply_problems()
        if problems:
            where, text = problems[0]
            first = f"{where}: {text}" if where else text
            self.problem_label.setText(tr("ed.problems", n=len(problems), first=first))
        # a refused save says the same in the status line
        self.problem_label.setVisible(bool(problems) and self.status_key != "ed.save_refused")

    def _apply_problems(self) -> None:
        prefix = node_prefix(self.node)
        for path, box in self.fields.items():
            mine = [p for w, p in self.problems if _under(w, path)]
            box.set_error("；".join(mine) if mine else None)
        here = [p for w, p in self.problems if w == prefix]
        if self.node_error is None:
            return
        self.node_error.setText("；".join(here))
        self.node_error.setVisible(bool(here))

    def refresh_labels(self) -> None:
        self._label_tree()

    def set_dirty(self, dirty: bool) -> None:
        self.dirty_label.setText(tr("ed.unsaved") if dirty else "")

    def show_status(self, kind: str, key: str, **fields) -> None:
        self._status = (kind, key, fields)
        colour = {"error": "#b00020", "done": "#1b6e20"}.get(kind, "#333333")
        self.status.setStyleSheet(f"color: {colour};")
        self.status.setText(tr(key, **fields))
        self.status.setVisible(True)

    def clear_status(self) -> None:
        self._status = None
        self.status.setVisible(False)

    @property
    def status_text(self) -> str:
        return self.status.text() if self._status else ""

    def ask_unsaved(self) -> str:
        """ "save" | "discard" | "cancel": what to do with unsaved changes on leaving."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(tr("ed.unsaved_title"))
        box.setText(tr("ed.unsaved_question"))
        save = box.addButton(tr("ed.unsaved_save"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(tr("ed.unsaved_discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(tr("ed.unsaved_cancel"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        return "save" if clicked is save else "discard" if clicked is discard else "cancel"

    def _header(self) -> None:
        title = self._node_text(PACK_NODE) if self.data else ""
        key = "ed.heading" if self.editable or not self.data else "ed.heading_readonly"
        self.heading.setText(tr(key, title=title))
        self.save_button.setText(tr("ed.save"))
        self.copy_button.setText(tr("ed.copy_to_edit"))
        self.back_button.setText(tr("ed.back"))
        self.save_button.setVisible(self.editable)
        self.copy_button.setVisible(not self.editable and bool(self.data))

    @property
    def status_key(self) -> str:
        return self._status[1] if self._status else ""

    def retranslate(self) -> None:
        self._header()
        if self._status is not None:
            kind, key, fields = self._status
            self.show_status(kind, key, **fields)
        self.preview.retranslate()
        self.caller_audio.retranslate()
        if self.data:
            self._fill_tree()
            self.select(self.node)
            self.show_problems(self.problems)
