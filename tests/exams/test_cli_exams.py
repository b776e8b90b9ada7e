"""The exam, audit, certificate and key commands, run as real processes."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from simulator.core.paths import repo_root
from simulator.store.audit import GENESIS, entry_hash
from simulator.store.keys import public_pem
from tests.exams.helpers import ready
from tests.exams.test_exam_service import answer_all

pytestmark = pytest.mark.slow  # a dozen real processes


def sim(*args, password="password-1", env=None):
    full = dict(os.environ, **(env or {}))
    full.pop("SIMULATOR_PASSWORD", None)
    if password is not None:
        full["SIMULATOR_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args], capture_output=True, text=True,
        cwd=repo_root(), env=full, stdin=subprocess.DEVNULL,
    )  # fmt: skip


@pytest.fixture(scope="module")
def seat(tmp_path_factory, grader, banks):
    """A data folder with one sealed, certified exam and one failed one (built once; tests
    that change it work on a copy)."""
    from simulator.core.exam_def import load_exams
    from simulator.services import Role, Services
    from tests.exams.fixtures import FakeSpeech, MonoClock, write_exam

    root = tmp_path_factory.mktemp("seat")
    speech = FakeSpeech()
    services = Services.open(
        root / "data", monotonic=MonoClock(), speech=speech, grader=grader, banks=banks,
        exams=load_exams(write_exam(root / "exams").parent, banks, grader.catalog),
    )  # fmt: skip
    admin = services.accounts.create_first_admin("admin", "管理员", "s3cret-pass")
    people = {"admin": admin}
    for name, role in (("proctor", Role.PROCTOR), ("alice", Role.TRAINEE), ("bob", Role.TRAINEE)):
        services.accounts.create_user(admin, name, name.title(), role, "password-1")
        people[name] = services.accounts.sign_in(name, "password-1")
        if role is Role.TRAINEE:
            services.privacy.give_consent(people[name])
    rec, _ = ready(services, people)
    answer_all(services, people, rec, grader, speech)
    services.exams.submit(people["alice"], rec.id)
    cert = services.certificates.issue(people["proctor"], rec.id)
    bob, _ = ready(services, people, "bob")
    answer_all(services, people, bob, grader, speech, who="bob", right=False)
    services.exams.submit(people["bob"], bob.id)
    services.close()
    return root / "data", cert


def test_exam_list_json_names_every_definition():
    out = sim("exam", "list", "--json")
    assert out.returncode == 0, out.stderr
    ids = {r["id"] for r in json.loads(out.stdout)}
    assert {"10000-agent", "12345-government"} <= ids


def test_exam_results_json_and_csv_need_a_proctor(seat):
    data, _ = seat
    out = sim("exam", "results", "--json", "--user", "proctor", "--data-dir", str(data))
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert sorted(r["total"] for r in rows) == [sorted(r["total"] for r in rows)[0], 100]
    alice = next(r for r in rows if r["username"] == "alice")
    assert alice["passed"] and {i["part"] for i in alice["items"]} == {"written", "oral"}
    assert all(i["recording_sha256"] for i in alice["items"] if i["part"] == "oral")
    out = sim("exam", "results", "--csv", "--exam", "fixture-exam", "--user", "admin",
              "--data-dir", str(data), password="s3cret-pass")  # fmt: skip
    assert out.returncode == 0, out.stderr
    table = list(csv.DictReader(io.StringIO(out.stdout)))
    assert {r["username"] for r in table} == {"alice", "bob"}
    assert "phrasing:" in table[0]["per_topic"]
    refused = sim("exam", "results", "--json", "--user", "alice", "--data-dir", str(data))
    assert refused.returncode == 2 and "exam.results" in refused.stderr
    wrong = sim("exam", "results", "--json", "--user", "proctor", "--data-dir", str(data),
                password="nope-nope")  # fmt: skip
    assert wrong.returncode == 2 and "wrong user name or password" in wrong.stderr
    nobody = sim("exam", "results", "--json", "--data-dir", str(data))
    assert nobody.returncode == 2 and "--user" in nobody.stderr
    conn = sqlite3.connect(data / "simulator.db")
    denied = conn.execute(
        "SELECT actor_name FROM audit WHERE action='permission.denied'"
    ).fetchall()
    conn.close()
    assert ("alice",) in denied


def _forge(data, edit) -> None:
    conn = sqlite3.connect(data / "simulator.db")
    conn.row_factory = sqlite3.Row
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("DROP TRIGGER audit_no_delete")
    edit(conn)
    conn.commit()
    conn.close()


def _rewrite_chain(conn) -> None:
    rows = [dict(r) for r in conn.execute("SELECT * FROM audit ORDER BY seq")]
    rows[3]["detail"] = '{"forged":true}'
    prev = GENESIS
    for r in rows:
        r["hash"] = entry_hash(
            r["seat_id"], r["seq"], r["at"], r["actor_id"], r["actor_name"], r["actor_role"],
            r["action"], r["subject"], r["detail"], prev,
        )  # fmt: skip
        conn.execute("UPDATE audit SET detail=?, prev_hash=?, hash=? WHERE id=?",
                     [r["detail"], prev, r["hash"], r["id"]])  # fmt: skip
        prev = r["hash"]


def _reorder(conn) -> None:
    a, b = (dict(r) for r in conn.execute("SELECT * FROM audit WHERE seq IN (5, 6) ORDER BY seq"))
    for src, dst in ((a, b), (b, a)):
        conn.execute("UPDATE audit SET action=?, subject=?, detail=? WHERE seq=?",
                     [src["action"], src["subject"], src["detail"], dst["seq"]])  # fmt: skip


TAMPER = {
    "edit": (lambda c: c.execute("""UPDATE audit SET detail='{"n":1}' WHERE seq=7"""), "7 was altered"),
    "delete": (lambda c: c.execute("DELETE FROM audit WHERE seq=4"), "entry 4 is missing"),
    "delete-last": (lambda c: c.execute("DELETE FROM audit WHERE seq=(SELECT MAX(seq) FROM audit)"),
                    "sealed in a signed record"),
    "reorder": (_reorder, "entry 5"),
    "rewrite-chain": (_rewrite_chain, "rewritten"),
}  # fmt: skip


def test_audit_verify_passes_an_intact_log(seat):
    data, _ = seat
    out = sim("audit", "verify", "--user", "proctor", "--data-dir", str(data))
    assert out.returncode == 0 and "intact" in out.stdout, out.stdout + out.stderr


@pytest.mark.parametrize("how", sorted(TAMPER))
def test_audit_verify_names_tampering(seat, tmp_path, how):
    data, _ = seat
    copy = tmp_path / f"copy-{how}"
    shutil.copytree(data, copy)
    if how == "delete-last":  # the last entries are the sealing of bob's result: cut back to it
        conn = sqlite3.connect(copy / "simulator.db")
        head = conn.execute("SELECT MAX(head_seq) FROM exam_results").fetchone()[0]
        conn.close()
        edit = lambda c: c.execute("DELETE FROM audit WHERE seq>=?", [head])  # noqa: E731
    else:
        edit = TAMPER[how][0]
    _forge(copy, edit)
    out = sim("audit", "verify", "--json", "--user", "proctor", "--data-dir", str(copy))
    assert out.returncode == 1, out.stdout + out.stderr
    report = json.loads(out.stdout)
    assert not report["ok"] and TAMPER[how][1] in report["problem"]


def test_a_forged_sealed_result_is_named(seat, tmp_path):
    data, _ = seat
    copy = tmp_path / "copy"
    shutil.copytree(data, copy)

    def edit(conn):
        conn.execute("DROP TRIGGER exam_results_no_update")
        conn.execute("UPDATE exam_results SET detail=replace(detail, '\"passed\": false', "
                     "'\"passed\": true')")  # fmt: skip

    _forge(copy, edit)
    out = sim("audit", "verify", "--user", "proctor", "--data-dir", str(copy))
    assert out.returncode == 1 and "sealed result" in out.stdout


def test_certificate_verify_file_and_code(seat, tmp_path):
    data, cert = seat
    for path in (cert.pdf, cert.json_path):
        out = sim("certificate", "verify", str(path), "--data-dir", str(data))
        assert out.returncode == 0, out.stdout + out.stderr
        assert "genuine" in out.stdout and "Alice" in out.stdout and "100" in out.stdout
        assert "测试认证" in out.stdout and cert.facts.date in out.stdout
    pem = tmp_path / "centre.pub.pem"
    assert sim("key", "export", "--out", str(pem), "--data-dir", str(data)).returncode == 0
    elsewhere = tmp_path / "verifier"  # another PC: only the public key, no database
    out = sim("certificate", "verify", str(cert.pdf), "--key", str(pem), "--json",
              "--data-dir", str(elsewhere))  # fmt: skip
    assert out.returncode == 0 and json.loads(out.stdout)["candidate"] == "Alice"
    assert not (elsewhere / "simulator.db").exists()
    out = sim("certificate", "verify", "--code", cert.qr_text, "--key", str(pem),
              "--data-dir", str(elsewhere))  # fmt: skip
    assert out.returncode == 0 and cert.number in out.stdout
    out = sim("certificate", "verify", "--code", cert.short_code, "--data-dir", str(data))
    assert out.returncode == 0 and "Alice" in out.stdout


def test_certificate_verify_rejects_a_changed_byte_and_another_key(seat, tmp_path):
    data, cert = seat
    for path in (cert.pdf, cert.json_path):
        raw = bytearray(path.read_bytes())
        at = raw.index(b"100") if path.suffix == ".json" else len(raw) // 2
        raw[at] ^= 0x01
        bad = tmp_path / f"bad{path.suffix}"
        bad.write_bytes(bytes(raw))
        out = sim("certificate", "verify", str(bad), "--data-dir", str(data))
        assert out.returncode == 1 and "NOT genuine" in out.stdout
    other = tmp_path / "other.pem"
    other.write_bytes(public_pem(Ed25519PrivateKey.generate().public_key()))
    for args in ([str(cert.pdf)], [str(cert.json_path)], ["--code", cert.qr_text]):
        out = sim("certificate", "verify", *args, "--key", str(other), "--data-dir", str(data))
        assert out.returncode == 1 and "NOT genuine" in out.stdout
    out = sim("certificate", "verify", "--code", "ZZZZ-ZZZZ-ZZZZ-Z", "--data-dir", str(data))
    assert out.returncode == 1


def test_no_command_takes_an_exam():
    out = sim("--help")
    helptext = sim("exam", "--help").stdout
    assert out.returncode == 0
    for word in ("start", "answer", "submit", "take"):
        assert f"    {word}" not in helptext
