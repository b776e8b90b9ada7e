"""Practice calls through the service layer: a session owns its attempts; staff may read
others'. The app's call controller and history, the command line and the tests call this."""

from __future__ import annotations

import logging
from collections.abc import Callable

from simulator.core.records import AttemptRecord, TurnRecord
from simulator.services.errors import ConsentRequired
from simulator.services.session import Guard, PermissionDenied, Session
from simulator.store.pending import PendingCall
from simulator.store.practice import PracticeStore, ReconcileReport
from simulator.store.recordings import SavedRecording

log = logging.getLogger(__name__)


class PracticeService:
    def __init__(self, store: PracticeStore, guard: Guard):
        self.store = store
        self.guard = guard
        # called with (session, scenario id, turn id) when a saved turn failed: the turn joins
        # the trainee's spaced-review queue as a drill (``ReviewService.turn_failed``)
        self.on_turn_failed: Callable[[Session, str, int], None] | None = None
        # raises ConsentRequired when an account may not keep recordings
        # (``PrivacyService.require_consent``)
        self.consent_gate: Callable[[str | None], None] | None = None
        # the same for a failed turn saved at start-up from ``pending/`` (no session then):
        # called with (user id, scenario id, turn id) (``ReviewService.replayed_turn_failed``)
        self.on_replayed_failure: Callable[[str, str, int], None] | None = None

    @property
    def recordings(self):
        return self.store.recordings

    # ------------------------------------------------------------------ ownership
    def _owned(self, session: Session, attempt_id: str, write: bool = False) -> AttemptRecord:
        attempt = self.store.attempt(attempt_id)
        if attempt is None:
            raise KeyError(f"no attempt {attempt_id}")
        if attempt.user_id == session.user_id:
            return attempt
        if write:  # nobody writes into somebody else's call
            self.guard.audit.record(
                "permission.denied",
                subject=attempt_id,
                detail={"operation": "practice.write_others"},
                **self.guard.actor(session),
            )
            raise PermissionDenied(f"{session.username or 'anonymous'} does not own {attempt_id}")
        self.guard.require(session, "practice.view_others", attempt_id)
        return attempt

    def _owner(self, session: Session, user_id: str | None) -> str | None:
        """Whose history to read: one's own, or (staff) someone else's."""
        if user_id is None or user_id == session.user_id:
            return session.user_id
        self.guard.require(session, "practice.view_others", user_id)
        return user_id

    # ------------------------------------------------------------------ writes
    def start_attempt(
        self,
        session: Session,
        scenario_id: str,
        pack_id: str,
        title: str,
        title_en: str,
        mode: str,
        attempt_id: str | None = None,
    ) -> str:
        """A new attempt of the session's own (``attempt_id``: the id the call made; asking
        again with it is a no-op)."""
        self.guard.require(session, "practice.own", scenario_id)
        if attempt_id:
            existing = self.store.attempt(attempt_id)
            if existing is not None and existing.user_id != session.user_id:
                self._owned(session, attempt_id, write=True)  # refused and audited
        return self.store.start_attempt(
            session.user_id, scenario_id, pack_id, title, title_en, mode, attempt_id=attempt_id
        )

    def record_turn(
        self,
        session: Session,
        attempt_id: str,
        turn: TurnRecord,
        recording: SavedRecording | None = None,
        retry: bool = False,
    ) -> str:
        self._owned(session, attempt_id, write=True)
        if recording is not None and self.consent_gate is not None:
            try:
                self.consent_gate(session.user_id)
            except ConsentRequired:  # no consent: the take is not kept, the turn is not saved
                self.store.recordings.discard(recording.path)
                raise
        new = not self.store.has_turn(turn.id)  # a write saved again is not a second miss
        turn_id = self.store.record_turn(attempt_id, turn, recording, retry)
        failed = new and not turn.passed
        if failed and self.on_turn_failed is not None and session.user_id is not None:
            try:
                self.on_turn_failed(session, turn.result.scenario, turn.result.turn)
            except Exception:  # the turn is saved; a queue problem must not lose it
                log.exception("adding the failed turn to the review queue failed")
        return turn_id

    def finish_attempt(self, session: Session, attempt_id: str, status: str) -> None:
        self._owned(session, attempt_id, write=True)
        self.store.finish_attempt(attempt_id, status)

    def keep_unsaved(self, session: Session, call: PendingCall) -> None:
        """Keep a call's unsaved writes in ``pending/`` (saved at the next start)."""
        self.guard.require(session, "practice.own", call.attempt.get("scenario_id", ""))
        call.attempt["user_id"] = session.user_id
        self.store.keep_pending(call)

    def forget_unsaved(self, session: Session, key: str) -> None:
        """The call's writes are all saved: its ``pending/`` file goes."""
        self.guard.require(session, "practice.own")
        self.store.forget_pending(key)

    # ------------------------------------------------------------------ reads
    def attempt(self, session: Session, attempt_id: str) -> AttemptRecord:
        return self._owned(session, attempt_id)

    def attempt_turns(self, session: Session, attempt_id: str) -> list[TurnRecord]:
        self._owned(session, attempt_id)
        return self.store.attempt_turns(attempt_id)

    def history(self, session: Session, user_id: str | None = None) -> list[AttemptRecord]:
        return self.store.history(self._owner(session, user_id))

    def score_series(self, session: Session, user_id: str | None = None) -> list[AttemptRecord]:
        return self.store.score_series(self._owner(session, user_id))

    def category_counts(
        self, session: Session, user_id: str | None = None
    ) -> list[tuple[str, int]]:
        return self.store.category_counts(self._owner(session, user_id))

    def scenario_stats(self, session: Session) -> dict[str, dict]:
        return self.store.scenario_stats(session.user_id)

    def resume_point(self, session: Session) -> AttemptRecord | None:
        return self.store.resume_point(session.user_id)

    def reconcile(self) -> ReconcileReport:
        """Start-up housekeeping (no session: nobody is signed in yet): saves the practice
        failed writes left in ``pending/`` (as the people who practised), marks recordings
        that are missing or changed, and keeps the files no row points at. A failed turn saved
        from ``pending/`` joins its trainee's review queue, as it would have when practised."""
        report = self.store.reconcile()
        for user_id, scenario_id, turn_id in report.failed_turns:
            if self.on_replayed_failure is None:
                break
            try:
                self.on_replayed_failure(user_id, scenario_id, turn_id)
            except Exception:  # the turn is saved; a queue problem must not stop the start
                log.exception(
                    "adding the failed turn %s#%s to the review queue failed", scenario_id, turn_id
                )
        return report
