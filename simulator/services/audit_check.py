"""Checking the audit log: the hash chain, plus the heads that sealed results signed.

A forger who rewrote the whole chain consistently is caught by the sealed results: each carries
the chain head at its sealing, signed with the centre's key; a result whose stored detail or
signature no longer checks out is named too.
"""

from __future__ import annotations

from simulator.services.exam_grading import ExamGrading
from simulator.services.session import Guard, Session
from simulator.store.audit import AuditLog, VerifyReport
from simulator.store.keys import CentreKeys


class AuditService:
    def __init__(self, audit: AuditLog, guard: Guard, grading: ExamGrading, keys: CentreKeys):
        self.audit = audit
        self.guard = guard
        self.grading = grading
        self.keys = keys

    def check(self) -> VerifyReport:
        """The whole check, without a session (the CLI runs it before signing in, so that its
        own sign-in entry cannot paper over a truncated chain)."""
        anchors, problems = [], []
        if self.grading.store.result_rows():
            anchors, problems = self.grading.check_sealed(self.keys.public_key())
        if problems:
            return VerifyReport(False, 0, problems[0])
        return self.audit.verify(anchors=anchors)

    def verify(self, session: Session) -> VerifyReport:
        self.guard.require(session, "audit.verify")
        return self.check()
