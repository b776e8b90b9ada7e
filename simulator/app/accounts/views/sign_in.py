"""The first-start dialog that creates the administrator, and the sign-in page.

Both only lay out and emit what was typed; the sign-in controller checks it through the
account service and says what went wrong with ``show_error``."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from simulator.app import theme
from simulator.app.i18n import tr
from simulator.app.widgets import card, label


def _password() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _error_label() -> QLabel:
    lab = label("", "signInError", wrap=True)
    lab.setStyleSheet(f"color: {theme.BAD}; font-weight: 600;")
    lab.setVisible(False)
    return lab


class FirstAdminDialog(QDialog):
    """Asked once, on a PC with no accounts: the administrator's name and password."""

    submitted = Signal(str, str, str)  # user name, display name, password
    quit_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setModal(True)
        self.setMinimumWidth(460)
        root = QVBoxLayout(self)
        self.heading = label("", "title")
        self.intro = label("", "muted", wrap=True)
        root.addWidget(self.heading)
        root.addWidget(self.intro)
        form = QFormLayout()
        self.username = QLineEdit()
        self.display_name = QLineEdit()
        self.password = _password()
        self.password_again = _password()
        self.rows = [QLabel() for _ in range(4)]
        for row, edit in zip(
            self.rows,
            (self.username, self.display_name, self.password, self.password_again),
            strict=True,
        ):
            form.addRow(row, edit)
        root.addLayout(form)
        self.error = _error_label()
        root.addWidget(self.error)
        buttons = QHBoxLayout()
        self.quit_button = QPushButton()
        self.quit_button.clicked.connect(self.quit_requested)
        self.create_button = QPushButton()
        self.create_button.setObjectName("primary")
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self._submit)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.create_button)
        root.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("admin.title"))
        self.heading.setText(tr("admin.title"))
        self.intro.setText(tr("admin.intro"))
        for row, key in zip(
            self.rows,
            ("acct.username", "acct.display_name", "acct.password", "acct.password_again"),
            strict=True,
        ):
            row.setText(tr(key))
        self.password.setPlaceholderText(tr("acct.password_hint"))
        self.create_button.setText(tr("admin.create"))
        self.quit_button.setText(tr("admin.quit"))

    def fill(self, username: str, display_name: str, password: str, again: str) -> None:
        """Type into the form (tests, scripted screenshots)."""
        self.username.setText(username)
        self.display_name.setText(display_name)
        self.password.setText(password)
        self.password_again.setText(again)

    def _submit(self) -> None:
        if self.password.text() != self.password_again.text():
            self.show_error(tr("acct.mismatch"))
            return
        self.set_busy(True)
        self.submitted.emit(self.username.text(), self.display_name.text(), self.password.text())

    def set_busy(self, busy: bool) -> None:
        self.create_button.setEnabled(not busy)
        if busy:
            self.error.setVisible(False)

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.error.setText(text)
        self.error.setVisible(True)

    def error_text(self) -> str:
        return self.error.text() if not self.error.isHidden() else ""

    def reject(self) -> None:  # Esc: there is no app without an administrator
        self.quit_requested.emit()

    def done_ok(self) -> None:
        self.password.clear()
        self.password_again.clear()
        self.accept()


class SignInView(QWidget):
    """The page shown while nobody is signed in (at start and after "switch user")."""

    sign_in = Signal(str, str)  # user name, password

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self._note: tuple[str, dict] | None = None
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        box, lay = card()
        box.setMinimumWidth(420)
        box.setMaximumWidth(520)
        self.heading = label("", "title")
        self.intro = label("", "muted", wrap=True)
        self.note = label("", "muted", wrap=True)
        self.note.setVisible(False)
        lay.addWidget(self.heading)
        lay.addWidget(self.intro)
        lay.addWidget(self.note)
        form = QFormLayout()
        self.username = QLineEdit()
        self.username.setAccessibleName("username")
        self.password = _password()
        self.password.setAccessibleName("password")
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self._submit)
        self.user_label, self.password_label = QLabel(), QLabel()
        form.addRow(self.user_label, self.username)
        form.addRow(self.password_label, self.password)
        lay.addLayout(form)
        self.error = _error_label()
        lay.addWidget(self.error)
        self.button = QPushButton()
        self.button.setObjectName("primary")
        self.button.clicked.connect(self._submit)
        lay.addWidget(self.button, 0, Qt.AlignmentFlag.AlignRight)
        row.addWidget(box)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(tr("login.heading"))
        self.intro.setText(tr("login.intro"))
        self.user_label.setText(tr("acct.username"))
        self.password_label.setText(tr("acct.password"))
        self.button.setText(tr("login.button"))
        if self._note is not None:
            self.note.setText(tr(self._note[0], **self._note[1]))

    def reset(self, note_key: str = "", **fields) -> None:
        """Empty form, focus on the user name; ``note_key``: a line above it (who left)."""
        self._note = (note_key, fields) if note_key else None
        self.note.setVisible(bool(note_key))
        self.retranslate()
        self.username.clear()
        self.password.clear()
        self.error.setVisible(False)
        self.set_busy(False)
        self.username.setFocus()

    def fill(self, username: str, password: str) -> None:
        self.username.setText(username)
        self.password.setText(password)

    def _submit(self) -> None:
        if not self.username.text().strip() or not self.password.text():
            self.show_error(tr("login.empty"))
            return
        self.set_busy(True)
        self.sign_in.emit(self.username.text(), self.password.text())

    def set_busy(self, busy: bool) -> None:
        self.button.setEnabled(not busy)
        self.button.setText(tr("acct.working") if busy else tr("login.button"))
        if busy:
            self.error.setVisible(False)

    def show_error(self, text: str) -> None:
        """A refused sign-in, said plainly; the password is cleared for the next try."""
        self.set_busy(False)
        self.error.setText(text)
        self.error.setVisible(True)
        self.password.clear()
        self.password.setFocus()

    def error_text(self) -> str:
        return self.error.text() if not self.error.isHidden() else ""
