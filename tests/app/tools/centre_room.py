"""The training room a screenshot tool starts from, as the room's tests start it: a throwaway
PostgreSQL with the centre's schema, the centre's service on a clock the tool can stop, a
cuttable network to it, and a maker of seats with the exam banks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class Room:
    server: object
    centre: object
    clock: object
    proxy: object
    grader: object
    seats: object

    def close(self) -> None:
        self.seats.close()
        self.proxy.close()
        self.centre.close()
        self.server.close()


def open_room(tmp: Path, en: bool) -> Room:
    import psycopg

    from simulator.centre.pgserver import TempServer
    from simulator.centre.schema import migrate
    from simulator.core.grader import Grader
    from tests.exams.fixtures import make_banks
    from tests.room.conftest import CentreClock
    from tests.room.helpers import Centre, SeatMaker
    from tests.room.netproxy import Proxy

    server = TempServer()
    server.start()
    with psycopg.connect(server.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE room")
    migrate(server.url("room"), "培训一室" if not en else "Training room 1")
    clock = CentreClock()
    centre = Centre(server.url("room"), clock)
    host, port = centre.running.server.server_address[:2]
    proxy = Proxy(host, port)
    grader = Grader()
    banks = make_banks(grader.catalog.scenario("angry-caller").turn(1).model_answers[0].text)
    return Room(server, centre, clock, proxy, grader, SeatMaker(tmp, centre, grader, banks))
