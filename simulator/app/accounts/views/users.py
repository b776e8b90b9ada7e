"""The administrator's users page: the accounts with their role and state, a form for a new
account, disabling / enabling and resetting the password of the selected one, and giving the
practice history from before accounts to an account. Lays out and emits; the users controller
does the work."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
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
from simulator.app.widgets import card, label

ROLES = ("trainee", "trainer", "proctor", "admin")


def _password() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class UsersView(QWidget):
    create_user = Signal(str, str, str, str)  # user name, display name, role, password
    set_disabled = Signal(str, bool)  # user id, disabled
    reset_password = Signal(str, str)  # user id, new password
    assign_history = Signal(str)  # user id
    set_role = Signal(str, str)  # user id, role

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.users: list = []
        self._unowned = 0
        self._status: tuple[str, str, dict] | None = None  # (kind, key, fields)
        root = QVBoxLayout(self)
        root.setContentsMargins(14, 12, 14, 12)
        self.heading = label("", "title")
        root.addWidget(self.heading)
        self.status = label("", "usersStatus", wrap=True)
        self.status.setVisible(False)
        root.addWidget(self.status)
        self.table = QTableWidget(0, 5)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName("users")
        header = self.table.horizontalHeader()
        for col in range(5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        root.addWidget(self.table, 1)
        row = QHBoxLayout()
        # new user
        new, nl = card()
        self.new_title = label("", "subtitle")
        nl.addWidget(self.new_title)
        form = QFormLayout()
        self.username, self.display_name, self.password = QLineEdit(), QLineEdit(), _password()
        self.role = QComboBox()
        self.role.setObjectName("role")
        for role in ROLES:
            self.role.addItem("", role)
        self.new_labels = [QLabel() for _ in range(4)]
        for lab, edit in zip(
            self.new_labels,
            (self.username, self.display_name, self.role, self.password),
            strict=True,
        ):
            form.addRow(lab, edit)
        nl.addLayout(form)
        self.create_button = QPushButton()
        self.create_button.setObjectName("primary")
        self.create_button.clicked.connect(self._create)
        nl.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignRight)
        row.addWidget(new, 1)
        # the selected user
        sel, sl = card()
        self.sel_title = label("", "subtitle")
        self.sel_name = label("", "muted", wrap=True)
        sl.addWidget(self.sel_title)
        sl.addWidget(self.sel_name)
        self.disable_button = QPushButton()
        self.disable_button.clicked.connect(self._toggle_disabled)
        sl.addWidget(self.disable_button, 0, Qt.AlignmentFlag.AlignLeft)
        reset = QHBoxLayout()
        self.new_password = _password()
        self.reset_button = QPushButton()
        self.reset_button.clicked.connect(self._reset)
        reset.addWidget(self.new_password, 1)
        reset.addWidget(self.reset_button)
        sl.addLayout(reset)
        change = QHBoxLayout()
        self.new_role = QComboBox()
        self.new_role.setObjectName("newRole")
        for role in ROLES:
            self.new_role.addItem("", role)
        self.role_button = QPushButton()
        self.role_button.clicked.connect(self._change_role)
        change.addWidget(self.new_role, 1)
        change.addWidget(self.role_button)
        sl.addLayout(change)
        sl.addStretch(1)
        row.addWidget(sel, 1)
        # pre-accounts history
        hist, hl = card()
        self.hist_title = label("", "subtitle")
        self.hist_text = label("", "muted", wrap=True)
        hl.addWidget(self.hist_title)
        hl.addWidget(self.hist_text)
        pick = QHBoxLayout()
        self.assign_label = QLabel()
        self.assign_to = QComboBox()
        self.assign_to.setObjectName("assignTo")
        pick.addWidget(self.assign_label)
        pick.addWidget(self.assign_to, 1)
        hl.addLayout(pick)
        self.assign_button = QPushButton()
        self.assign_button.clicked.connect(self._assign)
        hl.addWidget(self.assign_button, 0, Qt.AlignmentFlag.AlignRight)
        hl.addStretch(1)
        row.addWidget(hist, 1)
        root.addLayout(row)
        self.retranslate()
        self._selection_changed()

    # ------------------------------------------------------------------ text
    def retranslate(self) -> None:
        self.heading.setText(tr("users.heading"))
        self.table.setHorizontalHeaderLabels(
            [
                tr("users.col_username"),
                tr("users.col_name"),
                tr("users.col_role"),
                tr("users.col_status"),
                tr("users.col_last"),
            ]
        )
        self.new_title.setText(tr("users.new"))
        for lab, key in zip(
            self.new_labels,
            ("acct.username", "acct.display_name", "users.role", "acct.password"),
            strict=True,
        ):
            lab.setText(tr(key))
        for i, role in enumerate(ROLES):
            self.role.setItemText(i, tr(f"role.{role}"))
            self.new_role.setItemText(i, tr(f"role.{role}"))
        self.role_button.setText(tr("users.change_role"))
        self.password.setPlaceholderText(tr("acct.password_hint"))
        self.new_password.setPlaceholderText(tr("users.new_password"))
        self.create_button.setText(tr("users.create"))
        self.sel_title.setText(tr("users.selected"))
        self.reset_button.setText(tr("users.reset"))
        self.hist_title.setText(tr("users.history"))
        self.assign_label.setText(tr("users.assign_to"))
        self.assign_button.setText(tr("users.assign"))
        self.set_users(self.users, self._unowned)
        if self._status is not None:
            self._show_status(*self._status)

    # ------------------------------------------------------------------ data
    def set_users(self, users: list, unowned: int) -> None:
        """``users``: ``UserRecord``s; ``unowned``: attempts from before accounts."""
        selected = self.selected_user()
        self.users, self._unowned = list(users), unowned
        self.table.setRowCount(len(self.users))
        for r, u in enumerate(self.users):
            if u.disabled:
                state = tr("users.disabled")
            elif u.locked_until:
                state = tr("users.locked", when=local_time(u.locked_until))
            else:
                state = tr("users.active")
            cells = [
                u.username,
                u.display_name,
                tr(f"role.{u.role}"),
                state,
                local_time(u.last_login_at) if u.last_login_at else tr("users.never"),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 3 and u.disabled:
                    item.setForeground(theme_colour(theme.BAD))
                self.table.setItem(r, c, item)
        ids = [u.id for u in self.users]
        if selected in ids:
            self.table.selectRow(ids.index(selected))
        current = self.assign_to.currentData()
        self.assign_to.clear()
        for u in self.users:
            if not u.disabled:
                self.assign_to.addItem(f"{u.display_name} ({u.username})", u.id)
        if current is not None and self.assign_to.findData(current) >= 0:
            self.assign_to.setCurrentIndex(self.assign_to.findData(current))
        self.hist_text.setText(
            tr("users.history_n", n=unowned) if unowned else tr("users.history_none")
        )
        self.assign_to.setEnabled(bool(unowned))
        self.assign_button.setEnabled(bool(unowned) and self.assign_to.count() > 0)
        self._selection_changed()

    def selected_user(self) -> str | None:
        r = self.table.currentRow()
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.users[r].id if rows and 0 <= r < len(self.users) else None

    def select_user(self, username: str) -> None:
        for r, u in enumerate(self.users):
            if u.username == username:
                self.table.selectRow(r)

    def _selected_record(self):
        uid = self.selected_user()
        return next((u for u in self.users if u.id == uid), None)

    def _selection_changed(self) -> None:
        user = self._selected_record()
        self.disable_button.setEnabled(user is not None)
        self.reset_button.setEnabled(user is not None)
        self.role_button.setEnabled(user is not None)
        if user is not None:
            self.new_role.setCurrentIndex(ROLES.index(user.role))
        self.new_password.setEnabled(user is not None)
        if user is None:
            self.sel_name.setText(tr("users.none_selected"))
            self.disable_button.setText(tr("users.disable"))
            return
        self.sel_name.setText(f"{user.display_name} ({user.username}) · {tr(f'role.{user.role}')}")
        self.disable_button.setText(tr("users.enable" if user.disabled else "users.disable"))

    # ------------------------------------------------------------------ actions
    def _create(self) -> None:
        self.create_user.emit(
            self.username.text(),
            self.display_name.text(),
            self.role.currentData(),
            self.password.text(),
        )

    def fill_new(self, username: str, display_name: str, role: str, password: str) -> None:
        self.username.setText(username)
        self.display_name.setText(display_name)
        self.role.setCurrentIndex(ROLES.index(role))
        self.password.setText(password)

    def clear_new(self) -> None:
        for edit in (self.username, self.display_name, self.password):
            edit.clear()
        self.role.setCurrentIndex(0)

    def _toggle_disabled(self) -> None:
        user = self._selected_record()
        if user is not None:
            self.set_disabled.emit(user.id, not user.disabled)

    def _change_role(self) -> None:
        user = self._selected_record()
        if user is not None:
            self.set_role.emit(user.id, self.new_role.currentData())

    def choose_role(self, role: str) -> None:
        self.new_role.setCurrentIndex(ROLES.index(role))

    def _reset(self) -> None:
        user = self._selected_record()
        if user is not None:
            self.reset_password.emit(user.id, self.new_password.text())

    def clear_reset(self) -> None:
        self.new_password.clear()

    def _assign(self) -> None:
        uid = self.assign_to.currentData()
        if uid:
            self.assign_history.emit(uid)

    def choose_assignee(self, username: str) -> None:
        for i, u in enumerate(u for u in self.users if not u.disabled):
            if u.username == username:
                self.assign_to.setCurrentIndex(i)

    # ------------------------------------------------------------------ messages
    def show_done(self, key: str, **fields) -> None:
        self._show_status("ok", key, fields)

    def show_error(self, text: str) -> None:
        """A refusal or failure, in words the admin can act on (the service's message)."""
        self._show_status("error", "acct.failed", {"msg": text})

    def _show_status(self, kind: str, key: str, fields: dict) -> None:
        self._status = (kind, key, fields)
        colour = theme.GOOD if kind == "ok" else theme.BAD
        self.status.setStyleSheet(f"color: {colour}; font-weight: 600;")
        if "msg" in fields:  # a service's "中文 / English" message: this language's half
            fields = {**fields, "msg": message(fields["msg"])}
        self.status.setText(tr(key, **fields))
        self.status.setVisible(True)

    def status_text(self) -> str:
        return self.status.text() if not self.status.isHidden() else ""


def theme_colour(hex_colour: str):
    from PySide6.QtGui import QColor

    return QColor(hex_colour)
