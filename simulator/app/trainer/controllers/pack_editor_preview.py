"""The editor's preview: plays a scenario's caller lines as a trainee hears them, one after
the other, through the app's audio service (a line without audio is shown for its reading
time, as the call screen does)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from simulator.app.context import AppContext
from simulator.app.i18n import pick
from simulator.app.trainer.controllers.pack_editor_common import audio_path, next_token
from simulator.app.trainer.pack_editor_draft import Draft, heard_lines


class PreviewController(QObject):
    def __init__(self, ctx: AppContext, view, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.view = view
        self.lines: list = []
        self.paths: list = []
        self.index: int | None = None
        self.token = 0
        self.pack_id = ""
        view.play.connect(self.play)
        view.stop.connect(self.stop)
        ctx.audio.playback_done.connect(self._done)

    def show_scenario(self, draft: Draft, si: int) -> None:
        scenarios = draft.data.get("scenarios") or []
        if self.index is not None:
            self.stop()
        if not 0 <= si < len(scenarios):
            self.view.set_lines("", [], [])
            return
        sc = scenarios[si]
        self.pack_id = draft.pack_id
        self.lines = heard_lines(sc)
        catalog = self.ctx.services.packs.catalog
        self.paths = [audio_path(catalog, draft.pack_id, line.audio) for line in self.lines]
        title = f"{sc.get('id', '')} · {pick(sc.get('title', ''), sc.get('title_en'))}"
        self.view.set_lines(title, self.lines, [p is not None for p in self.paths])

    def play(self) -> None:
        self.stop()
        if self.lines:
            self._play(0)

    def _play(self, i: int) -> None:
        self.index = i
        self.token = token = next_token()
        self.view.set_playing(i)
        path = self.paths[i]
        if path is not None:
            self.ctx.audio.play(path, token)
        else:  # shown as text for its reading time, as in a call
            ms = max(self.ctx.audio.missing_audio_ms,
                     len(self.lines[i].text) * self.ctx.audio.reading_ms_per_char)  # fmt: skip
            QTimer.singleShot(ms, lambda: self._done(token))

    def _done(self, token: int) -> None:
        if token != self.token or self.index is None:
            return
        if self.index + 1 < len(self.lines):
            self._play(self.index + 1)
        else:
            self.index = None
            self.view.set_playing(None)

    def stop(self) -> None:
        if self.index is not None:
            self.ctx.audio.stop_playback()
        self.index = None
        self.token = 0
        self.view.set_playing(None)
