"""Saving a call: its writes (the attempt, each graded turn with its recording, how it ended)
go to the store in order on the db lane; the first that fails stops the rest, and everything
unsaved is kept in ``<data>/pending/`` until a retry (or the next start) saves it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from simulator.app.context import AppContext
from simulator.app.practice.controllers.turns import CallSession
from simulator.core.call import Write
from simulator.store.pending import PendingCall

log = logging.getLogger(__name__)


class CallSaver(QObject):
    """Runs a call's unsaved writes on the db lane; ``saved`` reports how it went."""

    saved = Signal(object, object)  # CallSession, Flushed

    def __init__(self, ctx: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx

    def flush(self, s: CallSession) -> None:
        """Save the call's unsaved writes (an earlier failure is tried again with them)."""
        s.call.outbox.retrying()
        self.ctx.runner.run(
            "db",
            flush_writes(self.ctx, s),
            lambda out: self.saved.emit(s, out),
            lambda exc: self.saved.emit(s, Flushed(None, _message(exc))),
            name="save_call",
        )


@dataclass(frozen=True)
class Flushed:
    """What a flush of a call's writes came to: all saved, or the write that failed (its
    error), and whether the unsaved writes are kept in ``pending/`` (else why not)."""

    failed: Write | None = None
    error: str = ""
    kept: bool = False
    kept_error: str = ""


def _message(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def flush_writes(ctx: AppContext, session: CallSession) -> Callable[[], Flushed]:
    """Db-lane task: save the call's unsaved writes in order, stopping at the first that
    fails; then keep what is left in ``pending/`` (or, all saved, drop the call's file)."""
    practice, recordings = ctx.services.practice, ctx.recordings
    who = session.who or ctx.session
    call = session.call

    def write(w: Write) -> None:
        if w.kind == "attempt":
            sc = call.scenario
            practice.start_attempt(
                who, sc.id, call.pack_id, sc.title, sc.title_en, call.mode, call.attempt_id
            )
        elif w.kind == "turn":
            saved = None
            if not ctx.services.privacy.may_record(who.user_id):
                # no consent to keep recordings: the turn is saved without its take
                if w.recording is not None:
                    recordings.discard(Path(w.recording))
                w.recording = w.audio = None
            if w.recording is not None:  # moved in place and fsynced first, then the row
                saved = recordings.adopt(Path(w.recording), w.take_name)
                w.recording = str(saved.path)
            elif w.audio is not None:
                saved = recordings.save_wav(w.audio, w.sample_rate, w.take_name)
                w.recording, w.audio = str(saved.path), None
            practice.record_turn(who, call.attempt_id, w.record, saved, w.retry)
        elif w.kind == "finish":
            practice.finish_attempt(who, call.attempt_id, w.status)

    def run() -> Flushed:
        for w in call.outbox.unsaved():
            try:
                write(w)
            except Exception as exc:  # noqa: BLE001 - reported, kept and retried
                msg = _message(exc)
                log.error("call %s: saving the %s failed: %s", call.key, w.kind, msg, exc_info=exc)
                call.outbox.failed(w, msg)
                kept_error = keep()
                return Flushed(w, msg, not kept_error, kept_error)
            call.outbox.saved(w)
        if session.kept:
            try:
                practice.forget_unsaved(who, call.key)
                session.kept = False
            except Exception as exc:  # noqa: BLE001 - a stale file is replayed as a no-op
                log.warning("call %s: removing its pending file failed: %s", call.key, exc)
        return Flushed()

    def keep() -> str:
        """Write the unsaved writes to ``pending/``; "" or why that failed too."""
        writes = []
        for w in call.outbox.unsaved():
            if w.kind == "turn":
                if w.recording is None and w.audio is not None:
                    try:  # the take only in memory: on disk now, if the disk lets us
                        saved = recordings.save_wav(w.audio, w.sample_rate, w.take_name)
                        w.recording, w.audio = str(saved.path), None
                    except Exception as exc:  # noqa: BLE001
                        log.error("call %s: keeping a take failed: %s", call.key, exc)
                rel = _relative(recordings.data_dir, w.recording)
                entry = {"record": w.record.to_dict(), "recording": rel, "retry": w.retry}
                writes.append({"kind": "turn", **entry})
            elif w.kind == "finish":
                writes.append({"kind": "finish", "status": w.status})
            else:
                writes.append({"kind": w.kind})
        sc = call.scenario
        attempt = {
            "id": call.attempt_id,
            "scenario_id": sc.id,
            "pack_id": call.pack_id,
            "title": sc.title,
            "title_en": sc.title_en,
            "mode": call.mode,
            "started_at": session.started_at,
        }
        try:
            practice.keep_unsaved(who, PendingCall(call.key, attempt, writes))
        except Exception as exc:  # noqa: BLE001 - reported with the failure itself
            log.error("call %s: keeping its unsaved practice failed: %s", call.key, exc)
            return _message(exc)
        session.kept = True
        return ""

    return run


def _relative(data_dir: Path, path: str | None) -> str | None:
    if not path:
        return None
    try:
        return Path(path).relative_to(data_dir).as_posix()
    except ValueError:
        return None
