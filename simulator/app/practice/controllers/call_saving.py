"""The call controller's saving: a graded turn queued for the database with its take, the
writes flushed on the db lane, failures shown (on the call screen, or on the error banner for an
earlier call), the save state of the turn on screen. A part of
:class:`simulator.app.practice.controllers.call.CallController`, which holds ``ctx``, ``view``,
``saver``, ``session``, ``_shown_record`` and the ``problem`` and ``saves_changed`` signals."""

from __future__ import annotations

from simulator.app.i18n import tr
from simulator.app.practice.controllers.saving import Flushed
from simulator.app.practice.controllers.turns import CallSession


class CallSaving:
    """Saving the turns of the call on screen (mixed into ``CallController``)."""

    def _save_turn(self, s: CallSession, record, take) -> None:
        """Queue the graded turn (and its take) for the database and save it."""
        if take is not None:
            s.call.save_turn(
                record,
                recording=str(take.path) if take.path is not None else None,
                audio=take.audio if take.path is None else None,
                sample_rate=take.sample_rate,
                take_name=s.take_name,
            )
        else:
            s.call.save_turn(record)
        self._show_save_state(s)
        self._flush(s)

    def _flush(self, s: CallSession) -> None:
        self.saver.flush(s)

    def retry_save(self, s: CallSession | None = None) -> None:
        """The trainee asks to save again what could not be saved."""
        s = s or self.session
        if s is not None and not s.call.outbox.clean:
            self._flush(s)
            self._show_save_state(s)

    def _flushed(self, s: CallSession, out: Flushed) -> None:
        if out.failed is not None or out.error:
            what = out.failed.kind if out.failed is not None else "call"
            key = "save.kept" if out.kept else "save.not_kept"
            folder = str(self.ctx.services.data_dir / "pending")
            note = tr(key, folder=folder, msg=out.kept_error)
            said = tr(f"save.failed_{what}", msg=out.error) + note
            if s is not self.session:  # an earlier call, out of sight: the error banner
                self.problem.emit(said)
            elif not s.call.finished:
                self.view.add_line("system", said)
            # else: the summary of this call shows it (and offers the retry)
        self._show_save_state(s)
        self.saves_changed.emit(s)

    def _show_save_state(self, s: CallSession) -> None:
        if s is self.session and self._shown_record is not None:
            self.view.set_save_state(*s.call.outbox.state_of(self._shown_record))
