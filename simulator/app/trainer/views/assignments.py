"""The trainer's assignments page: a form to assign a pack or one of its scenarios to a trainee
or a group (due date, pass threshold, passing attempts needed, a note), the assignments made,
and the completion per trainee of the one selected. Lays out and emits; the assignments
controller does the work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from simulator.app import theme
from simulator.app.exams.views.common import say
from simulator.app.i18n import local_time, message, pick, tr
from simulator.app.trainer.views.tables import fill, table
from simulator.app.widgets import card, label


@dataclass(frozen=True)
class AssignRequest:
    pack_id: str
    scenario_id: str | None  # None: the whole pack
    user_id: str | None  # a trainee …
    group_id: str | None  # … or a group
    due: date | None
    threshold: int
    min_attempts: int
    note: str


STATUS_COLOURS = {
    "done": theme.GOOD,
    "done_late": theme.WARN,
    "overdue": theme.BAD,
    "in_progress": theme.ACCENT,
    "not_started": theme.MUTED,
}


class AssignmentsView(QWidget):
    assign = Signal(object)  # AssignRequest
    assignment_selected = Signal(str)
    create_group = Signal(str, list)  # name, trainees' ids

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.catalog = None
        self.trainees: list = []  # UserRecord
        self.groups: list = []  # Group
        self.assignments: list = []  # Assignment
        self._completion: list = []  # Progress
        self._status: tuple[str, str, dict] | None = None
        root = QVBoxLayout(self)
        root.setContentsMargins(14, 12, 14, 12)
        self.heading = label("", "title")
        root.addWidget(self.heading)
        self.status = label("", "assignStatus", wrap=True)
        self.status.setVisible(False)
        root.addWidget(self.status)
        row = QHBoxLayout()
        root.addLayout(row, 1)
        form_card, fl = card()
        form_card.setMaximumWidth(420)
        self.form_title = label("", "subtitle")
        fl.addWidget(self.form_title)
        form = QFormLayout()
        self.target_kind = QComboBox()
        self.target_kind.setObjectName("targetKind")
        self.target_kind.addItem("", "trainee")
        self.target_kind.addItem("", "group")
        self.target_kind.currentIndexChanged.connect(lambda _i: self._fill_targets())
        self.target = QComboBox()
        self.target.setObjectName("target")
        self.pack = QComboBox()
        self.pack.setObjectName("pack")
        self.pack.currentIndexChanged.connect(lambda _i: self._fill_scenarios())
        self.scenario = QComboBox()
        self.scenario.setObjectName("scenario")
        self.has_due = QCheckBox()
        self.due = QDateEdit(QDate.currentDate().addDays(7))
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.has_due.setChecked(True)
        self.has_due.toggled.connect(self.due.setEnabled)
        due_row = QHBoxLayout()
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due, 1)
        self.threshold = QSpinBox()
        self.threshold.setRange(0, 100)
        self.threshold.setValue(80)
        self.min_attempts = QSpinBox()
        self.min_attempts.setRange(1, 20)
        self.note = QLineEdit()
        self.form_labels = [QLabel() for _ in range(8)]
        fields = (
            self.target_kind, self.target, self.pack, self.scenario, due_row, self.threshold,
            self.min_attempts, self.note,
        )  # fmt: skip
        for lab, field in zip(self.form_labels, fields, strict=True):
            form.addRow(lab, field)
        fl.addLayout(form)
        self.assign_button = QPushButton()
        self.assign_button.setObjectName("primary")
        self.assign_button.clicked.connect(self._assign)
        fl.addWidget(self.assign_button)
        self.group_title = label("", "subtitle")
        fl.addWidget(self.group_title)
        self.group_name = QLineEdit()
        self.group_name.setObjectName("groupName")
        fl.addWidget(self.group_name)
        self.members = QListWidget()
        self.members.setObjectName("groupMembers")
        fl.addWidget(self.members, 1)
        self.group_button = QPushButton()
        self.group_button.clicked.connect(self._create_group)
        fl.addWidget(self.group_button)
        row.addWidget(form_card, 0)
        right = QVBoxLayout()
        self.list_title = label("", "subtitle")
        right.addWidget(self.list_title)
        self.table = table(5, "assignments")
        self.table.itemSelectionChanged.connect(self._selected)
        right.addWidget(self.table, 1)
        self.completion_title = label("", "subtitle", wrap=True)
        right.addWidget(self.completion_title)
        self.completion = table(5, "completion")
        right.addWidget(self.completion, 1)
        row.addLayout(right, 1)
        self.retranslate()

    # ------------------------------------------------------------------ data in
    def retranslate(self) -> None:
        self.heading.setText(tr("asg.heading"))
        self.form_title.setText(tr("asg.new"))
        self.target_kind.setItemText(0, tr("asg.to_trainee"))
        self.target_kind.setItemText(1, tr("asg.to_group"))
        keys = ("asg.assign_to", "asg.who", "asg.pack", "asg.scenario", "asg.due",
                "asg.threshold", "asg.min_attempts", "asg.note")  # fmt: skip
        for lab, key in zip(self.form_labels, keys, strict=True):
            lab.setText(tr(key))
        self.has_due.setText(tr("asg.has_due"))
        self.group_title.setText(tr("asg.new_group"))
        self.group_name.setPlaceholderText(tr("asg.group_name"))
        self.group_button.setText(tr("asg.create_group"))
        self.assign_button.setText(tr("asg.assign"))
        self.list_title.setText(tr("asg.list"))
        self.table.setHorizontalHeaderLabels(
            [tr("asg.col_title"), tr("asg.col_to"), tr("asg.col_due"), tr("asg.col_threshold"),
             tr("asg.col_created")]
        )  # fmt: skip
        self.completion.setHorizontalHeaderLabels(
            [tr("asg.col_trainee"), tr("asg.col_status"), tr("asg.col_done"), tr("asg.col_best"),
             tr("asg.col_completed")]
        )  # fmt: skip
        if self.catalog is not None:
            self.set_choices(self.catalog, self.trainees, self.groups)
        self.set_assignments(self.assignments)
        self.set_completion(self._completion)
        if self._status is not None:
            kind, key, fields = self._status
            self._show_status(kind, key, **fields)

    def set_choices(self, catalog, trainees: list, groups: list) -> None:
        """The packs (``Catalog``), trainees (``UserRecord``) and groups to assign to."""
        self.catalog, self.trainees, self.groups = catalog, trainees, groups
        current = self.pack.currentData()
        self.pack.blockSignals(True)
        self.pack.clear()
        for pack_id, pack in catalog.packs.items() if catalog is not None else ():
            self.pack.addItem(pick(pack.title, pack.title_en), pack_id)
        if current is not None and self.pack.findData(current) >= 0:
            self.pack.setCurrentIndex(self.pack.findData(current))
        self.pack.blockSignals(False)
        self._fill_scenarios()
        self._fill_targets()
        self._fill_members()

    def _fill_members(self) -> None:
        ticked = set(self.ticked_members())
        self.members.clear()
        for u in self.trainees:
            item = QListWidgetItem(f"{u.display_name} ({u.username})")
            item.setData(Qt.ItemDataRole.UserRole, u.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = u.id in ticked
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.members.addItem(item)

    def ticked_members(self) -> list[str]:
        out = []
        for i in range(self.members.count()):
            item = self.members.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def tick_members(self, user_ids: list[str]) -> None:
        """Tick the new group's members as a user would (tests, screenshots)."""
        for i in range(self.members.count()):
            item = self.members.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in user_ids
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def clear_group_form(self) -> None:
        self.group_name.clear()
        self.tick_members([])

    def _create_group(self) -> None:
        name, members = self.group_name.text().strip(), self.ticked_members()
        if not name or not members:
            self._show_status("error", "asg.group_incomplete")
            return
        self.create_group.emit(name, members)

    def _fill_scenarios(self) -> None:
        current = self.scenario.currentData()
        self.scenario.clear()
        self.scenario.addItem(tr("asg.whole_pack"), None)
        pack = self.catalog.packs.get(self.pack.currentData()) if self.catalog else None
        for sc in pack.scenarios if pack else ():
            self.scenario.addItem(pick(sc.title, sc.title_en), sc.id)
        if current is not None and self.scenario.findData(current) >= 0:
            self.scenario.setCurrentIndex(self.scenario.findData(current))

    def _fill_targets(self) -> None:
        current = self.target.currentData()
        self.target.clear()
        if self.target_kind.currentData() == "group":
            for g in self.groups:
                self.target.addItem(g.name, g.id)
        else:
            for u in self.trainees:
                self.target.addItem(f"{u.display_name} ({u.username})", u.id)
        if current is not None and self.target.findData(current) >= 0:
            self.target.setCurrentIndex(self.target.findData(current))

    def _title(self, a) -> str:
        if self.catalog is None:
            return a.scenario_id or a.pack_id
        if a.scenario_id and a.scenario_id in self.catalog.scenarios:
            sc = self.catalog.scenarios[a.scenario_id]
            return pick(sc.title, sc.title_en)
        pack = self.catalog.packs.get(a.pack_id)
        return pick(pack.title, pack.title_en) if pack else a.pack_id

    def _to(self, a) -> str:
        names = {u.id: u.display_name for u in self.trainees}
        groups = {g.id: g.name for g in self.groups}
        if a.user_id:
            return names.get(a.user_id, a.user_id)
        return tr("asg.group_named", name=groups.get(a.group_id, a.group_id))

    def set_assignments(self, assignments: list) -> None:
        selected = self.selected_assignment()
        self.assignments = assignments
        self.table.blockSignals(True)
        fill(
            self.table,
            [
                [self._title(a), self._to(a), local_time(a.due_at) if a.due_at else "–",
                 str(a.threshold), local_time(a.created_at)]
                for a in assignments
            ],
        )  # fmt: skip
        self.table.blockSignals(False)
        for r, a in enumerate(assignments):
            if a.id == selected:
                self.table.selectRow(r)

    def set_completion(self, progress: list) -> None:
        """Every trainee's ``Progress`` through the selected assignment."""
        self._completion = progress
        names = {u.id: u.display_name for u in self.trainees}
        self.completion_title.setText(tr("asg.completion") if progress else "")
        rows, colours = [], {}
        for r, p in enumerate(progress):
            best = [s.best for s in p.scenarios if s.best is not None]
            rows.append(
                [names.get(p.user_id, p.user_id), tr(f"asg.status_{p.status}"),
                 f"{p.done}/{p.total}", str(max(best)) if best else "–",
                 local_time(p.completed_at) if p.completed_at else "–"]
            )  # fmt: skip
            colours[(r, 1)] = STATUS_COLOURS.get(p.status, theme.MUTED)
        fill(self.completion, rows, colours)

    def completion_rows(self) -> list[tuple[str, str, str]]:
        """(trainee, status, done/total) as the completion table shows them."""
        t = self.completion
        return [tuple(t.item(r, c).text() for c in (0, 1, 2)) for r in range(t.rowCount())]

    def selected_assignment(self) -> str | None:
        r = self.table.currentRow()
        return self.assignments[r].id if 0 <= r < len(self.assignments) else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _show_status(self, kind: str, key: str, **fields) -> None:
        self._status = (kind, key, fields)
        say(self.status, kind, tr(key, **fields), translated=True)

    def clear_status(self) -> None:
        self._status = None
        self.status.setVisible(False)

    def show_error(self, text: str) -> None:
        self._show_status("error", "error.text", text=message(text))

    def show_done(self, key: str, **fields) -> None:
        self._show_status("done", key, **fields)

    def status_text(self) -> str:
        return self.status.text() if self.status.isVisible() else ""

    # ------------------------------------------------------------------ the form
    def fill_form(
        self,
        *,
        target: str,
        pack_id: str,
        scenario_id: str | None = None,
        group: bool = False,
        due: date | None = None,
        threshold: int = 80,
        min_attempts: int = 1,
        note: str = "",
    ) -> None:
        """Fill the form as a user would (tests, screenshots)."""
        self.target_kind.setCurrentIndex(1 if group else 0)
        self.target.setCurrentIndex(self.target.findData(target))
        self.pack.setCurrentIndex(self.pack.findData(pack_id))
        self.scenario.setCurrentIndex(self.scenario.findData(scenario_id))
        self.has_due.setChecked(due is not None)
        if due is not None:
            self.due.setDate(QDate(due.year, due.month, due.day))
        self.threshold.setValue(threshold)
        self.min_attempts.setValue(min_attempts)
        self.note.setText(note)

    def _assign(self) -> None:
        target, pack = self.target.currentData(), self.pack.currentData()
        if target is None or pack is None:
            self._show_status("error", "asg.pick_first")
            return
        group = self.target_kind.currentData() == "group"
        d = self.due.date()
        self.assign.emit(
            AssignRequest(
                pack, self.scenario.currentData(), None if group else target,
                target if group else None,
                date(d.year(), d.month(), d.day()) if self.has_due.isChecked() else None,
                self.threshold.value(), self.min_attempts.value(), self.note.text().strip(),
            )
        )  # fmt: skip

    def _selected(self) -> None:
        aid = self.selected_assignment()
        if aid is not None:
            self.assignment_selected.emit(aid)


__all__ = ["AssignRequest", "AssignmentsView"]
