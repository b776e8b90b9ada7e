"""Helpers of the trainer screens' tests: the people of a training room on the app's database,
signing in through the sign-in page (and answering the consent question), and opening a page
from the navigation as a user does."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from simulator.app.shell.views.main_window import NAV

PASSWORD = "correct-horse-9"


def people(ctx) -> dict:
    """An administrator, two trainers and two trainees; name → user id."""
    accounts = ctx.services.accounts
    admin = accounts.create_first_admin("admin", "Ada Admin", PASSWORD)
    ids = {"admin": admin.user_id}
    for name, display, role in (
        ("trainer", "Tian Trainer", "trainer"),
        ("trainer2", "Tao Trainer", "trainer"),
        ("wang", "Wang Wei", "trainee"),
        ("li", "Li Na", "trainee"),
    ):
        ids[name] = accounts.create_user(admin, name, display, role, PASSWORD)
    return ids


def session_of(ctx, name: str):
    return ctx.services.accounts.sign_in(name, PASSWORD)


def sign_in(window, controller, username: str, consent: bool | None = True) -> None:
    """Sign in on the sign-in page; answer the consent question if it is asked."""
    if controller.accounts.dialog is not None:  # the first-administrator dialog
        controller.accounts.dialog.done_ok()
    window.sign_in.fill(username, PASSWORD)
    window.sign_in.button.click()
    dialog = controller.privacy.dialog
    if consent is not None and dialog is not None:
        (dialog.agree_button if consent else dialog.refuse_button).click()
        window.activateWindow()  # the keys go to the window again once the dialog is gone
        QApplication.processEvents()


def switch_to(window, controller, username: str, consent: bool | None = True) -> None:
    window.switch_button.click()
    sign_in(window, controller, username, consent)


def open_page(window, name: str) -> None:
    """Click the page's entry in the navigation."""
    window.nav.setCurrentRow(NAV.index(name))
    assert window.current_page() == name
