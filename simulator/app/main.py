"""Entry point: ``run_app(argv) -> int`` builds the services, the window and the controllers,
shows the window at once and lets the catalog and the speech model load in the background.

    simulator app [--lang en] [--data-dir DIR] [--fake-mic REPLY.wav ...] [--quit-after MS]

``--fake-mic`` uses real audio files as the microphone (demos, screenshots); ``--quit-after``
closes the window after MS milliseconds (start-up timing). ``build(...)`` is what tests use to
inject a fake audio port, a scripted speech service and the synchronous task runner.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

T0 = time.perf_counter()

log = logging.getLogger("simulator.app")


def _parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="simulator app", description="坐席实训 desktop app")
    p.add_argument("--lang", choices=("zh", "en"))
    p.add_argument("--data-dir", help="data folder (default: SIMULATOR_DATA_DIR or per-user)")
    p.add_argument("--fake-mic", nargs="+", metavar="AUDIO", help="reply files to use as the mic")
    p.add_argument("--fake-speed", type=float, default=1.0)
    p.add_argument("--quit-after", type=int, metavar="MS")
    return p.parse_args(argv)


def default_port():
    """The real sound-device port, or a NullPort saying why there is none."""
    from simulator.app.services.audio_ports import NullPort

    try:
        from simulator.app.services.device_port import DevicePort

        return DevicePort()
    except Exception as exc:  # noqa: BLE001 - no PortAudio, no backend: typed replies
        port = NullPort()
        port.reason = str(exc) or type(exc).__name__
        return port


def build(
    *,
    runner=None,
    port=None,
    speech=None,
    speech_factory=None,
    data_dir: Path | None = None,
    settings_store=None,
    scenarios_root: Path | None = None,
    language: str | None = None,
    session=None,
):
    """Create context, window and controller (not shown, not started).

    Without ``session`` the app asks who is there (the first administrator on a PC without
    accounts, else the sign-in page); with one (tests, scripted tools) it runs as that
    session, ``Session.anonymous()`` being the seat's pre-accounts practice."""
    from simulator.app import i18n
    from simulator.app.context import AppContext
    from simulator.app.services.audio import AudioService
    from simulator.app.services.settings import SettingsStore
    from simulator.app.shell.controllers.app import AppController
    from simulator.app.shell.views.main_window import MainWindow
    from simulator.app.tasks import TaskRunner

    settings_store = settings_store or SettingsStore()
    settings = settings_store.load()
    if language:
        settings.language = language
    i18n.set_language(settings.language)
    from simulator.services import Services

    services = Services.open(Path(data_dir) if data_dir else settings.effective_data_dir())
    if speech is None and speech_factory is None:
        from functools import partial

        from simulator.app.services.speech import WhisperSpeech

        speech_factory = partial(WhisperSpeech, scenarios_root=scenarios_root)
    ctx = AppContext(
        runner=runner or TaskRunner(),
        services=services,
        audio=AudioService(port if port is not None else default_port()),
        speech=speech,
        settings=settings,
        settings_store=settings_store,
        scenarios_root=scenarios_root,
        sign_in_required=session is None,
    )
    if session is not None:
        ctx.session = session
    window = MainWindow()
    controller = AppController(ctx, window, speech_factory=speech_factory)
    return ctx, window, controller


def run_app(argv: list[str] | None = None) -> int:
    """Open the desktop app; returns the exit status."""
    args = _parse(list(argv or []))
    logging.basicConfig(level=os.environ.get("SIMULATOR_LOG", "WARNING"))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from simulator.app import theme

    app = QApplication.instance() or QApplication(["simulator"])
    app.setApplicationName("simulator")
    app.setApplicationDisplayName("坐席实训")
    theme.apply(app)
    port = None
    if args.fake_mic:
        from simulator.app.services.device_port import DevicePort
        from simulator.audio.fake import FileAudioBackend

        port = DevicePort(
            FileAudioBackend(speed=args.fake_speed), sources=[Path(p) for p in args.fake_mic]
        )
    ctx, window, controller = build(
        port=port, language=args.lang, data_dir=Path(args.data_dir) if args.data_dir else None
    )
    from simulator.app.instance_lock import hold

    lock = hold(ctx.services.data_dir)
    if lock is None:
        from PySide6.QtWidgets import QMessageBox

        from simulator.app.i18n import tr

        message = tr("app.already_running", folder=str(ctx.services.data_dir))
        print(message, file=sys.stderr)
        if not args.quit_after:  # scripted runs must not wait on a dialog
            QMessageBox.warning(None, tr("app.title"), message)
        controller.shutdown()
        return 3
    window.show()
    window.activateWindow()
    shown = time.perf_counter() - T0
    ctx.timings["window_s"] = shown
    QTimer.singleShot(0, controller.start)
    log.info("window shown %.3f s after import", shown)
    if os.environ.get("SIMULATOR_TIMINGS"):
        print("window shown", flush=True)
        controller.model_settled.connect(
            lambda state: print(f"timings: {ctx.timings} model={state}", file=sys.stderr)
        )
    if args.quit_after:
        QTimer.singleShot(args.quit_after, window.close)
    code = app.exec()
    controller.shutdown()
    lock.unlock()
    return code


if __name__ == "__main__":
    sys.exit(run_app(sys.argv[1:]))
