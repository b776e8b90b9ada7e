"""Accounts in the app: the first start asks for the administrator (no default password), the
sign-in page says plainly why a sign-in is refused (wrong password, locked, disabled), "switch
user" hands the PC to the next person, each trainee sees only their own history, and the
administrator's page creates, disables and resets accounts and gives the pre-accounts history
to the account chosen. Every step goes through the real account service and database."""

from __future__ import annotations

from simulator.app import i18n
from simulator.core.records import TurnRecord
from simulator.core.result import result_from_dict
from simulator.services import Session
from simulator.services.accounts import LOCK_AFTER
from tests.app.test_app_english import chinese_left

PASSWORD = "correct-horse-9"


def _attempt(ctx, session, title: str) -> str:
    """A finished practice attempt of ``session`` (as the call's saving writes it)."""
    practice = ctx.services.practice
    attempt_id = practice.start_attempt(session, "angry-caller", "pack", title, title, "typed")
    result = result_from_dict({"scenario": "angry-caller", "turn": 1, "score": 85, "passed": True})
    practice.record_turn(session, attempt_id, TurnRecord(1, result, "您好", "typed"))
    practice.finish_attempt(session, attempt_id, "completed")
    return attempt_id


def _people(ctx) -> dict[str, Session]:
    """An administrator and two trainees on the seat's database."""
    accounts = ctx.services.accounts
    admin = accounts.create_first_admin("admin", "Ada Admin", PASSWORD)
    for name in ("wang", "li"):
        accounts.create_user(admin, name, name.title(), "trainee", PASSWORD)
    return {"admin": admin}


def _sign_in(window, username: str, password: str = PASSWORD) -> None:
    window.sign_in.fill(username, password)
    window.sign_in.button.click()


def test_first_start_creates_the_administrator_in_a_dialog(make_app, qtbot):
    ctx, window, controller = make_app(session=None)
    assert window.current_page() == "login"
    assert window.nav_shown() == []  # nothing to open before someone signs in
    dialog = controller.accounts.dialog
    assert dialog is not None and dialog.isVisible()
    assert ctx.services.accounts.needs_first_admin()
    dialog.fill("admin", "Ada Admin", PASSWORD, PASSWORD + "x")
    dialog.create_button.click()
    assert dialog.error_text() == i18n.tr("acct.mismatch")
    dialog.fill("admin", "Ada Admin", "short", "short")
    dialog.create_button.click()
    assert "8" in dialog.error_text() and "/" not in dialog.error_text()  # one language
    assert ctx.services.accounts.needs_first_admin()
    dialog.fill("admin", "Ada Admin", PASSWORD, PASSWORD)
    dialog.create_button.click()
    assert controller.accounts.dialog is None
    assert ctx.session.username == "admin" and ctx.session.role.value == "admin"
    assert window.current_page() == "home"
    assert "users" in window.nav_shown()
    assert "Ada Admin" in window.user_label.text()
    # the next start asks to sign in, and no second administrator can be made
    assert not ctx.services.accounts.needs_first_admin()


def test_sign_in_refusals_are_said_plainly_and_lock_out(make_app, qtbot):
    ctx, window, controller = make_app(session=None)
    _people(ctx)
    controller.accounts.dialog.done_ok()
    _sign_in(window, "wang", "not-the-password")
    assert window.sign_in.error_text() == "用户名或密码不正确"
    assert window.current_page() == "login" and ctx.session.is_anonymous
    _sign_in(window, "nobody", PASSWORD)
    assert window.sign_in.error_text() == "用户名或密码不正确"  # never says which part
    for _ in range(LOCK_AFTER - 1):
        _sign_in(window, "wang", "not-the-password")
    _sign_in(window, "wang", PASSWORD)  # the right password, but locked now
    assert "锁定" in window.sign_in.error_text()
    assert ctx.session.is_anonymous
    _sign_in(window, "li", "")
    assert window.sign_in.error_text() == i18n.tr("login.empty")
    _sign_in(window, "li")
    assert ctx.session.username == "li" and window.current_page() == "home"
    assert window.nav_shown() == [
        "home",
        "history",
        "quiz",
        "selfcheck",
        "settings",
        "exams",
        "results",
    ]  # no users page


def test_switch_user_and_each_trainee_sees_only_their_history(make_app, qtbot):
    ctx, window, controller = make_app(session=None)
    _people(ctx)
    controller.accounts.dialog.done_ok()
    _sign_in(window, "wang")
    wang = ctx.session
    _attempt(ctx, wang, "王的练习")
    window.navigate.emit("history")
    assert [a.title for a in window.history.rows] == ["王的练习"]
    window.history.table.selectRow(0)
    assert window.history.detail_title.text() == "王的练习"
    window.navigate.emit("selfcheck")
    check = window.pages["selfcheck"]
    for item in check.bank.items:
        check.choose(item.id, 7)
    check.submit_button.click()
    assert check.result_text()
    window.switch_button.click()
    assert ctx.session.is_anonymous and window.current_page() == "login"
    assert "Wang" in window.sign_in.note.text()
    # nothing of Wang's is left on the pages for the next person
    assert window.history.rows == [] and window.history.table.rowCount() == 0
    assert window.history.detail_title.text() == ""
    assert check.result_text() == "" and check._history == [] and check.answers() == {}
    window.navigate.emit("history")  # the nav shortcuts lead nowhere while signed out
    assert window.current_page() == "login"
    _sign_in(window, "li")
    assert window.current_page() == "home"
    window.navigate.emit("history")
    assert window.history.rows == []  # Li does not see Wang's attempt
    _attempt(ctx, ctx.session, "李的练习")
    window.navigate.emit("history")
    assert [a.title for a in window.history.rows] == ["李的练习"]


