"""Groups of trainees and assignments: a trainer assigns a pack or one scenario to a trainee
or a group, with a due date, a pass threshold and how many passing attempts each scenario
needs; trainees see their assignments with progress (overdue marked), trainers the completion
per trainee. Every change is audited; edits stamp ``updated_at`` (last edit wins in the sync).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time

from simulator.core.assignments import AttemptRow, Progress, iso, progress
from simulator.services.errors import NotFound, ServiceError
from simulator.services.resources import Resources
from simulator.services.session import Guard, Role, Session
from simulator.store.accounts import AccountStore
from simulator.store.assignments import Assignment, AssignmentStore, Group
from simulator.store.db import Database

_UNSET = object()


def due_text(due: datetime | date | str | None) -> str | None:
    """A due date as stored: an aware datetime in UTC, a date as the end of that day (UTC)."""
    if due is None or isinstance(due, str):
        return due
    if not isinstance(due, datetime):
        due = datetime.combine(due, time(23, 59, 59, 999000), UTC)
    if due.tzinfo is None:
        raise ServiceError("截止时间须带时区", "the due time needs a time zone")
    return iso(due)


class AssignmentService:
    def __init__(
        self,
        db: Database,
        guard: Guard,
        resources: Resources,
        wall: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        self.db = db
        self.guard = guard
        self.audit = guard.audit
        self.resources = resources
        self.store = AssignmentStore(db)
        self.accounts = AccountStore(db)
        self.wall = wall

    # ------------------------------------------------------------------ groups
    def groups(self, session: Session, include_archived: bool = False) -> list[Group]:
        self._staff(session)
        return self.store.groups(include_archived)

    def group(self, session: Session, group_id: str) -> Group:
        self._staff(session, group_id)
        return self._group(group_id)

    def trainees(self, session: Session) -> list:
        """The active trainee accounts (``UserRecord``), to assign to or review: staff only."""
        self._staff(session)
        return [u for u in self.accounts.all() if u.role == Role.TRAINEE.value and not u.disabled]

    def _staff(self, session: Session, subject: str = "") -> None:
        """Assigning, or reading the team (a dashboard): trainers and admins."""
        op = "packs.assign" if session.may("packs.assign") else "team.dashboard"
        self.guard.require(session, op, subject)

    def _group(self, group_id: str) -> Group:
        group = self.store.group(group_id)
        if group is None:
            raise NotFound(f"没有这个组 {group_id}", f"no group {group_id}")
        return group

    def create_group(self, session: Session, name: str, description: str = "") -> Group:
        self.guard.require(session, "packs.assign", name)
        name = self._name(name)
        with self.db.tx() as conn:
            gid = self.db.insert(conn, "groups", {"name": name, "description": description,
                                                  "created_by": session.user_id})  # fmt: skip
            self.audit.append(conn, "group.created", subject=gid, detail={"name": name},
                              **self.guard.actor(session))  # fmt: skip
        return self._group(gid)

    def _name(self, name: str, except_id: str | None = None) -> str:
        name = (name or "").strip()
        if not name:
            raise ServiceError("组名不能为空", "the group needs a name")
        if self.store.name_taken(name, except_id):
            raise ServiceError(f"组名 {name} 已被使用", f"the group name {name} is taken")
        return name

    def update_group(
        self,
        session: Session,
        group_id: str,
        name: str | None = None,
        description: str | None = None,
        archived: bool | None = None,
    ) -> Group:
        self.guard.require(session, "packs.assign", group_id)
        self._group(group_id)
        values: dict = {}
        if name is not None:
            values["name"] = self._name(name, group_id)
        if description is not None:
            values["description"] = description
        if archived is not None:
            values["archived"] = int(archived)
        with self.db.tx() as conn:
            self.db.update(conn, "groups", group_id, values)
            self.audit.append(conn, "group.updated", subject=group_id, detail=values,
                              **self.guard.actor(session))  # fmt: skip
        return self._group(group_id)

    def add_members(self, session: Session, group_id: str, user_ids: Iterable[str]) -> Group:
        return self._members(session, group_id, user_ids, True)

    def remove_members(self, session: Session, group_id: str, user_ids: Iterable[str]) -> Group:
        return self._members(session, group_id, user_ids, False)

    def _members(self, session, group_id, user_ids, active: bool) -> Group:
        self.guard.require(session, "packs.assign", group_id)
        self._group(group_id)
        user_ids = list(user_ids)
        for uid in user_ids:
            user = self.accounts.by_id(uid)
            if user is None:
                raise NotFound(f"没有这个账号 {uid}", f"no account {uid}")
            if active and user.role != Role.TRAINEE.value:
                raise ServiceError(f"{user.username} 不是学员，不能加入学员组",
                                   f"{user.username} is not a trainee: groups hold trainees")  # fmt: skip
        action = "group.member_added" if active else "group.member_removed"
        with self.db.tx() as conn:
            for uid in user_ids:
                if self.store.set_member(conn, group_id, uid, active, session.user_id):
                    self.audit.append(conn, action, subject=group_id, detail={"user_id": uid},
                                      **self.guard.actor(session))  # fmt: skip
        return self._group(group_id)

    # ------------------------------------------------------------------ assignments
    def _scenarios(self, pack_id: str, scenario_id: str | None) -> tuple[str, list]:
        """The assignment's title and (scenario id, title) list; refused when unknown."""
        pack = self.resources.catalog.packs.get(pack_id)
        if pack is None:
            return pack_id, [(scenario_id, scenario_id)] if scenario_id else []
        if scenario_id is None:
            return pack.title, [(s.id, s.title) for s in pack.scenarios]
        for s in pack.scenarios:
            if s.id == scenario_id:
                return s.title, [(s.id, s.title)]
        return scenario_id, [(scenario_id, scenario_id)]

    def assign(
        self,
        session: Session,
        pack_id: str,
        *,
        scenario_id: str | None = None,
        user_id: str | None = None,
        group_id: str | None = None,
        due_at: datetime | date | None = None,
        threshold: int = 80,
        min_attempts: int = 1,
        note: str = "",
    ) -> Assignment:
        """Assign a pack (or one of its scenarios) to a trainee or a group."""
        self.guard.require(session, "packs.assign", pack_id)
        pack = self.resources.catalog.packs.get(pack_id)
        if pack is None:
            raise NotFound(f"没有方案包 {pack_id}", f"no pack {pack_id}")
        if scenario_id is not None and scenario_id not in {s.id for s in pack.scenarios}:
            raise NotFound(f"方案包 {pack_id} 中没有情景 {scenario_id}",
                           f"pack {pack_id} has no scenario {scenario_id}")  # fmt: skip
        if (user_id is None) == (group_id is None):
            raise ServiceError("请指定一名学员或一个组", "assign to one trainee or one group")
        if user_id is not None:
            user = self.accounts.by_id(user_id)
            if user is None or user.role != Role.TRAINEE.value:
                raise NotFound(f"没有这名学员 {user_id}", f"no trainee {user_id}")
        else:
            self._group(group_id)
        values = self._checked(due_at, threshold, min_attempts)
        row = {"pack_id": pack_id, "scenario_id": scenario_id, "user_id": user_id,
               "group_id": group_id, "note": note, "assigned_by": session.user_id, **values}  # fmt: skip
        with self.db.tx() as conn:
            aid = self.db.insert(conn, "assignments", row)
            self.audit.append(conn, "assignment.created", subject=aid,
                              detail={k: v for k, v in row.items() if k != "assigned_by"},
                              **self.guard.actor(session))  # fmt: skip
        return self.store.assignment(aid)

    @staticmethod
    def _checked(due_at, threshold: int, min_attempts: int) -> dict:
        if isinstance(threshold, bool) or not 0 <= int(threshold) <= 100:
            raise ServiceError("通过分数须在 0–100 之间", "the pass threshold must be 0–100")
        if int(min_attempts) < 1:
            raise ServiceError("至少需要通过 1 次", "at least one passing attempt is needed")
        return {"due_at": due_text(due_at), "threshold": int(threshold),
                "min_attempts": int(min_attempts)}  # fmt: skip

    def update(
        self,
        session: Session,
        assignment_id: str,
        *,
        due_at=_UNSET,
        threshold: int | None = None,
        min_attempts: int | None = None,
        note: str | None = None,
        archived: bool | None = None,
    ) -> Assignment:
        """Edit an assignment (its ``updated_at`` moves: the latest edit wins when synced)."""
        self.guard.require(session, "packs.assign", assignment_id)
        old = self._assignment(assignment_id)
        checked = self._checked(
            old.due_at if due_at is _UNSET else due_at,
            old.threshold if threshold is None else threshold,
            old.min_attempts if min_attempts is None else min_attempts,
        )
        values = {k: v for k, v in checked.items() if v != getattr(old, k)}
        if note is not None and note != old.note:
            values["note"] = note
        if archived is not None and archived != old.archived:
            values["archived"] = int(archived)
        if not values:
            return old
        with self.db.tx() as conn:
            self.db.update(conn, "assignments", assignment_id, values)
            before = {k: getattr(old, k) for k in values}
            self.audit.append(conn, "assignment.updated", subject=assignment_id,
                              detail={"before": before, "after": values},
                              **self.guard.actor(session))  # fmt: skip
        return self._assignment(assignment_id)

    def _assignment(self, assignment_id: str) -> Assignment:
        found = self.store.assignment(assignment_id)
        if found is None:
            raise NotFound(f"没有这项任务 {assignment_id}", f"no assignment {assignment_id}")
        return found

    def assignments(self, session: Session, include_archived: bool = False) -> list[Assignment]:
        self._staff(session)
        return self.store.assignments(include_archived)

    # ------------------------------------------------------------------ progress
    def _progress(self, assignment: Assignment, user_ids: list[str]) -> list[Progress]:
        title, scenarios = self._scenarios(assignment.pack_id, assignment.scenario_id)
        rows: dict[str, list[AttemptRow]] = {uid: [] for uid in user_ids}
        for r in self.store.completed_attempts(user_ids):
            rows[r["user_id"]].append(AttemptRow(r["scenario_id"], r["score"], r["finished_at"]))
        now = self.wall()
        return [
            progress(
                assignment_id=assignment.id, user_id=uid, pack_id=assignment.pack_id,
                scenario_id=assignment.scenario_id, title=title, scenarios=scenarios,
                due_at=assignment.due_at, threshold=assignment.threshold,
                min_attempts=assignment.min_attempts, attempts=rows[uid], now=now,
            )
            for uid in user_ids
        ]  # fmt: skip

    def my_assignments(self, session: Session) -> list[Progress]:
        """The signed-in trainee's assignments (their own and their groups'), with progress."""
        self.guard.require(session, "practice.own")
        if session.user_id is None:
            return []
        return [
            self._progress(a, [session.user_id])[0] for a in self.store.for_user(session.user_id)
        ]

    def trainee_assignments(self, session: Session, user_id: str) -> list[Progress]:
        """A trainee's assignments with progress, for a trainer (the trainee's dashboard)."""
        if user_id != session.user_id:
            self._staff(session, user_id)
        return [self._progress(a, [user_id])[0] for a in self.store.for_user(user_id)]

    def completion(self, session: Session, assignment_id: str) -> list[Progress]:
        """Every trainee's progress through one assignment (a group's members now)."""
        self._staff(session, assignment_id)
        assignment = self._assignment(assignment_id)
        users = (
            [assignment.user_id]
            if assignment.user_id
            else self.store.member_ids(assignment.group_id)
        )
        return self._progress(assignment, users)
