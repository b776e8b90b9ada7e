"""Assignments: the trainer's page (trainees and groups to assign to, the assignments made,
completion per trainee) and the trainee's side on the home page (their assignments with
progress), each read and written through ``services.assignments`` on the db lane. What the
service refuses is shown on the page in its words."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from simulator.app.context import AppContext
from simulator.app.i18n import pick
from simulator.services.errors import ServiceError
from simulator.services.session import PermissionDenied

log = logging.getLogger(__name__)


def titles_of(catalog) -> dict[str, str]:
    """Pack and scenario ids → their titles in the UI language."""
    if catalog is None:
        return {}
    out = {pid: pick(p.title, p.title_en) for pid, p in catalog.packs.items()}
    out.update({sid: pick(s.title, s.title_en) for sid, s in catalog.scenarios.items()})
    return out


class AssignmentsController(QObject):
    problem = Signal(str, str)  # string id, cause: for the error banner

    def __init__(self, ctx: AppContext, window, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.view = None
        self.mine: list = []  # the signed-in trainee's Progress

    # ------------------------------------------------------------------ the trainer's page
    def show(self) -> None:
        if self.view is None:
            self.view = self.window.ensure_page("assign")
            self.view.assign.connect(self.assign)
            self.view.assignment_selected.connect(self.completion)
            self.view.create_group.connect(self.create_group)
        self.window.show_page("assign")
        self.refresh()

    def refresh(self) -> None:
        service, who = self.ctx.services.assignments, self.ctx.session
        self.ctx.runner.run(
            "db",
            lambda: (service.trainees(who), service.groups(who), service.assignments(who)),
            self._loaded,
            self._failed,
            name="assignments",
        )

    def _loaded(self, out) -> None:
        trainees, groups, assignments = out
        self.view.set_choices(self.ctx.catalog, trainees, groups)
        self.view.set_assignments(assignments)
        selected = self.view.selected_assignment()
        if selected is not None:
            self.completion(selected)

    def _failed(self, exc: BaseException) -> None:
        text = str(exc) or type(exc).__name__
        if not isinstance(exc, ServiceError | PermissionDenied):
            log.error("assignments page: %s", text)
        self.view.show_error(text)

    def assign(self, req) -> None:
        service, who = self.ctx.services.assignments, self.ctx.session

        def done(assignment) -> None:
            self.view.show_done("asg.done", title=titles_of(self.ctx.catalog).get(
                assignment.scenario_id or assignment.pack_id, assignment.pack_id))  # fmt: skip
            self.refresh()

        self.ctx.runner.run(
            "db",
            lambda: service.assign(
                who,
                req.pack_id,
                scenario_id=req.scenario_id,
                user_id=req.user_id,
                group_id=req.group_id,
                due_at=req.due,
                threshold=req.threshold,
                min_attempts=req.min_attempts,
                note=req.note,
            ),  # fmt: skip
            done,
            self._failed,
            name="assign",
        )

    def create_group(self, name: str, members: list) -> None:
        service, who = self.ctx.services.assignments, self.ctx.session

        def work():
            group = service.create_group(who, name)
            return service.add_members(who, group.id, members)

        def done(group) -> None:
            self.view.clear_group_form()
            self.view.show_done("asg.group_done", name=group.name, n=len(group.active_members))
            self.refresh()

        self.ctx.runner.run("db", work, done, self._failed, name="create_group")

    def completion(self, assignment_id: str) -> None:
        service, who = self.ctx.services.assignments, self.ctx.session
        self.ctx.runner.run(
            "db",
            lambda: service.completion(who, assignment_id),
            self.view.set_completion,
            self._failed,
            name="completion",
        )

    def forget(self) -> None:
        """Someone signed out: nothing of theirs stays on the page or the home card."""
        self.mine = []
        self.window.home.assignments.set_progress([], {})
        if self.view is not None:
            self.view.set_assignments([])
            self.view.set_completion([])
            self.view.clear_status()

    # ------------------------------------------------------------------ the trainee's home
    def refresh_mine(self) -> None:
        """The signed-in trainee's assignments with progress, on the home page."""
        service, who = self.ctx.services.assignments, self.ctx.session
        if who.is_anonymous:
            self._mine([])
            return
        self.ctx.runner.run(
            "db",
            lambda: service.my_assignments(who),
            self._mine,
            lambda exc: self.problem.emit("asg.load_failed", str(exc) or type(exc).__name__),
            name="my_assignments",
        )

    def _mine(self, progress: list) -> None:
        self.mine = progress
        self.window.home.assignments.set_progress(progress, titles_of(self.ctx.catalog))
