"""A trainer's pack follows to every seat (centre schema 7): written on one seat, pushed with
its sha256, pulled by every seat into its data folder after it validates; the latest edit
wins everywhere; a pack that does not validate is refused with its reason and the seat's own
file stays; the same pack pushed twice is one row at the centre."""

from __future__ import annotations

import hashlib
import time

import pytest
import yaml

from simulator.sync.pack_files import PackSync
from tests.room.helpers import sync
from tests.trainer.helpers import small_pack

SCENARIO = "night-shift-thanks"


def _yaml(services, pack_id: str = "night-shift"):
    return services.data_dir / "packs" / pack_id / "pack.yaml"


def _titled(title: str) -> dict:
    data = small_pack()
    data["title"] = title
    return data


@pytest.mark.slow  # two seats, a grade and a one-second gap between edits
def test_a_pack_saved_on_one_seat_reaches_the_others_and_the_latest_edit_wins(
    centre, seats, grader
):
    centre.add_user("trainer", "trainer")
    alice_id = centre.add_user("alice")
    a, b = seats.open("seat-a"), seats.open("seat-b")
    sync(a)
    sync(b)
    trainer_a = a.accounts.sign_in("trainer", "password-1")
    a.packs.create(trainer_a, small_pack())
    assignment = a.assignments.assign(trainer_a, "night-shift", user_id=alice_id, threshold=70)
    report = sync(a)
    assert report.pushed.get("trainer_packs") == 1 and report.pushed.get("assignments") == 1
    (row,) = centre.sql("SELECT pack_id, sha256, content, deleted FROM trainer_packs")
    assert row["sha256"] == hashlib.sha256(_yaml(a).read_bytes()).hexdigest()
    assert row["content"].encode("utf-8") == _yaml(a).read_bytes() and row["deleted"] == 0
    # seat B pulls the pack: its file, its catalog, and alice's assignment of it opens there
    assert SCENARIO not in b.resources.catalog.scenarios
    report = sync(b)
    assert report.pulled.get("trainer_packs") == 1 and not report.rejected
    assert _yaml(b).read_bytes() == _yaml(a).read_bytes()
    assert b.resources.catalog.scenario(SCENARIO).title == "客户致谢"
    alice = b.accounts.sign_in("alice", "password-1")
    (mine,) = b.assignments.my_assignments(alice)
    assert mine.assignment_id == assignment.id and mine.title == "夜班练习"
    assert [(s.scenario_id, s.title) for s in mine.scenarios] == [(SCENARIO, "客户致谢")]
    model = b.resources.catalog.scenario(SCENARIO).turn(1).model_answers[0].text
    assert b.resources.grader.grade(SCENARIO, 1, model).passed
    # both seats edit it offline; B's edit is the later one and wins on both seats
    trainer_b = b.accounts.sign_in("trainer", "password-1")
    a.packs.save(trainer_a, _titled("夜班练习（A）"))
    time.sleep(1.0)  # well apart (the seats' offsets are measured to the latency)
    b.packs.save(trainer_b, _titled("夜班练习（B）"))
    sync(a)  # A's edit reaches the centre first …
    report = sync(b)  # … B's later edit replaces it; B's own file is never overwritten by A's
    assert yaml.safe_load(_yaml(b).read_text("utf-8"))["title"] == "夜班练习（B）"
    sync(a)
    for seat in (a, b):
        assert yaml.safe_load(_yaml(seat).read_text("utf-8"))["title"] == "夜班练习（B）"
        assert seat.resources.catalog.packs["night-shift"].title == "夜班练习（B）"
    assert _yaml(a).read_bytes() == _yaml(b).read_bytes()
    (row,) = centre.sql("SELECT content FROM trainer_packs")
    assert "夜班练习（B）" in row["content"]
    # A's own version is kept under versions/ (nothing is lost)
    kept = list((_yaml(a).parent / "versions").rglob("pack.yaml"))
    assert any("夜班练习（A）" in p.read_text("utf-8") for p in kept)
    # a deletion travels too: B's folder goes to its trash, the catalog drops the pack
    a.packs.delete(trainer_a, "night-shift")
    sync(a)
    sync(b)
    assert not _yaml(b).parent.exists() and "night-shift" not in b.resources.catalog.packs
    assert list((b.data_dir / "trash" / "packs").glob("night-shift-*"))


