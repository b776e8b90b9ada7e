"""A caller line's audio in the editor: record a take with the trainer's own voice through
the app's audio service, show its waveform and length, trim its start and end, hear it back,
save it into the pack (``services.packs.attach_audio``, on the db lane); or render the line
with the TTS authoring tool when it is installed (else the button says why not)."""

from __future__ import annotations

import importlib.util
import logging
import tempfile
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Signal

from simulator.app.context import AppContext
from simulator.app.trainer.controllers.pack_editor_common import audio_path, next_token, said
from simulator.app.trainer.pack_editor_draft import Draft, get

log = logging.getLogger(__name__)
MARGIN_S = 0.15  # kept around the speech in the first trim
MAX_TAKE_S = 60.0
COLUMNS = 400  # the waveform's resolution


def tts_unavailable() -> str | None:
    """None when the authoring tool can render a line, else the string id of the reason."""
    if importlib.util.find_spec("pedalboard") is None:
        return "ed.tts_no_extra"
    try:
        from simulator.authoring.render import DEFAULT_TTS_PYTHON
    except ImportError:
        return "ed.tts_no_extra"
    return None if Path(DEFAULT_TTS_PYTHON).is_file() else "ed.tts_no_env"


def envelope(samples: np.ndarray, columns: int = COLUMNS) -> list[float]:
    if samples.size == 0:
        return []
    chunks = np.array_split(np.abs(samples), min(columns, samples.size))
    peaks = np.array([c.max() for c in chunks])
    top = float(peaks.max()) or 1.0
    return [float(v) / top for v in peaks]


