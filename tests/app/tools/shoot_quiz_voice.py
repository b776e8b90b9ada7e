"""Drive the real app under Xvfb through quiz practice with the banks' English and a "say it"
question answered by voice, and take screenshots (not a test).

    Xvfb :99 -screen 0 1280x800x24 &
    DISPLAY=:99 python tests/app/tools/shoot_quiz_voice.py docs/screenshots [--lang en]

A trainee (signed in as the session) takes an attitude quiz: a single-choice question missed
(its options, right answer and explanation in the UI's language), then the "say it" question
recorded through the fake microphone (a real reply file) and its feedback with the transcript;
then the same question on a seat without a microphone (typed, saying why).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))


from tests.app.tools.accounts import signed_in  # noqa: E402
from tests.app.tools.launch import launch  # noqa: E402
from tests.app.tools.stepper import run_steps  # noqa: E402


def main() -> int:
    tool = launch(
        "shoot-quiz-voice-",
        lambda ap: ap.add_argument(
            "--no-mic", action="store_true", help="a seat without a microphone"
        ),
    )
    args = tool.args
    session = signed_in(tool.data, ("wang", "Wang Fang", "trainee"))

    from simulator.app.services.device_port import DevicePort
    from simulator.audio.fake import FileAudioBackend
    from tests.app.fakes import reply

    # after the QApplication: importing the tests' conftest sets QT_QPA_PLATFORM=offscreen
    from tests.app.test_app_quiz import right_answer, wrong_answer

    port = None  # no microphone
    if not args.no_mic:
        backend = FileAudioBackend(speed=1.0, trailing_silence_s=1.5)
        takes = tool.tmp / "takes"
        port = DevicePort(backend, sources=[reply("angry-good-t1")], recordings_dir=takes)
    ctx, window, ctl = tool.start(port=port, session=session)
    suffix = "-no-mic" if args.no_mic else ""

    def shot(name: str) -> None:
        tool.shot(f"{name}{suffix}")

    quizview = lambda: window.pages.get("quiz")  # noqa: E731
    quiz = ctl.quiz

    def start_quiz() -> None:
        view = quizview()
        view.check_topics(["attitude"])
        view.count.setValue(len(ctx.services.resources.banks.by_topic("attitude")))
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

    def miss() -> None:
        view = quizview()
        view.box.give(wrong_answer(ctx, quiz.run.items[quiz.index]))
        view.submit_button.click()

    idle = (lambda: True, lambda: None)
    steps = [
        (lambda: ctx.catalog is not None and ctx.model_state != "loading", lambda: None),
        (lambda: True, lambda: ctl.navigate("quiz")),
        (lambda: quizview() is not None and quizview().topic_list.count() > 0, start_quiz),
    ]
    if not args.no_mic:
        steps += [
            (lambda: quiz.run is not None and answer_until("single"), miss),
            (lambda: quizview()._feedback is not None, lambda: None),
            idle,
            (lambda: True, lambda: shot("quiz-single-options")),
            (lambda: True, lambda: quizview().next_button.click()),
        ]
    steps += [
        (lambda: quiz.run is not None and answer_until("say"), lambda: None),
        idle,
        (lambda: True, lambda: shot("quiz-say")),
    ]
    if not args.no_mic:
        steps += [
            (lambda: True, lambda: quizview().box.voice.record_button.click()),
            (lambda: quizview().box.voice.state == "recording", lambda: None),
            idle,
            (lambda: True, lambda: shot("quiz-say-recording")),
            (lambda: quizview()._feedback is not None, lambda: None),
            idle,
            (lambda: True, lambda: shot("quiz-say-feedback")),
        ]
    steps += [(lambda: True, lambda: window.close())]
    code = run_steps(tool.app, window, ctl, steps, tick_ms=300, limit_ms=180000)
    return code


if __name__ == "__main__":
    sys.exit(main())
