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

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

PASSWORD = "password-1"
BAD = "喂，你吵什么吵，又不是我弄坏的"


def _room(tmp: Path, en: bool):
    """The centre, the network to it, and seat B where alice and bob practised."""
    import psycopg

    from simulator.centre.pgserver import TempServer
    from simulator.centre.schema import migrate
    from simulator.core.grader import Grader
    from tests.exams.fixtures import make_banks
    from tests.room.conftest import CentreClock
    from tests.room.helpers import Centre, SeatMaker, practise, sync
    from tests.room.netproxy import Proxy

    server = TempServer()
    server.start()
    with psycopg.connect(server.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE room")
    migrate(server.url("room"), "培训一室" if not en else "Training room 1")
    centre = Centre(server.url("room"), CentreClock())
    host, port = centre.running.server.server_address[:2]
    proxy = Proxy(host, port)
    grader = Grader()
    banks = make_banks(grader.catalog.scenario("angry-caller").turn(1).model_answers[0].text)
    seats = SeatMaker(tmp, centre, grader, banks)
    centre.add_user("root", "admin", PASSWORD)
    centre.add_user("trainer", "trainer", PASSWORD)
    ids = {}
    names = (("alice", "王丽" if not en else "Wang Li"), ("bob", "陈刚" if not en else "Chen Gang"))
    for user, display in names:
        ids[user] = centre.add_user(user, "trainee", PASSWORD)
        centre.sql("UPDATE users SET display_name = %s WHERE username = %s", [display, user])
    seat = seats.open("B-07")
    for i, (user, texts) in enumerate((("alice", (None, BAD, None)), ("bob", (BAD, None)))):
        who = seat.accounts.sign_in(user, PASSWORD)
        for j, text in enumerate(texts):
            practise(seat, who, grader, text=text, seed=10 * i + j)
    sync(seat)
    centre.service.refresh_dashboard()
    return server, centre, proxy, seats, ids


from tests.app.tools.stepper import run_steps  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--size", default="1280x800")
    ap.add_argument("--lang", default="zh")
    args = ap.parse_args()
    en = args.lang == "en"
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="shoot-room-reads-"))
    os.environ.setdefault("SIMULATOR_DATA_DIR", str(tmp / "base"))

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["simulator"])
    from simulator.app import theme
    from simulator.app.main import build
    from simulator.app.services.audio_ports import NullPort
    from simulator.app.services.settings import SettingsStore
    from simulator.services import Session
    from simulator.sync.outbox import Outbox
    from tests.app.fakes import FileSpeech
    from tests.room.helpers import sync

    server, centre, proxy, seats, ids = _room(tmp, en)
    theme.apply(app)
    store = SettingsStore(tmp / "base")
    settings = store.load()
    settings.language = args.lang
    store.save(settings)
    port = NullPort()
    port.reason = "PortAudio: no input device found"
    ctx, window, ctl = build(
        port=port, speech=FileSpeech(port), data_dir=tmp / "app", settings_store=store,
        session=Session.anonymous(),
    )  # fmt: skip
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
    w, h = (int(x) for x in args.size.split("x"))
    window.fit_to_screen(w, h)
    window.move(0, 0)
    window.show()
    window.activateWindow()
    ctl.start()

    def shot(name: str) -> None:
        path = out / f"{name}-{args.lang}.png"
        subprocess.run(["import", "-window", "root", str(path)], check=True, timeout=30)
        print("shot", path, flush=True)

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
    code = run_steps(app, window, ctl, steps, tick_ms=400, limit_ms=240000)
    seats.close()
    proxy.close()
    centre.close()
    server.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
