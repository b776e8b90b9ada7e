"""Calibration: a trainer builds a set of reference turns; trainers grade them blind (the
grader's verdict is shown only once their own grade is in, and a grade is final); the report
gives agreement — percent and Cohen's kappa — trainer against grader and trainer against
trainer, per verdict, category and rule, with the disagreements listed (transcript and
recording side by side)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from simulator.core.calibration import Agreement, Label, Pairs, agreement
from simulator.core.result import Violation
from simulator.core.schema import CATEGORIES
from simulator.services.errors import NotFound, ServiceError
from simulator.services.session import Guard, Session
from simulator.store.calibration import CalibrationSet, CalibrationStore, Grade
from simulator.store.db import Database, utc_now
from simulator.store.overrides import OverrideStore, TurnRow
from simulator.store.recordings import RecordingStore


@dataclass(frozen=True)
class BlindItem:
    """A reference turn as a rater sees it before grading: no verdict."""

    item_id: str
    position: int
    scenario_id: str
    turn_no: int
    transcript: str
    recording: Path | None  # None: no recording, or deleted
    graded: bool  # by the asking rater


@dataclass(frozen=True)
class GraderVerdict:
    passed: bool
    category: str | None
    violations: tuple[Violation, ...]
    elements: dict[str, bool]

    @property
    def label(self) -> Label:
        return Label(self.passed, self.category, frozenset(v.rule for v in self.violations
                                                           if v.severity == "fail"))  # fmt: skip


@dataclass(frozen=True)
class RevealedItem:
    item: BlindItem
    mine: Grade
    grader: GraderVerdict


@dataclass(frozen=True)
class Disagreement:
    item: BlindItem
    grader: GraderVerdict
    grades: tuple[Grade, ...]
    with_grader: bool
    between_trainers: bool


@dataclass(frozen=True)
class RaterPair:
    a: str
    b: str
    verdict: Agreement
    category: Agreement


@dataclass(frozen=True)
class CalibrationReport:
    set: CalibrationSet
    raters: tuple[str, ...]
    verdict: Agreement  # every grade against the grader's verdict
    category: Agreement  # … against the grader's class (pass or the failure's category)
    per_category: dict[str, Agreement]
    per_rule: dict[str, Agreement]
    per_rater: dict[str, Agreement]  # each trainer's verdicts against the grader's
    pairs: tuple[RaterPair, ...]  # trainer against trainer, on the items both graded
    trainers_verdict: Agreement  # every pair pooled
    trainers_category: Agreement
    disagreements: tuple[Disagreement, ...]


def _label(g: Grade) -> Label:
    return Label(g.passed, g.category)


def _grader(row: TurnRow) -> GraderVerdict:
    failing = tuple(v for v in row.result.violations if v.severity == "fail")
    category = None if row.result.passed else (failing[0].category if failing else None)
    return GraderVerdict(row.result.passed, category, tuple(row.result.violations),
                         dict(row.result.elements))  # fmt: skip


class CalibrationService:
    def __init__(self, db: Database, guard: Guard, recordings: RecordingStore):
        self.db = db
        self.guard = guard
        self.audit = guard.audit
        self.store = CalibrationStore(db)
        self.turns = OverrideStore(db)
        self.recordings = recordings

    # ------------------------------------------------------------------ sets
    def _set(self, set_id: str) -> CalibrationSet:
        found = self.store.set(set_id)
        if found is None:
            raise NotFound(f"没有这个校准集 {set_id}", f"no calibration set {set_id}")
        return found

    def sets(self, session: Session) -> list[CalibrationSet]:
        self.guard.require(session, "review.override")
        return self.store.sets()

    def create_set(self, session: Session, name: str, description: str = "") -> CalibrationSet:
        self.guard.require(session, "review.override", name)
        if not (name or "").strip():
            raise ServiceError("校准集需要名称", "the calibration set needs a name")
        with self.db.tx() as conn:
            sid = self.db.insert(conn, "calibration_sets",
                                 {"name": name.strip(), "description": description,
                                  "created_by": session.user_id})  # fmt: skip
            self.audit.append(conn, "calibration.created", subject=sid, detail={"name": name},
                              **self.guard.actor(session))  # fmt: skip
        return self._set(sid)

    def add_items(self, session: Session, set_id: str, turn_ids: list[str]) -> CalibrationSet:
        """Add reference turns (practice turns that stand) to the set, in this order."""
        self.guard.require(session, "review.override", set_id)
        self._set(set_id)
        rows = self.turns.turns(list(turn_ids))
        for tid in turn_ids:
            if tid not in rows or rows[tid].superseded:
                raise NotFound(f"没有这一轮练习 {tid}", f"no standing practice turn {tid}")
        with self.db.tx() as conn:
            position = self.store.next_position(set_id)
            for tid in dict.fromkeys(turn_ids):
                existing = self.store.item_of(set_id, tid)
                if existing is not None:
                    if existing["removed"]:
                        self.db.update(conn, "calibration_items", existing["id"], {"removed": 0})
                    continue
                self.db.insert(conn, "calibration_items",
                               {"set_id": set_id, "turn_id": tid, "position": position,
                                "added_by": session.user_id})  # fmt: skip
                position += 1
            self.audit.append(conn, "calibration.items_added", subject=set_id,
                              detail={"turns": list(dict.fromkeys(turn_ids))},
                              **self.guard.actor(session))  # fmt: skip
        return self._set(set_id)

    def remove_item(self, session: Session, item_id: str) -> None:
        self.guard.require(session, "review.override", item_id)
        item = self._item(item_id)
        with self.db.tx() as conn:
            self.db.update(conn, "calibration_items", item_id, {"removed": 1})
            self.audit.append(conn, "calibration.item_removed", subject=item["set_id"],
                              detail={"item": item_id}, **self.guard.actor(session))  # fmt: skip

    def _item(self, item_id: str) -> dict:
        item = self.store.item(item_id)
        if item is None or item["removed"]:
            raise NotFound(f"没有这个校准题 {item_id}", f"no calibration item {item_id}")
        return item

    # ------------------------------------------------------------------ grading blind
    def _blind(self, item: dict, row: TurnRow, graded: bool) -> BlindItem:
        recording = self.recordings.absolute(row.recording) if row.recording else None
        return BlindItem(item["id"], item["position"], row.scenario_id, row.turn_no,
                         row.transcript, recording, graded)  # fmt: skip

    def items(self, session: Session, set_id: str, only_ungraded: bool = False) -> list[BlindItem]:
        """The set's items as the asking rater sees them (no verdicts)."""
        self.guard.require(session, "review.override", set_id)
        self._set(set_id)
        items = self.store.items(set_id)
        rows = self.turns.turns([i["turn_id"] for i in items])
        mine = {g.item_id for g in self.store.grades(set_id) if g.rater_id == session.user_id}
        out = [self._blind(i, rows[i["turn_id"]], i["id"] in mine) for i in items
               if i["turn_id"] in rows]  # fmt: skip
        return [b for b in out if not (only_ungraded and b.graded)]

    def submit(
        self,
        session: Session,
        item_id: str,
        passed: bool,
        category: str | None = None,
        comment: str = "",
    ) -> RevealedItem:
        """A rater's grade of one item (final); the grader's verdict comes back with it."""
        self.guard.require(session, "review.override", item_id)
        item = self._item(item_id)
        if passed and category is not None:
            raise ServiceError("通过的回答没有问题类别", "a pass has no problem category")
        if not passed and category not in CATEGORIES:
            raise ServiceError("不通过时请选择问题类别", "a fail needs its problem's category")
        if self.store.grade_of(item_id, session.user_id) is not None:
            raise ServiceError("这题已评，评分不可更改", "already graded: a grade is final")
        with self.db.tx() as conn:
            self.db.insert(conn, "calibration_grades",
                           {"item_id": item_id, "set_id": item["set_id"],
                            "rater_id": session.user_id,
                            "rater_name": session.display_name or session.username,
                            "passed": int(passed), "category": category, "comment": comment,
                            "created_at": utc_now()})  # fmt: skip
            self.audit.append(conn, "calibration.graded", subject=item_id,
                              detail={"passed": passed, "category": category},
                              **self.guard.actor(session))  # fmt: skip
        return self.reveal(session, item_id)

    def reveal(self, session: Session, item_id: str) -> RevealedItem:
        """The grader's verdict of an item the asking rater has graded (refused before)."""
        self.guard.require(session, "review.override", item_id)
        item = self._item(item_id)
        mine = self.store.grade_of(item_id, session.user_id)
        if mine is None:
            raise ServiceError("请先评分，再看评分器的结论",
                               "grade it first: the grader's verdict is hidden until then")  # fmt: skip
        row = self.turns.turn(item["turn_id"])
        return RevealedItem(self._blind(item, row, True), mine, _grader(row))

    # ------------------------------------------------------------------ agreement
    def report(self, session: Session, set_id: str) -> CalibrationReport:
        self.guard.require(session, "team.dashboard", set_id)
        cset = self._set(set_id)
        items = {i["id"]: i for i in self.store.items(set_id)}
        rows = self.turns.turns([i["turn_id"] for i in items.values()])
        verdicts = {iid: _grader(rows[i["turn_id"]]) for iid, i in items.items()
                    if i["turn_id"] in rows}  # fmt: skip
        grades = [g for g in self.store.grades(set_id) if g.item_id in verdicts]
        raters = tuple(dict.fromkeys(g.rater_name for g in grades))
        vs_grader = Pairs(tuple(_label(g) for g in grades),
                          tuple(verdicts[g.item_id].label for g in grades))  # fmt: skip
        categories = sorted({lb.cls for lb in vs_grader.a + vs_grader.b} - {"pass", "fail"})
        rule_category = {
            v.rule: v.category
            for gv in verdicts.values() for v in gv.violations if v.severity == "fail"
        }  # fmt: skip
        by_rater: dict[str, dict[str, Grade]] = {}
        for g in grades:
            by_rater.setdefault(g.rater_name, {})[g.item_id] = g
        per_rater = {
            name: agreement(
                [g.passed for g in gs.values()], [verdicts[i].passed for i in gs]
            )  # fmt: skip
            for name, gs in by_rater.items()
        }
        pairs, pooled_a, pooled_b = [], [], []
        for a, b in combinations(raters, 2):
            common = [i for i in by_rater[a] if i in by_rater[b]]
            la = tuple(_label(by_rater[a][i]) for i in common)
            lb = tuple(_label(by_rater[b][i]) for i in common)
            p = Pairs(la, lb)
            pairs.append(RaterPair(a, b, p.verdict(), p.category()))
            pooled_a += la
            pooled_b += lb
        pooled = Pairs(tuple(pooled_a), tuple(pooled_b))
        return CalibrationReport(
            cset, raters, vs_grader.verdict(), vs_grader.category(),
            vs_grader.per_category(categories), vs_grader.per_rule(rule_category),
            per_rater, tuple(pairs), pooled.verdict(), pooled.category(),
            self._disagreements(items, rows, verdicts, grades),
        )  # fmt: skip

    def _disagreements(self, items, rows, verdicts, grades) -> tuple[Disagreement, ...]:
        by_item: dict[str, list[Grade]] = {}
        for g in grades:
            by_item.setdefault(g.item_id, []).append(g)
        out = []
        for iid, gs in by_item.items():
            grader = verdicts[iid]
            with_grader = any(_label(g).cls != grader.label.cls for g in gs)
            between = len({_label(g).cls for g in gs}) > 1
            if with_grader or between:
                item = items[iid]
                blind = self._blind(item, rows[item["turn_id"]], True)
                out.append(Disagreement(blind, grader, tuple(gs), with_grader, between))
        return tuple(sorted(out, key=lambda d: d.item.position))
