"""The start-up every screenshot tool shares: its command line (``OUT``, ``--size``, ``--lang``
and the tool's own options), a throwaway folder (``base/`` for the settings file, ``data/`` for
the app's data unless the tool names another), the QApplication with the theme, the settings
file in the chosen language, the window built, sized and shown; and the screenshot itself,
named as docs/screenshots/ names them (``NAME-zh.png``)."""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

NO_MIC = "PortAudio: no input device found"


@dataclass
class Launch:
    """One tool's run: its options, where the shots go, its throwaway folder, the QApplication."""

    args: argparse.Namespace
    out: Path
    tmp: Path
    app: object

    @property
    def lang(self) -> str:
        return self.args.lang

    @property
    def en(self) -> bool:
        return self.args.lang == "en"

    @property
    def data(self) -> Path:
        """The app's data folder (``start`` builds the app on it unless told another)."""
        return self.tmp / "data"

    def start(
        self,
        *,
        port=None,
        speech=None,
        data_dir: Path | None = None,
        settings: dict | None = None,
        before_show: Callable[[object], None] | None = None,
        **build_kwargs,
    ):
        """The app built and shown: settings in the tool's language (and ``settings``' values),
        no microphone unless ``port`` is given, file speech unless ``speech`` is;
        ``before_show(ctx)`` runs between building and showing. ``(ctx, window, ctl)``."""
        from simulator.app.main import build
        from simulator.app.services.audio_ports import NullPort
        from simulator.app.services.settings import SettingsStore
        from tests.app.fakes import FileSpeech

        store = SettingsStore(self.tmp / "base")
        values = store.load()
        values.language = self.lang
        for name, value in (settings or {}).items():
            setattr(values, name, value)
        store.save(values)
        if port is None:
            port = NullPort()
            port.reason = NO_MIC
        ctx, window, ctl = build(
            port=port,
            speech=speech if speech is not None else FileSpeech(port),
            data_dir=data_dir or self.data,
            settings_store=store,
            **build_kwargs,
        )
        if before_show is not None:
            before_show(ctx)
        w, h = (int(x) for x in self.args.size.split("x"))
        window.fit_to_screen(w, h)
        window.move(0, 0)
        window.show()
        window.activateWindow()
        ctl.start()
        return ctx, window, ctl

    def shot(self, name: str) -> Path:
        """The whole screen as ``OUT/NAME-LANG.png``."""
        return self.grab(self.out / f"{name}-{self.lang}.png")

    def grab(self, path: Path, timeout: float = 30) -> Path:
        try:
            subprocess.run(["import", "-window", "root", str(path)], check=True, timeout=timeout)
            print("shot", path, flush=True)
        except subprocess.TimeoutExpired:
            print("import timed out", path, flush=True)
        return path


def launch(prefix: str, options: Callable[[argparse.ArgumentParser], None] | None = None) -> Launch:
    """Parse the command line, make the shots' folder and a throwaway one (``prefix``), point
    the app's base folder there and start the themed QApplication (before any tests' helper
    is imported: some set QT_QPA_PLATFORM=offscreen)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--size", default="1280x800")
    ap.add_argument("--lang", default="zh")
    if options is not None:
        options(ap)
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ.setdefault("SIMULATOR_DATA_DIR", str(tmp / "base"))

    from PySide6.QtWidgets import QApplication

    from simulator.app import theme

    app = QApplication.instance() or QApplication(["simulator"])
    theme.apply(app)
    return Launch(args, out, tmp, app)
