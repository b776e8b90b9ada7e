"""Services over a fresh data folder with the shipped catalog (loaded once), a settable wall
clock, and people in every role: an admin, two trainers, a proctor and three trainees."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from simulator.core.grader import Grader
from simulator.services import Role, Services


@pytest.fixture(scope="session")
def grader():
    return Grader()


class Wall:
    def __init__(self):
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self):
        return self.now


@pytest.fixture
def wall():
    return Wall()


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def services(data_dir, grader, wall):
    s = Services.open(data_dir, grader=grader, clock=wall)
    yield s
    s.close()


@pytest.fixture
def people(services):
    admin = services.accounts.create_first_admin("admin", "管理员", "s3cret-pass")
    out = {"admin": admin}
    for name, role in (
        ("trainer", Role.TRAINER),
        ("trainer2", Role.TRAINER),
        ("proctor", Role.PROCTOR),
        ("alice", Role.TRAINEE),
        ("bob", Role.TRAINEE),
        ("carol", Role.TRAINEE),
    ):
        services.accounts.create_user(admin, name, name.title(), role, "password-1")
        out[name] = services.accounts.sign_in(name, "password-1")
    return out
