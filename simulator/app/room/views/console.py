"""The proctor console: every seat's exam in the room on one screen (candidate, seat, status,
time left, answers given, last heartbeat), the alerts for seats that stopped reporting, and
pause / resume / add time / terminate with a reason for the selected exam. Lays out and emits;
the console controller reads the centre and sends the commands."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from simulator.app import theme
from simulator.app.i18n import message, tr
from simulator.app.widgets import card, label

COLUMNS = ("candidate", "seat", "state", "left", "answered", "heartbeat")
RUNNING = ("authorised", "active", "paused", "interrupted")  # commands make sense for these
ALERT_BACKGROUND = "#ffe3e3"


@dataclass(frozen=True)
class ExamRow:
    """One exam as the console shows it (the controller builds these from the feed)."""

    attempt_id: str
    candidate: str
    seat: str
    state: str
    left_ms: int | None  # None: not running (no clock to show)
    answered: int
    items: int
    silent_s: float
    alert: bool


class ConsoleView(QWidget):
    refresh = Signal()
    command = Signal(str, str, float, str)  # attempt id, kind, minutes (add_time), reason

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.rows: list[ExamRow] = []
        self._summary: dict | None = None
        self._alerts: list[dict] = []
        self._status: tuple[str, str, dict] | None = None
        self._pending = 0
        self._message: str | None = None  # shown instead of the room (not joined, loading)
        root = QVBoxLayout(self)
        root.setContentsMargins(14, 12, 14, 12)
        top = QHBoxLayout()
        self.heading = label("", "title")
        top.addWidget(self.heading)
        top.addStretch(1)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.refresh_button)
        root.addLayout(top)
        self.summary = label("", "muted", wrap=True)
        root.addWidget(self.summary)
        self.alerts = label("", "consoleAlerts", wrap=True)
        self.alerts.setStyleSheet(
            f"background: {ALERT_BACKGROUND}; color: {theme.BAD}; font-weight: 600; "
            "border: 1px solid #e08080; border-radius: 6px; padding: 6px;"
        )
        self.alerts.setVisible(False)
        root.addWidget(self.alerts)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        root.addWidget(self.table, 1)
        self.empty = label("", "muted", wrap=True)
        root.addWidget(self.empty)
        frame, lay = card(vertical=False)
        self.reason_label = QLabel()
        self.reason = QLineEdit()
        self.reason_label.setBuddy(self.reason)
        self.minutes = QDoubleSpinBox()
        self.minutes.setRange(1, 240)
        self.minutes.setDecimals(0)
        self.minutes.setValue(5)
        self.buttons: dict[str, QPushButton] = {}
        lay.addWidget(self.reason_label)
        lay.addWidget(self.reason, 1)
        for kind in ("pause", "resume"):
            self.buttons[kind] = self._button(kind, lay)
        lay.addWidget(self.minutes)
        self.buttons["add_time"] = self._button("add_time", lay)
        self.buttons["terminate"] = self._button("terminate", lay)
        self.buttons["terminate"].setStyleSheet(f"color: {theme.BAD}; font-weight: 600;")
        root.addWidget(frame)
        self.status = label("", "consoleStatus", wrap=True)
        self.status.setVisible(False)
        root.addWidget(self.status)
        self.retranslate()
        self._selection_changed()

    def _button(self, kind: str, lay) -> QPushButton:
        button = QPushButton()
        button.setObjectName(f"console_{kind}")
        button.clicked.connect(lambda: self._command(kind))
        lay.addWidget(button)
        return button

    # ------------------------------------------------------------------ shown data
    def show_feed(
        self, rows: list[ExamRow], alerts: list[dict], summary: dict, pending: int
    ) -> None:
        """The room: ``alerts`` as fields of ``room.alert``, ``summary`` of ``room.summary``,
        ``pending``: commands not yet applied by their seat."""
        selected = self.selected()
        self._message = None
        self.rows = list(rows)
        self._alerts = list(alerts)
        self._summary = summary
        self._pending = pending
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            for j, text in enumerate(self._cells(row)):
                item = QTableWidgetItem(text)
                if row.alert:
                    item.setBackground(QBrush(QColor(ALERT_BACKGROUND)))
                    item.setForeground(QBrush(QColor(theme.BAD)))
                if j == 0:
                    item.setData(Qt.ItemDataRole.UserRole, row.attempt_id)
                self.table.setItem(i, j, item)
        self.table.blockSignals(False)
        if selected is not None:
            self.select(selected)
        self._render_text()
        self._selection_changed()

    def _cells(self, row: ExamRow) -> list[str]:
        left = "—" if row.left_ms is None else _clock(row.left_ms)
        if row.silent_s < 120:
            beat = tr("room.ago", s=int(row.silent_s))
        else:
            beat = tr("room.ago_min", m=int(row.silent_s // 60))
        answered = f"{row.answered}/{row.items}" if row.items else str(row.answered)
        return [row.candidate, row.seat, tr(f"room.state.{row.state}"), left, answered, beat]

    def _render_text(self) -> None:
        if self._summary is not None:
            text = tr("room.summary", **self._summary)
            if self._pending:
                text += " · " + tr("room.pending", n=self._pending)
            self.summary.setText(text)
        self.alerts.setText("\n".join(tr("room.alert", **a) for a in self._alerts))
        self.alerts.setVisible(bool(self._alerts))
        self.empty.setText(tr("room.empty"))
        self.empty.setVisible(self._summary is not None and not self.rows)

    def show_message(self, key: str) -> None:
        """Instead of the room: not joined, loading …"""
        self._message = key
        self.rows = []
        self._summary = None
        self._alerts = []
        self.table.setRowCount(0)
        self.summary.setText(tr(key))
        self.alerts.setVisible(False)
        self.empty.setVisible(False)
        self._selection_changed()

    def show_done(self, key: str, **fields) -> None:
        self._show_status("ok", key, fields)

    def show_error(self, key: str, text: str) -> None:
        self._show_status("error", key, {"msg": text})

    def status_text(self) -> str:
        return self.status.text() if not self.status.isHidden() else ""

    def clear_reason(self) -> None:
        self.reason.clear()

    def _show_status(self, kind: str, key: str, fields: dict) -> None:
        self._status = (kind, key, fields)
        self.status.setStyleSheet(
            f"color: {theme.GOOD if kind == 'ok' else theme.BAD}; font-weight: 600;"
        )
        if "msg" in fields:
            fields = {**fields, "msg": message(fields["msg"])}
        self.status.setText(tr(key, **fields))
        self.status.setVisible(True)

    # ------------------------------------------------------------------ selection, commands
    def selected(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)

    def select(self, attempt_id: str) -> None:
        for i, row in enumerate(self.rows):
            if row.attempt_id == attempt_id:
                self.table.selectRow(i)
                return

    def _selected_row(self) -> ExamRow | None:
        attempt = self.selected()
        return next((r for r in self.rows if r.attempt_id == attempt), None)

    def _selection_changed(self) -> None:
        row = self._selected_row()
        state = row.state if row else ""
        self.buttons["pause"].setEnabled(state in ("authorised", "active"))
        self.buttons["resume"].setEnabled(state in ("paused", "interrupted"))
        self.buttons["add_time"].setEnabled(state in RUNNING)
        self.buttons["terminate"].setEnabled(state in RUNNING)

    def _command(self, kind: str) -> None:
        row = self._selected_row()
        if row is None:
            self._show_status("error", "room.pick", {})
            return
        reason = self.reason.text().strip()
        if kind in ("add_time", "terminate") and not reason:
            self._show_status("error", "room.need_reason", {})
            self.reason.setFocus()
            return
        self.command.emit(row.attempt_id, kind, float(self.minutes.value()), reason)

    def retranslate(self) -> None:
        self.heading.setText(tr("room.heading"))
        self.refresh_button.setText(tr("room.refresh"))
        self.table.setHorizontalHeaderLabels([tr(f"room.col_{c}") for c in COLUMNS])
        self.reason_label.setText(tr("room.reason"))
        self.reason.setPlaceholderText(tr("room.reason_hint"))
        self.minutes.setSuffix(tr("room.minutes"))
        for kind, button in self.buttons.items():
            button.setText(tr(f"room.{kind}"))
        if self._message is not None:
            self.show_message(self._message)
        elif self._summary is not None:
            self.show_feed(self.rows, self._alerts, self._summary or {}, self._pending)
        if self._status is not None:
            self._show_status(*self._status)


def _clock(ms: int) -> str:
    seconds = max(0, int(ms) // 1000)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"
