"""How often trainers overrule the grader — per rule and per category, with examples — and
the overridden turns as labelled data for the grader's training set.

The labelled lines have the shape of ``benchmarks/data/training/*.jsonl`` (see
``benchmarks/data/sets.yaml``): ``{"id", "scenario", "turn", "text", "passed", "category",
"bad_span", "elements", "note"}``, the person's verdict as the label. Only turns of the shipped
scenarios are exported (the training set is graded against the repository's packs).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from simulator.core.catalog import SHIPPED
from simulator.core.overrides import Override, effective, in_force
from simulator.fileutil import atomic_write_bytes
from simulator.services.resources import Resources
from simulator.services.session import Guard, Session
from simulator.store.overrides import OverrideStore, TurnRow

EXAMPLES = 3


@dataclass(frozen=True)
class OverrideExample:
    turn_id: str
    attempt_id: str
    scenario_id: str
    turn_no: int
    transcript: str
    span: str  # the words the grader flagged ('' for a missing element or a verdict)
    decision: str
    new_category: str | None
    comment: str
    by_name: str
    created_at: str


@dataclass(frozen=True)
class RuleOverrides:
    rule: str
    category: str
    findings: int  # the grader's findings of this rule on standing practice turns
    not_violation: int  # … a trainer said were not violations (or the element was there)
    recategorised: int  # … a trainer put in another category
    examples: tuple[OverrideExample, ...]

    @property
    def overruled(self) -> int:
        return self.not_violation + self.recategorised

    @property
    def rate(self) -> float:
        return self.overruled / self.findings if self.findings else 0.0


@dataclass(frozen=True)
class CategoryOverrides:
    category: str
    findings: int
    overruled: int  # findings of this category dropped or moved elsewhere
    added: int  # failures a trainer put in this category (moved here, or failed outright)
    examples: tuple[OverrideExample, ...]

    @property
    def rate(self) -> float:
        return self.overruled / self.findings if self.findings else 0.0


@dataclass(frozen=True)
class OverrideReport:
    rules: tuple[RuleOverrides, ...]  # most overruled first
    categories: tuple[CategoryOverrides, ...]
    turns_overridden: int
    verdicts_passed: int  # turns the grader failed and a trainer passed outright
    verdicts_failed: int  # … passed and a trainer failed outright


@dataclass(frozen=True)
class LabelledExport:
    lines: tuple[dict, ...]
    skipped: int  # overridden turns of trainers' scenarios (not in the repository's packs)
    path: Path | None = None


def _example(row: TurnRow, o: Override) -> OverrideExample:
    span = ""
    if o.kind == "violation" and o.span_start is not None:
        span = row.transcript[o.span_start : o.span_end]
    return OverrideExample(
        row.id, row.attempt_id, row.scenario_id, row.turn_no, row.transcript, span, o.decision,
        o.new_category, o.comment, o.by_name, o.created_at,
    )  # fmt: skip


class OverrideReports:
    def __init__(self, store: OverrideStore, guard: Guard, resources: Resources):
        self.store = store
        self.guard = guard
        self.resources = resources

    def _in_force(self) -> tuple[dict[str, dict], dict[str, TurnRow]]:
        by_turn = self.store.all()
        active = {tid: in_force(os) for tid, os in by_turn.items()}
        active = {tid: a for tid, a in active.items() if a}
        rows = self.store.turns(list(active))
        return {tid: a for tid, a in active.items() if tid in rows}, rows

    def report(self, session: Session) -> OverrideReport:
        """Per rule and per category: the grader's findings and how many trainers overruled."""
        self.guard.require(session, "team.dashboard")
        active, rows = self._in_force()
        per_rule: dict[tuple[str, str], dict] = {}
        for f in self.store.findings():
            per_rule[(f["rule"], f["category"])] = {"n": f["n"], "nv": 0, "rc": 0, "ex": []}
        added: dict[str, list] = {}
        passed = failed = 0
        for tid, items in active.items():
            row = rows[tid]
            for o in items.values():
                if o.kind == "verdict":
                    if o.decision == "pass" and not row.result.passed:
                        passed += 1
                    if o.decision == "fail" and row.result.passed:
                        failed += 1
                    if o.decision == "fail" and o.new_category:
                        added.setdefault(o.new_category, []).append(_example(row, o))
                    continue
                slot = per_rule.setdefault((o.rule, o.category), {"n": 0, "nv": 0, "rc": 0,
                                                                   "ex": []})  # fmt: skip
                if o.decision == "recategorise":
                    slot["rc"] += 1
                    added.setdefault(o.new_category, []).append(_example(row, o))
                else:
                    slot["nv"] += 1
                slot["ex"].append(_example(row, o))
        rules = [
            RuleOverrides(rule, cat, s["n"], s["nv"], s["rc"], _latest(s["ex"]))
            for (rule, cat), s in per_rule.items()
        ]
        rules.sort(key=lambda r: (-r.overruled, -r.rate, r.rule))
        cats: dict[str, dict] = {}
        for r in rules:
            c = cats.setdefault(r.category, {"n": 0, "o": 0, "ex": []})
            c["n"] += r.findings
            c["o"] += r.overruled
            c["ex"].extend(r.examples)
        for cat in added:
            cats.setdefault(cat, {"n": 0, "o": 0, "ex": []})
        categories = [
            CategoryOverrides(
                cat, c["n"], c["o"], len(added.get(cat, [])), _latest(c["ex"] + added.get(cat, []))
            )  # fmt: skip
            for cat, c in cats.items()
        ]
        categories.sort(key=lambda c: (-(c.overruled + c.added), c.category))
        return OverrideReport(tuple(rules), tuple(categories), len(active), passed, failed)

    def labelled(self, session: Session, out: Path | None = None) -> LabelledExport:
        """The overridden turns as labelled lines (written to ``out`` as JSONL, atomically)."""
        self.guard.require(session, "team.dashboard")
        catalog = self.resources.catalog
        shipped = {
            sid for sid, pack in catalog.scenario_pack.items()
            if (src := catalog.sources.get(pack)) is None or src.kind == SHIPPED
        }  # fmt: skip
        by_turn = self.store.all()
        rows = self.store.turns(list(by_turn))
        lines, skipped = [], 0
        for tid, overrides in sorted(by_turn.items(), key=lambda kv: kv[1][0].created_at):
            row = rows.get(tid)
            verdict = effective(row.result, overrides) if row else None
            if row is None or not verdict.overruled:
                continue
            if row.scenario_id not in shipped:
                skipped += 1
                continue
            who = sorted({o.by_name for o in verdict.overrides})
            grader = "pass" if row.result.passed else (
                "fail " + ",".join(dict.fromkeys(v.category for v in row.result.failing))
            )  # fmt: skip
            note = (f"trainer override by {', '.join(who)}: "
                    + " / ".join(o.comment for o in verdict.overrides)
                    + f" (grader: {grader})")  # fmt: skip
            lines.append(
                {"id": f"OV-{tid[:8]}", "scenario": row.scenario_id, "turn": row.turn_no,
                 "text": row.transcript, "passed": verdict.passed, "category": verdict.category,
                 "bad_span": verdict.bad_span, "elements": verdict.present_elements,
                 "note": note}
            )  # fmt: skip
        if out is not None:
            body = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines)
            atomic_write_bytes(Path(out), body.encode("utf-8"))
        return LabelledExport(tuple(lines), skipped, Path(out) if out else None)


def _latest(examples: list[OverrideExample]) -> tuple[OverrideExample, ...]:
    return tuple(sorted(examples, key=lambda e: e.created_at, reverse=True)[:EXAMPLES])
