"""Practice calls through the service layer: a session owns its attempts; staff may read
others'. The app's call controller and history, the command line and the tests call this."""

from __future__ import annotations

import logging
from collections.abc import Callable

from simulator.core.records import AttemptRecord, TurnRecord
from simulator.services.errors import ConsentRequired
from simulator.services.session import Guard, PermissionDenied, Session
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
        self, session: Session, scenario_id: str, pack_id: str, title: str, title_en: str, mode: str
    ) -> str:
        self.guard.require(session, "practice.own", scenario_id)
        return self.store.start_attempt(
            session.user_id, scenario_id, pack_id, title, title_en, mode
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
        turn_id = self.store.record_turn(attempt_id, turn, recording, retry)
        if not turn.passed and self.on_turn_failed is not None and session.user_id is not None:
            try:
                self.on_turn_failed(session, turn.result.scenario, turn.result.turn)
            except Exception:  # the turn is saved; a queue problem must not lose it
                log.exception("adding the failed turn to the review queue failed")
        return turn_id

    def finish_attempt(self, session: Session, attempt_id: str, status: str) -> None:
        self._owned(session, attempt_id, write=True)
        self.store.finish_attempt(attempt_id, status)

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
        """Start-up housekeeping of the seat's recordings (no session: nobody is signed in
        yet, and it only marks and keeps files)."""
        return self.store.reconcile()
