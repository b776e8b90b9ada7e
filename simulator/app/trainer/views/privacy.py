"""Privacy of voice recordings: the consent dialog (asked once per account, the notice in the
UI language, agree or refuse) and the privacy section of the settings page — the consent's
state and date (give or withdraw it), deleting one's own recordings (confirmed first), an
administrator deleting an account's recordings, and the deletions made with their reason."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
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


class ConsentDialog(QDialog):
    decided = Signal(bool)  # agreed

    def __init__(self, notice: tuple[str, str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("consentDialog")
        self.setModal(True)
        self.setWindowTitle(tr("priv.ask_title"))
        lay = QVBoxLayout(self)
        lay.addWidget(label(tr("priv.ask_intro"), "subtitle", wrap=True))
        self.notice = label(pick(*notice), "notice", wrap=True)
        lay.addWidget(self.notice)
        lay.addWidget(label(tr("priv.ask_later"), "muted", wrap=True))
        row = QHBoxLayout()
        row.addStretch(1)
        self.refuse_button = QPushButton(tr("priv.refuse"))
        self.agree_button = QPushButton(tr("priv.agree"))
        self.agree_button.setObjectName("primary")
        self.refuse_button.clicked.connect(lambda: self._decide(False))
        self.agree_button.clicked.connect(lambda: self._decide(True))
        row.addWidget(self.refuse_button)
        row.addWidget(self.agree_button)
        lay.addLayout(row)
        self.setMinimumWidth(520)

    def _decide(self, agreed: bool) -> None:
        self.decided.emit(agreed)
        self.accept()


class PrivacyPanel(QWidget):
    give = Signal()
    withdraw = Signal()
    delete_mine = Signal()
    delete_of = Signal(str)  # an account's id (administrators)
    set_retention = Signal(int)  # days (0: kept until deleted by hand)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("privacy")
        self.status_data = None  # ConsentStatus
        self.accounts: list = []
        self.deletions: list[dict] = []
        self._note: tuple[str, str, dict] | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        frame, lay = card()
        frame.setMaximumWidth(820)
        outer.addWidget(frame)
        self.title = label("", "subtitle")
        lay.addWidget(self.title)
        self.state = label("", "consentState", wrap=True)
        lay.addWidget(self.state)
        row = QHBoxLayout()
        self.give_button, self.withdraw_button = QPushButton(), QPushButton()
        self.give_button.setObjectName("giveConsent")
        self.withdraw_button.setObjectName("withdrawConsent")
        self.give_button.clicked.connect(self.give)
        self.withdraw_button.clicked.connect(self._withdraw)
        row.addWidget(self.give_button)
        row.addWidget(self.withdraw_button)
        row.addStretch(1)
        lay.addLayout(row)
        drow = QHBoxLayout()
        self.confirm = QCheckBox()
        self.confirm.setObjectName("confirmDelete")
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("deleteMine")
        self.delete_button.setEnabled(False)
        self.confirm.toggled.connect(self.delete_button.setEnabled)
        self.confirm.toggled.connect(lambda _on: self._sync_withdraw())
        self.delete_button.clicked.connect(self._delete_mine)
        drow.addWidget(self.confirm)
        drow.addWidget(self.delete_button)
        drow.addStretch(1)
        lay.addLayout(drow)
        self.admin_row = QWidget()
        arow = QHBoxLayout(self.admin_row)
        arow.setContentsMargins(0, 0, 0, 0)
        self.account = QComboBox()
        self.account.setObjectName("deleteAccount")
        self.delete_of_button = QPushButton()
        self.delete_of_button.setEnabled(False)
        self.confirm.toggled.connect(self.delete_of_button.setEnabled)
        self.delete_of_button.clicked.connect(self._delete_of)
        arow.addWidget(self.account, 1)
        arow.addWidget(self.delete_of_button)
        self.admin_row.setVisible(False)
        lay.addWidget(self.admin_row)
        self.retention_row = QWidget()
        rrow = QHBoxLayout(self.retention_row)
        rrow.setContentsMargins(0, 0, 0, 0)
        self.retention_label = label()
        self.retention = QSpinBox()
        self.retention.setObjectName("retentionDays")
        self.retention.setRange(0, 3650)
        self.retention_hint = label("", "muted")
        self.retention_button = QPushButton()
        self.retention_button.clicked.connect(
            lambda: self.set_retention.emit(self.retention.value())
        )
        for w in (self.retention_label, self.retention, self.retention_hint):
            rrow.addWidget(w)
        rrow.addStretch(1)
        rrow.addWidget(self.retention_button)
        self.retention_row.setVisible(False)
        lay.addWidget(self.retention_row)
        self.note = label("", "privacyNote", wrap=True)
        self.note.setVisible(False)
        lay.addWidget(self.note)
        self.table = table(3, "deletions")
        self.table.setMaximumHeight(160)
        lay.addWidget(self.table)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(tr("priv.title"))
        self.give_button.setText(tr("priv.give"))
        self.withdraw_button.setText(tr("priv.withdraw"))
        self.confirm.setText(tr("priv.confirm"))
        self.delete_button.setText(tr("priv.delete_mine"))
        self.delete_of_button.setText(tr("priv.delete_of"))
        self.retention_label.setText(tr("priv.retention"))
        self.retention.setSuffix(tr("priv.retention_days"))
        self.retention_hint.setText(tr("priv.retention_hint"))
        self.retention_button.setText(tr("priv.retention_save"))
        self.table.setHorizontalHeaderLabels(
            [tr("priv.col_file"), tr("priv.col_when"), tr("priv.col_reason")]
        )
        self.set_status(self.status_data)
        self.set_deletions(self.deletions)
        if self._note is not None:
            kind, key, fields = self._note
            self._show_note(kind, key, **fields)

    def set_status(self, status) -> None:
        """A ``ConsentStatus`` (None: nobody signed in, or the seat without accounts)."""
        self.status_data = status
        self.setVisible(status is not None)
        if status is None:
            return
        if status.at is None:
            text = tr("priv.not_asked")
        else:
            key = "priv.given" if status.given else "priv.refused"
            text = tr(key, when=local_time(status.at))
        self.state.setText(text)
        self.state.setStyleSheet(f"color: {theme.GOOD if status.given else theme.MUTED};")
        self.give_button.setEnabled(not status.given)
        self._sync_withdraw()

    def _sync_withdraw(self) -> None:
        """Withdrawing deletes the recordings: confirmed first, as deleting is."""
        given = self.status_data is not None and self.status_data.given
        self.withdraw_button.setEnabled(given and self.confirm.isChecked())

    def set_accounts(self, accounts: list) -> None:
        """Accounts an administrator may delete the recordings of ([]: not an admin)."""
        self.accounts = accounts
        self.account.clear()
        for u in accounts:
            self.account.addItem(f"{u.display_name} ({u.username})", u.id)
        self.admin_row.setVisible(bool(accounts))

    def set_retention_days(self, days: int | None, may_change: bool) -> None:
        """The retention period (None: kept until deleted by hand); only an administrator
        sees and changes it."""
        self.retention.setValue(days or 0)
        self.retention_row.setVisible(may_change)

    def set_deletions(self, rows: list[dict]) -> None:
        self.deletions = rows
        fill(self.table, [[r["path"], local_time(r["created_at"]),
                           tr(f"priv.reason_{r['reason']}")] for r in rows[-20:][::-1]])  # fmt: skip

    def _show_note(self, kind: str, key: str, **fields) -> None:
        self._note = (kind, key, fields)
        say(self.note, kind, tr(key, **fields), translated=True)

    def clear_note(self) -> None:
        self._note = None
        self.note.setVisible(False)

    def show_error(self, text: str) -> None:
        self._show_note("error", "error.text", text=message(text))

    def show_done(self, key: str, **fields) -> None:
        self._show_note("done", key, **fields)

    def note_text(self) -> str:
        return self.note.text() if self.note.isVisible() else ""

    def _withdraw(self) -> None:
        if self.confirm.isChecked():
            self.confirm.setChecked(False)
            self.withdraw.emit()

    def _delete_mine(self) -> None:
        if self.confirm.isChecked():
            self.confirm.setChecked(False)
            self.delete_mine.emit()

    def _delete_of(self) -> None:
        uid = self.account.currentData()
        if uid and self.confirm.isChecked():
            self.confirm.setChecked(False)
            self.delete_of.emit(uid)


__all__ = ["ConsentDialog", "PrivacyPanel"]
