"""The audit log is append-only and hash-chained: editing, deleting or reordering an entry is
found and named, and so is a consistently rewritten chain once a signed head was taken."""

from __future__ import annotations

import sqlite3

import pytest

from simulator.store.audit import AuditLog
from simulator.store.db import Database


@pytest.fixture
def log(tmp_path):
    db = Database(tmp_path)
    audit = AuditLog(db)
    for i in range(5):
        audit.record(f"event.{i}", actor_name="proctor", subject=f"s{i}", detail={"n": i})
    yield audit
    db.close()


def _raw(db: Database) -> sqlite3.Connection:
    """The file as a forger would open it: with the append-only triggers dropped."""
    conn = sqlite3.connect(db.path)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("DROP TRIGGER audit_no_delete")
    return conn


def test_intact_chain_verifies(log):
    report = log.verify()
    assert report.ok and report.checked == 5
    assert log.head().seq == 5


def test_the_table_refuses_updates_and_deletes(log):
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        with log.db.tx() as conn:
            conn.execute("UPDATE audit SET action='x' WHERE seq=2")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        with log.db.tx() as conn:
            conn.execute("DELETE FROM audit WHERE seq=2")
    assert log.verify().ok


def test_an_edited_entry_is_named(log):
    log.db.close()
    conn = _raw(log.db)
    conn.execute("""UPDATE audit SET detail='{"n":99}' WHERE seq=3""")
    conn.commit()
    conn.close()
    report = log.verify()
    assert not report.ok and report.seq == 3 and "altered" in report.problem


def test_a_deleted_entry_is_named(log):
    log.db.close()
    conn = _raw(log.db)
    conn.execute("DELETE FROM audit WHERE seq=2")
    conn.commit()
    conn.close()
    report = log.verify()
    assert not report.ok and report.seq == 2 and "missing" in report.problem


def test_reordered_entries_are_found(log):
    log.db.close()
    conn = _raw(log.db)
    rows = conn.execute(
        "SELECT seq, action, subject, detail FROM audit WHERE seq IN (2, 3)"
    ).fetchall()
    (_, a2, s2, d2), (_, a3, s3, d3) = rows
    conn.execute("UPDATE audit SET action=?, subject=?, detail=? WHERE seq=2", [a3, s3, d3])
    conn.execute("UPDATE audit SET action=?, subject=?, detail=? WHERE seq=3", [a2, s2, d2])
    conn.commit()
    conn.close()
    report = log.verify()
    assert not report.ok and report.seq == 2


def test_a_rewritten_chain_is_caught_by_a_signed_head(log):
    from simulator.store.audit import GENESIS, entry_hash

    sealed = log.head()  # carried by a sealed result or a certificate
    log.db.close()
    conn = _raw(log.db)
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute("SELECT * FROM audit ORDER BY seq")]
    rows[1]["detail"] = '{"n":42}'  # the change the forger wants
    prev = GENESIS
    for r in rows:  # recompute every hash so the chain is consistent again
        r["prev_hash"] = prev
        r["hash"] = entry_hash(
            r["seat_id"], r["seq"], r["at"], r["actor_id"], r["actor_name"], r["actor_role"],
            r["action"], r["subject"], r["detail"], prev,
        )  # fmt: skip
        prev = r["hash"]
        conn.execute(
            "UPDATE audit SET detail=?, prev_hash=?, hash=? WHERE id=?",
            [r["detail"], r["prev_hash"], r["hash"], r["id"]],
        )
    conn.commit()
    conn.close()
    assert log.verify().ok  # consistent on its own …
    report = log.verify(anchors=[sealed])
    assert not report.ok and report.seq == 5 and "rewritten" in report.problem  # … but not signed
