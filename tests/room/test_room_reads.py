"""Reading the whole room when connected: the team dashboard's numbers equal what the seats
hold, a trainee's history from every seat, one attempt in detail, the sealed results; staff
only (refusals audited); an administrator's account changes reach the seats; a revoked seat is
told in words."""

from __future__ import annotations

import pytest

from simulator.centre.db import Forbidden
from simulator.centre.enrol import revoke
from simulator.services import PermissionDenied
from simulator.services.room import RoomError
from simulator.sync.engine import SyncEngine
from tests.room.helpers import Centre, practise, start_exam, sync, wait_for

BAD = "喂，你吵什么吵，又不是我弄坏的"


def test_the_team_dashboard_adds_up_every_seat(centre, seats, grader):
    centre.add_user("trainer", "trainer")
    for name in ("alice", "bob"):
        centre.add_user(name)
    a, b = seats.open("seat-a"), seats.open("seat-b")
    alice = a.accounts.sign_in("alice", "password-1")
    bob = b.accounts.sign_in("bob", "password-1")
    practise(a, alice, grader, seed=1)
    practise(a, alice, grader, text=BAD, seed=2)
    practise(b, bob, grader, text=BAD, seed=3)
    sync(a)
    sync(b)
    trainer = b.accounts.sign_in("trainer", "password-1")
    assert b.room.dashboard(trainer).attempts == 0  # not summed up yet
    dash = b.room.dashboard(trainer, fresh=True)
    assert dash.as_of is not None
    assert dash.attempts == 3 and dash.seats == 2
    by_name = {t.username: t for t in dash.trainees}
    for seat, person in ((a, alice), (b, bob)):
        local = seat.practice.history(person)
        row = by_name[person.username]
        assert row.attempts == len(local)
        assert row.average == pytest.approx(sum(r.score for r in local) / len(local))
        assert row.pass_rate == pytest.approx(sum(r.passed for r in local) / len(local))
    expected: dict[str, int] = {}
    for seat, person in ((a, alice), (b, bob)):
        for category, n in seat.practice.category_counts(person):
            expected[category] = expected.get(category, 0) + n
    assert {c.category: c.count for c in dash.categories} == expected
    # a trainee reads their own history across seats, not the dashboard
    history = a.room.trainee_history(alice)
    assert len(history) == 2 and {h.seat_id for h in history} == {a.db.seat_id}
    with pytest.raises(PermissionDenied):
        a.room.dashboard(alice)
    with pytest.raises(Forbidden):
        centre.service.dashboard(centre.staff_token("alice"), fresh=True)
    with pytest.raises(Forbidden):
        centre.service.history(centre.staff_token("alice"), bob.user_id)
    assert centre.count("centre_audit", "action = 'permission.denied'") == 2
    # staff read anyone's, and one attempt in detail
    (bobs,) = b.room.trainee_history(trainer, bob.user_id)
    detail = centre.service.attempt(centre.staff_token("trainer"), bobs.attempt_id)
    assert detail["attempt"]["id"] == bobs.attempt_id and len(detail["turns"]) == 1
    assert {v["category"] for v in detail["violations"]} == {
        c for c, _ in b.practice.category_counts(bob)
    }


def test_sealed_results_are_read_over_the_room(centre, seats):
    centre.add_user("proctor", "proctor")
    centre.add_user("alice")
    seat = seats.open("seat-a")
    proctor = seat.accounts.sign_in("proctor", "password-1")
    alice = seat.accounts.sign_in("alice", "password-1")
    attempt = start_exam(seat, proctor, alice)
    seat.exams.submit(alice, attempt)
    sync(seat)
    (row,) = centre.service.results(centre.staff_token("proctor"))
    local = seat.grading.result(proctor, attempt)
    assert (row["attempt_id"], row["score"], row["passed"]) == (
        attempt, local.sealed.total, local.sealed.passed
    )  # fmt: skip
    with pytest.raises(Forbidden):
        centre.service.results(centre.staff_token("alice"))


