"""Accounts through the service layer: the first admin, Argon2id hashes (re-hashed when the
parameters change), lock-out with a fake clock, role checks that refuse and audit, and the
pre-accounts history given to an account, never dropped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher

from simulator.services import PermissionDenied, Role, Services
from simulator.services.accounts import LOCK_AFTER, AccountError, SignInError


class Clock:
    def __init__(self):
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def services(tmp_path, clock):
    s = Services.open(tmp_path, clock=clock)
    yield s
    s.close()


@pytest.fixture
def admin(services):
    return services.accounts.create_first_admin("admin", "管理员", "s3cret-pass")


def test_first_start_creates_the_admin_once(services):
    assert services.accounts.needs_first_admin()
    admin = services.accounts.create_first_admin("admin", "管理员", "s3cret-pass")
    assert admin.role is Role.ADMIN and not services.accounts.needs_first_admin()
    with pytest.raises(AccountError):
        services.accounts.create_first_admin("admin2", "x", "another-pass")
    stored = services.accounts.store.by_username("admin").password_hash
    assert stored.startswith("$argon2id$") and "s3cret" not in stored


def test_sign_in_and_wrong_password(services, admin):
    services.accounts.create_user(admin, "zhang", "张三", Role.TRAINEE, "password-1")
    session = services.accounts.sign_in("ZHANG", "password-1")  # names are case-insensitive
    assert session.role is Role.TRAINEE and session.display_name == "张三"
    with pytest.raises(SignInError, match="wrong user name or password"):
        services.accounts.sign_in("zhang", "password-2")
    with pytest.raises(SignInError, match="wrong user name or password"):
        services.accounts.sign_in("nobody", "password-1")


def test_lock_out_after_repeated_failures_then_unlock(services, admin, clock):
    services.accounts.create_user(admin, "li", "李四", Role.TRAINEE, "password-1")
    for _ in range(LOCK_AFTER):
        with pytest.raises(SignInError):
            services.accounts.sign_in("li", "nope-nope")
    with pytest.raises(SignInError, match="locked"):
        services.accounts.sign_in("li", "password-1")  # even the right password
    clock.now += timedelta(minutes=6)
    assert services.accounts.sign_in("li", "password-1").username == "li"
    actions = [e.action for e in services.audit.entries()]
    assert actions.count("login.failed") == LOCK_AFTER - 1 and "login.locked" in actions


def test_old_parameters_are_rehashed_at_sign_in(services, admin):
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
    user_id = services.accounts.create_user(admin, "wang", "王五", Role.TRAINER, "password-1")
    with services.db.tx() as conn:
        services.db.update(conn, "users", user_id, {"password_hash": weak.hash("password-1")})
    services.accounts.sign_in("wang", "password-1")
    rehashed = services.accounts.store.by_id(user_id).password_hash
    assert "m=19456,t=2,p=1" in rehashed


def test_trainee_calling_admin_operations_is_refused_and_audited(services, admin):
    services.accounts.create_user(admin, "zhao", "赵六", Role.TRAINEE, "password-1")
    trainee = services.accounts.sign_in("zhao", "password-1")
    for call in (
        lambda: services.accounts.create_user(trainee, "x1", "x", Role.ADMIN, "password-1"),
        lambda: services.accounts.users(trainee),
        lambda: services.accounts.set_disabled(trainee, admin.user_id, True),
        lambda: services.accounts.assign_unowned_history(trainee, trainee.user_id),
        lambda: services.accounts.set_password(trainee, admin.user_id, "hijacked-1"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    denied = services.audit.entries(action="permission.denied")
    assert len(denied) == 5 and {e.actor_name for e in denied} == {"zhao"}
    assert services.audit.verify().ok


def test_disabled_account_cannot_sign_in(services, admin):
    uid = services.accounts.create_user(admin, "qian", "钱七", Role.PROCTOR, "password-1")
    services.accounts.set_disabled(admin, uid, True)
    with pytest.raises(SignInError, match="disabled"):
        services.accounts.sign_in("qian", "password-1")


def test_pre_accounts_history_goes_to_the_chosen_account(services, admin):
    anonymous = services.practice.store
    for _ in range(3):
        anonymous.start_attempt(None, "praise", "p", "表扬", "Praise", "typed")
    uid = services.accounts.create_user(admin, "sun", "孙八", Role.TRAINEE, "password-1")
    assert services.accounts.unowned_history(admin) == 3
    assert services.accounts.assign_unowned_history(admin, uid) == 3
    assert services.accounts.unowned_history(admin) == 0
    owned = services.db.scalar("SELECT COUNT(*) FROM attempts WHERE user_id=?", [uid])
    assert owned == 3


@pytest.mark.parametrize("name,password", [("a", "password-1"), ("ok-name", "short")])
def test_bad_account_input_is_named(services, admin, name, password):
    with pytest.raises(AccountError):
        services.accounts.create_user(admin, name, "x", Role.TRAINEE, password)


def test_a_password_reset_by_the_admin_also_lifts_the_lock(services, admin):
    services.accounts.create_user(admin, "wu", "吴", Role.TRAINEE, "password-1")
    for _ in range(LOCK_AFTER):
        with pytest.raises(SignInError):
            services.accounts.sign_in("wu", "forgotten!")
    user = services.accounts.store.by_username("wu")
    assert user.locked_until is not None
    services.accounts.set_password(admin, user.id, "a-new-password")
    assert services.accounts.sign_in("wu", "a-new-password").username == "wu"
