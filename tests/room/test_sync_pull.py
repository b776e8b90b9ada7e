"""What a seat pulls: the room's accounts (a password hash only where the account signed in),
so a person signs in offline on a seat they used before and, the first time on a seat, through
the centre; their history and spaced-review queue follow them; exam sessions booked for the
seat arrive; pulled rows are never pushed back."""

from __future__ import annotations

import pytest

from simulator.services.accounts import SignInError
from tests.room.helpers import practise, sync


def test_accounts_are_pulled_and_hashes_go_only_where_people_signed_in(centre, seats, proxy):
    alice = centre.add_user("alice")
    centre.add_user("bob")
    a = seats.open("seat-a")
    b = seats.open("seat-b", url=proxy.url)
    a.accounts.sign_in("alice", "password-1")
    sync(a)
    sync(b)
    names = {u.username: u for u in b.accounts.store.all()}
    assert {"alice", "bob"} <= set(names)
    assert names["alice"].password_hash == "" and names["bob"].password_hash == ""
    assert a.accounts.store.by_id(alice).password_hash.startswith("$argon2id$")
    assert not b.db.scalar("SELECT COUNT(*) FROM sync_outbox WHERE tbl='users'")
    proxy.down()  # seat B loses the room's network
    with pytest.raises(SignInError, match="not signed in on this seat before"):
        b.accounts.sign_in("alice", "password-1")
    proxy.up()
    session = b.accounts.sign_in("alice", "password-1")  # through the centre, once
    assert session.user_id == alice
    proxy.down()
    assert b.accounts.sign_in("alice", "password-1").user_id == alice  # now offline too
    with pytest.raises(SignInError, match="wrong user name or password"):
        b.accounts.sign_in("alice", "password-2")
    assert centre.count("seat_users", "user_id = %s", [alice]) == 2


def test_a_wrong_password_is_refused_by_the_centre_too(centre, seats):
    centre.add_user("alice")
    a = seats.open("seat-a")
    with pytest.raises(SignInError, match="wrong user name or password"):
        a.accounts.sign_in("alice", "not-the-password")
    assert centre.count("seat_users") == 0
    assert centre.count("centre_audit", "action = 'login.failed'") == 1


def test_history_and_review_queue_follow_the_trainee(centre, seats, grader):
    centre.add_user("alice")
    a = seats.open("seat-a")
    alice = a.accounts.sign_in("alice", "password-1")
    kept = practise(a, alice, grader)
    failed = practise(a, alice, grader, text="喂，你吵什么吵", seed=1)  # a failed turn: a drill
    assert [c.item for c in a.review.queue(alice)] == ["angry-caller#1"]
    sync(a)
    b = seats.open("seat-b")
    on_b = b.accounts.sign_in("alice", "password-1")
    assert {r.id for r in b.practice.history(on_b)} == {kept, failed}
    assert [(c.item, c.misses) for c in b.review.queue(on_b)] == [("angry-caller#1", 1)]
    # B's copies came from the centre: nothing to push back
    sync(b)
    assert b.room.state().total_queued == 0
    # A practises more; B gets it at its next pull (A's attempts, not B's own, are pulled)
    later = practise(a, alice, grader, seed=2)
    sync(a)
    report = sync(b)
    assert report.pulled.get("attempts") == 1
    assert later in {r.id for r in b.practice.history(on_b)}


def test_the_review_card_with_more_reviews_wins(centre, seats, grader):
    centre.add_user("alice")
    a = seats.open("seat-a")
    alice = a.accounts.sign_in("alice", "password-1")
    practise(a, alice, grader, text="喂，你吵什么吵")
    sync(a)
    b = seats.open("seat-b")
    on_b = b.accounts.sign_in("alice", "password-1")
    for _ in range(2):  # two more misses on B, offline from A's point of view
        b.review.turn_failed(on_b, "angry-caller", 1)
    a.review.turn_failed(alice, "angry-caller", 1)  # one more on A
    sync(b)
    sync(a)  # A's card has fewer reviews: the centre keeps B's and A gets it back
    (row,) = centre.sql("SELECT reviews, misses FROM review_cards")
    assert (row["reviews"], row["misses"]) == (3, 3)
    sync(a)
    assert [(c.reviews, c.misses) for c in a.review.queue(alice)] == [(3, 3)]
    assert centre.count("review_log") == 4  # every review is kept (2 on A, 2 on B)


def test_an_exam_booked_at_the_centre_reaches_its_seat(centre, seats):
    centre.add_user("proctor", "proctor")
    centre.add_user("alice")
    a = seats.open("seat-a")
    other = seats.open("seat-b")
    token = centre.staff_token("proctor")
    centre.service.book(token, {"exam_id": "fixture-exam", "candidate": "alice",
                                "seat_id": a.db.seat_id, "note": "上午场"})  # fmt: skip
    sync(a)
    sync(other)
    proctor = a.accounts.sign_in("proctor", "password-1")
    (booking,) = a.room.bookings(proctor)
    assert (booking.exam_id, booking.candidate_name, booking.note) == (
        "fixture-exam",
        "Alice",
        "上午场",
    )
    assert other.db.scalar("SELECT COUNT(*) FROM exam_bookings") == 0
