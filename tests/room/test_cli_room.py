"""The room's command line: a centre set up, checked, given accounts and enrolment codes, and
served (a real process); a seat joined with a code, its state and a sync; bad input and an
unreachable database end with one line and exit status 2."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from simulator.centre.pgserver import free_port
from simulator.centre.schema import LATEST
from simulator.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def empty_db(pg_server):
    import psycopg

    name = f"e_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield pg_server.url(name)
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def run(capsys, *argv) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_setting_up_a_centre(empty_db, capsys, monkeypatch):
    monkeypatch.setenv("SIMULATOR_PASSWORD", "s3cret-pass")
    status, out, _ = run(capsys, "server", "status", "--db", empty_db)
    assert status == 1 and "needs `server migrate`" in out
    status, out, _ = run(capsys, "server", "init", "--db", empty_db, "--name", "培训一室",
                         "--admin", "admin")  # fmt: skip
    assert status == 0 and f"0 → {LATEST}" in out and "administrator admin created" in out
    status, out, _ = run(capsys, "server", "migrate", "--db", empty_db)
    assert (status, out.strip()) == (0, f"schema {LATEST} → {LATEST}")
    assert run(capsys, "server", "user", "add", "alice", "--role", "trainee",
               "--db", empty_db)[0] == 0  # fmt: skip
    status, _, err = run(capsys, "server", "user", "add", "alice", "--role", "trainee",
                         "--db", empty_db)  # fmt: skip
    assert status == 2 and "is taken" in err
    status, out, _ = run(capsys, "server", "enrol-code", "--db", empty_db, "--hours", "2")
    assert status == 0 and re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", out.strip())
    status, out, _ = run(capsys, "server", "status", "--db", empty_db, "--json")
    s = json.loads(out)
    assert status == 0 and (s["name"], s["version"], s["users"], s["up_to_date"]) == (
        "培训一室",
        LATEST,
        2,
        True,
    )
    assert run(capsys, "server", "user", "disable", "alice", "--db", empty_db)[0] == 0


def test_an_unreachable_database_is_one_line_and_status_2(capsys):
    url = f"postgresql://sim@127.0.0.1:{free_port()}/nothing"
    status, out, err = run(capsys, "server", "status", "--db", url)
    assert status == 2 and err.startswith("simulator: error:") and len(err.splitlines()) == 1
    status, _, err = run(capsys, "server", "status")
    assert status == 2 and "--db" in err


@pytest.mark.slow
def test_serving_and_joining_from_the_command_line(centre_url, tmp_path, capsys, monkeypatch):
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulator", "server", "serve", "--db", centre_url,
         "--listen", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )  # fmt: skip
    try:
        line = proc.stdout.readline()
        assert line.startswith("listening on http://127.0.0.1:"), proc.stderr.read()
        url = f"http://127.0.0.1:{port}"
        monkeypatch.setenv("SIMULATOR_PASSWORD", "password-1")
        assert run(capsys, "server", "user", "add", "alice", "--role", "trainee",
                   "--db", centre_url)[0] == 0  # fmt: skip
        code = run(capsys, "server", "enrol-code", "--db", centre_url)[1].strip()
        data = str(tmp_path / "seat")
        status, _, err = run(capsys, "seat", "join", url, "WRONG-CODE-0000", "--data-dir", data)
        assert status == 2 and "enrolment code is unknown" in err
        status, out, _ = run(capsys, "seat", "join", url, code, "--name", "seat-1",
                             "--data-dir", data)  # fmt: skip
        assert status == 0 and "joined" in out and "first sync: done" in out
        status, out, _ = run(capsys, "seat", "sync", "--json", "--data-dir", data)
        assert status == 0 and json.loads(out)["error"] is None
        status, out, _ = run(capsys, "seat", "status", "--json", "--data-dir", data)
        state = json.loads(out)
        assert state["joined"] and state["online"] and state["seat_name"] == "seat-1"
        assert state["total_queued"] == 0
        status, out, _ = run(capsys, "server", "seats", "--db", centre_url)
        assert status == 0 and out.startswith("seat-1") and "enrolled" in out
        assert run(capsys, "server", "seats", "--revoke", "seat-1", "--db", centre_url)[0] == 0
        status, out, _ = run(capsys, "seat", "sync", "--data-dir", data)
        assert status == 1 and "does not accept this seat's credential" in out
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0 and "stopped" in out, err
    # the centre is gone: the seat says so in words, exit 1
    status, out, _ = run(capsys, "seat", "sync", "--data-dir", data)
    assert status == 1 and "cannot be reached" in out
    status, out, _ = run(capsys, "seat", "status", "--data-dir", data)
    assert "last error" in out and "cannot be reached" in out


def test_a_standalone_seat_says_so(tmp_path, capsys):
    data = str(tmp_path / "alone")
    status, out, _ = run(capsys, "seat", "status", "--data-dir", data)
    assert status == 0 and "standalone" in out
    status, _, err = run(capsys, "seat", "sync", "--data-dir", data)
    assert status == 2 and "not joined" in err
