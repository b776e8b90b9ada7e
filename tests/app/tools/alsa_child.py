"""Child process for the real-device test: HOME holds an .asoundrc whose default capture
device reads a reply file (simulator.audio.virtual_mic). The app runs with its default audio
port (PortAudio), answers the angry caller and prints a JSON report of the first turn.

    HOME=FOLDER python tests/app/tools/alsa_child.py DATA_DIR
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class FixedSpeech:
    def load(self, progress=lambda v: None, cancel=None) -> str:
        return "fixed"

    def hear(self, audio, caller_end_s=None, checkpoint=None):
        from simulator.app.services.speech import Heard

        return Heard(
            "非常抱歉，您的心情我非常理解，我马上帮您处理，好吗？",
            None,
            {"samples": float(len(audio))},
        )


def main() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from simulator.app.main import build
    from simulator.app.services.settings import SettingsStore
    from simulator.services import Session

    data = Path(sys.argv[1])
    app = QApplication([])
    store = SettingsStore(data / "base")
    ctx, window, ctl = build(
        session=Session.anonymous(),
        speech=FixedSpeech(),
        data_dir=data / "data",
        settings_store=store,
    )
    ctx.audio.missing_audio_ms = 10
    window.show()
    ctl.start()
    report: dict = {}

    def tick() -> None:
        if "started" not in report and ctx.catalog is not None and ctx.model_state == "ready":
            report["started"] = True
            report["audio_reason"] = ctx.audio_reason
            report["devices"] = ctx.audio.input_devices()
            if ctx.audio_reason is not None:
                app.quit()
                return
            ctl.start_call("angry-caller")
            ctl.call.answer()
        elif ctl.call.phase == "feedback" and ctx.services.practice.history(ctx.session):
            record = ctl.call.call.record
            attempt = ctx.services.practice.history(ctx.session)[0]
            rows = ctx.services.db.query("SELECT * FROM turns WHERE attempt_id=?", [attempt.id])
            report.update(
                mode=record.mode,
                passed=record.passed,
                recording=rows[0]["recording"] if rows else None,
                samples=record.heard_timings.get("samples"),
            )
            app.quit()

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(50)
    QTimer.singleShot(60000, app.quit)
    app.exec()
    ctl.shutdown()
    print(json.dumps(report, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
