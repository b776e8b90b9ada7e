"""The registry of synchronised tables is consistent with both schemas: every table it names
exists on a seat and at the centre with the columns that travel; the trainer's tables are
on the seat but inert until the centre has them too; the centre advertises only what it holds."""

from __future__ import annotations

import psycopg

from simulator.store.db import Database
from simulator.sync.outbox import Outbox
from simulator.sync.registry import BY_NAME, REGISTRY, Direction, Rule

CENTRE_ONLY = {"src_seq", "recv_seq", "received_at", "txid", "flags", "disabled_at", "acked_at",
               "effective_at", "failed_logins", "locked_until"}  # fmt: skip


def _centre_columns(url: str, table: str) -> set[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s", [table]
        ).fetchall()
    return {r[0] for r in rows}


def test_every_table_exists_on_both_sides_with_the_columns_that_travel(tmp_path, centre_url):
    db = Database(tmp_path)
    try:
        present = Outbox(db).present()
        for t in REGISTRY:
            if t.optional and not _centre_columns(centre_url, t.name):
                continue  # the centre has not got it yet (calibration sets and items)
            assert t.name in present, t.name
            local = {r["name"] for r in db.query(f"PRAGMA table_info({t.name})")}
            centre = _centre_columns(centre_url, t.name) - CENTRE_ONLY
            travel = local - set(t.local_only)
            if t.pushed:
                assert travel <= centre, (t.name, travel - centre)
            if t.pulled:
                assert centre - set(t.local_only) - set(t.carried) <= local, (
                    t.name,
                    centre - local,
                )
            assert "id" in local and ("seat_id" in local or t.rule is Rule.CENTRE_WINS)
            for path, sha in t.recordings:
                assert {path, sha} <= local
            assert t.user_column is None or t.user_column in local
    finally:
        db.close()


def test_the_trainers_tables_are_listed_but_wait_for_both_sides(tmp_path, centre):
    for name, rule in (("groups", Rule.LATEST_UPDATED_AT), ("assignments", Rule.LATEST_UPDATED_AT),
                       ("overrides", Rule.APPEND_ONLY)):  # fmt: skip
        t = BY_NAME[name]
        assert t.optional and t.rule is rule
    assert BY_NAME["assignments"].direction is Direction.BOTH
    advertised = set(centre.service.status()["tables"])
    # groups, members and assignments since centre schema 5, overrides and calibration grades
    # since schema 6, trainers' packs since schema 7; calibration sets and items wait
    shared = {"groups", "group_members", "assignments", "overrides", "calibration_grades",
              "trainer_packs"}  # fmt: skip
    assert shared | {"attempts"} <= advertised
    assert "calibration_sets" not in advertised and "calibration_items" not in advertised
    # an override follows the trainee it is about (not the trainer who signed it)
    assert BY_NAME["overrides"].whose == "trainee_id" and BY_NAME["overrides"].pulled
    assert advertised == {t.name for t in REGISTRY if not t.optional} | shared
    db = Database(tmp_path)
    try:
        with db.tx() as conn:
            conn.execute("INSERT INTO sync_status (key, value) VALUES ('centre_url', 'x')")
        # the seat has them (local migration 5): their changes are queued from the start and
        # wait there until the centre lists the tables (the engine pushes only those)
        installed = Outbox(db).install()
        assert "assignments" in installed and "attempts" in installed
        assert set(installed) == {t.name for t in REGISTRY if t.pushed}
        present = Outbox(db).present()
        for t in REGISTRY:
            if not t.optional:
                continue
            assert t.name in present, t.name
            local = {r["name"] for r in db.query(f"PRAGMA table_info({t.name})")}
            assert {"id", "seat_id", t.time_column} <= local, t.name
            assert t.user_column is None or t.user_column in local, t.name
    finally:
        db.close()
