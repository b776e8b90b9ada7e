"""Who is at the keyboard: at start, the first administrator (a dialog, when the PC has no
accounts) or the sign-in page; "switch user" signs the current person out (a training-room PC
is shared). Passwords are checked by ``services.accounts`` on the db lane; a refusal (wrong
password, locked, disabled) is shown on the page in the service's words."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from simulator.app.accounts.views.sign_in import FirstAdminDialog
from simulator.app.context import AppContext
from simulator.app.i18n import message, tr
from simulator.services import Session
from simulator.services.accounts import AccountError, SignInError

log = logging.getLogger(__name__)

# The pages each role opens (the services check every operation again).
_OWN = ("home", "history", "quiz", "selfcheck", "settings")
_TRAINING = ("assign", "review", "calibration", "dashboard")  # issue 13
PAGES = {
    "trainee": (*_OWN, "exams", "results"),
    "trainer": (*_OWN, "exams", "results", "packs", *_TRAINING),
    "proctor": (*_OWN, "proctor", "results", "room"),  # room: once the seat joined a centre
    "admin": (*_OWN, "users", "proctor", "results", "packs", *_TRAINING, "room"),
}


def pages_of(session: Session) -> tuple[str, ...]:
    return PAGES.get(session.role.value, PAGES["trainee"])


class SignInController(QObject):
    signed_in = Signal(object)  # Session
    signed_out = Signal()
    quit_requested = Signal()

    def __init__(self, ctx: AppContext, window, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.view = window.sign_in
        self.dialog: FirstAdminDialog | None = None
        self.view.sign_in.connect(self.sign_in)

    @property
    def waiting(self) -> bool:
        """True while nobody is signed in on a PC that requires it."""
        return self.ctx.sign_in_required and self.ctx.session.is_anonymous

    def start(self) -> None:
        """At start-up: nothing to do when a session was given; else the sign-in page, and the
        first-administrator dialog when the PC has no accounts yet."""
        if not self.waiting:
            self._show_user()
            return
        self._show_signed_out()
        accounts = self.ctx.services.accounts
        self.ctx.runner.run(
            "db",
            accounts.needs_first_admin,
            lambda needed: self.open_first_admin() if needed else None,
            lambda exc: self._failed(self.view, exc),
            name="needs_first_admin",
        )

    def _show_signed_out(self, note_key: str = "", **fields) -> None:
        self.window.set_user(None)
        self.view.reset(note_key, **fields)
        self.window.show_page("login")

    def _show_user(self) -> None:
        s = self.ctx.session
        if s.is_anonymous:  # a seat run without accounts (tests, tools): practice only
            self.window.set_user(None, "", PAGES["trainee"])
            return
        self.window.set_user(s.display_name or s.username, s.role.value, pages_of(s))

    # ------------------------------------------------------------------ the first admin
    def open_first_admin(self) -> None:
        self.dialog = dialog = FirstAdminDialog(self.window)
        dialog.submitted.connect(self._create_admin)
        dialog.quit_requested.connect(self.quit_requested)
        dialog.open()

    def _create_admin(self, username: str, display_name: str, password: str) -> None:
        accounts, dialog = self.ctx.services.accounts, self.dialog
        self.ctx.runner.run(
            "db",
            lambda: accounts.create_first_admin(username, display_name, password),
            self._admin_created,
            lambda exc: self._failed(dialog, exc),
            name="create_first_admin",
        )

    def _admin_created(self, session: Session) -> None:
        if self.dialog is not None:
            self.dialog.done_ok()
            self.dialog.deleteLater()
            self.dialog = None
        self._entered(session)

    # ------------------------------------------------------------------ sign in / out
    def sign_in(self, username: str, password: str) -> None:
        accounts = self.ctx.services.accounts
        self.ctx.runner.run(
            "db",
            lambda: accounts.sign_in(username, password),
            self._entered,
            lambda exc: self._failed(self.view, exc),
            name="sign_in",
        )

    def _entered(self, session: Session) -> None:
        self.ctx.session = session
        self._show_user()
        self.signed_in.emit(session)

    def _failed(self, view, exc: BaseException) -> None:
        text = str(exc) or type(exc).__name__
        if isinstance(exc, SignInError | AccountError):
            view.show_error(message(text))
            return
        log.error("accounts: %s", text)
        view.show_error(tr("acct.failed", msg=message(text)))

    def switch_user(self, note_key: str = "login.switched") -> None:
        """Sign the current person out and show the sign-in page for the next one, with
        ``note_key``'s line about who left (and why)."""
        who = self.ctx.session
        if not self.ctx.sign_in_required or who.is_anonymous:
            return
        self.ctx.session = Session.anonymous()
        self._show_signed_out(note_key, name=who.display_name or who.username)
        self.signed_out.emit()
