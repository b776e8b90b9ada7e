"""Services over a fresh data folder with the fixture bank and exam, a fake speech service, a
hand-driven monotonic clock and a settable wall clock; people in every role."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from simulator.core.exam_def import load_exams
from simulator.core.grader import Grader
from simulator.services import Role, Services
from tests.exams.fixtures import FakeSpeech, MonoClock, make_banks, write_exam


@pytest.fixture(scope="session")
def grader():
    return Grader()


def model_answer(grader, scenario: str, turn: int = 1) -> str:
    return grader.catalog.scenario(scenario).turn(turn).model_answers[0].text


@pytest.fixture(scope="session")
def banks(grader):
    return make_banks(model_answer(grader, "angry-caller"))


class Wall:
    def __init__(self):
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self):
        return self.now


@pytest.fixture
def wall():
    return Wall()


@pytest.fixture
def mono():
    return MonoClock()


@pytest.fixture
def speech():
    return FakeSpeech()


@pytest.fixture
def exam_folder(tmp_path):
    folder = tmp_path / "exams"
    write_exam(folder)
    return folder


@pytest.fixture
def open_services(tmp_path, grader, banks, exam_folder, wall, mono, speech):
    opened = []

    def make(**overrides):
        options = dict(
            clock=wall, monotonic=mono, speech=speech, grader=grader, banks=banks,
            exams=load_exams(exam_folder, banks, grader.catalog),
        )  # fmt: skip
        options.update(overrides)
        s = Services.open(tmp_path / "data", **options)
        opened.append(s)
        return s

    yield make
    for s in opened:
        s.close()


@pytest.fixture
def services(open_services):
    return open_services()


@pytest.fixture
def people(services):
    admin = services.accounts.create_first_admin("admin", "管理员", "s3cret-pass")
    out = {"admin": admin}
    for name, role in (
        ("proctor", Role.PROCTOR),
        ("alice", Role.TRAINEE),
        ("bob", Role.TRAINEE),
        ("trainer", Role.TRAINER),
    ):
        services.accounts.create_user(admin, name, name.title(), role, "password-1")
        out[name] = services.accounts.sign_in(name, "password-1")
        if role is Role.TRAINEE:  # agreed to keep recordings (oral answers, spoken quizzes)
            services.privacy.give_consent(out[name])
    services.pins.set_pin(out["proctor"], "246810")
    return out
