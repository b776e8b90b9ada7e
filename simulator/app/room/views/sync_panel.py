"""The settings page's card about this seat's training centre: joined or standalone, the last
sync, the records waiting to be sent, refusals and the last error in plain words, "sync now",
and (for an administrator on a standalone seat) joining a centre with its address and an
enrolment code. Lays out and emits; the room's sync controller does the work."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
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
from simulator.app.i18n import local_time, message, tr
from simulator.app.widgets import label
from simulator.sync.records import RefusedRecord, SyncState

SHOWN_TABLES = 4  # tables named in the queue line; the rest are counted in the total
REFUSED_MAX_H = 220  # px: a long list of refused records scrolls inside its table


class SyncPanel(QFrame):
    join = Signal(str, str, str)  # centre URL, enrolment code, seat name ("" = this PC's)
    sync_now = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        self.state: SyncState | None = None
        self.may_join = False
        self._busy: str | None = None  # "sync" | "join" while one runs
        self._status: tuple[str, str, dict] | None = None  # (kind, key, fields)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 10)
        self.heading = _label("subtitle")
        lay.addWidget(self.heading)
        self.link = _label()
        self.last = _label("muted")
        self.queue = _label("muted")
        self.rejected = _label()
        self.rejected.setStyleSheet(f"color: {theme.WARN};")
        self.error = _label()
        self.error.setObjectName("syncError")
        self.error.setStyleSheet(f"color: {theme.BAD}; font-weight: 600;")
        for w in (self.link, self.last, self.queue):
            lay.addWidget(w)
        # the records the centre refused: counted, and listed on demand (administrators)
        refused_row = QHBoxLayout()
        refused_row.addWidget(self.rejected, 1)
        self.refused_button = QPushButton()
        self.refused_button.setObjectName("refusedToggle")
        self.refused_button.setCheckable(True)
        self.refused_button.toggled.connect(self._render_refused)
        refused_row.addWidget(self.refused_button)
        lay.addLayout(refused_row)
        self.refused_table = _refused_table()
        lay.addWidget(self.refused_table)
        self.refused_note = _label("muted")
        lay.addWidget(self.refused_note)
        self.refused: list[RefusedRecord] | None = []  # None: this person may not list them
        lay.addWidget(self.error)
        row = QHBoxLayout()
        self.status = _label()
        self.status.setVisible(False)
        row.addWidget(self.status, 1)
        self.sync_button = QPushButton()
        self.sync_button.setObjectName("syncNow")
        self.sync_button.clicked.connect(self.sync_now)
        row.addWidget(self.sync_button)
        lay.addLayout(row)
        # joining (an administrator, on a standalone seat)
        self.join_box = QWidget()
        box = QVBoxLayout(self.join_box)
        box.setContentsMargins(0, 6, 0, 0)
        self.join_heading = _label("subtitle")
        self.join_note = _label("muted")
        box.addWidget(self.join_heading)
        box.addWidget(self.join_note)
        form = QFormLayout()
        self.url = QLineEdit()
        self.url.setPlaceholderText("http://centre:8470")
        self.code = QLineEdit()
        self.code.setPlaceholderText("ABCD-EFGH-JKLM")
        self.seat_name = QLineEdit()
        self.form_labels = [QLabel() for _ in range(3)]
        for lab, edit in zip(self.form_labels, (self.url, self.code, self.seat_name), strict=True):
            form.addRow(lab, edit)
            lab.setBuddy(edit)
        box.addLayout(form)
        join_row = QHBoxLayout()
        join_row.addStretch(1)
        self.join_button = QPushButton()
        self.join_button.setObjectName("primary")
        self.join_button.clicked.connect(self._join)
        join_row.addWidget(self.join_button)
        box.addLayout(join_row)
        self.admin_note = _label("muted")
        lay.addWidget(self.join_box)
        lay.addWidget(self.admin_note)
        self.retranslate()

    # ------------------------------------------------------------------ shown state
    def show_state(self, state: SyncState, may_join: bool) -> None:
        """The seat's link to its centre; ``may_join``: the person here is an administrator."""
        self.state = state
        self.may_join = may_join
        self._render()

    def show_unreadable(self, text: str) -> None:
        self.state = None
        self._render()
        self.error.setText(tr("sync.unreadable", msg=message(text)))
        self.error.setVisible(True)

    def show_refused(self, records: list[RefusedRecord] | None) -> None:
        """The records the centre refused, one by one (``None``: only an administrator may
        see them; the count stays)."""
        self.refused = records
        self._render_refused()

    def refused_rows(self) -> list[tuple[str, ...]]:
        """The refused records' table as shown (tests, screenshots)."""
        t = self.refused_table
        return [tuple(t.item(r, c).text() for c in range(4)) for r in range(t.rowCount())]

    def _render_refused(self, *_args) -> None:
        s = self.state
        some = s is not None and s.joined and s.rejected > 0
        listed = some and bool(self.refused)
        self.refused_button.setVisible(listed)
        self.refused_button.setText(
            tr("sync.refused_hide" if self.refused_button.isChecked() else "sync.refused_show")
        )
        self.refused_table.setVisible(listed and self.refused_button.isChecked())
        self.refused_note.setVisible(some and self.refused is None)
        rows = self.refused or []
        self.refused_table.setRowCount(len(rows))
        for r, rec in enumerate(rows):
            cells = (_table(rec.table), rec.short_id, local_time(rec.at), message(rec.reason))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 1:
                    item.setToolTip(rec.row_id)  # the whole id, for an administrator's search
                self.refused_table.setItem(r, c, item)
        self.refused_table.resizeRowsToContents()
        t = self.refused_table
        rows_h = sum(t.rowHeight(r) for r in range(t.rowCount()))
        t.setFixedHeight(min(REFUSED_MAX_H, t.horizontalHeader().height() + rows_h + 4))

    def set_busy(self, kind: str | None) -> None:
        self._busy = kind
        if kind is not None:
            self._status = None
            self._show_status("info", "sync.running" if kind == "sync" else "sync.joining", {})
        self._render()

    def show_done(self, key: str, **fields) -> None:
        self._show_status("ok", key, fields)

    def show_error(self, key: str, text: str) -> None:
        self._show_status("error", key, {"msg": text})

    def status_text(self) -> str:
        return self.status.text() if not self.status.isHidden() else ""

    def clear_join(self) -> None:
        self.code.clear()

    def _render(self) -> None:
        s = self.state
        joined = s is not None and s.joined
        if s is None:
            self.link.setText("")
        elif joined:
            self.link.setText(
                tr("sync.joined", centre=s.centre_name or s.centre_url or "", url=s.centre_url or "",
                   seat=s.seat_name)
            )  # fmt: skip
        else:
            self.link.setText(tr("sync.standalone"))
        for w in (self.last, self.queue, self.rejected, self.error):
            w.setVisible(joined)
        if joined:
            when = local_time(s.last_sync_at) if s.last_sync_at else tr("sync.never")
            ok = f" · {tr('sync.ok')}" if s.online else ""
            self.last.setText(tr("sync.last_sync", when=when) + ok)
            if s.total_queued:
                queued = sorted(s.queued, key=lambda q: -q.queued)[:SHOWN_TABLES]
                parts = [f"{_table(q.table)} {q.queued}" for q in queued]
                if len(s.queued) > SHOWN_TABLES:
                    parts.append("…")
                self.queue.setText(tr("sync.queued", n=s.total_queued, tables=", ".join(parts)))
            else:
                self.queue.setText(tr("sync.queued_none"))
            self.rejected.setText(tr("sync.rejected", n=s.rejected))
            self.rejected.setVisible(s.rejected > 0)
            if s.last_error:
                when = local_time(s.last_error_at) if s.last_error_at else ""
                self.error.setText(tr("sync.error", when=when, msg=message(s.last_error)))
            self.error.setVisible(bool(s.last_error))
        self.sync_button.setVisible(joined)
        self.sync_button.setEnabled(self._busy is None)
        self.join_box.setVisible(s is not None and not joined and self.may_join)
        self.join_button.setEnabled(self._busy is None)
        self.admin_note.setVisible(s is not None and not joined and not self.may_join)
        self._render_refused()

    def _show_status(self, kind: str, key: str, fields: dict) -> None:
        self._status = (kind, key, fields)
        colour = {"ok": theme.GOOD, "error": theme.BAD}.get(kind, theme.MUTED)
        self.status.setStyleSheet(f"color: {colour}; font-weight: 600;")
        if "msg" in fields:  # a service's "中文 / English" message: this language's half
            fields = {**fields, "msg": message(fields["msg"])}
        self.status.setText(tr(key, **fields))
        self.status.setVisible(True)

    def _join(self) -> None:
        url, code = self.url.text().strip(), self.code.text().strip()
        if not url or not code:
            self._show_status("error", "sync.need_url_code", {})
            return
        self.join.emit(url, code, self.seat_name.text().strip())

    def retranslate(self) -> None:
        self.heading.setText(tr("sync.heading"))
        self.sync_button.setText(tr("sync.now"))
        self.join_heading.setText(tr("sync.join_heading"))
        self.join_note.setText(tr("sync.join_note"))
        for lab, key in zip(self.form_labels, ("sync.url", "sync.code", "sync.seat_name"),
                            strict=True):  # fmt: skip
            lab.setText(tr(key))
        self.join_button.setText(tr("sync.join"))
        self.admin_note.setText(tr("sync.admin_only"))
        self.refused_note.setText(tr("sync.refused_admin"))
        self.refused_table.setHorizontalHeaderLabels(
            [tr(f"sync.refused_col_{k}") for k in ("kind", "id", "when", "reason")]
        )
        self._render()
        if self._status is not None:
            self._show_status(*self._status)


def _table(name: str) -> str:
    key = f"sync.t.{name}"
    text = tr(key)
    return name if text == key else text


def _refused_table() -> QTableWidget:
    t = QTableWidget(0, 4)
    t.setObjectName("refusedRecords")
    t.setAccessibleName("refusedRecords")
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.verticalHeader().setVisible(False)
    t.setWordWrap(True)
    header = t.horizontalHeader()
    for col in range(3):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
    t.setVisible(False)
    return t


def _label(name: str = "") -> QLabel:
    return label("", name, wrap=True)
