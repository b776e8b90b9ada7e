"""Dashboards: a trainee's (assignments with progress, score trend, weakest categories, recent
attempts) and the team's (filtered by dates and group: pass rate per scenario, a heat map of
violation categories × scenario, the most frequent violations with examples); exported as
CSV (``dashboard_export``) or a PDF report (``dashboard_pdf``, Qt imported on first use).

The team's figures are read from daily aggregates, so a dashboard over 100,000 attempts stays
well under a third of a second (``simulator bench --dashboard``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from simulator.core.assignments import Progress
from simulator.core.records import AttemptRecord
from simulator.core.schema import CATEGORIES
from simulator.services.assignments import AssignmentService
from simulator.services.errors import NotFound
from simulator.services.practice import PracticeService
from simulator.services.resources import Resources
from simulator.services.session import Guard, Session
from simulator.store.accounts import AccountStore
from simulator.store.dashboard import DashboardStore
from simulator.store.db import Database


@dataclass(frozen=True)
class ScenarioRate:
    scenario_id: str
    title: str
    attempts: int
    passed: int
    mean_score: float

    @property
    def rate(self) -> float:
        return self.passed / self.attempts if self.attempts else 0.0


@dataclass(frozen=True)
class HeatMap:
    """Findings per violation category (rows) × scenario (columns)."""

    categories: tuple[str, ...]
    scenarios: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]

    def cell(self, category: str, scenario: str) -> int:
        try:
            return self.counts[self.categories.index(category)][self.scenarios.index(scenario)]
        except ValueError:
            return 0


@dataclass(frozen=True)
class ViolationExample:
    text: str
    transcript: str
    scenario_id: str
    trainee: str
    at: str
    attempt_id: str
    turn_id: str


@dataclass(frozen=True)
class FrequentViolation:
    rule: str
    category: str
    count: int
    explanation: str
    examples: tuple[ViolationExample, ...]


@dataclass(frozen=True)
class TeamDashboard:
    since: date | None
    until: date | None
    group_id: str | None
    group_name: str
    attempts: int
    pass_rates: tuple[ScenarioRate, ...]
    heat: HeatMap
    frequent: tuple[FrequentViolation, ...]


@dataclass(frozen=True)
class TrendPoint:
    at: str
    scenario_id: str
    score: int
    passed: bool


@dataclass(frozen=True)
class CategoryWeakness:
    category: str
    count: int
    per_attempt: float  # findings per counted attempt


@dataclass(frozen=True)
class TraineeDashboard:
    user_id: str
    name: str
    assignments: tuple[Progress, ...]
    trend: tuple[TrendPoint, ...]
    weakest: tuple[CategoryWeakness, ...]  # most findings per attempt first
    recent: tuple[AttemptRecord, ...]


class DashboardService:
    def __init__(
        self,
        db: Database,
        guard: Guard,
        resources: Resources,
        practice: PracticeService,
        assignments: AssignmentService,
    ):
        self.db = db
        self.guard = guard
        self.resources = resources
        self.practice = practice
        self.assignments = assignments
        self.store = DashboardStore(db)
        self.accounts = AccountStore(db)

    def _title(self, scenario_id: str) -> str:
        sc = self.resources.catalog.scenarios.get(scenario_id)
        return sc.title if sc else scenario_id

    def _explanation(self, rule: str) -> str:
        for r in self.resources.catalog.rules.rules:
            if r.id == rule:
                return r.explanation
        return ""

    def team(
        self,
        session: Session,
        since: date | None = None,
        until: date | None = None,
        group_id: str | None = None,
        top: int = 10,
        examples: int = 3,
    ) -> TeamDashboard:
        """The team's dashboard between ``since`` and ``until`` (days, inclusive), for one
        group's current members or everybody."""
        self.guard.require(session, "team.dashboard", group_id or "")
        group_name = ""
        if group_id is not None:
            group = self.assignments.store.group(group_id)
            if group is None:
                raise NotFound(f"没有这个组 {group_id}", f"no group {group_id}")
            group_name = group.name
        rates = [
            ScenarioRate(
                r["scenario_id"],
                self._title(r["scenario_id"]),
                int(r["attempts"]),
                int(r["passed"]),
                r["score_sum"] / r["attempts"],
            )  # fmt: skip
            for r in self.store.pass_rates(since, until, group_id)
        ]
        rates.sort(key=lambda r: (r.rate, r.scenario_id))
        counts = self.store.violation_counts(since, until, group_id)
        cells: dict[tuple[str, str], int] = defaultdict(int)
        per_rule: dict[tuple[str, str], int] = defaultdict(int)
        for r in counts:
            cells[(r["category"], r["scenario_id"])] += r["n"]
            per_rule[(r["rule"], r["category"])] += r["n"]
        scenarios = tuple(sorted({s for _c, s in cells} | {r.scenario_id for r in rates}))
        order = {c: i for i, c in enumerate(CATEGORIES)}
        categories = tuple(sorted({c for c, _s in cells}, key=lambda c: (order.get(c, 99), c)))
        heat = HeatMap(
            categories, scenarios,
            tuple(tuple(cells.get((c, s), 0) for s in scenarios) for c in categories),
        )  # fmt: skip
        frequent = []
        for (rule, category), n in sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
            rows = self.store.examples(rule, category, since, until, group_id, examples)
            frequent.append(
                FrequentViolation(rule, category, n, self._explanation(rule), tuple(
                    ViolationExample(x["text"], x["transcript"], x["scenario_id"],
                                     x["display_name"] or "", x["started_at"], x["attempt_id"],
                                     x["turn_id"])
                    for x in rows
                ))
            )  # fmt: skip
        return TeamDashboard(
            since, until, group_id, group_name, sum(r.attempts for r in rates), tuple(rates),
            heat, tuple(frequent),
        )  # fmt: skip

    def trainee(self, session: Session, user_id: str | None = None) -> TraineeDashboard:
        """A trainee's dashboard: their own, or (trainers, admins) anyone's."""
        user_id = user_id or session.user_id
        if user_id is None:
            raise NotFound("匿名使用没有个人看板", "the anonymous seat user has no dashboard")
        if user_id != session.user_id:
            self.guard.require(session, "team.dashboard", user_id)
        else:
            self.guard.require(session, "practice.own")
        user = self.accounts.by_id(user_id)
        if user is None:
            raise NotFound(f"没有这个账号 {user_id}", f"no account {user_id}")
        attempts, per_category = self.store.user_categories(user_id)
        weakest = sorted(
            (CategoryWeakness(r["category"], int(r["n"]), r["n"] / attempts if attempts else 0.0)
             for r in per_category),
            key=lambda w: (-w.per_attempt, w.category),
        )  # fmt: skip
        trend = tuple(
            TrendPoint(r["started_at"], r["scenario_id"], int(r["score"]), bool(r["passed"]))
            for r in self.store.score_series(user_id)
        )
        recent = tuple(self.practice.history(session, user_id)[:10])
        return TraineeDashboard(
            user_id, user.display_name, tuple(self.assignments.trainee_assignments(session, user_id)),
            trend, tuple(weakest), recent,
        )  # fmt: skip

    # ------------------------------------------------------------------ exports
    def export(self, session: Session, dashboard, out: Path, kind: str = "pdf") -> Path:
        """Write a dashboard as a PDF report or as CSV (``kind``: pdf | csv; a team's CSV is a
        folder of three files), atomically; audited (it holds people's results)."""
        from simulator.services.dashboard_export import write_export

        self.guard.require(session, "team.dashboard" if isinstance(dashboard, TeamDashboard)
                           or dashboard.user_id != session.user_id else "practice.own")  # fmt: skip
        written = write_export(dashboard, Path(out), kind, self._title)
        self.guard.audit.record(
            "dashboard.exported", subject=getattr(dashboard, "user_id", "team"),
            detail={"kind": kind, "file": Path(out).name}, **self.guard.actor(session),
        )  # fmt: skip
        return written
