"""Drive the real app under Xvfb through the accounts, self-assessment and quiz screens and
take screenshots (not a test).

    Xvfb :99 -screen 0 1280x800x24 &
    DISPLAY=:99 .venv/bin/python tests/app/tools/shoot_people.py docs/screenshots [--lang en]

A fresh data folder with three practice attempts from before accounts: the first start asks
for the administrator, who creates users and gives the old history to one; then a trainee
signs in (a wrong password first), takes the self-assessment and two quizzes.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

PASSWORD = "training-room-1"


def _old_history(data: Path) -> None:
    from simulator.core.records import TurnRecord
    from simulator.core.result import result_from_dict
    from simulator.services import Services, Session

    services = Services.open(data)
    nobody = Session.anonymous()
    for score in (55, 72, 86):
        aid = services.practice.start_attempt(
            nobody, "angry-caller", "pack", "愤怒的客户", "The angry caller", "typed"
        )
        result = result_from_dict(
            {"scenario": "angry-caller", "turn": 1, "score": score, "passed": score >= 60}
        )
        services.practice.record_turn(nobody, aid, TurnRecord(1, result, "您好", "typed"))
        services.practice.finish_attempt(nobody, aid, "completed")
    services.close()


from tests.app.tools.launch import launch  # noqa: E402
from tests.app.tools.stepper import run_steps  # noqa: E402


def main() -> int:
    tool = launch("shoot-people-")
    _old_history(tool.data)
    # after the QApplication: importing the tests' conftest sets QT_QPA_PLATFORM=offscreen
    from tests.app.test_app_quiz import right_answer, wrong_answer

    ctx, window, ctl = tool.start()
    shot = tool.shot

    def dialog():
        return ctl.accounts.dialog

    users = window.users
    en = tool.en

    def add_user(name: str, display: str, role: str) -> None:
        users.fill_new(name, display, role, PASSWORD)
        users.create_button.click()

    def sign_in(name: str, password: str) -> None:
        window.sign_in.fill(name, password)
        window.sign_in.button.click()

    selfcheck = lambda: window.pages.get("selfcheck")  # noqa: E731
    quizview = lambda: window.pages.get("quiz")  # noqa: E731
    quiz = ctl.quiz

    def past_results() -> None:
        who = ctx.session
        for score in (5, 6, 8):
            bank = ctx.services.quizzes.self_assessment
            ctx.services.quizzes.submit_self_assessment(who, {i.id: score for i in bank.items})

    def tick_form() -> None:
        view = selfcheck()
        for i, item in enumerate(view.bank.items):
            view.choose(item.id, (9, 8, 10, 7, 9, 8, 9, 10, 9, 8)[i])

    def start_quiz(topics, count) -> None:
        view = quizview()
        view.check_topics(topics)
        view.count.setValue(count)
        view.start_button.click()

    def answer_until(kind: str) -> bool:
        """Answer right until the current question is of ``kind``; True when it is."""
        view = quizview()
        shown = quiz.run.items[quiz.index]
        if shown.type == kind and view._feedback is None:
            return True
        if view._feedback is None and not quiz.waiting:
            view.box.give(right_answer(ctx, shown))
            view.submit_button.click()
        elif view._feedback is not None:
            view.next_button.click()
        return False

    def give(value_of) -> None:
        view = quizview()
        view.box.give(value_of(ctx, quiz.run.items[quiz.index]))

    def li_misses_too() -> None:
        """Li (a trainer, practising too) misses what Wang missed: twice-missed questions."""
        li = ctx.services.accounts.sign_in("li", PASSWORD)
        for card in ctx.services.review.queue(ctx.session):
            topic = ctx.services.resources.banks.bank_of(card.item).topic
            run = ctx.services.quizzes.start(li, [topic], 200, types=["single", "rewrite"])
            for shown in run.items:
                if shown.question_id == card.item:
                    wrong = wrong_answer(ctx, shown)
                    ctx.services.quizzes.answer(li, run.quiz_id, shown.index, wrong)

    idle = (lambda: True, lambda: None)
    steps = [
        (lambda: dialog() is not None and dialog().isVisible(), lambda: None),
        (
            lambda: True,
            lambda: dialog().fill("admin", "Ada Admin" if en else "系统管理员", PASSWORD, PASSWORD),
        ),
        idle,
        (lambda: True, lambda: shot("first-admin")),
        (lambda: True, lambda: dialog().create_button.click()),
        (lambda: not ctx.session.is_anonymous, lambda: ctl.navigate("users")),
        (
            lambda: len(users.users) == 1,
            lambda: add_user("wang", "Wang Fang" if en else "王芳", "trainee"),
        ),
        (
            lambda: len(users.users) == 2,
            lambda: add_user("li", "Li Lei" if en else "李雷", "trainer"),
        ),
        (
            lambda: len(users.users) == 3,
            lambda: add_user("zhao", "Zhao Min" if en else "赵敏", "proctor"),
        ),
        (lambda: len(users.users) == 4, lambda: users.select_user("wang")),
        (lambda: True, lambda: users.choose_assignee("wang")),
        idle,
        (lambda: True, lambda: shot("users")),
        (lambda: True, lambda: users.assign_button.click()),
        idle,
        (lambda: True, lambda: window.switch_button.click()),
        (lambda: window.current_page() == "login", lambda: sign_in("wang", "not-my-password")),
        (lambda: window.sign_in.error_text() != "", lambda: None),
        idle,
        (lambda: True, lambda: shot("sign-in-refused")),
        (lambda: True, lambda: sign_in("wang", PASSWORD)),
        (lambda: ctx.session.username == "wang", lambda: ctl.navigate("history")),
        idle,
        (lambda: True, past_results),
        (lambda: True, lambda: ctl.navigate("selfcheck")),
        (lambda: selfcheck() is not None and selfcheck().bank is not None, tick_form),
        idle,
        (lambda: True, lambda: shot("self-check-form")),
        (lambda: True, lambda: selfcheck().submit_button.click()),
        (lambda: selfcheck()._result is not None, lambda: None),
        idle,
        (lambda: True, lambda: shot("self-check-result")),
        (lambda: True, lambda: ctl.navigate("quiz")),
        (lambda: quizview() is not None and quizview().topic_list.count() > 0, lambda: None),
        idle,
        (lambda: True, lambda: shot("quiz-topics")),
        (lambda: True, lambda: start_quiz(["etiquette"], 29)),
        (lambda: quiz.run is not None and answer_until("order"), lambda: None),
        idle,
        (lambda: True, lambda: shot("quiz-order")),
        (lambda: True, lambda: (give(right_answer), quizview().submit_button.click())),
        (lambda: quizview()._feedback is not None, lambda: None),
        idle,
        (lambda: True, lambda: quizview().next_button.click()),
        (lambda: answer_until("multiple"), lambda: give(right_answer)),
        idle,
        (lambda: True, lambda: quizview().submit_button.click()),
        (lambda: quizview()._feedback is not None, lambda: quizview().next_button.click()),
        (lambda: answer_until("single"), lambda: give(wrong_answer)),
        (lambda: True, lambda: quizview().submit_button.click()),
        (lambda: quizview()._feedback is not None, lambda: None),
        idle,
        (lambda: True, lambda: shot("quiz-single-wrong")),
        (lambda: True, lambda: quizview().back_button.click()),
        (lambda: quizview().on_setup(), lambda: start_quiz(["forbidden"], 31)),
        (lambda: quiz.run is not None and answer_until("rewrite"), lambda: give(wrong_answer)),
        idle,
        (lambda: True, lambda: quizview().submit_button.click()),
        (lambda: quizview()._feedback is not None, lambda: None),
        idle,
        (lambda: True, lambda: shot("quiz-rewrite-feedback")),
        (lambda: True, lambda: quizview().back_button.click()),
        (lambda: quizview().queue.rowCount() > 0, lambda: None),
        idle,
        (lambda: True, lambda: shot("quiz-review-queue")),
        (lambda: True, li_misses_too),
        (lambda: True, lambda: window.switch_button.click()),
        (lambda: window.current_page() == "login", lambda: sign_in("li", PASSWORD)),
        (lambda: ctx.session.username == "li", lambda: ctl.navigate("quiz")),
        (lambda: quizview().missed.rowCount() > 0, lambda: None),
        idle,
        (lambda: True, lambda: shot("quiz-trainer-missed")),
        (lambda: True, lambda: window.close()),
    ]
    code = run_steps(tool.app, window, ctl, steps, tick_ms=300, limit_ms=300000)
    return code


if __name__ == "__main__":
    sys.exit(main())