def test_an_administrators_account_changes_reach_the_seats(centre, seats):
    centre.add_user("admin", "admin")
    seat = seats.open("seat-a")
    admin = seat.accounts.sign_in("admin", "password-1")
    token = centre.staff_token("admin")
    new = centre.service.manage_account(
        token, {"action": "add", "username": "carol", "display_name": "卡罗", "role": "trainee",
                "password": "password-9"},
    )["id"]  # fmt: skip
    carol = seat.accounts.sign_in("carol", "password-9")  # first time: through the centre
    assert carol.user_id == new and carol.display_name == "卡罗"
    centre.service.manage_account(token, {"action": "password", "user_id": new,
                                          "password": "password-10"})  # fmt: skip
    sync(seat)
    seat.accounts.sign_in("carol", "password-10")  # the new hash reached this seat
    centre.service.manage_account(token, {"action": "disable", "user_id": new})
    report = sync(seat)
    assert report.signed_out == [new] and seat.room.must_sign_out(carol)
    assert not seat.room.must_sign_out(admin)
    centre.add_user("trainer", "trainer")
    with pytest.raises(Forbidden):  # only administrators manage accounts
        centre.service.manage_account(centre.staff_token("trainer"), {"action": "add"})


def test_a_revoked_seat_is_told_in_words(centre, seats):
    seat = seats.open("seat-a")
    sync(seat)
    with centre.service.db.tx() as conn:
        revoke(conn, seat.db.seat_id, centre.clock(), "test")
    report = SyncEngine(seat).run_once()
    assert not report.ok and "does not accept this seat's credential" in report.error
    assert seat.room.state().last_error == report.error


def test_reading_the_room_needs_a_joined_seat(tmp_path, grader):
    from simulator.services import Services

    s = Services.open(tmp_path / "alone", grader=grader)
    try:
        admin = s.accounts.create_first_admin("admin", "管理员", "s3cret-pass")
        with pytest.raises(RoomError, match="not joined"):
            s.room.dashboard(admin)
    finally:
        s.close()


def test_administering_the_room_from_a_seat(centre, seats):
    centre.add_user("admin", "admin")
    a = seats.open("seat-a")
    admin = a.accounts.sign_in("admin", "password-1")
    carol_id = a.room.add_account(admin, "carol", "卡罗", "trainee", "password-9")
    carol = a.accounts.sign_in("carol", "password-9")
    a.room.set_password(carol, carol_id, "password-10")  # her own: no admin needed
    with pytest.raises(PermissionDenied):
        a.room.set_password(carol, admin.user_id, "password-11")
    code = a.room.enrol_code(admin, hours=1)
    b = seats.open("seat-b", join=False)
    b.room.join(None, centre.url, code, "seat-b")
    sync(a)
    sync(b)
    assert b.accounts.sign_in("carol", "password-10").user_id == carol_id
    a.room.set_account_disabled(admin, carol_id, True)
    assert sync(a).signed_out == [carol_id]
    proctor_id = a.room.add_account(admin, "proctor", "监考", "proctor", "password-1")
    proctor = b.accounts.sign_in("proctor", "password-1")
    assert proctor.user_id == proctor_id
    b.room.book_exam(proctor, "fixture-exam", "admin", a.db.seat_id, note="下午")
    sync(a)
    (booking,) = a.room.bookings(admin)
    assert (booking.candidate_id, booking.note) == (admin.user_id, "下午")


def test_the_dashboard_is_summed_up_in_the_background(centre_url, centre_clock, seats, grader):
    centre = Centre(centre_url, centre_clock, dashboard_every_s=0.2)
    try:
        centre.add_user("trainer", "trainer")
        centre.add_user("alice")
        seat = seats.open("seat-a", centre=centre)
        alice = seat.accounts.sign_in("alice", "password-1")
        practise(seat, alice, grader)
        sync(seat)
        token = centre.staff_token("trainer")
        assert wait_for(lambda: centre.service.dashboard(token)["attempts"] == 1)
    finally:
        centre.close()  # stops and joins the refresher
    assert not centre.service._refresher.is_alive()
