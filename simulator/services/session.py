"""Who is acting: the signed-in ``Session``, the four roles, and what each role may do.

Every service method takes the acting session first and checks it with ``Guard.require``
before doing anything; a refusal raises ``PermissionDenied`` and is written to the audit log, so
calling a proctor or admin operation from a trainee session fails the same way from the app,
the command line or a test.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from simulator.store.audit import AuditLog


class Role(StrEnum):
    TRAINEE = "trainee"
    TRAINER = "trainer"
    PROCTOR = "proctor"
    ADMIN = "admin"


ROLE_TITLES = {
    Role.TRAINEE: ("学员", "Trainee"),
    Role.TRAINER: ("培训师", "Trainer"),
    Role.PROCTOR: ("监考员", "Proctor"),
    Role.ADMIN: ("管理员", "Administrator"),
}

_ALL = frozenset(Role)
_STAFF = frozenset({Role.TRAINER, Role.ADMIN})
_PROCTORS = frozenset({Role.PROCTOR, Role.ADMIN})

# Operation → roles allowed. Services name the operation they are about to do.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "practice.own": _ALL,  # practise, see one's own history, quizzes, self-assessment
    "practice.view_others": _STAFF | {Role.PROCTOR},
    "accounts.manage": frozenset({Role.ADMIN}),
    "history.assign_unowned": frozenset({Role.ADMIN}),
    "audit.verify": _PROCTORS,
    "exam.proctor": _PROCTORS,  # authorise, pause, add time, terminate, resume after a crash
    "exam.results": _PROCTORS,
    "exam.rerate": _PROCTORS | {Role.TRAINER},
    "certificate.issue": _PROCTORS,
    "packs.author": _STAFF,
    "packs.assign": _STAFF,
    "review.override": _STAFF,
    "team.dashboard": _STAFF,
    "recordings.delete_any": frozenset({Role.ADMIN}),
    "settings.centre": frozenset({Role.ADMIN}),
}


@dataclass(frozen=True)
class Session:
    """The person at the keyboard. ``user_id`` None is the anonymous local trainee of a seat
    that has no accounts yet (practice only)."""

    user_id: str | None
    username: str
    display_name: str
    role: Role

    @classmethod
    def anonymous(cls) -> Session:
        return cls(None, "", "", Role.TRAINEE)

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None

    def may(self, operation: str) -> bool:
        allowed = PERMISSIONS.get(operation)
        if allowed is None:
            raise KeyError(f"unknown operation {operation!r}")
        return self.role in allowed and (not self.is_anonymous or operation == "practice.own")


class PermissionDenied(Exception):
    """The session may not do this; ``str()`` says who and what, for the user and the log."""


class Guard:
    """Checks sessions against ``PERMISSIONS`` and audits every refusal."""

    def __init__(self, audit: AuditLog):
        self.audit = audit

    def require(self, session: Session, operation: str, subject: str = "") -> None:
        if session.may(operation):
            return
        self.audit.record(
            "permission.denied",
            actor_id=session.user_id,
            actor_name=session.username,
            actor_role=session.role.value,
            subject=subject,
            detail={"operation": operation},
        )
        who = session.username or "anonymous"
        zh_who = session.username or "未登录用户"
        role_zh = ROLE_TITLES[session.role][0]
        # "中文 / English" like every service message: the app shows the UI language's half
        raise PermissionDenied(
            f"{zh_who}（{role_zh}）无权进行此操作（{operation}） / "
            f"{who} ({session.role.value}) may not do {operation}"
            + (f" on {subject}" if subject else "")
        )

    def actor(self, session: Session) -> dict:
        """The audit fields for an entry made by ``session``."""
        return {
            "actor_id": session.user_id,
            "actor_name": session.username,
            "actor_role": session.role.value,
        }
