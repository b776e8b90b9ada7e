"""Child process for the kill test: practise one turn, start speaking the next, then wait to
be killed. Prints READY when a turn is saved and the next recording (.part) holds over half a
second of audio.

    python tests/app/tools/kill_child.py DATA_DIR
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from simulator.app.main import build
    from simulator.app.services.device_port import DevicePort
    from simulator.app.services.settings import SettingsStore
    from simulator.audio.fake import FileAudioBackend
    from simulator.services import Session
    from tests.app.fakes import FileSpeech, reply

    data = Path(sys.argv[1])
    app = QApplication([])
    store = SettingsStore(data / "base")
    settings = store.load()
    settings.auto_next_s = 0
    store.save(settings)
    port = DevicePort(
        FileAudioBackend(speed=2.0), sources=[reply("angry-good-t1"), reply("angry-good-t2")]
    )
    ctx, window, ctl = build(
        session=Session.anonymous(),
        port=port,
        speech=FileSpeech(port),
        data_dir=data / "data",
        settings_store=store,
    )
    window.show()
    ctl.start()
    state = {"step": 0}

    def tick() -> None:
        call = ctl.call
        if state["step"] == 0 and ctx.catalog is not None and ctx.model_state == "ready":
            ctl.start_call("angry-caller")
            ctl.call.answer()
            state["step"] = 1
        elif (
            state["step"] == 1
            and call.phase == "feedback"
            and ctx.services.practice.history(ctx.session)
        ):
            ctl.call.next_turn()
            state["step"] = 2
        elif state["step"] == 2 and any(
            p.stat().st_size > 44 + 16000 for p in (data / "data" / "recordings").rglob("*.part")
        ):
            print("READY", flush=True)
            state["step"] = 3

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(50)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
