"""A spoken finding a recognition error may explain is shown in the turn's feedback as "heard as
…, not counted" with its place in the recording, in Chinese and in English, and costs the reply
nothing; the same words typed are charged."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from simulator.app.services.speech import Heard
from simulator.core.heard import NOT_COUNTED, Hearing
from tests.app.conftest import KEYS, file_mic, press, shown, wait_phase
from tests.app.fakes import FileSpeech
from tests.app.test_app_calls import start
from tests.app.test_app_modes import type_reply

# angry-good-t1 as a recogniser might hear it, unsure of 好像 (said: 不够好，向您…)
HEARD = "非常抱歉，我做得不够好像您赔个不是，您的心情我非常理解，我马上帮您处理，好吗？"


class MisheardSpeech(FileSpeech):
    """Hears ``HEARD`` for any reply, unsure (0.3) of 好像, a character every 0.2 s."""

    def hear(self, audio, caller_end_s=None, checkpoint=None) -> Heard:
        heard = super().hear(audio, caller_end_s, checkpoint)
        at = HEARD.index("好像")
        probs = [0.3 if at <= i < at + 2 else 0.95 for i in range(len(HEARD))]
        hearing = Hearing(tuple(probs), tuple(0.2 * i for i in range(len(HEARD))))
        return Heard(HEARD, heard.measures, heard.timings, (at, at + 1), hearing)


def _texts(window) -> list[str]:
    QApplication.processEvents()
    feedback = window.call.feedback
    return [lab.text() for lab in feedback.findChildren(QLabel) if lab.isVisibleTo(feedback)]


def test_a_misheard_guess_is_shown_as_not_counted(make_app, qtbot, tmp_path):
    port = file_mic(["angry-good-t1"], 8.0, tmp_path)
    ctx, window, _ = make_app(port=port, speech=MisheardSpeech(port))
    start(qtbot, window, "angry-caller")
    press(qtbot, window, KEYS["space"])
    wait_phase(qtbot, window, "feedback")
    res = shown(window).result
    (note,) = [v for v in res.violations if v.text == "好像"]
    assert note.severity == NOT_COUNTED and note.heard_at is not None
    assert not any(v.category == "forbidden_word" for v in res.failing)
    texts = _texts(window)
    assert any("听作·不计分" in t for t in texts), texts
    assert any("听作“好像”" in t and "不计入评分" in t for t in texts), texts
    assert any("不计入评分；培训师可回听录音核对" in t for t in texts), texts


def spy_backend(monkeypatch, ctx) -> list:
    """(file, start second) of each playback the fake audio backend was asked for."""
    backend = ctx.audio.port.backend
    real_play = backend.play
    played: list = []

    def play(audio, sample_rate=None, device=None, blocking=False, start_s=0.0):
        played.append((audio, start_s))
        return real_play(audio, sample_rate, device, blocking, start_s)

    monkeypatch.setattr(backend, "play", play)
    return played


def listen_buttons(widget) -> list[QPushButton]:
    QApplication.processEvents()
    return [b for b in widget.findChildren(QPushButton, "listenHere") if b.isVisibleTo(widget)]


def test_listen_here_plays_the_turn_from_a_second_before_the_finding(
    make_app, qtbot, tmp_path, monkeypatch
):
    port = file_mic(["angry-good-t1"], 8.0, tmp_path)
    ctx, window, controller = make_app(port=port, speech=MisheardSpeech(port))
    played = spy_backend(monkeypatch, ctx)
    start(qtbot, window, "angry-caller")
    press(qtbot, window, KEYS["space"])
    wait_phase(qtbot, window, "feedback")
    record = shown(window)
    (note,) = [v for v in record.result.violations if v.severity == NOT_COUNTED]
    assert note.heard_at == pytest.approx(2.0)  # 好 is the 11th character, one every 0.2 s
    (button,) = listen_buttons(window.call.feedback)
    assert button.isEnabled() and "0:02.0" in button.text() and "0:01.0" in button.toolTip()
    assert record.recording
    played.clear()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert played == [(str(record.recording), pytest.approx(1.0))]


def test_the_same_words_typed_are_charged(make_app, qtbot):
    from simulator.app.services.audio_ports import NullPort

    ctx, window, _ = make_app(port=NullPort())
    start(qtbot, window, "angry-caller")
    press(qtbot, window, KEYS["space"])
    type_reply(qtbot, window, HEARD)
    wait_phase(qtbot, window, "feedback")
    res = shown(window).result
    assert any(v.text == "好像" and v.severity == "fail" for v in res.violations)
    assert not any("听作·不计分" in t for t in _texts(window))
