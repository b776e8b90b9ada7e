"""Groups of trainees, their members and the assignments made to trainees or groups.

Rows are edited in place with ``updated_at`` stamped (the training-room sync applies "last edit
wins" by it); nothing is deleted: a member removed is ``active = 0``, an assignment or group
withdrawn is ``archived = 1``.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.store.db import Database


@dataclass(frozen=True)
class Member:
    user_id: str
    username: str
    display_name: str
    active: bool
    updated_at: str


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    description: str
    archived: bool
    members: tuple[Member, ...]
    created_at: str
    updated_at: str

    @property
    def active_members(self) -> tuple[Member, ...]:
        return tuple(m for m in self.members if m.active)


@dataclass(frozen=True)
class Assignment:
    id: str
    pack_id: str
    scenario_id: str | None  # None: the whole pack
    user_id: str | None  # a trainee …
    group_id: str | None  # … or a group
    due_at: str | None
    threshold: int
    min_attempts: int
    note: str
    assigned_by: str | None
    archived: bool
    created_at: str
    updated_at: str

    @classmethod
    def from_row(cls, r: dict) -> Assignment:
        return cls(
            r["id"], r["pack_id"], r["scenario_id"], r["user_id"], r["group_id"], r["due_at"],
            int(r["threshold"]), int(r["min_attempts"]), r["note"], r["assigned_by"],
            bool(r["archived"]), r["created_at"], r["updated_at"],
        )  # fmt: skip


class AssignmentStore:
    def __init__(self, db: Database):
        self.db = db

    # ------------------------------------------------------------------ groups
    def group(self, group_id: str) -> Group | None:
        row = self.db.one("SELECT * FROM groups WHERE id=?", [group_id])
        return self._group(row) if row else None

    def groups(self, include_archived: bool = False) -> list[Group]:
        sql = "SELECT * FROM groups" + ("" if include_archived else " WHERE archived=0")
        return [self._group(r) for r in self.db.query(sql + " ORDER BY name")]

    def _group(self, row: dict) -> Group:
        members = tuple(
            Member(
                m["user_id"], m["username"], m["display_name"], bool(m["active"]), m["updated_at"]
            )  # fmt: skip
            for m in self.db.query(
                "SELECT gm.user_id, gm.active, gm.updated_at, u.username, u.display_name "
                "FROM group_members gm JOIN users u ON u.id = gm.user_id "
                "WHERE gm.group_id=? ORDER BY u.username",
                [row["id"]],
            )
        )
        return Group(
            row["id"], row["name"], row["description"], bool(row["archived"]), members,
            row["created_at"], row["updated_at"],
        )  # fmt: skip

    def name_taken(self, name: str, except_id: str | None = None) -> bool:
        row = self.db.one(
            "SELECT id FROM groups WHERE name=? COLLATE NOCASE AND archived=0 AND id IS NOT ?",
            [name, except_id],
        )
        return row is not None

    def set_member(self, conn, group_id: str, user_id: str, active: bool, by: str | None) -> bool:
        """Add (or re-add) or remove a member; False when nothing changed."""
        row = conn.execute(
            "SELECT id, active FROM group_members WHERE group_id=? AND user_id=?",
            [group_id, user_id],
        ).fetchone()
        if row is None:
            if not active:
                return False
            self.db.insert(conn, "group_members",
                           {"group_id": group_id, "user_id": user_id, "changed_by": by})  # fmt: skip
            return True
        if bool(row["active"]) == active:
            return False
        self.db.update(conn, "group_members", row["id"], {"active": int(active), "changed_by": by})
        return True

    def groups_of(self, user_id: str) -> list[str]:
        return [
            r["group_id"]
            for r in self.db.query(
                "SELECT gm.group_id FROM group_members gm JOIN groups g ON g.id = gm.group_id "
                "WHERE gm.user_id=? AND gm.active=1 AND g.archived=0",
                [user_id],
            )
        ]

    def member_ids(self, group_id: str) -> list[str]:
        return [
            r["user_id"]
            for r in self.db.query(
                "SELECT user_id FROM group_members WHERE group_id=? AND active=1", [group_id]
            )
        ]

    # ------------------------------------------------------------------ assignments
    def assignment(self, assignment_id: str) -> Assignment | None:
        row = self.db.one("SELECT * FROM assignments WHERE id=?", [assignment_id])
        return Assignment.from_row(row) if row else None

    def assignments(self, include_archived: bool = False) -> list[Assignment]:
        sql = "SELECT * FROM assignments" + ("" if include_archived else " WHERE archived=0")
        return [Assignment.from_row(r) for r in self.db.query(sql + " ORDER BY created_at")]

    def for_user(self, user_id: str) -> list[Assignment]:
        """A trainee's live assignments: made to them, or to a group they are in now."""
        groups = self.groups_of(user_id)
        marks = ",".join("?" for _ in groups) or "NULL"
        rows = self.db.query(
            f"SELECT * FROM assignments WHERE archived=0 AND (user_id=? OR group_id IN ({marks})) "
            "ORDER BY due_at IS NULL, due_at, created_at",
            [user_id, *groups],
        )
        return [Assignment.from_row(r) for r in rows]

    def completed_attempts(self, user_ids: list[str]) -> list[dict]:
        """Completed practice attempts of these trainees: what counts towards assignments."""
        if not user_ids:
            return []
        marks = ",".join("?" for _ in user_ids)
        return self.db.query(
            "SELECT user_id, scenario_id, score, COALESCE(finished_at, started_at) AS finished_at "
            f"FROM attempts WHERE user_id IN ({marks}) AND kind='practice' "
            "AND status='completed' AND turn_count > 0",
            user_ids,
        )
