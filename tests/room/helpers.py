"""Helpers of the training-room tests: the centre (its service on a free port, direct SQL for
checking totals, accounts and enrolment codes), seats that joined it, and a practice attempt
with a recording as the app saves it."""

from __future__ import annotations

import numpy as np

from simulator.core.records import TurnRecord
from simulator.services import Services, Session


class Centre:
    def __init__(self, db_url: str, clock, **options):
        from simulator.centre.http import serve
        from simulator.centre.service import CentreService

        self.db_url = db_url
        self.clock = clock
        options.setdefault("dashboard_every_s", None)  # tests sum the dashboard up when asked
        self.service = CentreService(db_url, clock=clock, **options)
        self.running = serve(self.service)
        self.url = self.running.url

    def close(self) -> None:
        self.running.stop()
        self.service.close()

    def sql(self, query: str, params=()) -> list[dict]:
        import psycopg
        from psycopg.rows import dict_row

        with psycopg.connect(self.db_url, row_factory=dict_row, autocommit=True) as conn:
            cur = conn.execute(query, params)
            return cur.fetchall() if cur.description else []

    def count(self, table: str, where: str = "TRUE", params=()) -> int:
        return self.sql(f"SELECT COUNT(*) AS n FROM {table} WHERE {where}", params)[0]["n"]

    def code(self) -> str:
        from simulator.centre.enrol import make_code

        with self.service.db.tx() as conn:
            return make_code(conn, self.clock())

    def add_user(self, username: str, role: str = "trainee", password: str = "password-1") -> str:
        from simulator.centre.accounts import add_user

        with self.service.db.tx() as conn:
            return add_user(conn, username, username.title(), role, password, self.clock())

    def disable(self, user_id: str) -> None:
        from simulator.centre.accounts import set_disabled

        with self.service.db.tx() as conn:
            set_disabled(conn, user_id, True, self.clock(), "test")

    def staff_token(self, username: str, password: str = "password-1") -> str:
        return self.service.staff_signin({"username": username, "password": password})["token"]


class SeatMaker:
    """Seats (each its own data folder and services) joined to the test's centre."""

    def __init__(self, root, centre: Centre, grader, banks):
        self.root = root
        self.centre = centre
        self.grader = grader
        self.banks = banks
        self.opened: list[Services] = []

    def open(
        self, name: str, join: bool = True, url: str | None = None, centre: Centre | None = None,
        **options,
    ) -> Services:  # fmt: skip
        from simulator.core.exam_def import load_exams
        from tests.exams.fixtures import FakeSpeech, MonoClock, write_exam

        exams_dir = self.root / f"{name}-exams"
        write_exam(exams_dir)
        defaults = dict(
            grader=self.grader, banks=self.banks, speech=FakeSpeech(), monotonic=MonoClock(),
            exams=load_exams(exams_dir, self.banks, self.grader.catalog),
        )  # fmt: skip
        defaults.update(options)
        services = Services.open(self.root / name, **defaults)
        self.opened.append(services)
        if join:
            centre = centre or self.centre
            services.room.join(None, url or centre.url, centre.code(), name)
        return services

    def close(self) -> None:
        for s in self.opened:
            s.close()


def engine(services: Services, **options):
    from simulator.sync.engine import SyncEngine

    return SyncEngine(services, **options)


def sync(services: Services, **options):
    report = engine(services, **options).run_once()
    assert report.ok, report.error
    return report


def sync_until_ok(services: Services, tries: int = 20, **options):
    """Run the sync like its loop does until a run gets through (a restarted server takes a
    moment to be reachable again); the last report."""
    import time

    for _ in range(tries):
        report = engine(services, **options).run_once()
        if report.ok:
            return report
        time.sleep(1.0)
    raise AssertionError(f"the sync never got through: {report.error}")


def wait_for(condition, timeout: float = 120.0) -> bool:
    """Poll until ``condition()`` holds (a generous bound: this waits, it measures nothing)."""
    import time

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def tone(seconds: float = 0.3, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.arange(int(16000 * seconds)) / 16000.0
    return 0.2 * np.sin(2 * np.pi * 220 * t) + 0.01 * rng.standard_normal(t.size)


def practise(
    services: Services, session: Session, grader, text: str | None = None, seed: int = 0,
    recording: bool = True,
) -> str:  # fmt: skip
    """One finished practice call of angry-caller turn 1, graded, with its recording."""
    scenario = grader.catalog.scenario("angry-caller")
    text = text or scenario.turn(1).model_answers[0].text
    result = grader.grade("angry-caller", 1, text)
    if recording and not services.privacy.may_record(session.user_id):
        services.privacy.give_consent(session)  # a take is kept only with consent (per seat)
    attempt = services.practice.start_attempt(session, "angry-caller", "pack", "t", "t", "voice")
    saved = (
        services.recordings.save_wav(tone(seed=seed), 16000, f"takes/{attempt}-1.wav")
        if recording
        else None
    )
    turn = TurnRecord(1, result, scenario.turn(1).caller.text, "voice")
    services.practice.record_turn(session, attempt, turn, saved)
    services.practice.finish_attempt(session, attempt, "completed")
    return attempt


def start_exam(services: Services, proctor: Session, candidate: Session) -> str:
    """Register, authorise and start the fixture exam for ``candidate`` on this seat."""
    exams = services.exams
    if not services.privacy.may_record(candidate.user_id):
        services.privacy.give_consent(candidate)  # an oral exam is registered only with consent
    rec = exams.register(proctor, "fixture-exam", candidate.user_id)
    exams.authorise(proctor, rec.id, candidate.display_name, "11010519491231002X", True)
    exams.start(candidate, rec.id)
    return rec.id


def answer_right(services: Services, candidate: Session, attempt: str, item: int):
    """The right answer to written item ``item`` (saved like the candidate's screen does)."""
    from simulator.core.quiz_grading import expected

    rec = services.exams._attempt(attempt)
    drawn = rec.draw.item(item)
    question = services.exams._question(rec, drawn.question_id)
    value = question.model_answer if question.type == "rewrite" else expected(drawn, question)
    return services.exams.save_answer(candidate, attempt, item, value)


def written_items(services: Services, attempt: str) -> list[int]:
    from simulator.core.quiz_draw import DrawnQuestion

    rec = services.exams._attempt(attempt)
    return [i.index for i in rec.draw.items if isinstance(i, DrawnQuestion)]