class CallerAudioController(QObject):
    changed = Signal()  # audio written into a pack

    def __init__(self, ctx: AppContext, view, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.view = view
        self.draft: Draft | None = None
        self.node: tuple | None = None
        self.samples: np.ndarray | None = None
        self.rate = 16000
        self.trim = (0.0, 0.0)
        self.token = 0  # the take recording now
        self.play_token = 0
        self._tmp = tempfile.TemporaryDirectory(prefix="simulator-caller-line-")
        view.record.connect(self.record)
        view.stop.connect(self.stop_recording)
        view.hear_take.connect(self.hear_take)
        view.save_take.connect(self.save_take)
        view.play_current.connect(self.play_current)
        view.render.connect(self.render)
        view.trim_changed.connect(self.set_trim)
        audio = ctx.audio
        audio.level.connect(lambda t, v: self.view.set_level(v) if t == self.token else None)
        audio.take_ready.connect(self._take_ready)
        audio.take_failed.connect(self._take_failed)
        view.set_tts(tts_unavailable())

    # ------------------------------------------------------------------ the line
    def _turn(self) -> dict | None:
        if self.draft is None or self.node is None:
            return None
        _kind, si, ti = self.node
        return get(self.draft.data, f"scenarios[{si}].turns[{ti}]")

    def show_turn(self, draft: Draft, node: tuple | None) -> None:
        if node != self.node or draft is not self.draft:
            self.stop_all()
            self.samples = None
            self.view.clear_take()
        self.draft, self.node = draft, node
        turn = self._turn()
        if turn is None:
            return
        ref = (turn.get("caller") or {}).get("audio")
        path = audio_path(self.ctx.services.packs.catalog, draft.pack_id, ref)
        recorded = bool((turn.get("caller") or {}).get("recorded"))
        self.view.set_line(ref, recorded, path is not None, draft.editable)

    def _saved_turn(self) -> tuple[str, int] | None:
        """(scenario id, turn id) when this turn is saved as it is in the draft (its audio
        goes into the saved pack); None: it must be saved first."""
        turn, (_k, si, ti) = self._turn(), self.node
        saved = get(self.draft.saved, f"scenarios[{si}].turns[{ti}]")
        sid = get(self.draft.data, f"scenarios[{si}].id")
        if saved is None or get(self.draft.saved, f"scenarios[{si}].id") != sid:
            return None
        if saved.get("id") != turn.get("id") or saved.get("caller", {}).get("text") != turn.get(
            "caller", {}
        ).get("text"):
            return None
        return sid, turn.get("id")

    def play_current(self) -> None:
        turn = self._turn()
        ref = (turn or {}).get("caller", {}).get("audio")
        path = audio_path(self.ctx.services.packs.catalog, self.draft.pack_id, ref)
        if path is not None:
            self.ctx.audio.stop_playback()
            self.play_token = next_token()
            self.ctx.audio.play(path, self.play_token)

    # ------------------------------------------------------------------ a take
    def record(self) -> None:
        if self._turn() is None or not self.draft.editable:
            return
        if self._saved_turn() is None:
            self.view.show_note("error", "ed.audio_save_first")
            return
        self.ctx.audio.stop_playback()
        self.token = token = next_token()
        self.samples = None
        self.view.clear_take()
        self.view.set_recording(True)
        self.view.show_note("info", "ed.recording")
        path = Path(self._tmp.name) / f"take-{token}.wav"
        self.ctx.audio.start_take(token, max_s=MAX_TAKE_S, path=path)

    def stop_recording(self) -> None:
        if self.token:
            self.ctx.audio.end_take()

    def _take_failed(self, token: int, msg: str) -> None:
        if token != self.token:
            return
        self.token = 0
        self.ctx.audio.take_finished()
        self.view.set_recording(False)
        log.warning("recording a caller line failed: %s", msg)
        self.view.show_note("error", "ed.take_failed", msg=msg)

    def _take_ready(self, token: int, take) -> None:
        if token != self.token:
            return
        self.token = 0
        self.ctx.audio.take_finished()
        self.view.set_recording(False)
        if take.path is not None:
            Path(take.path).unlink(missing_ok=True)  # the samples are kept here until saved
        if take.error:
            self.view.show_note("error", "ed.take_failed", msg=take.error)
            return
        samples = np.asarray(take.audio, dtype=np.float32)
        if samples.size == 0 or take.speech_start_s is None:
            self.view.show_note("error", "ed.take_silent")
            return
        self.samples, self.rate = samples, take.sample_rate
        duration = samples.size / self.rate
        start = max(0.0, (take.speech_start_s or 0.0) - MARGIN_S)
        end = min(duration, (take.speech_end_s or duration) + MARGIN_S)
        self.trim = (start, end if end > start else duration)
        self.view.set_take(envelope(samples), duration, *self.trim)
        self.view.show_note("info", "ed.take_ready")

    @property
    def duration(self) -> float:
        return 0.0 if self.samples is None else self.samples.size / self.rate

    def set_trim(self, start: float, end: float) -> None:
        if self.samples is None:
            return
        start = min(max(0.0, start), self.duration)
        end = min(max(start, end), self.duration)
        self.trim = (start, end)
        self.view.set_take(envelope(self.samples), self.duration, start, end)

    def kept(self) -> np.ndarray:
        start, end = (int(round(t * self.rate)) for t in self.trim)
        return self.samples[start:end]

    def _wav(self) -> bytes:
        from simulator.audio.levels import to_int16
        from simulator.audio.recorder import wav_bytes

        return wav_bytes(to_int16(self.kept()), self.rate)

    def hear_take(self) -> None:
        if self.samples is None or self.kept().size == 0:
            return
        path = Path(self._tmp.name) / "hear.wav"
        path.write_bytes(self._wav())
        self.ctx.audio.stop_playback()
        self.play_token = next_token()
        self.ctx.audio.play(path, self.play_token)

    def save_take(self) -> None:
        if self.samples is None:
            return
        if self.kept().size < int(0.2 * self.rate):
            self.view.show_note("error", "ed.take_too_short")
            return
        data, pack_id = self._wav(), self.draft.pack_id
        self._attach(lambda packs, who, sid, tid: packs.attach_audio(who, pack_id, sid, tid, data))

    def render(self) -> None:
        self._attach(
            lambda packs, who, sid, tid: packs.render_audio(who, self.draft.pack_id, sid, tid)
        )

    def _attach(self, work) -> None:
        if self._turn() is None or not self.draft.editable:
            return
        saved = self._saved_turn()
        if saved is None:
            self.view.show_note("error", "ed.audio_save_first")
            return
        sid, tid = saved
        packs, who, draft = self.ctx.services.packs, self.ctx.session, self.draft

        def done(attached) -> None:
            draft.set_audio(sid, tid, attached.ref, attached.source == "recorded")
            self.samples = None
            self.view.clear_take()
            self.show_turn(draft, self.node)
            self.view.show_note("done", "ed.audio_saved", ref=attached.ref, s=attached.duration_s)
            self.changed.emit()

        def failed(exc: BaseException) -> None:
            self.view.show_note("error", "ed.audio_failed", msg=said(exc))

        self.view.show_note("info", "ed.audio_working")
        self.ctx.runner.run("db", lambda: work(packs, who, sid, tid), done, failed,
                            name="caller_audio")  # fmt: skip

    def stop_all(self) -> None:
        if self.token:
            self.ctx.audio.cancel_take()
            self.token = 0
            self.view.set_recording(False)
        if self.play_token:
            self.ctx.audio.stop_playback()
            self.play_token = 0
