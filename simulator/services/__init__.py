"""The Qt-free service layer: every operation of the product, with its role check, over the
seat's database. The desktop app, the command line and the tests all go through
``Services`` (``Services.open(data_dir)``); nothing above this layer touches SQL."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from simulator.services.accounts import AccountService
from simulator.services.assignments import AssignmentService
from simulator.services.audit_check import AuditService
from simulator.services.calibration import CalibrationService
from simulator.services.certificates import CertificateService
from simulator.services.dashboard import DashboardService
from simulator.services.exam_grading import ExamGrading
from simulator.services.exams import ExamService
from simulator.services.overrides import OverrideService
from simulator.services.packs import PackService
from simulator.services.practice import PracticeService
from simulator.services.privacy import PrivacyService
from simulator.services.proctor_pins import PinService
from simulator.services.quizzes import QuizService
from simulator.services.resources import Resources, Speech
from simulator.services.review import ReviewService
from simulator.services.room import RoomService
from simulator.services.room_attempt import RemoteAttempts
from simulator.services.room_reads import RoomReads
from simulator.services.session import Guard, PermissionDenied, Role, Session
from simulator.store.audit import AuditLog
from simulator.store.db import Database
from simulator.store.exams import ExamStore
from simulator.store.keys import CentreKeys
from simulator.store.practice import PracticeStore
from simulator.store.recordings import RecordingStore


class Services:
    """One seat's services over one data folder.

    ``clock`` is the wall clock (UTC datetimes: lock-outs, retake waits, review due dates);
    ``monotonic`` the exam clock (seconds, never set back). The data (catalog, grader, question
    banks, exam definitions) and the ``speech`` service (a saved reply's path → what was
    heard) are loaded or injected through ``Resources``. Trainers' work goes through
    ``packs``, ``assignments``, ``overrides``, ``calibration`` and ``dashboards``;
    ``privacy`` gates every service that keeps a recording (consent) and deletes them.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        clock: Callable[[], datetime] | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        speech: Speech | None = None,
        catalog=None,
        grader=None,
        banks=None,
        exams=None,
        exams_folder: Path | None = None,
        banks_folder: Path | None = None,
        hasher=None,
    ):
        wall = clock or (lambda: datetime.now(UTC))
        self.data_dir = Path(data_dir)
        self.db = Database(self.data_dir)
        self.recordings = RecordingStore(self.data_dir)
        self.audit = AuditLog(self.db)
        self.guard = Guard(self.audit)
        self.keys = CentreKeys(self.data_dir)
        self.resources = Resources(
            catalog, grader, banks, exams, speech, exams_folder, banks_folder,
            trainer_packs=self.data_dir / "packs",
        )  # fmt: skip
        practice_store = PracticeStore(self.db, self.recordings)
        self.practice = PracticeService(practice_store, self.guard)
        account_options = {"clock": wall} if clock else {}
        if hasher is not None:
            account_options["hasher"] = hasher
        self.accounts = AccountService(self.db, self.guard, practice_store, **account_options)
        self.review = ReviewService(self.db, self.guard, self.recordings, self.resources, wall)
        self.practice.on_turn_failed = self.review.turn_failed
        self.practice.on_replayed_failure = self.review.replayed_turn_failed
        self.quizzes = QuizService(
            self.db, self.guard, self.recordings, self.resources, self.review, wall
        )
        self.grading = ExamGrading(self.db, self.guard, self.recordings, self.resources, self.keys)
        self.pins = PinService(self.db, self.guard, ExamStore(self.db), wall)
        self.exams = ExamService(
            self.db, self.guard, self.recordings, self.resources, self.grading, self.pins,
            clock=monotonic, wall=wall,
        )  # fmt: skip
        self.certificates = CertificateService(self.db, self.guard, self.keys, self.data_dir)
        self.audit_check = AuditService(self.audit, self.guard, self.grading, self.keys)
        self.packs = PackService(self.db, self.guard, self.resources, self.data_dir)
        self.assignments = AssignmentService(self.db, self.guard, self.resources, wall)
        self.overrides = OverrideService(self.db, self.guard, self.practice, self.resources)
        self.calibration = CalibrationService(self.db, self.guard, self.recordings)
        self.dashboards = DashboardService(
            self.db, self.guard, self.resources, self.practice, self.assignments
        )
        self.privacy = PrivacyService(self.db, self.guard, self.recordings, wall)
        for keeps_takes in (self.practice, self.exams, self.quizzes, self.review):
            keeps_takes.consent_gate = self.privacy.require_consent
        practice_store.may_keep = self.privacy.may_record  # practice replayed at start-up
        self.room = RoomService(self)
        self.room_reads = RoomReads(self)  # trainers' reads: the whole centre, or this seat
        self.remote_attempts = RemoteAttempts(self)  # another seat's attempt, reviewed here
        self.accounts.remote = self.room

    @classmethod
    def open(cls, data_dir: Path, **options) -> Services:
        return cls(data_dir, **options)

    def close(self) -> None:
        self.db.close()


__all__ = ["PermissionDenied", "Role", "Services", "Session"]
