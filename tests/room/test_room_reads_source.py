"""A trainer's reads on a joined seat say where their data comes from: the whole centre when
it answers (every seat's attempts, the team dashboard), else this seat's store with the reason
in words; a standalone seat reads its own store as before; the role is still checked; the
records the centre refused are listed with their reason in plain words."""

from __future__ import annotations

from datetime import date

import pytest

from simulator.services import PermissionDenied
from simulator.services.room_reads import plain_reason
from tests.room.helpers import practise, sync

BAD = "喂，你吵什么吵，又不是我弄坏的"


def test_reads_come_from_the_whole_centre_or_say_why_not(centre, seats, grader, proxy):
    centre.add_user("trainer", "trainer")
    alice_id = centre.add_user("alice")
    a = seats.open("seat-a")
    b = seats.open("seat-b", url=proxy.url)
    alice_a = a.accounts.sign_in("alice", "password-1")
    on_a = practise(a, alice_a, grader, seed=1)
    alice_b = b.accounts.sign_in("alice", "password-1")
    on_b = practise(b, alice_b, grader, text=BAD, seed=2)
    sync(a)
    sync(b)
    centre.service.refresh_dashboard()
    trainer = b.accounts.sign_in("trainer", "password-1")  # connected: gets a centre token
    reads = b.room_reads
    # the whole centre: both seats' attempts, the one made here openable here
    history = reads.history(trainer, alice_id, {"angry-caller": "Angry caller"})
    assert history.source.centre and history.source.joined and not history.source.reason
    by_id = {r.id: r for r in history.attempts}
    assert set(by_id) == {on_a, on_b}
    assert by_id[on_b].here and by_id[on_b].seat_id == b.db.seat_id
    assert not by_id[on_a].here and by_id[on_a].seat_id == a.db.seat_id
    assert by_id[on_a].title_en == "t"  # the copy that followed alice here names it
    team = reads.team(trainer)
    assert team.source.centre and team.centre is not None and team.local is None
    assert team.centre.attempts == 2 and team.centre.seats == 2
    assert team.source.as_of is not None
    # filters the centre does not sum up by: this seat's data, and why
    by_group = reads.team(trainer, date(2020, 1, 1), date(2099, 1, 1))
    assert not by_group.source.centre and "by start date only" in by_group.source.reason
    assert by_group.local is not None and by_group.centre is None
    # the centre gone: this seat's data, the reason in words
    proxy.down()
    history = reads.history(trainer, alice_id)
    assert not history.source.centre and history.source.joined
    assert "cannot be reached" in history.source.reason or "无法" in history.source.reason
    # alice's history followed her here at her first sign-in: both attempts, one openable
    assert {r.id: r.here for r in history.attempts} == {on_a: False, on_b: True}
    team = reads.team(trainer)
    assert not team.source.centre and team.local is not None and team.source.reason
    assert team.local.attempts == 2  # this seat holds both (one followed alice here)
    # the role is checked in both cases: a trainee reads no one else's
    with pytest.raises(PermissionDenied):
        reads.history(b.accounts.sign_in("alice", "password-1"), centre.add_user("bob"))
    proxy.up()


def test_a_standalone_seat_reads_its_own_store(seats, grader):
    seat = seats.open("alone", join=False)
    admin = seat.accounts.create_first_admin("admin", "Admin", "password-1")
    attempt = practise(seat, admin, grader, seed=3)
    history = seat.room_reads.history(admin, admin.user_id)
    assert history.source.joined is False and not history.source.centre
    assert [r.id for r in history.attempts] == [attempt] and history.attempts[0].here
    team = seat.room_reads.team(admin)
    assert not team.source.joined and team.local.attempts == 1


def test_refused_records_are_listed_with_their_reason(centre, seats):
    from simulator.sync.outbox import Outbox

    centre.add_user("root", "admin")
    centre.add_user("alice")
    seat = seats.open("seat-r")
    refused = [
        ("exam_results", "e3b0c442-0000-4000-8000-000000000001",
         "封存成绩被改动过 / the sealed result was altered after it was sealed"),
        ("turns", "9f86d081-0000-4000-8000-000000000002",
         '中心拒收 / refused by the centre: insert on table "turns" violates foreign key'),
    ]  # fmt: skip
    outbox = Outbox(seat.db)
    with seat.db.tx() as conn:
        for i, (table, row_id, why) in enumerate(refused, 1):
            outbox.reject(conn, table, row_id, i, why)
    admin = seat.accounts.sign_in("root", "password-1")
    listed = seat.room_reads.refused(admin)
    assert [(r.table, r.row_id) for r in listed] == [(t, i) for t, i, _ in reversed(refused)]
    assert listed[0].short_id == "9f86d081" and listed[0].at
    assert listed[0].reason.startswith("它引用的记录中心还没有 / it points at a record")
    assert listed[1].reason == refused[0][2]
    with pytest.raises(PermissionDenied):
        seat.room_reads.refused(seat.accounts.sign_in("alice", "password-1"))


def test_plain_reasons():
    assert plain_reason("封存成绩被改动过 / the sealed result was altered") == (
        "封存成绩被改动过 / the sealed result was altered"
    )
    fk = plain_reason("中心拒收 / refused by the centre: violates foreign key constraint x")
    zh, _, en = fk.partition(" / ")
    assert zh == "它引用的记录中心还没有" and en.startswith("it points at a record")
    assert "violates foreign key" in en
    raw = plain_reason("turns 123: not written")
    assert raw.startswith("中心未能写入 / the centre could not write it")
    other = plain_reason("something odd")
    assert other == "中心拒收：something odd / refused by the centre: something odd"
