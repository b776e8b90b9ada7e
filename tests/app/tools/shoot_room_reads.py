"""Drive the real app under Xvfb through the room's reads and take screenshots (not a test):
the settings card listing the records the centre refused, the team dashboard and the review
page read from the whole centre, the review page when the centre cannot be reached, and the
sign-in page after an account was disabled at the centre.

    Xvfb :97 -screen 0 1280x800x24 &
    DISPLAY=:97 python tests/app/tools/shoot_room_reads.py docs/screenshots [--lang en]

A throwaway PostgreSQL and the centre's service (as the room's tests start them), a seat where
two trainees practised, and the app as a second PC joined through a cuttable network.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from tests.app.tools.centre_room import open_room  # noqa: E402
from tests.app.tools.launch import launch  # noqa: E402
from tests.app.tools.stepper import run_steps  # noqa: E402

PASSWORD = "password-1"
BAD = "喂，你吵什么吵，又不是我弄坏的"


def _room(tmp: Path, en: bool):
    """The centre, the network to it, and seat B where alice and bob practised."""
    from tests.room.helpers import practise, sync

    room = open_room(tmp, en)
    centre, grader = room.centre, room.grader
    centre.add_user("root", "admin", PASSWORD)
    centre.add_user("trainer", "trainer", PASSWORD)
    ids = {}
    names = (("alice", "王丽" if not en else "Wang Li"), ("bob", "陈刚" if not en else "Chen Gang"))
    for user, display in names:
        ids[user] = centre.add_user(user, "trainee", PASSWORD)
        centre.sql("UPDATE users SET display_name = %s WHERE username = %s", [display, user])
    seat = room.seats.open("B-07")
    for i, (user, texts) in enumerate((("alice", (None, BAD, None)), ("bob", (BAD, None)))):
        who = seat.accounts.sign_in(user, PASSWORD)
        for j, text in enumerate(texts):
            practise(seat, who, grader, text=text, seed=10 * i + j)
    sync(seat)
    centre.service.refresh_dashboard()
    return room, ids


def _joined(ctx, proxy, centre, en: bool) -> None:
    """The app's seat joined, root signed in through the centre, two refused records."""
    from simulator.sync.outbox import Outbox
    from tests.room.helpers import sync

    services = ctx.services
    services.room.join(None, proxy.url, centre.code(), "监考台" if not en else "Front desk")
    ctx.session = services.accounts.sign_in("root", PASSWORD)  # through the centre
    sync(services)
    outbox = Outbox(services.db)
    with services.db.tx() as conn:  # two records the centre refused earlier
        outbox.reject(
            conn,
            "exam_results",
            "e3b0c442-98fc-4c14-9afb-f4c8996fb924",
            1,
            "封存成绩被改动过 / the sealed result was altered after it was sealed",
        )
        outbox.reject(conn, "turns", "9f86d081-884c-4d63-9a4b-2ce7e8a2f0d1", 2,
                      '中心拒收 / refused by the centre: insert or update on table "turns" '
                      'violates foreign key constraint "turns_attempt_id_fkey"')  # fmt: skip
    ctx.sign_in_required = True


def main() -> int:
    tool = launch("shoot-room-reads-")
    en = tool.en

    from simulator.services import Session

    room, ids = _room(tool.tmp, en)
    centre, proxy = room.centre, room.proxy
    ctx, window, ctl = tool.start(
        data_dir=tool.tmp / "app",
        session=Session.anonymous(),
        before_show=lambda ctx: _joined(ctx, proxy, centre, en),
    )
    shot = tool.shot

    panel = window.settings.room
    page = window.pages.get

    def sign_in(name: str) -> None:
        window.sign_in.fill(name, PASSWORD)
        window.sign_in.button.click()

    def to_card() -> None:
        from PySide6.QtWidgets import QScrollArea

        window.settings.findChild(QScrollArea).ensureWidgetVisible(panel.refused_table, 0, 0)

    def team() -> None:
        page("dashboard").choose("team")
        page("dashboard").show_button.click()

    def disable_alice() -> None:
        centre.disable(ids["alice"])
        ctl.settings.room.sync_now()

    idle = (lambda: True, lambda: None)
    steps = [
        (lambda: True, lambda: ctl.navigate("settings")),
        (lambda: panel.refused_button.isVisible(), lambda: panel.refused_button.click()),
        idle,
        (lambda: True, to_card),
        idle,
        (lambda: True, lambda: shot("room-refused")),
        (lambda: True, lambda: window.switch_button.click()),
        (lambda: window.current_page() == "login", lambda: sign_in("trainer")),
        (lambda: ctx.session.username == "trainer", lambda: ctl.navigate("dashboard")),
        (lambda: page("dashboard") is not None, team),
        (lambda: page("dashboard").source_text() != "", lambda: None),
        idle,
        (lambda: True, lambda: shot("room-dashboard-centre")),
        (lambda: True, lambda: ctl.navigate("review")),
        (
            lambda: page("review").trainee.count() > 2,
            lambda: page("review").select_trainee(ids["alice"]),
        ),
        # the call made on seat B that failed, opened from the centre (its recording not here)
        (lambda: page("review").source_text() != "", lambda: page("review").select_attempt(1)),
        (lambda: page("review").review is not None and page("review").status_text(), lambda: None),
        idle,
        (lambda: True, lambda: shot("room-review-centre")),
        (lambda: True, lambda: proxy.down()),
        (lambda: True, lambda: page("review").select_trainee(ids["bob"])),
        (lambda: "—" in page("review").source_text(), lambda: None),
        idle,
        (lambda: True, lambda: shot("room-review-local")),
        (lambda: True, lambda: proxy.up()),
        (lambda: True, lambda: window.switch_button.click()),
        (lambda: window.current_page() == "login", lambda: sign_in("alice")),
        (lambda: ctx.session.username == "alice", disable_alice),
        (lambda: window.current_page() == "login" and ctx.session.is_anonymous, lambda: None),
        idle,
        (lambda: True, lambda: shot("room-disabled")),
        (lambda: True, lambda: window.close()),
    ]
    code = run_steps(tool.app, window, ctl, steps, tick_ms=400, limit_ms=240000)
    room.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
