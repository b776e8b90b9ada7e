"""Fixtures for the app tests: the real catalog and grader, a fake microphone that plays real
reply recordings, a scripted speech service, and the synchronous task runner."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from simulator.app.main import build  # noqa: E402
from simulator.app.services.device_port import DevicePort  # noqa: E402
from simulator.app.services.settings import SettingsStore  # noqa: E402
from simulator.app.tasks import SyncTaskRunner  # noqa: E402
from simulator.audio.fake import FileAudioBackend  # noqa: E402
from simulator.services import Session  # noqa: E402
from tests.app.fakes import FileSpeech, reply  # noqa: E402


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("SIMULATOR_DATA_DIR", str(tmp_path / "base"))


_ANONYMOUS = Session.anonymous()  # the seat's pre-accounts practice; None: sign in first
_CALLS: dict = {}  # window → its call controller (the call's phase lives there, not in a widget)


def phase(window) -> str:
    """The phase of the call the window shows (``simulator.core.call``)."""
    return _CALLS[window].phase


@pytest.fixture
def make_app(qtbot, tmp_path):
    """make_app(replies=[...], speech=None, port=None, runner=None, session=…) -> (ctx, window,
    controller). ``session``: who the app runs as (default: the anonymous seat user, as
    before accounts); ``None``: the app asks who is there, as it does for real."""
    made = []

    def make(
        replies=(),
        speech=None,
        port=None,
        runner=None,
        auto_continue=0.0,
        speed=8.0,
        language=None,
        session=_ANONYMOUS,
        wait_catalog=True,
    ):
        store = SettingsStore(tmp_path / "base")
        settings = store.load()
        settings.auto_next_s = auto_continue
        if language:
            settings.language = language
        store.save(settings)
        if port is None:
            port = file_mic(replies, speed, tmp_path)
        if speech is None:
            speech = FileSpeech(port)
        ctx, window, controller = build(
            runner=runner or SyncTaskRunner(),
            port=port,
            speech=speech,
            data_dir=tmp_path / "data",
            settings_store=store,
            session=session,
        )
        ctx.audio.missing_audio_ms = 20
        ctx.audio.reading_ms_per_char = 0
        qtbot.addWidget(window)
        with qtbot.waitActive(window, timeout=5000):
            window.show()
            window.activateWindow()
        _CALLS[window] = controller.call
        controller.start()
        if wait_catalog:
            qtbot.waitUntil(lambda: ctx.catalog is not None, timeout=10000)
        made.append(controller)
        return ctx, window, controller

    yield make
    for controller in made:
        controller.shutdown()
        _CALLS.pop(controller.window, None)


def file_mic(replies, speed: float, tmp_path) -> DevicePort:
    """The fake microphone: the audio package's FileAudioBackend streaming reply files."""
    backend = FileAudioBackend(speed=speed, trailing_silence_s=2.0)
    return DevicePort(
        backend, sources=[reply(n) for n in replies], recordings_dir=tmp_path / "takes"
    )


def press(qtbot, window, key) -> None:
    """A key press as the user makes it: to the focused widget of the active window."""
    target = window.focusWidget() or window
    qtbot.keyClick(target, key)


def wait_phase(qtbot, window, phase: str, timeout: int = 20000) -> None:
    calls = _CALLS[window]
    qtbot.waitUntil(lambda: calls.phase == phase, timeout=timeout)


KEYS = {
    "space": Qt.Key.Key_Space,
    "n": Qt.Key.Key_N,
    "r": Qt.Key.Key_R,
    "esc": Qt.Key.Key_Escape,
    "enter": Qt.Key.Key_Return,
    "c": Qt.Key.Key_C,
}


def shown(window):
    """The ``TurnRecord`` the call screen's feedback panel shows."""
    return window.call.feedback.record


def banner_text(window, name: str) -> str:
    return window.banners[name].text.text()


def history(ctx):
    """The signed-in trainee's attempts (``AttemptRecord``), newest first."""
    return ctx.services.practice.history(ctx.session)


def turns(ctx, attempt_id: str, include_superseded: bool = False):
    """An attempt's ``TurnRecord``s."""
    return ctx.services.practice.store.attempt_turns(attempt_id, include_superseded)


def turn_rows(ctx, attempt_id: str) -> list[dict]:
    """An attempt's stored turn rows as they are in the database (sha256 and all)."""
    return ctx.services.db.query(
        "SELECT * FROM turns WHERE attempt_id=? AND superseded=0 ORDER BY seq", [attempt_id]
    )
