"""The training room in the app, against a real centre: the settings page's card (an
administrator joins with the centre's address and an enrolment code; last sync, records
waiting, errors in plain words in Chinese and English; "sync now"), and the proctor console
(every seat's exam on one screen, pause / add time / terminate with a reason through the
centre, applied by the exam's seat at its next sync, an alert when a seat stops reporting)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from simulator.app import i18n  # noqa: E402
from simulator.app.main import build  # noqa: E402
from simulator.app.services.settings import SettingsStore  # noqa: E402
from simulator.app.tasks import SyncTaskRunner  # noqa: E402
from simulator.services import Session  # noqa: E402
from tests.room.helpers import answer_right, start_exam, sync, written_items  # noqa: E402


@pytest.fixture
def make_app(qtbot, tmp_path, monkeypatch):
    """make_app(prepare) -> (ctx, window, controller): the app on a seat of its own, run as
    the session ``prepare(services)`` returns (tasks run at once; the background sync's timer
    is held off so that each sync in a test is the one it asks for)."""
    from simulator.app.room.controllers import sync as room_sync
    from tests.app.conftest import file_mic
    from tests.app.fakes import FileSpeech

    monkeypatch.setenv("SIMULATOR_DATA_DIR", str(tmp_path / "base"))
    monkeypatch.setattr(room_sync, "SYNC_EVERY_MS", 3_600_000)
    made = []

    def make(prepare, language: str = "zh"):
        store = SettingsStore(tmp_path / "base")
        settings = store.load()
        settings.language = language
        store.save(settings)
        port = file_mic((), 8.0, tmp_path)
        ctx, window, controller = build(
            runner=SyncTaskRunner(), port=port, speech=FileSpeech(port),
            data_dir=tmp_path / "app-seat", settings_store=store, session=Session.anonymous(),
        )  # fmt: skip
        ctx.session = prepare(ctx.services)
        qtbot.addWidget(window)
        window.show()
        controller.start()
        made.append(controller)
        return ctx, window, controller

    yield make
    for controller in made:
        controller.shutdown()
    i18n.set_language("zh")


def click(qtbot, button) -> None:
    """A click as the user makes it, once the page's layout has settled (a card that just
    appeared gets its size when the event loop runs)."""
    qtbot.waitUntil(lambda: button.isVisible() and button.height() > 0, timeout=5000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _admin(services):
    return services.accounts.create_first_admin("admin", "Admin", "password-1")


def test_an_admin_joins_a_centre_and_sees_the_sync_state(make_app, centre, proxy, qtbot):
    ctx, window, controller = make_app(_admin)
    controller.navigate("settings")
    panel = window.settings.room
    assert window.current_page() == "settings"
    assert "未加入培训中心" in panel.link.text()
    assert panel.join_box.isVisibleTo(window) and not panel.sync_button.isVisibleTo(window)
    assert "room" not in window.nav_shown()  # no console on a standalone seat
    # a code and an address are both needed: nothing is tried without them
    panel.url.setText(proxy.url)
    click(qtbot, panel.join_button)
    assert "加入码" in panel.status_text() and not ctx.services.room.joined()
    # a wrong code: refused in words, still standalone
    panel.code.setText("AAAA-BBBB-CCCC")
    click(qtbot, panel.join_button)
    assert panel.status_text().startswith("未能加入") and not ctx.services.room.joined()
    panel.code.setText(centre.code())
    panel.seat_name.setText("前台一号")
    click(qtbot, panel.join_button)
    assert ctx.services.room.joined()
    assert "前台一号" in panel.status_text() and "前台一号" in panel.link.text()
    assert not panel.join_box.isVisibleTo(window) and panel.sync_button.isVisibleTo(window)
    assert centre.count("seats", "name = %s", ["前台一号"]) == 1
    # the seat's history is queued for its first push; nothing synced yet
    state = ctx.services.room.state()
    assert state.total_queued > 0
    assert f"待上传记录：{state.total_queued} 条" in panel.queue.text()
    assert "尚未同步成功" in panel.last.text()
    click(qtbot, panel.sync_button)
    assert panel.status_text().startswith("同步完成")
    assert panel.queue.text() == "没有待上传的记录" and "连接正常" in panel.last.text()
    assert centre.count("audit", "seat_id = %s", [ctx.services.db.seat_id]) > 0
    # the network gone: the error in plain words, the records kept and counted
    ctx.services.privacy.give_consent(ctx.session)
    proxy.down()
    click(qtbot, panel.sync_button)
    assert panel.status_text().startswith("同步未完成")
    assert panel.error.isVisibleTo(window) and "无法连接中心" in panel.error.text()
    assert "cannot be reached" not in panel.error.text()  # one language at a time
    assert "待上传记录" in panel.queue.text()
    i18n.set_language("en")
    window.retranslate()
    assert "cannot be reached" in panel.error.text() and "无法" not in panel.error.text()
    assert panel.queue.text().startswith("Records waiting to be sent")
    proxy.up()
    click(qtbot, panel.sync_button)
    assert panel.status_text().startswith("Synced") and not panel.error.isVisibleTo(window)
    assert centre.count("recording_consents") == 1


def test_only_an_admin_may_join(make_app, centre):
    def trainee(services):
        _admin(services)
        services.accounts.create_user(services.accounts.sign_in("admin", "password-1"),
                                      "tina", "Tina", "trainee", "password-1")  # fmt: skip
        return services.accounts.sign_in("tina", "password-1")

    ctx, window, controller = make_app(trainee)
    controller.navigate("settings")
    panel = window.settings.room
    assert not panel.join_box.isVisibleTo(window) and panel.admin_note.isVisibleTo(window)
    assert "只有管理员" in panel.admin_note.text()


@pytest.fixture
def exam_room(centre, seats):
    """Seat B runs alice's exam; the app is the proctor's PC (seat A) of the same room."""
    centre.add_user("proctor", "proctor")
    centre.add_user("alice")
    seat_b = seats.open("seat-b")
    proctor_b = seat_b.accounts.sign_in("proctor", "password-1")
    seat_b.pins.set_pin(proctor_b, "246810")
    alice = seat_b.accounts.sign_in("alice", "password-1")
    attempt = start_exam(seat_b, proctor_b, alice)
    answer_right(seat_b, alice, attempt, written_items(seat_b, attempt)[0])
    sync(seat_b)

    def proctor_pc(services):
        services.room.join(None, centre.url, centre.code(), "seat-a")
        return services.accounts.sign_in("proctor", "password-1")  # through the centre

    return seat_b, alice, attempt, proctor_pc


def _cells(window) -> list[list[str]]:
    table = window.pages["room"].table
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_the_proctor_console_shows_the_room_and_commands_reach_the_seat(
    make_app, exam_room, centre, qtbot
):
    seat_b, alice, attempt, proctor_pc = exam_room
    ctx, window, controller = make_app(proctor_pc)
    assert "room" in window.nav_shown()
    controller.navigate("room")
    view = window.pages["room"]
    assert window.current_page() == "room"
    ((candidate, seat, state, left, answered, beat),) = _cells(window)
    assert (candidate, seat, state, answered) == ("Alice", "seat-b", "考试中", "1/7")
    assert left.count(":") == 1 and int(left.split(":")[0]) <= 10 and beat.endswith("秒前")
    assert not view.alerts.isVisibleTo(window)
    # nothing is sent without a selection, nor added time without a reason
    click(qtbot, view.buttons["pause"])
    assert centre.count("proctor_commands") == 0
    view.select(attempt)
    view.minutes.setValue(5)
    click(qtbot, view.buttons["add_time"])
    assert view.status_text() == "请填写原因。" and centre.count("proctor_commands") == 0
    view.reason.setText("停电")
    click(qtbot, view.buttons["add_time"])
    assert view.status_text().startswith("已发出") and view.reason.text() == ""
    click(qtbot, view.buttons["pause"])
    sent = centre.sql("SELECT kind, args, acked_at FROM proctor_commands ORDER BY recv_seq")
    assert [c["kind"] for c in sent] == ["add_time", "pause"]
    assert '"停电"' in sent[0]["args"] and all(c["acked_at"] is None for c in sent)
    assert "待执行指令：2 条" in view.summary.text()
    # seat B applies them at its next sync; the console shows the new state
    assert sync(seat_b).commands == 2
    status = seat_b.exams.status(alice, attempt)
    assert status.state == "paused" and status.extra_ms == 5 * 60_000
    click(qtbot, view.refresh_button)
    view.select(attempt)
    assert _cells(window)[0][2] == "已暂停"
    assert view.buttons["resume"].isEnabled() and not view.buttons["pause"].isEnabled()
    view.reason.setText("作弊")
    click(qtbot, view.buttons["terminate"])
    sync(seat_b)
    sync(seat_b)
    assert seat_b.exams.status(alice, attempt).state == "sealed"
    click(qtbot, view.refresh_button)
    assert _cells(window)[0][2] == "已封存" and _cells(window)[0][3] == "—"
    view.select(attempt)
    assert not any(b.isEnabled() for b in view.buttons.values())


def test_a_silent_seat_raises_an_alert_on_the_console(
    make_app, exam_room, centre, centre_clock, qtbot
):
    seat_b, alice, attempt, proctor_pc = exam_room
    ctx, window, controller = make_app(proctor_pc)
    centre_clock.freeze()
    sync(seat_b)
    controller.navigate("room")
    view = window.pages["room"]
    assert not view.alerts.isVisibleTo(window)
    centre_clock.advance(centre.service.silence_s + 10)
    click(qtbot, view.refresh_button)
    assert view.alerts.isVisibleTo(window)
    assert "座席 seat-b 已" in view.alerts.text() and "Alice" in view.alerts.text()
    item = view.table.item(0, 0)
    assert item.background().color().name() == "#ffe3e3"
    i18n.set_language("en")
    window.retranslate()
    assert "Seat seat-b has not reported" in view.alerts.text()
    assert view.table.horizontalHeaderItem(0).text() == "Candidate"
    assert _cells(window)[0][2] == "In progress"
    sync(seat_b)  # the seat reports again: the alert goes
    click(qtbot, view.refresh_button)
    assert not view.alerts.isVisibleTo(window)


def test_a_trainee_has_no_console(make_app, exam_room, centre):
    centre.add_user("tom")

    def trainee_pc(services):
        services.room.join(None, centre.url, centre.code(), "seat-t")
        return services.accounts.sign_in("tom", "password-1")

    ctx, window, controller = make_app(trainee_pc)
    assert "room" not in window.nav_shown()
    controller.navigate("room")
    assert window.current_page() == "home"


def test_a_command_for_this_seat_is_applied_on_the_db_lane(make_app, centre):
    """The exam service is the db lane's: the sync lane hands it a command and waits."""
    ctx, window, controller = make_app(_admin)
    link = controller.settings.room

    def refuse():
        raise ValueError("refused")

    assert link._on_db_lane(lambda: ("applied", "")) == ("applied", "")
    with pytest.raises(ValueError, match="refused"):
        link._on_db_lane(refuse)
    assert [lane for lane, name in ctx.runner.ran if name == "proctor_command"] == ["db", "db"]
