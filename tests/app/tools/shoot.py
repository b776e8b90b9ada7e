"""Drive the real app under Xvfb and take screenshots of every screen (not a test).

    Xvfb :99 -screen 0 1280x800x24 &
    DISPLAY=:99 .venv/bin/python tests/app/tools/shoot.py OUT_DIR [--size 1280x800] [--lang en]
        [--no-mic] [--failures] [--scale 1.25]

Screenshots are taken of the whole X screen with ImageMagick's ``import -window root``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from tests.app.tools.launch import launch  # noqa: E402
from tests.app.tools.stepper import run_steps  # noqa: E402


def _options(ap) -> None:
    ap.add_argument("--no-mic", action="store_true")
    ap.add_argument(
        "--failures", action="store_true", help="also: a silent caller, a store that fails"
    )
    ap.add_argument("--fake-speech", action="store_true")
    ap.add_argument("--prefix", default="")


def main() -> int:
    tool = launch("shoot-", _options)
    args = tool.args
    app = tool.app

    from PySide6.QtCore import Qt

    from simulator.app.services.device_port import DevicePort
    from simulator.app.services.speech import WhisperSpeech
    from simulator.services import Session
    from tests.app.fakes import reply

    port = None  # no microphone
    if not args.no_mic:
        from simulator.audio.fake import FileAudioBackend

        port = DevicePort(
            FileAudioBackend(speed=1.0),
            sources=[
                reply("angry-bad-t1"),
                reply("angry-good-t3"),
                reply("date-good-t1"),
                reply("date-good-t2"),
            ],
        )
    speech = None if args.fake_speech or args.no_mic else WhisperSpeech()  # None: file speech
    ctx, window, ctl = tool.start(
        port=port, speech=speech, settings={"auto_next_s": 0}, session=Session.anonymous()
    )
    n = [0]

    def shot(name: str) -> None:
        n[0] += 1
        tool.grab(tool.out / f"{args.prefix}{n[0]:02d}-{name}.png", timeout=15)

    def key(k, mods=Qt.KeyboardModifier.NoModifier) -> None:
        from PySide6.QtGui import QKeyEvent

        target = window.focusWidget() or window
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            app.sendEvent(target, QKeyEvent(kind, k, mods))

    def send(text: str) -> None:
        window.call.typed_input.setPlainText(text)
        key(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    phase = lambda: ctl.call.phase  # noqa: E731
    typed = "非常感谢您的好意，我正在工作，很抱歉不能接受您的邀请。"
    steps = [
        (lambda: ctx.catalog is not None and ctx.model_state != "loading", lambda: shot("home")),
        (lambda: True, lambda: window.home.mic_button.setChecked(True)),
        (lambda: True, lambda: None),
        (lambda: True, lambda: shot("home-mic-check")),
        (lambda: True, lambda: window.home.mic_button.setChecked(False)),
        (lambda: True, lambda: shot("home-mic-stopped")),
        (
            lambda: True,
            lambda: (
                window.home.mic_button.setChecked(False),
                window.home.select("angry-caller"),
                ctl.start_call("angry-caller"),
            ),
        ),
        (lambda: phase() == "ringing", lambda: shot("call-ringing")),
        (lambda: True, lambda: key(Qt.Key.Key_Space)),
        (lambda: phase() in ("caller", "listening"), lambda: shot("call-caller")),
        (lambda: phase() == "listening", lambda: window.call.show_hint(True)),
        (lambda: True, lambda: None),
        (lambda: True, lambda: None),
        (lambda: True, lambda: shot("call-listening")),
    ]
    if args.no_mic:
        rude = "你怎么这么多事啊，我不是跟你说过了吗？又不是我弄坏的，你自己检查一下吧。"
        steps += [
            (lambda: True, lambda: window.call.typed_input.setPlainText(rude)),
            (lambda: True, lambda: shot("call-typing")),
            (lambda: True, lambda: send(rude)),
        ]
    steps += [
        (lambda: phase() == "feedback", lambda: shot("call-feedback-escalated")),
        (lambda: True, lambda: key(Qt.Key.Key_N)),
    ]
    if args.no_mic:
        steps += [
            (
                lambda: phase() == "listening",
                lambda: send("非常抱歉,给您带来不便,请您原谅,我马上帮您处理。"),
            )
        ]
    steps += [
        (lambda: phase() == "feedback", lambda: shot("call-feedback-turn3")),
        (lambda: True, lambda: key(Qt.Key.Key_N)),
        (lambda: window.current_page() == "summary", lambda: shot("summary")),
        (lambda: True, lambda: window.summary.turns.setCurrentRow(1)),
        (lambda: True, lambda: shot("summary-turn2")),
        (
            lambda: True,
            lambda: (
                window.home.select("date-invitation"),
                ctl.navigate("home"),
                ctl.start_call("date-invitation"),
            ),
        ),
        (lambda: phase() == "ringing", lambda: key(Qt.Key.Key_Space)),
    ]
    for _ in range(2):
        if args.no_mic:
            steps += [
                (
                    lambda: phase() == "listening",
                    lambda: send(typed),
                )
            ]
        steps += [(lambda: phase() == "feedback", lambda: key(Qt.Key.Key_N))]

    def lose_a_recording() -> None:
        """A recording moved away: start-up's reconcile marks it missing (shown, not lost)."""
        for path in sorted(ctx.recordings.files())[:1]:
            path.unlink()
        practice = ctx.services.practice
        ctx.runner.run("db", practice.reconcile, ctl._reconciled, name="reconcile")

    steps += [
        (lambda: window.current_page() == "summary", lambda: ctl.navigate("history")),
        (lambda: window.current_page() == "history", lambda: None),
        (lambda: True, lambda: shot("history")),
        (lambda: True, lambda: None if args.no_mic else lose_a_recording()),
        (lambda: True, lambda: ctl.history.refresh()),
        (lambda: True, lambda: window.history.table.selectRow(1)),
        (lambda: True, lambda: shot("history-missing-recording")),
        (lambda: True, lambda: ctl.navigate("settings")),
        (lambda: True, lambda: shot("settings")),
    ]
    if args.failures and args.no_mic:
        practice = ctx.services.practice
        real_record = practice.record_turn

        def full_disk(*a, **k):
            raise OSError("database or disk is full")

        def heal() -> None:
            practice.record_turn = real_record

        steps += [
            (lambda: True, lambda: ctl.navigate("home")),
            (lambda: True, lambda: ctl.start_call("silent-call")),
            (lambda: phase() == "ringing", lambda: shot("call-silent-caller")),
            (lambda: True, lambda: setattr(practice, "record_turn", full_disk)),
            (lambda: True, lambda: key(Qt.Key.Key_Space)),
            (lambda: phase() == "listening", lambda: send("您好,您的电话已接通,请讲。")),
            (lambda: phase() == "feedback", lambda: shot("call-not-saved")),
            (lambda: True, lambda: key(Qt.Key.Key_Escape)),
            (lambda: window.current_page() == "summary", lambda: shot("summary-not-saved")),
            (lambda: True, heal),
        ]
    steps += [(lambda: True, lambda: window.close())]
    code = run_steps(app, window, ctl, steps, tick_ms=400, limit_ms=240000, agree_to_consent=False)
    print("call phase", ctl.call.phase)
    return code


if __name__ == "__main__":
    sys.exit(main())
