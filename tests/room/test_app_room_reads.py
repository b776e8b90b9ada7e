"""The room on a trainer's and an administrator's screens, against a real centre: the team
dashboard and the review page read the whole centre when it answers and say so, else this
seat's data and why; an account disabled at the centre is signed out at the next sync and
refused offline afterwards, nothing it recorded lost; the settings card lists the records the
centre refused with their reason in words (Chinese and English)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from simulator.app import i18n  # noqa: E402
from simulator.sync.outbox import Outbox  # noqa: E402
from tests.room import test_app_room as app_room  # noqa: E402
from tests.room.helpers import practise, sync  # noqa: E402

make_app = app_room.make_app  # the app on a seat of its own (fixture)
click = app_room.click

BAD = "喂，你吵什么吵，又不是我弄坏的"


def _joined_as(centre, url: str, username: str, seat: str = "seat-app"):
    def prepare(services):
        services.room.join(None, url, centre.code(), seat)
        session = services.accounts.sign_in(username, "password-1")  # through the centre
        sync(services)  # the room's accounts
        return session

    return prepare


def test_trainer_pages_read_the_whole_centre_or_say_why_not(
    make_app, centre, seats, grader, proxy, qtbot
):
    centre.add_user("trainer", "trainer")
    alice_id = centre.add_user("alice")
    seat_b = seats.open("seat-b")
    alice = seat_b.accounts.sign_in("alice", "password-1")
    elsewhere = practise(seat_b, alice, grader, text=BAD, seed=1)
    sync(seat_b)
    centre.service.refresh_dashboard()
    ctx, window, controller = make_app(_joined_as(centre, proxy.url, "trainer"))
    # the team dashboard: the whole centre, said so
    controller.navigate("dashboard")
    view = window.pages["dashboard"]
    view.choose("team")
    click(qtbot, view.show_button)
    assert view.source_text().startswith("数据来源：全中心")
    assert view.stack.currentIndex() == 2 and view.status_text() == ""
    ((who, calls, mean, rate, _last),) = view.centre.rows()
    assert (who, calls) == ("Alice (alice)", "1") and rate == "0%"
    assert "全中心：1 次练习" in view.centre.summary.text()
    assert not view.pdf_button.isEnabled()  # the centre's summary is not exported here
    # the review page: alice's attempt made on seat B, listed, opened from the centre
    controller.navigate("review")
    review = window.pages["review"]
    review.select_trainee(alice_id)
    assert review.source_text() == "数据来源：全中心（所有座席）"
    assert [a.id for a in review.attempts] == [elsewhere]
    assert review.table.item(0, 3).text().startswith("其他座席")
    review.select_attempt(0)
    assert "已从培训中心读取" in review.status_text()
    assert review.review is not None and review.review.attempt.id == elsewhere
    (turn,) = review.review.turns
    assert not turn.verdict.passed and turn.turn.result.transcript == BAD
    assert "不在本机" in review.turn.no_recording.text()
    assert not review.turn.play_button.isVisibleTo(review)
    # overruled here: written on this seat, pushed, and seat B (which holds it) pulls it
    review.choose(0, "pass", "客户情绪已经平复，这样回答可以接受")
    review.turn.override_button.click()
    assert review.status_text() and "✎" in review.turns.item(0).text()
    assert review.review.turns[0].verdict.passed
    sync(ctx.services)
    assert centre.count("overrides") == 1
    assert sync(seat_b).pulled.get("overrides") == 1
    # English, one language at a time
    i18n.set_language("en")
    window.retranslate()
    assert review.source_text() == "Data from: the whole centre (every seat)"
    assert review.table.item(0, 3).text().startswith("another seat")
    # the centre gone: this seat's data, and why, in the UI language
    proxy.down()
    controller.review.trainee(alice_id)  # read again
    assert review.source_text().startswith("Data from: this seat only — ")
    assert "cannot be reached" in review.source_text() and "无法" not in review.source_text()
    # the attempt opened from the centre earlier: still another seat's, its copy opens, said so
    assert [a.id for a in review.attempts] == [elsewhere]
    assert review.table.item(0, 3).text().startswith("another seat")
    review.table.clearSelection()
    review.select_attempt(0)
    assert "copy read from it earlier" in review.status_text()
    assert review.review.turns[0].verdict.passed  # with the override made here
    controller.navigate("dashboard")
    click(qtbot, view.show_button)
    assert view.source_text().startswith("Data from: this seat only")
    assert view.stack.currentIndex() == 0 and view.pdf_button.isEnabled()  # the local one
    i18n.set_language("zh")
    window.retranslate()
    assert view.source_text().startswith("数据来源：本机（仅本座席）— 无法连接中心")
    proxy.up()


def test_an_account_disabled_at_the_centre_is_signed_out_and_refused_offline(
    make_app, centre, grader, proxy, qtbot
):
    alice_id = centre.add_user("alice")
    ctx, window, controller = make_app(_joined_as(centre, proxy.url, "alice"))
    ctx.sign_in_required = True
    controller.navigate("settings")
    panel = window.settings.room
    # offline: alice practises; meanwhile the centre disables her
    proxy.down()
    kept = practise(ctx.services, ctx.session, grader, seed=2)
    centre.disable(alice_id)
    click(qtbot, panel.sync_button)
    assert not ctx.session.is_anonymous  # no sync got through: still signed in
    proxy.up()
    # a call in progress is not cut off: she is told, and signed out at a later sync
    in_call = controller.call.active
    controller.call.active = lambda: True
    click(qtbot, panel.sync_button)
    assert not ctx.session.is_anonymous
    assert "结束后将自动退出登录" in window.banners["error"].text.text()
    controller.call.active = in_call
    click(qtbot, panel.sync_button)
    # the seat learnt it: signed out, told why, her records at the centre, none lost
    assert ctx.session.is_anonymous and window.current_page() == "login"
    assert "已在培训中心停用" in window.sign_in.note.text()
    # written before the disable: accepted as it is (later ones would be flagged, see
    # test_conflicts), nothing refused
    assert centre.count("attempts", "id = %s", [kept]) == 1
    assert Outbox(ctx.services.db).rejected() == []
    assert centre.count("turns", "attempt_id = %s", [kept]) == 1
    assert sum(Outbox(ctx.services.db).queued().values()) == 0  # all sent
    db = ctx.services.db
    assert db.scalar("SELECT COUNT(*) FROM turns WHERE attempt_id = ?", [kept]) == 1  # kept
    # and her sign-in on this seat is refused, offline too
    proxy.down()
    window.sign_in.fill("alice", "password-1")
    window.sign_in.button.click()
    assert window.sign_in.error_text() == "该账号已停用" and ctx.session.is_anonymous


def test_the_settings_card_lists_refused_records(make_app, centre, proxy, qtbot):
    centre.add_user("root", "admin")
    centre.add_user("alice")
    ctx, window, controller = make_app(_joined_as(centre, proxy.url, "root"))
    outbox = Outbox(ctx.services.db)
    with ctx.services.db.tx() as conn:
        outbox.reject(
            conn,
            "exam_results",
            "e3b0c442-0000-4000-8000-000000000001",
            1,
            "封存成绩被改动过 / the sealed result was altered after it was sealed",
        )
        outbox.reject(conn, "turns", "9f86d081-0000-4000-8000-000000000002", 2,
                      "中心拒收 / refused by the centre: violates foreign key constraint")  # fmt: skip
    controller.navigate("settings")
    controller.settings.room.refresh()
    panel = window.settings.room
    assert "中心拒收的记录：2 条" in panel.rejected.text()
    assert not panel.refused_table.isVisibleTo(window)
    click(qtbot, panel.refused_button)
    assert panel.refused_table.isVisibleTo(window) and panel.refused_button.text() == "收起拒收记录"
    rows = panel.refused_rows()
    assert rows[0][:2] == ("答题轮次", "9f86d081") and rows[0][3] == "它引用的记录中心还没有"
    assert rows[1][:2] == ("考试成绩", "e3b0c442") and rows[1][3] == "封存成绩被改动过"
    assert all(r[2] for r in rows)  # when
    i18n.set_language("en")
    window.retranslate()
    rows = panel.refused_rows()
    assert rows[0][0] == "replies" and rows[0][3].startswith("it points at a record")
    assert rows[1][3] == "the sealed result was altered after it was sealed"
    assert panel.refused_button.text() == "Hide refused records"
    i18n.set_language("zh")
    window.retranslate()
    # anyone else sees the count and whom to tell, not the records
    ctx.session = ctx.services.accounts.sign_in("alice", "password-1")
    controller.settings.room.refresh()
    assert panel.rejected.isVisibleTo(window) and panel.refused_note.isVisibleTo(window)
    assert not panel.refused_button.isVisibleTo(window)
    assert not panel.refused_table.isVisibleTo(window)
