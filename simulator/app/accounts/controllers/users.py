"""The administrator's users page: reads the accounts and the count of pre-accounts practice
attempts, creates users, disables / enables them, resets a password and gives the old history
to an account, each through ``services.accounts`` on the db lane (the service checks the role
again). What the service refuses is shown on the page in its words."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject

from simulator.app.context import AppContext
from simulator.app.i18n import tr
from simulator.services.accounts import AccountError
from simulator.services.session import PermissionDenied

log = logging.getLogger(__name__)


class UsersController(QObject):
    def __init__(self, ctx: AppContext, window, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.view = window.users
        self.view.create_user.connect(self.create_user)
        self.view.set_disabled.connect(self.set_disabled)
        self.view.reset_password.connect(self.reset_password)
        self.view.assign_history.connect(self.assign_history)
        self.view.set_role.connect(self.set_role)

    def show(self) -> None:
        self.window.show_page("users")
        self.refresh()

    def refresh(self) -> None:
        accounts, who = self.ctx.services.accounts, self.ctx.session
        self.ctx.runner.run(
            "db",
            lambda: (accounts.users(who), accounts.unowned_history(who)),
            lambda out: self.view.set_users(*out),
            self._failed,
            name="users",
        )

    def _failed(self, exc: BaseException) -> None:
        text = str(exc) or type(exc).__name__
        if not isinstance(exc, AccountError | PermissionDenied):
            log.error("users page: %s", text)
        self.view.show_error(text)

    def _then(self, key: str, **fields):
        def done(_result) -> None:
            self.view.show_done(key, **fields)
            self.refresh()

        return done

    def create_user(self, username: str, display_name: str, role: str, password: str) -> None:
        accounts, who = self.ctx.services.accounts, self.ctx.session

        def created(_user_id) -> None:
            self.view.clear_new()
            self._then("users.created", name=username.strip())(None)

        self.ctx.runner.run(
            "db",
            lambda: accounts.create_user(who, username, display_name, role, password),
            created,
            self._failed,
            name="create_user",
        )

    def _name(self, user_id: str) -> str:
        user = next((u for u in self.view.users if u.id == user_id), None)
        return user.username if user else user_id

    def set_disabled(self, user_id: str, disabled: bool) -> None:
        accounts, who = self.ctx.services.accounts, self.ctx.session
        key = "users.disabled_done" if disabled else "users.enabled_done"
        self.ctx.runner.run(
            "db",
            lambda: accounts.set_disabled(who, user_id, disabled),
            self._then(key, name=self._name(user_id)),
            self._failed,
            name="set_disabled",
        )

    def reset_password(self, user_id: str, password: str) -> None:
        accounts, who = self.ctx.services.accounts, self.ctx.session

        def done(_r) -> None:
            self.view.clear_reset()
            self._then("users.reset_done", name=self._name(user_id))(None)

        self.ctx.runner.run(
            "db",
            lambda: accounts.set_password(who, user_id, password),
            done,
            self._failed,
            name="reset_password",
        )

    def assign_history(self, user_id: str) -> None:
        accounts, who = self.ctx.services.accounts, self.ctx.session
        name = self._name(user_id)
        self.ctx.runner.run(
            "db",
            lambda: accounts.assign_unowned_history(who, user_id),
            lambda n: self._then("users.assigned", n=n, name=name)(None),
            self._failed,
            name="assign_history",
        )

    def set_role(self, user_id: str, role: str) -> None:
        accounts, who = self.ctx.services.accounts, self.ctx.session
        self.ctx.runner.run(
            "db",
            lambda: accounts.set_role(who, user_id, role),
            self._then("users.role_done", name=self._name(user_id), role=tr(f"role.{role}")),
            self._failed,
            name="set_role",
        )