def test_a_bad_pack_is_refused_and_the_same_pack_twice_is_one_row(centre, seats):
    centre.add_user("trainer", "trainer")
    a, b = seats.open("seat-a"), seats.open("seat-b")
    sync(a)
    trainer = a.accounts.sign_in("trainer", "password-1")
    a.packs.create(trainer, small_pack())
    a.packs.save(trainer, small_pack())  # the same content saved again
    sync(a)
    # delivered again (a retry after a lost answer): still one row, unchanged
    with a.db.tx() as conn:
        conn.execute(
            "INSERT INTO sync_outbox (tbl, row_id) SELECT 'trainer_packs', id FROM trainer_packs"
        )
    before = centre.sql("SELECT sha256, content FROM trainer_packs")
    report = sync(a)
    assert report.pushed.get("trainer_packs") == 1 and not report.rejected
    assert centre.count("trainer_packs") == 1
    assert centre.sql("SELECT sha256, content FROM trainer_packs") == before
    sync(b)
    good = _yaml(b).read_bytes()
    # the centre's copy turns invalid (its sha256 matches: only validation catches it)
    bad = "pack: night-shift\ntitle: 坏的\nscenarios: []\n"
    centre.sql(
        "UPDATE trainer_packs SET content=%s, sha256=%s, updated_at=%s",
        [bad, hashlib.sha256(bad.encode()).hexdigest(), "2099-01-01T00:00:00.000Z"],
    )
    report = sync(b)
    (refused,) = report.rejected
    assert refused.table == "trainer_packs" and "night-shift" in refused.reason
    assert "not valid" in refused.reason and "scenarios" in refused.reason
    assert _yaml(b).read_bytes() == good  # the good file stays, and so does the catalog
    assert SCENARIO in b.resources.catalog.scenarios
    (listed,) = _refused(b)  # among the refused records the settings page lists
    assert "not valid" in listed["reason"] and b.room.state().rejected == 1
    # damaged on the way (content and sha256 disagree): refused on the seat as well
    with b.db.tx() as conn:
        row = dict(conn.execute("SELECT * FROM trainer_packs").fetchone())
        got = PackSync(b.packs.files, b.resources.catalog).receive(
            conn, [{**row, "content": good.decode() + "# tampered\n", "updated_at": "2099"}],
            set(),
        )  # fmt: skip
    assert not got.rows and "sha256" in got.refused[0][1] and _yaml(b).read_bytes() == good
    # a pack this seat changed and has not pushed yet is never overwritten by a pull
    newer = _titled("夜班练习（中心）")
    text = yaml.safe_dump(newer, allow_unicode=True)
    pulled = {**row, "content": text, "sha256": hashlib.sha256(text.encode()).hexdigest()}
    with b.db.tx() as conn:
        sync_files = PackSync(b.packs.files, b.resources.catalog)
        assert not sync_files.receive(conn, [pulled], {row["id"]}).rows
        assert _yaml(b).read_bytes() == good
        got = sync_files.receive(conn, [pulled], set())  # once pushed, the centre's copy wins
    assert got.rows and not got.refused and got.changed
    assert yaml.safe_load(_yaml(b).read_text("utf-8"))["title"] == "夜班练习（中心）"


def test_the_same_pack_id_made_on_two_seats_goes_to_the_first_to_sync(centre, seats):
    centre.add_user("trainer", "trainer")
    a, b = seats.open("seat-a"), seats.open("seat-b")
    sync(a)
    sync(b)
    a.packs.create(a.accounts.sign_in("trainer", "password-1"), _titled("A 的夜班"))
    b.packs.create(b.accounts.sign_in("trainer", "password-1"), _titled("B 的夜班"))
    sync(a)
    report = sync(b)
    (refused,) = report.rejected
    assert refused.table == "trainer_packs" and "refused by the centre" in refused.reason
    assert centre.count("trainer_packs") == 1
    # B takes the centre's pack (its own file is kept under versions/, nothing is lost)
    assert yaml.safe_load(_yaml(b).read_text("utf-8"))["title"] == "A 的夜班"
    assert b.resources.catalog.packs["night-shift"].title == "A 的夜班"
    kept = list((_yaml(b).parent / "versions").rglob("pack.yaml"))
    assert [yaml.safe_load(p.read_text("utf-8"))["title"] for p in kept] == ["B 的夜班"]
    (central,) = centre.sql("SELECT id::text AS id FROM trainer_packs")
    assert b.db.scalar("SELECT id FROM trainer_packs") == central["id"]
    report = sync(b)  # settled: nothing more goes either way
    assert not report.pushed.get("trainer_packs") and not report.rejected


def test_the_sync_report_says_when_pulled_packs_changed_the_catalog(centre, seats):
    """``SyncReport.packs_changed``: set by a pull that wrote or trashed a pack file (the
    services then hold a new catalog, which the app takes); not by a push, a pull with
    nothing new, or a pulled pack that was refused."""
    centre.add_user("trainer", "trainer")
    a, b = seats.open("seat-a"), seats.open("seat-b")
    sync(a)
    sync(b)
    trainer = a.accounts.sign_in("trainer", "password-1")
    a.packs.create(trainer, small_pack())
    report = sync(a)
    assert report.pushed.get("trainer_packs") == 1 and not report.packs_changed
    before = b.resources.catalog
    report = sync(b)
    assert report.pulled.get("trainer_packs") == 1 and report.packs_changed
    assert b.resources.catalog is not before and SCENARIO in b.resources.catalog.scenarios
    now = b.resources.catalog
    report = sync(b)
    assert report.ok and not report.packs_changed and b.resources.catalog is now
    a.packs.delete(trainer, "night-shift")
    sync(a)
    report = sync(b)  # the deletion is pulled: the folder goes to the trash
    assert report.packs_changed and "night-shift" not in b.resources.catalog.packs
    now = b.resources.catalog
    bad = "pack: night-shift\ntitle: 坏的\nscenarios: []\n"
    centre.sql(
        "UPDATE trainer_packs SET content=%s, sha256=%s, deleted=0, updated_at=%s",
        [bad, hashlib.sha256(bad.encode()).hexdigest(), "2099-01-01T00:00:00.000Z"],
    )
    report = sync(b)  # a pulled pack that does not validate: refused, nothing written
    assert report.rejected and not report.packs_changed and b.resources.catalog is now


def _refused(services) -> list[dict]:
    return services.db.query("SELECT * FROM sync_rejected WHERE tbl='trainer_packs'")
