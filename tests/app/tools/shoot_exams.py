"""Drive the real app under Xvfb through the exam screens and take screenshots (not a test).

    Xvfb :99 -screen 0 1280x800x24 &
    DISPLAY=:99 .venv/bin/python tests/app/tools/shoot_exams.py docs/screenshots [--lang en]

A fresh data folder with an administrator, a proctor (with a resume PIN) and a trainee: the
proctor books and authorises the trainee for the 10000 certification exam, the trainee takes it
full-screen (written items, oral items answered through the file microphone playing real reply
files), the proctor pauses it at the seat, the trainee finishes; the proctor sees the result,
issues the certificate and verifies it by its code; the admin changes a role.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))


def _crashed(data: Path, name: str) -> None:
    """A second trainee whose exam was running when the program was killed."""
    from simulator.services import Services
    from tests.app.exam_helpers import EXAM, ID_NUMBER, PASSWORD

    services = Services.open(data)
    try:
        admin = services.accounts.sign_in("admin", PASSWORD)
        services.accounts.create_user(admin, "li", name, "trainee", PASSWORD)
        li = services.accounts.sign_in("li", PASSWORD)
        services.privacy.give_consent(li)
        proctor = services.accounts.sign_in("zhou", PASSWORD)
        rec = services.exams.register(proctor, EXAM, li.user_id)
        services.exams.authorise(proctor, rec.id, name, ID_NUMBER, True)
        services.exams.start(li, rec.id)
    finally:
        services.close()


from tests.app.tools.launch import launch  # noqa: E402
from tests.app.tools.stepper import run_steps  # noqa: E402


def main() -> int:
    tool = launch("shoot-exams-")
    en = tool.en

    from simulator.app.services.device_port import DevicePort
    from simulator.app.tasks import SyncTaskRunner
    from simulator.audio.fake import FileAudioBackend

    # after the QApplication: importing the tests' helpers sets QT_QPA_PLATFORM=offscreen
    from simulator.core.quiz_draw import PresentedQuestion
    from tests.app.exam_helpers import (
        EXAM,
        ID_NUMBER,
        PASSWORD,
        ModelAnswers,
        model_answers,
        right_answer,
        seat,
    )
    from tests.app.fakes import reply

    seat(tool.data, names=("Zhou Min", "Wang Fang") if en else ("周敏", "王芳"))
    _crashed(tool.data, "Li Lei" if en else "李雷")
    replies = ["angry-good-t1", "angry-good-t2", "angry-good-t3", "angry-good-t4"] * 2
    port = DevicePort(
        FileAudioBackend(speed=4.0, trailing_silence_s=1.0),
        sources=[reply(n) for n in replies],
        recordings_dir=tool.tmp / "takes",
    )
    ctx, window, ctl = tool.start(port=port, runner=SyncTaskRunner())
    ctx.audio.missing_audio_ms = 200
    shot = tool.shot

    def sign_in(name: str) -> None:
        if window.current_page() != "login":
            window.switch_button.click()
        window.sign_in.fill(name, PASSWORD)
        window.sign_in.button.click()

    page = lambda name: window.pages.get(name)  # noqa: E731
    run = ctl.exams.run
    state = {"attempt": None, "paused": False}

    def book() -> None:
        p = page("proctor")
        p.choose(EXAM, "wang")
        p.book_button.click()
        state["attempt"] = p.selected()
        p.fill_authorisation("Wang Fang" if en else "王芳", ID_NUMBER, True)

    def start() -> None:
        page("exams").start_button.click()
        ctx.speech = ModelAnswers(model_answers(ctx, run.paper))

    def current():
        return run.order[run.pos]

    def answer_written() -> None:
        page("exam_run").box.give(right_answer(ctx, current()))

    def to_oral() -> bool:
        if not isinstance(current(), PresentedQuestion):
            return True
        answer_written()
        page("exam_run").next_button.click()
        return False

    def answer_rest() -> bool:
        """One step of answering everything left; True at the last item, answered."""
        screen, item = page("exam_run"), current()
        if run.busy or run.recording:
            return False
        if isinstance(item, PresentedQuestion):
            answer_written()
        elif item.index not in run.saved:
            screen.record_button.click()
            return False
        if run.pos + 1 >= len(run.order):
            return True
        screen.next_button.click()
        return False

    def pause() -> None:
        screen = page("exam_run")
        screen.fill_proctor("zhou", PASSWORD, "pause", reason="candidate unwell" if en else
                            "考生身体不适")  # fmt: skip
        screen.p_go.click()

    def resume() -> None:
        screen = page("exam_run")
        screen.fill_proctor("zhou", PASSWORD, "resume")
        screen.p_go.click()
        screen.proctor_button.setChecked(False)

    def results_staff() -> None:
        page("results").select(state["attempt"])

    def verify() -> None:
        cert = ctx.services.certificates.certificate(ctx.session, state["attempt"])
        view = page("results")
        view.code.setText(cert.short_code)
        view.code_button.click()

    def role_change() -> None:
        window.users.select_user("wang")
        window.users.choose_role("trainer")
        window.users.role_button.click()

    idle = (lambda: True, lambda: None)
    steps = [
        (lambda: ctx.catalog is not None and ctx.model_state == "ready", lambda: sign_in("zhou")),
        (lambda: ctx.session.username == "zhou", lambda: ctl.navigate("proctor")),
        (lambda: page("proctor") is not None and page("proctor").exam_box.count() > 0, book),
        idle,
        (lambda: True, lambda: shot("exam-proctor")),
        (lambda: True, lambda: page("proctor").auth_button.click()),
        (lambda: True, lambda: sign_in("wang")),
        (lambda: ctx.session.username == "wang", lambda: ctl.navigate("exams")),
        (lambda: page("exams") is not None and page("exams").rows, lambda: None),
        idle,
        (lambda: True, lambda: shot("exam-list")),
        (lambda: True, start),
        (lambda: run.running, answer_written),
        idle,
        (lambda: True, lambda: shot("exam-written")),
        (lambda: True, lambda: None),
        (lambda: to_oral(), lambda: page("exam_run").record_button.click()),
        (lambda: not run.recording and current().index in run.saved, lambda: None),
        idle,
        (lambda: True, lambda: shot("exam-oral")),
        (lambda: True, pause),
        (lambda: page("exam_run").is_paused(), lambda: None),
        idle,
        (lambda: True, lambda: shot("exam-paused")),
        (lambda: True, resume),
        (lambda: answer_rest(), lambda: page("exam_run").finish_button.click()),
        idle,
        (lambda: True, lambda: shot("exam-confirm")),
        (lambda: True, lambda: page("exam_run").confirm_yes.click()),
        (lambda: page("exam_run").is_closed(), lambda: None),
        idle,
        (lambda: True, lambda: shot("exam-closed")),
        (lambda: True, lambda: page("exam_run").leave_button.click()),
        (lambda: True, lambda: sign_in("zhou")),
        (lambda: ctx.session.username == "zhou", lambda: ctl.navigate("results")),
        (lambda: page("results").rows, results_staff),
        (lambda: True, lambda: page("results").issue_button.click()),
        (lambda: True, verify),
        idle,
        (lambda: True, lambda: shot("exam-results")),
        (lambda: True, lambda: sign_in("admin")),
        (lambda: ctx.session.username == "admin", lambda: ctl.navigate("users")),
        (lambda: len(window.users.users) == 4, role_change),
        idle,
        (lambda: True, lambda: shot("users-role")),
        (lambda: True, lambda: sign_in("li")),
        (lambda: ctx.session.username == "li", lambda: ctl.navigate("exams")),
        (lambda: page("exams").rows, lambda: page("exams").proctor.setText("zhou")),
        (lambda: True, lambda: page("exams").pin.setText("123456")),
        (lambda: True, lambda: page("exams").resume_button.click()),
        idle,
        (lambda: True, lambda: shot("exam-pin")),
        (lambda: True, lambda: window.close()),
    ]
    code = run_steps(tool.app, window, ctl, steps, tick_ms=300, limit_ms=300000)
    return code


if __name__ == "__main__":
    sys.exit(main())
