"""Local accounts: the ``users`` table (the password hash is made and checked by
``simulator.services.accounts``; this module only stores it)."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.store.db import Database


@dataclass(frozen=True)
class UserRecord:
    id: str
    username: str
    display_name: str
    role: str
    password_hash: str
    failed_logins: int
    locked_until: str | None
    disabled: bool
    last_login_at: str | None
    created_at: str

    @classmethod
    def from_row(cls, row: dict) -> UserRecord:
        return cls(
            id=row["id"],
            username=row["username"],
            display_name=row["display_name"],
            role=row["role"],
            password_hash=row["password_hash"],
            failed_logins=int(row["failed_logins"] or 0),
            locked_until=row["locked_until"],
            disabled=bool(row["disabled"]),
            last_login_at=row["last_login_at"],
            created_at=row["created_at"],
        )


class AccountStore:
    def __init__(self, db: Database):
        self.db = db

    def by_username(self, username: str) -> UserRecord | None:
        row = self.db.one("SELECT * FROM users WHERE username=? COLLATE NOCASE", [username])
        return UserRecord.from_row(row) if row else None

    def by_id(self, user_id: str) -> UserRecord | None:
        row = self.db.one("SELECT * FROM users WHERE id=?", [user_id])
        return UserRecord.from_row(row) if row else None

    def all(self) -> list[UserRecord]:
        return [
            UserRecord.from_row(r)
            for r in self.db.query("SELECT * FROM users ORDER BY role, username")
        ]

    def count(self, role: str | None = None) -> int:
        if role is None:
            return int(self.db.scalar("SELECT COUNT(*) FROM users") or 0)
        return int(self.db.scalar("SELECT COUNT(*) FROM users WHERE role=?", [role]) or 0)
