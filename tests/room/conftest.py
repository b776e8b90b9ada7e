"""A real PostgreSQL for the training-room tests: one server per test session (started on
127.0.0.1 with a free port, stopped at the end), a template database migrated once, and a
fresh database per test cloned from it; the centre's HTTP service on a free port; seats that
joined it. Under CI=true a server that cannot start fails the tests (it never skips)."""

from __future__ import annotations

import importlib.util
import uuid
from datetime import UTC, datetime

import pytest

from simulator.centre.pgserver import ServerUnavailable, TempServer
from tests.conftest import skip_or_fail, under_ci
from tests.room.helpers import Centre, SeatMaker

TEMPLATE = "centre_template"
HAVE_CENTRE = all(importlib.util.find_spec(m) for m in ("psycopg", "psycopg_pool"))
NO_CENTRE = "the centre extra is not installed (pip install '.[centre]')"


def pytest_ignore_collect(collection_path, config):
    """Without psycopg the room's tests cannot even be imported: while developing they are
    left out (the header says so); under CI they are collected and fail."""
    if HAVE_CENTRE or under_ci() or collection_path.name == "test_wire.py":
        return None
    return collection_path.name.startswith("test_") and collection_path.suffix == ".py"


def pytest_report_header(config):
    if not HAVE_CENTRE:
        return f"tests/room: {NO_CENTRE}; its tests are left out" + (
            " — under CI they fail" if under_ci() else ""
        )


@pytest.fixture(scope="session")
def pg_server():
    if not HAVE_CENTRE:
        skip_or_fail(NO_CENTRE)
    try:
        server = TempServer()
        server.start()
    except (ServerUnavailable, OSError) as exc:
        skip_or_fail(f"PostgreSQL cannot be started here: {exc}")
    yield server
    server.close()


@pytest.fixture(scope="session")
def centre_template(pg_server):
    import psycopg

    from simulator.centre.schema import migrate

    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {TEMPLATE}")
    migrate(pg_server.url(TEMPLATE), "test centre")
    return TEMPLATE


@pytest.fixture
def centre_url(pg_server, centre_template):
    import psycopg

    name = f"c_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {centre_template}")
    yield pg_server.url(name)
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


class CentreClock:
    """The centre's wall clock: real time, or a moment a test holds it at."""

    def __init__(self):
        self.frozen: datetime | None = None

    def __call__(self) -> datetime:
        return self.frozen or datetime.now(UTC)

    def freeze(self) -> datetime:
        self.frozen = datetime.now(UTC)
        return self.frozen

    def advance(self, seconds: float) -> None:
        from datetime import timedelta

        self.frozen = (self.frozen or datetime.now(UTC)) + timedelta(seconds=seconds)


@pytest.fixture
def centre_clock():
    return CentreClock()


@pytest.fixture
def centre(centre_url, centre_clock):
    c = Centre(centre_url, centre_clock)
    yield c
    c.close()


@pytest.fixture(scope="session")
def grader():
    from simulator.core.grader import Grader

    return Grader()


@pytest.fixture(scope="session")
def banks(grader):
    from tests.exams.fixtures import make_banks

    return make_banks(grader.catalog.scenario("angry-caller").turn(1).model_answers[0].text)


@pytest.fixture
def proxy(centre):
    """The room's network between the seats that use it and the centre (``down()``/``up()``)."""
    from tests.room.netproxy import Proxy

    host, port = centre.running.server.server_address[:2]
    p = Proxy(host, port)
    yield p
    p.close()


@pytest.fixture
def seats(tmp_path, centre, grader, banks):
    maker = SeatMaker(tmp_path, centre, grader, banks)
    yield maker
    maker.close()