def test_trainee_cannot_open_the_users_page(make_app, qtbot):
    ctx, window, controller = make_app(session=None)
    _people(ctx)
    controller.accounts.dialog.done_ok()
    _sign_in(window, "wang")
    window.navigate.emit("users")
    assert window.current_page() == "home"
    # the page's own reads are refused by the service (and audited), and say so
    controller.users.refresh()
    assert "may not" in window.users.status_text() or "无权" in window.users.status_text()
    denied = ctx.services.db.query(
        "SELECT * FROM audit WHERE action='permission.denied' AND actor_name='wang'"
    )
    assert denied


def test_admin_creates_disables_resets_and_assigns_history(make_app, qtbot):
    ctx, window, controller = make_app(session=None)
    controller.accounts.dialog.done_ok()
    accounts = ctx.services.accounts
    admin = accounts.create_first_admin("admin", "Ada Admin", PASSWORD)
    old = [_attempt(ctx, Session.anonymous(), f"升级前 {i}") for i in range(3)]
    _sign_in(window, "admin")
    assert ctx.session.user_id == admin.user_id
    window.navigate.emit("users")
    users = window.users
    assert window.current_page() == "users"
    assert [u.username for u in users.users] == ["admin"]
    assert "3" in users.hist_text.text()
    # a new proctor, then the same name again
    users.fill_new("zhao", "Zhao Proctor", "proctor", PASSWORD)
    users.create_button.click()
    assert users.status_text() == i18n.tr("users.created", name="zhao")
    assert {u.username: u.role for u in users.users} == {"admin": "admin", "zhao": "proctor"}
    users.fill_new("zhao", "Again", "trainee", PASSWORD)
    users.create_button.click()
    assert "zhao" in users.status_text() and "已被使用" in users.status_text()
    users.fill_new("qian", "Qian Trainee", "trainee", PASSWORD)
    users.create_button.click()
    # disable zhao: zhao cannot sign in any more
    users.select_user("zhao")
    users.disable_button.click()
    assert users.status_text() == i18n.tr("users.disabled_done", name="zhao")
    assert next(u for u in users.users if u.username == "zhao").disabled
    # the admin cannot disable themself
    users.select_user("admin")
    users.disable_button.click()
    assert "不能停用自己" in users.status_text()
    # reset qian's password
    users.select_user("qian")
    users.new_password.setText("a-new-password")
    users.reset_button.click()
    assert users.status_text() == i18n.tr("users.reset_done", name="qian")
    # the pre-accounts history goes to qian, nothing dropped
    users.choose_assignee("qian")
    users.assign_button.click()
    assert users.status_text() == i18n.tr("users.assigned", n=3, name="qian")
    assert accounts.unowned_history(ctx.session) == 0
    assert not users.assign_button.isEnabled()
    window.switch_button.click()
    _sign_in(window, "zhao")
    assert window.sign_in.error_text() == "该账号已停用"
    _sign_in(window, "qian")  # the old password no longer works
    assert window.sign_in.error_text() == "用户名或密码不正确"
    _sign_in(window, "qian", "a-new-password")
    assert ctx.session.username == "qian"
    window.navigate.emit("history")
    assert sorted(a.id for a in window.history.rows) == sorted(old)


def test_accounts_pages_in_english(make_app, qtbot):
    ctx, window, controller = make_app(session=None, language="en")
    try:
        dialog = controller.accounts.dialog
        assert chinese_left(dialog) == []
        dialog.fill("admin", "Ada Admin", "short", "short")
        dialog.create_button.click()
        assert "8 characters" in dialog.error_text()
        assert chinese_left(dialog) == []
        dialog.fill("admin", "Ada Admin", PASSWORD, PASSWORD)
        dialog.create_button.click()
        window.navigate.emit("users")
        window.users.fill_new("admin", "Someone", "trainer", PASSWORD)
        window.users.create_button.click()
        assert "is taken" in window.users.status_text()
        assert chinese_left(window) == []
        window.switch_button.click()
        _sign_in(window, "admin", "wrong-password")
        assert window.sign_in.error_text() == "wrong user name or password"
        assert chinese_left(window) == []
    finally:
        i18n.set_language("zh")


def test_a_call_is_saved_for_its_trainee_and_switching_waits_for_its_end(make_app, qtbot):
    from tests.app.conftest import KEYS, press, wait_phase
    from tests.app.test_app_calls import start

    ctx, window, controller = make_app(["angry-good-t1"], session=None)
    _people(ctx)
    controller.accounts.dialog.done_ok()
    _sign_in(window, "wang")
    wang = ctx.session
    start(qtbot, window, "angry-caller")
    press(qtbot, window, KEYS["space"])
    wait_phase(qtbot, window, "feedback")
    window.switch_user.emit()  # the button is disabled during a call; the signal is refused
    assert not window.switch_button.isEnabled()
    assert window.current_page() == "call" and ctx.session == wang
    assert window.banner_shown("error")
    controller.call.hang_up()
    qtbot.waitUntil(lambda: window.current_page() != "call", timeout=10000)
    window.switch_button.click()
    assert ctx.session.is_anonymous
    rows = ctx.services.db.query("SELECT user_id FROM attempts")
    assert [r["user_id"] for r in rows] == [wang.user_id]
