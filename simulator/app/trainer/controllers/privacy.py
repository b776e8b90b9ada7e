"""Privacy of voice recordings through ``services.privacy`` on the db lane: after someone signs
in, consent is asked once (an account that has never answered gets the dialog; refusing is
kept as a withdrawal, so the question is not asked again); the settings page's privacy section
shows and changes the consent, deletes one's own recordings and (administrators) an account's,
and sets the retention period, which the app applies at start-up and once a day.
Without consent the call's saving keeps no take (``practice.controllers.saving``)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from simulator.app.context import AppContext
from simulator.app.trainer.views.privacy import ConsentDialog
from simulator.services.errors import ServiceError
from simulator.services.session import PermissionDenied

log = logging.getLogger(__name__)


class PrivacyController(QObject):
    problem = Signal(str, str)  # string id, cause: for the error banner

    def __init__(self, ctx: AppContext, window, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.panel = window.privacy
        self.dialog: ConsentDialog | None = None
        p = self.panel
        p.give.connect(lambda: self.decide(True))
        p.withdraw.connect(lambda: self.decide(False))
        p.delete_mine.connect(self.delete_mine)
        p.delete_of.connect(self.delete_of)
        p.set_retention.connect(self.set_retention)
        self._daily = QTimer(self)
        self._daily.setInterval(24 * 3600 * 1000)
        self._daily.timeout.connect(self.apply_retention)

    def start(self) -> None:
        """Recordings past the retention period go now and then once a day."""
        self.apply_retention()
        self._daily.start()

    def stop(self) -> None:
        self._daily.stop()

    def apply_retention(self, now=None) -> None:
        privacy = self.ctx.services.privacy

        def done(report) -> None:
            if report.count:
                log.info("retention: %d recordings deleted", report.count)
                self.refresh()

        self.ctx.runner.run(
            "db", lambda: privacy.apply_retention(now), done,
            lambda exc: self.problem.emit("priv.failed", str(exc) or type(exc).__name__),
            name="retention",
        )  # fmt: skip

    def set_retention(self, days: int) -> None:
        privacy, who = self.ctx.services.privacy, self.ctx.session

        def done(_none) -> None:
            self.panel.show_done("priv.retention_saved" if days else "priv.retention_off",
                                 days=days)  # fmt: skip
            self.apply_retention()

        self._run("set_retention", lambda: privacy.set_retention(who, days or None), done)

    def _run(self, name: str, work, done) -> None:
        self.ctx.runner.run("db", work, done, self._failed, name=name)

    def _failed(self, exc: BaseException) -> None:
        text = str(exc) or type(exc).__name__
        if not isinstance(exc, ServiceError | PermissionDenied):
            log.error("privacy: %s", text)
        self.panel.show_error(text)

    # ------------------------------------------------------------------ asked once
    def signed_in(self) -> None:
        """Ask for consent when this account has never answered."""
        who, privacy = self.ctx.session, self.ctx.services.privacy
        if who.is_anonymous:
            return

        def asked(status) -> None:
            if not status.history and self.ctx.session is who:
                self.ask()

        self.ctx.runner.run(
            "db",
            lambda: privacy.consent(who),
            asked,
            lambda exc: self.problem.emit("priv.failed", str(exc) or type(exc).__name__),
            name="consent",
        )

    def ask(self) -> None:
        self.dialog = dialog = ConsentDialog(self.ctx.services.privacy.notice(), self.window)
        dialog.decided.connect(self.decide)
        dialog.open()

    def decide(self, agreed: bool) -> None:
        privacy, who = self.ctx.services.privacy, self.ctx.session
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

        def done(result) -> None:
            count = getattr(result, "count", 0)
            self.panel.show_done("priv.saved_given" if agreed else "priv.saved_refused", n=count)
            self.refresh()

        work = (lambda: privacy.give_consent(who)) if agreed else (
            lambda: privacy.revoke_consent(who))  # fmt: skip
        self._run("consent_decided", work, done)

    # ------------------------------------------------------------------ the settings section
    def refresh(self) -> None:
        who, s = self.ctx.session, self.ctx.services
        if who.is_anonymous:
            self.panel.set_status(None)
            return

        def load():
            admin = who.may("recordings.delete_any")
            others = [u for u in s.accounts.users(who) if u.id != who.user_id] if admin else []
            retention = (s.privacy.retention_days(), who.may("settings.centre"))
            return s.privacy.consent(who), s.privacy.deletions(who, who.user_id), others, retention

        def loaded(out) -> None:
            status, deletions, others, retention = out
            self.panel.set_retention_days(*retention)
            self.panel.set_status(status)
            self.panel.set_deletions(deletions)
            self.panel.set_accounts(others)

        self._run("privacy", load, loaded)

    def delete_mine(self) -> None:
        privacy, who = self.ctx.services.privacy, self.ctx.session

        def done(report) -> None:
            self.panel.show_done("priv.deleted", n=report.count)
            self.refresh()

        self._run("delete_my_recordings", lambda: privacy.delete_my_recordings(who), done)

    def delete_of(self, user_id: str) -> None:
        privacy, who = self.ctx.services.privacy, self.ctx.session

        def done(report) -> None:
            self.panel.show_done("priv.deleted", n=report.count)
            self.refresh()

        self._run("delete_recordings_of", lambda: privacy.delete_recordings_of(who, user_id),
                  done)  # fmt: skip

    def forget(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()
            self.dialog.deleteLater()
            self.dialog = None
        self.panel.set_status(None)
        self.panel.clear_note()
        self.panel.set_deletions([])
        self.panel.set_accounts([])
        self.panel.set_retention_days(None, False)
