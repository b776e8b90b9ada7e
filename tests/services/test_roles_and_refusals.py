"""Changing an existing account's role (administrators only, audited with both roles, never
one's own), and the role refusal's message in both languages (the app shows the UI
language's half)."""

from __future__ import annotations

import pytest

from simulator.app import i18n
from simulator.services import PermissionDenied, Role, Services
from simulator.services.accounts import AccountError


@pytest.fixture
def services(tmp_path):
    s = Services.open(tmp_path)
    yield s
    s.close()


@pytest.fixture
def people(services):
    admin = services.accounts.create_first_admin("admin", "管理员", "s3cret-pass")
    services.accounts.create_user(admin, "wang", "Wang", Role.TRAINEE, "password-1")
    services.accounts.create_user(admin, "zhou", "Zhou", Role.PROCTOR, "password-1")
    wang = services.accounts.sign_in("wang", "password-1")
    return {"admin": admin, "wang": wang}


def test_the_admin_changes_a_role_and_it_is_audited(services, people):
    admin, wang = people["admin"], people["wang"]
    services.accounts.set_role(admin, wang.user_id, "proctor")
    assert services.accounts.sign_in("wang", "password-1").role is Role.PROCTOR
    entry = services.audit.entries(action="account.role")[-1]
    assert entry.subject == wang.user_id and entry.actor_name == "admin"
    assert entry.detail == {"username": "wang", "from": "trainee", "to": "proctor"}
    services.accounts.set_role(admin, wang.user_id, "proctor")  # no change: nothing logged
    assert len(services.audit.entries(action="account.role")) == 1


def test_role_changes_that_are_refused(services, people):
    admin, wang = people["admin"], people["wang"]
    with pytest.raises(PermissionDenied):
        services.accounts.set_role(wang, wang.user_id, "admin")  # a trainee making themself admin
    denied = services.audit.entries(action="permission.denied")[-1]
    assert denied.actor_name == "wang" and denied.detail["operation"] == "accounts.manage"
    with pytest.raises(AccountError, match="your own role"):
        services.accounts.set_role(admin, admin.user_id, "trainee")
    with pytest.raises(AccountError, match="no such role"):
        services.accounts.set_role(admin, wang.user_id, "superuser")
    with pytest.raises(AccountError, match="no such account"):
        services.accounts.set_role(admin, "nobody", "trainer")
    assert services.accounts.sign_in("wang", "password-1").role is Role.TRAINEE


def test_the_role_refusal_is_worded_in_both_languages(services, people):
    with pytest.raises(PermissionDenied) as refused:
        services.exams.candidates(people["wang"])
    text = str(refused.value)
    try:
        i18n.set_language("zh")
        assert i18n.message(text) == "wang（学员）无权进行此操作（exam.proctor）"
        i18n.set_language("en")
        assert i18n.message(text) == "wang (trainee) may not do exam.proctor"
    finally:
        i18n.set_language("zh")


def test_a_certificate_is_its_holders_alone(services, people):
    with pytest.raises(PermissionDenied):
        services.certificates.mine(people["wang"], "some-attempt")
    assert services.audit.entries(action="permission.denied")[-1].detail == {
        "operation": "certificate.own"
    }
