"""Drive the real app under Xvfb through the training room's screens and take screenshots (not
a test): the settings page's centre card (joining, synced, the network gone) and the proctor
console (two seats' exams, one of them silent).

    Xvfb :99 -screen 0 1280x800x24 &
    DISPLAY=:99 python tests/app/tools/shoot_room.py docs/screenshots [--lang en]

A throwaway PostgreSQL and the centre's service (as the room's tests start them), two exam
seats (B and C) with a candidate each, and the app as a third PC: its administrator joins the
centre through a cuttable network, then the proctor signs in there through the centre.
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


def _room(tmp: Path, en: bool):
    """The centre, its clock, the network to it, and two seats with an exam each."""
    from tests.room.helpers import answer_right, start_exam, written_items

    room = open_room(tmp, en)
    centre = room.centre
    centre.add_user("proctor", "proctor", PASSWORD)
    exams = []
    for seat_name, user, display in (("B-07", "chen", "陈静" if not en else "Chen Jing"),
                                     ("B-12", "liu", "刘洋" if not en else "Liu Yang")):  # fmt: skip
        centre.add_user(user, "trainee", PASSWORD)
        centre.sql("UPDATE users SET display_name = %s WHERE username = %s", [display, user])
        seat = room.seats.open(seat_name)
        proctor = seat.accounts.sign_in("proctor", PASSWORD)
        seat.pins.set_pin(proctor, "246810")
        who = seat.accounts.sign_in(user, PASSWORD)
        attempt = start_exam(seat, proctor, who)
        for item in written_items(seat, attempt)[: 3 if user == "chen" else 1]:
            answer_right(seat, who, attempt, item)
        exams.append((seat, attempt))
    return room, exams


def main() -> int:
    tool = launch("shoot-room-")
    en = tool.en

    from simulator.services import Session
    from tests.room.helpers import sync

    room, exams = _room(tool.tmp, en)
    centre, clock, proxy = room.centre, room.clock, room.proxy

    def first_admin(ctx) -> None:
        ctx.session = ctx.services.accounts.create_first_admin("admin", "Admin", PASSWORD)
        ctx.sign_in_required = True  # "switch user" leads to the sign-in page, as on a real PC

    ctx, window, ctl = tool.start(
        data_dir=tool.tmp / "app", session=Session.anonymous(), before_show=first_admin
    )
    shot = tool.shot

    panel = window.settings.room
    console = lambda: window.pages.get("room")  # noqa: E731

    def fill_join() -> None:
        panel.url.setText(proxy.url)
        panel.code.setText(centre.code())
        panel.seat_name.setText("监考台" if not en else "Proctor desk")

    def sign_in(name: str) -> None:
        window.sign_in.fill(name, PASSWORD)
        window.sign_in.button.click()

    def quiet_seat() -> None:
        """Seat B-12 reports, then goes quiet for 35 s; seat B-07 keeps reporting."""
        clock.freeze()
        sync(exams[1][0])
        clock.advance(35)
        sync(exams[0][0])

    def enable_desk_admin() -> None:
        """A seat cannot bring its own administrators: the room's administrator enables this
        desk's at the centre (else the next sync signs it out)."""
        from simulator.centre.accounts import set_disabled

        with centre.service.db.tx() as conn:
            set_disabled(conn, ctx.session.user_id, False, clock(), "root")

    idle = (lambda: True, lambda: None)
    steps = [
        (lambda: True, lambda: ctl.navigate("settings")),
        (lambda: panel.state is not None, fill_join),
        idle,
        (lambda: True, lambda: shot("room-settings-join")),
        (lambda: True, lambda: panel.join_button.click()),
        (lambda: ctx.services.room.joined() and panel.state.joined, enable_desk_admin),
        idle,
        (lambda: True, lambda: shot("room-settings-queued")),
        (lambda: True, lambda: panel.sync_button.click()),
        (lambda: panel.status_text().startswith(("同步完成", "Synced")), lambda: None),
        idle,
        (lambda: True, lambda: shot("room-settings-synced")),
        (lambda: True, lambda: (ctx.services.privacy.give_consent(ctx.session), proxy.down())),
        (lambda: True, lambda: panel.sync_button.click()),
        (lambda: panel.error.isVisible(), lambda: None),
        idle,
        (lambda: True, lambda: shot("room-settings-error")),
        (lambda: True, lambda: proxy.up()),
        (lambda: True, lambda: window.switch_button.click()),
        (lambda: window.current_page() == "login", lambda: sign_in("proctor")),
        (lambda: ctx.session.username == "proctor", quiet_seat),
        (lambda: True, lambda: ctl.navigate("room")),
        (lambda: console() is not None and len(console().rows) == 2, lambda: None),
        (lambda: True, lambda: console().select(exams[0][1])),
        (lambda: True, lambda: console().reason.setText("耳机故障" if not en else "headset fault")),
        idle,
        (lambda: True, lambda: shot("room-console-alert")),
        (lambda: True, lambda: console().buttons["add_time"].click()),
        (lambda: console().status_text() != "", lambda: sync(exams[0][0])),
        (lambda: True, lambda: console().refresh_button.click()),
        idle,
        idle,
        (lambda: True, lambda: shot("room-console-command")),
        (lambda: True, lambda: window.close()),
    ]
    code = run_steps(tool.app, window, ctl, steps, tick_ms=400, limit_ms=240000)
    room.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
