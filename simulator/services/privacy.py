"""Privacy of voice recordings (PIPL style).

* Consent to keep recordings is asked once per account, stored with its date and the notice's
  version, and revocable (revoking deletes the account's recordings). Without consent no take
  is kept: the practice, quiz, drill and exam services call ``require_consent`` before they
  store one and refuse with ``ConsentRequired`` saying why. (The anonymous user of a seat that
  has no accounts yet is not asked: there is no account to ask.)
* A retention period (days, set by an admin): ``apply_retention(now)`` — run by the app at
  start-up and daily — deletes older recordings; transcripts and scores stay and the turn row
  says its recording was deleted and why.
* A trainee deletes their own recordings; an admin (``recordings.delete_any``) an account's.

Recordings an exam still needs (not yet sealed) are never deleted. Every deletion is written
to ``recording_deletions`` and to the audit log.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from simulator.core.assignments import iso
from simulator.services.errors import ConsentRequired, ServiceError
from simulator.services.session import Guard, Session
from simulator.store.db import Database
from simulator.store.privacy import ConsentRecord, PrivacyStore, StoredRecording
from simulator.store.recordings import RecordingStore

NOTICE_VERSION = "2026-12"
NOTICE = (
    "练习和考试时，本机会保存您的答题录音，仅用于评分、复核和您本人回听；录音保存在本机数据文件夹，"
    "保存期限由培训中心设定，到期自动删除，转写文字和成绩保留。您可以随时撤回同意并删除自己的录音。",
    "While you practise and take exams this computer keeps recordings of your replies, only for "
    "grading, review by a trainer and for you to listen to; they stay in this computer's data "
    "folder for the period the centre sets and are then deleted (transcripts and scores stay). "
    "You can withdraw your consent and delete your recordings at any time.",
)
RETENTION_KEY = "recordings.retention_days"
SYSTEM = {"actor_id": None, "actor_name": "system", "actor_role": ""}


@dataclass(frozen=True)
class ConsentStatus:
    given: bool
    at: str | None  # when it was last given or revoked
    notice: str | None
    history: tuple[ConsentRecord, ...] = ()


@dataclass(frozen=True)
class DeletionReport:
    reason: str
    deleted: tuple[str, ...] = ()  # paths, relative to the data folder
    by_source: dict[str, int] = field(default_factory=dict)
    recovered: tuple[str, ...] = ()  # files under recovered/ deleted by retention

    @property
    def count(self) -> int:
        return len(self.deleted) + len(self.recovered)


class PrivacyService:
    def __init__(
        self,
        db: Database,
        guard: Guard,
        recordings: RecordingStore,
        wall: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        self.db = db
        self.guard = guard
        self.audit = guard.audit
        self.recordings = recordings
        self.store = PrivacyStore(db)
        self.wall = wall

    # ------------------------------------------------------------------ consent
    def notice(self) -> tuple[str, str]:
        """The notice shown when consent is asked (Chinese, English)."""
        return NOTICE

    def consent(self, session: Session, user_id: str | None = None) -> ConsentStatus:
        user_id = user_id or session.user_id
        if user_id != session.user_id:
            self.guard.require(session, "recordings.delete_any", user_id)
        self.guard.require(session, "practice.own")
        if user_id is None:
            return ConsentStatus(True, None, None)
        history = tuple(self.store.consents(user_id))
        last = history[-1] if history else None
        return ConsentStatus(
            last is not None and last.action == "given", last.at if last else None,
            last.notice if last else None, history,
        )  # fmt: skip

    def give_consent(self, session: Session, notice: str = NOTICE_VERSION) -> ConsentStatus:
        return self._consent(session, "given", notice)

    def revoke_consent(self, session: Session) -> DeletionReport:
        """Withdraw consent: from now on no take is kept, and the recordings kept so far are
        deleted (those an unsealed exam still needs stay until it is sealed)."""
        self._consent(session, "revoked", NOTICE_VERSION)
        return self._delete(session.user_id, "consent_revoked", session)

    def _consent(self, session: Session, action: str, notice: str) -> ConsentStatus:
        self.guard.require(session, "practice.own")
        if session.user_id is None:
            raise ServiceError("请先登录账号", "sign in first: consent belongs to an account")
        with self.db.tx() as conn:
            self.db.insert(conn, "recording_consents",
                           {"user_id": session.user_id, "action": action, "notice": notice,
                            "by_id": session.user_id, "created_at": iso(self.wall())})  # fmt: skip
            self.audit.append(conn, f"consent.{action}", subject=session.user_id,
                              detail={"notice": notice}, **self.guard.actor(session))  # fmt: skip
        return self.consent(session)

    def may_record(self, user_id: str | None) -> bool:
        if user_id is None:  # the anonymous seat user (no accounts yet)
            return True
        last = self.store.consent(user_id)
        return last is not None and last.action == "given"

    def require_consent(self, user_id: str | None) -> None:
        """Before a take is kept: ``ConsentRequired`` (in words) when the account has not
        agreed, or has withdrawn its agreement."""
        if self.may_record(user_id):
            return
        raise ConsentRequired(
            "该账号未同意保存录音，本次录音未保存；请先在“隐私”设置中同意",
            "this account has not agreed to keep voice recordings: the recording was not "
            "kept — agree in the privacy settings first",
        )

    # ------------------------------------------------------------------ retention
    def retention_days(self) -> int | None:
        value = self.store.setting(RETENTION_KEY)
        return int(value) if value else None

    def set_retention(self, session: Session, days: int | None) -> None:
        """How many days recordings are kept (None: until deleted by hand)."""
        self.guard.require(session, "settings.centre", RETENTION_KEY)
        if days is not None and (isinstance(days, bool) or int(days) < 1):
            raise ServiceError("保存期限至少 1 天", "the retention period is at least one day")
        with self.db.tx() as conn:
            self.store.set_setting(conn, RETENTION_KEY, "" if days is None else str(int(days)),
                                   session.user_id)  # fmt: skip
            self.audit.append(conn, "settings.retention", subject=RETENTION_KEY,
                              detail={"days": days}, **self.guard.actor(session))  # fmt: skip

    def apply_retention(self, now: datetime | None = None) -> DeletionReport:
        """Delete the recordings older than the retention period (no session: the app runs it
        at start-up and daily, before anyone signs in); files kept under ``recovered/`` too."""
        days = self.retention_days()
        if days is None:
            return DeletionReport("retention")
        cutoff = (now or self.wall()) - timedelta(days=days)
        report = self._delete(None, "retention", None, before=iso(cutoff))
        recovered = self._expire_recovered(cutoff)
        return DeletionReport(report.reason, report.deleted, report.by_source, recovered)

    def _expire_recovered(self, cutoff: datetime) -> tuple[str, ...]:
        folder = self.recordings.recovered
        if not folder.is_dir():
            return ()
        gone = []
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if datetime.fromtimestamp(path.stat().st_mtime, UTC) < cutoff:
                path.unlink(missing_ok=True)
                gone.append(path.relative_to(self.recordings.data_dir).as_posix())
        if gone:
            with self.db.tx() as conn:
                for rel in gone:
                    self.db.insert(conn, "recording_deletions",
                                   {"source": "recovered", "path": rel, "reason": "retention",
                                    "created_at": iso(self.wall())})  # fmt: skip
                    self.audit.append(conn, "recording.deleted", subject=rel,
                                      detail={"source": "recovered", "reason": "retention"},
                                      **SYSTEM)  # fmt: skip
        return tuple(gone)

    # ------------------------------------------------------------------ deleting
    def delete_my_recordings(self, session: Session) -> DeletionReport:
        self.guard.require(session, "practice.own")
        if session.user_id is None:
            raise ServiceError("请先登录账号", "sign in first")
        return self._delete(session.user_id, "owner", session)

    def delete_recordings_of(self, session: Session, user_id: str) -> DeletionReport:
        """An admin deletes an account's recordings."""
        self.guard.require(session, "recordings.delete_any", user_id)
        return self._delete(user_id, "admin", session)

    def deletions(self, session: Session, user_id: str | None = None) -> list[dict]:
        """The deletions of one's own recordings, or (admin) anyone's / everyone's."""
        if user_id != session.user_id:
            self.guard.require(session, "recordings.delete_any", user_id or "")
        return self.store.deletions(user_id)

    def _delete(
        self, user_id: str | None, reason: str, session: Session | None, before: str | None = None
    ) -> DeletionReport:
        found: list[StoredRecording] = self.store.recordings(user_id, before)
        for rec in found:  # the files first: a failed write below is retried next time
            try:
                self.recordings.absolute(rec.path).unlink(missing_ok=True)
            except IsADirectoryError:
                pass
        who = self.guard.actor(session) if session is not None else SYSTEM
        at = iso(self.wall())
        with self.db.tx() as conn:
            for rec in found:
                self.store.deleted(conn, rec, reason, who["actor_id"], at)
                self.audit.append(conn, "recording.deleted", subject=rec.row_id,
                                  detail={"source": rec.source, "path": rec.path,
                                          "sha256": rec.sha256, "user_id": rec.user_id,
                                          "reason": reason}, **who)  # fmt: skip
        return DeletionReport(
            reason, tuple(r.path for r in found), dict(Counter(r.source for r in found))
        )
