"""The Qt-free service layer: every operation of the product, with its role check, over the
seat's database. The desktop app, the command line and the tests all go through
``Services`` (``Services.open(data_dir)``); nothing above this layer touches SQL."""

from __future__ import annotations

from pathlib import Path

from simulator.services.accounts import AccountService
from simulator.services.practice import PracticeService
from simulator.services.session import Guard, PermissionDenied, Role, Session
from simulator.store.audit import AuditLog
from simulator.store.db import Database
from simulator.store.practice import PracticeStore
from simulator.store.recordings import RecordingStore


class Services:
    """One seat's services over one data folder."""

    def __init__(self, data_dir: Path, **options):
        self.data_dir = Path(data_dir)
        self.db = Database(self.data_dir)
        self.recordings = RecordingStore(self.data_dir)
        self.audit = AuditLog(self.db)
        self.guard = Guard(self.audit)
        practice_store = PracticeStore(self.db, self.recordings)
        self.practice = PracticeService(practice_store, self.guard)
        self.accounts = AccountService(self.db, self.guard, practice_store, **options)

    @classmethod
    def open(cls, data_dir: Path, **options) -> Services:
        return cls(data_dir, **options)

    def close(self) -> None:
        self.db.close()


__all__ = ["PermissionDenied", "Role", "Services", "Session"]
