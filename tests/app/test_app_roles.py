"""The administrator changes an existing user's role on the users page (through the account
service: audited; their own role refused in words), and the new role's pages follow at the
next sign-in."""

from __future__ import annotations

from simulator.app import i18n
from tests.app.exam_helpers import seat, sign_in


def test_the_admin_changes_a_role_on_the_users_page(make_app, qtbot, tmp_path):
    seat(tmp_path / "data")
    ctx, window, controller = make_app(session=None)
    sign_in(window, "admin")
    window.navigate.emit("users")
    users = window.users
    users.select_user("wang")
    users.choose_role("proctor")
    users.role_button.click()
    assert users.status_text() == i18n.tr(
        "users.role_done", name="wang", role=i18n.tr("role.proctor")
    )
    assert {u.username: u.role for u in users.users}["wang"] == "proctor"
    assert ctx.services.audit.entries(action="account.role")[-1].detail["to"] == "proctor"
    users.select_user("admin")
    users.choose_role("trainee")
    users.role_button.click()
    assert "不能修改自己的角色" in users.status_text()
    sign_in(window, "wang")
    assert "proctor" in window.nav_shown() and "users" not in window.nav_shown()
