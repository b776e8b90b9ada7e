"""Helpers for the exam screens' tests: a seat with an administrator, a proctor with a PIN and
a trainee who agreed to recordings; signing in through the window; the right answer to a
written item as the candidate's screen shows it; a speech stand-in that hears each oral reply
as the model answer of its item (in the order the grader hears them)."""

from __future__ import annotations

from simulator.app.services.speech import Heard
from simulator.core.quiz_draw import PresentedQuestion
from simulator.services import Services

PASSWORD = "correct-horse-9"
PIN = "246810"
ID_NUMBER = "11010519491231002X"
EXAM = "10000-agent"


def seat(data_dir, names: tuple[str, str] = ("周监考", "王小明")) -> None:
    services = Services.open(data_dir)
    try:
        admin = services.accounts.create_first_admin("admin", "Ada Admin", PASSWORD)
        services.accounts.create_user(admin, "zhou", names[0], "proctor", PASSWORD)
        services.accounts.create_user(admin, "wang", names[1], "trainee", PASSWORD)
        services.pins.set_pin(services.accounts.sign_in("zhou", PASSWORD), PIN)
        services.privacy.give_consent(services.accounts.sign_in("wang", PASSWORD))
    finally:
        services.close()


def sign_in(window, username: str, password: str = PASSWORD) -> None:
    if window.current_page() != "login":
        window.switch_button.click()
    window.sign_in.fill(username, password)
    window.sign_in.button.click()


def right_answer(ctx, shown: PresentedQuestion):
    q = ctx.services.resources.banks.question(shown.question_id)
    if q.type == "single":
        return shown.options.index(q.options[q.answer])
    if q.type == "multiple":
        return sorted(shown.options.index(q.options[i]) for i in q.answer)
    if q.type == "true_false":
        return q.answer
    if q.type == "order":
        return [shown.steps.index(step) for step in q.steps]
    if q.type == "rewrite":
        return q.model_answer
    raise AssertionError(q.type)


class ModelAnswers:
    """Hears the n-th oral reply as the model answer of the n-th oral item (the recordings are
    real takes from the fake microphone; only what was said is scripted, as in FileSpeech)."""

    def __init__(self, texts: list[str]):
        self.texts = list(texts)
        self.heard = 0

    def load(self, progress=lambda v: None, cancel=None) -> str:
        return "fake"

    def hear(self, audio, caller_end_s=None, checkpoint=None) -> Heard:
        assert len(audio) > 0
        text = self.texts[self.heard % len(self.texts)]
        self.heard += 1
        return Heard(text, None, {})


def model_answers(ctx, paper) -> list[str]:
    return [
        ctx.catalog.scenario(t.scenario_id).turn(t.turn_id).model_answers[0].text
        for t in sorted(paper.oral, key=lambda t: t.index)
    ]
