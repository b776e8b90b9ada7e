"""A person's overrides of the grader on one turn, and the verdict that results.

Overrides are kept as they were made (append-only); for each item — the turn's verdict, one
violation (rule and span), one required element — the latest override counts, and ``grader``
as its decision withdraws the earlier ones. The grader's own result is never changed: the
effective verdict is computed from both, so either can be shown.

* a violation is ``not_violation`` (dropped) or ``recategorise``d (kept, another category);
* a missing element was ``present`` after all (its missing-element finding drops);
* the verdict is set to ``pass`` or ``fail`` outright (optionally naming the category of a
  failure the grader missed); otherwise it follows from the effective findings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from simulator.core.result import GradeResult, Violation

DECISIONS = {
    "verdict": ("pass", "fail", "grader"),
    "violation": ("not_violation", "recategorise", "grader"),
    "element": ("present", "grader"),
}


@dataclass(frozen=True)
class Override:
    id: str
    turn_id: str
    kind: str  # verdict | violation | element
    decision: str
    comment: str
    by_id: str
    by_name: str
    created_at: str
    rule: str = ""
    category: str = ""  # the grader's category of the violation
    span_start: int | None = None
    span_end: int | None = None
    element: str = ""
    new_category: str | None = None

    @property
    def key(self) -> tuple:
        """The item it is about, within its turn."""
        if self.kind == "violation":
            return ("violation", self.rule, self.span_start, self.span_end)
        if self.kind == "element":
            return ("element", self.element)
        return ("verdict",)

    @classmethod
    def from_row(cls, r: dict) -> Override:
        return cls(
            r["id"], r["turn_id"], r["kind"], r["decision"], r["comment"], r["by_id"],
            r["by_name"], r["created_at"], r["rule"] or "", r["category"] or "",
            r["span_start"], r["span_end"], r["element"] or "", r["new_category"],
        )  # fmt: skip


@dataclass(frozen=True)
class ViolationVerdict:
    violation: Violation  # as the grader found it
    status: str  # kept | not_violation | recategorised
    category: str  # the effective category
    override: Override | None = None

    @property
    def counts(self) -> bool:
        return self.status != "not_violation"


@dataclass(frozen=True)
class ElementVerdict:
    name: str
    grader_found: bool
    found: bool
    override: Override | None = None


@dataclass(frozen=True)
class EffectiveVerdict:
    grader_passed: bool
    passed: bool
    violations: tuple[ViolationVerdict, ...]
    elements: tuple[ElementVerdict, ...]
    verdict: Override | None  # an outright pass/fail by a person
    overrides: tuple[Override, ...]  # the ones in force

    @property
    def overruled(self) -> bool:
        """A person changed anything the grader said."""
        return bool(self.overrides)

    @property
    def failing(self) -> tuple[ViolationVerdict, ...]:
        return tuple(v for v in self.violations if v.counts and v.violation.severity == "fail")

    @property
    def category(self) -> str | None:
        """The failure's category (the first failing finding, or the person's), None when
        passed."""
        if self.passed:
            return None
        if self.verdict is not None and self.verdict.new_category:
            return self.verdict.new_category
        first = self.failing[0] if self.failing else None
        return first.category if first else None

    @property
    def bad_span(self) -> str | None:
        if self.passed:
            return None
        spans = [v.violation.text for v in self.failing if v.violation.text]
        return spans[0] if spans else None

    @property
    def present_elements(self) -> list[str]:
        return [e.name for e in self.elements if e.found]


def in_force(overrides: Iterable[Override]) -> dict[tuple, Override]:
    """The latest override of each item, withdrawn ones (``grader``) left out."""
    latest: dict[tuple, Override] = {}
    for o in sorted(overrides, key=lambda o: (o.created_at, o.id)):
        latest[o.key] = o
    return {k: o for k, o in latest.items() if o.decision != "grader"}


def effective(result: GradeResult, overrides: Iterable[Override]) -> EffectiveVerdict:
    """The verdict with the overrides in force applied to the grader's ``result``."""
    active = in_force(overrides)
    elements = []
    for name, found in result.elements.items():
        o = active.get(("element", name))
        elements.append(ElementVerdict(name, bool(found), bool(found) or o is not None, o))
    present = {e.name for e in elements if e.found}
    verdicts = []
    for v in result.violations:
        if v.rule.startswith("element."):
            name = v.rule[len("element.") :]
            o = active.get(("element", name))
            dropped = name in present and o is not None
            verdicts.append(
                ViolationVerdict(v, "not_violation" if dropped else "kept", v.category, o)
            )
            continue
        o = active.get(("violation", v.rule, v.start, v.end))
        if o is None:
            verdicts.append(ViolationVerdict(v, "kept", v.category))
        elif o.decision == "not_violation":
            verdicts.append(ViolationVerdict(v, "not_violation", v.category, o))
        else:
            verdicts.append(ViolationVerdict(v, "recategorised", o.new_category or v.category, o))
    verdict = active.get(("verdict",))
    computed = not any(x.counts and x.violation.severity == "fail" for x in verdicts) and all(
        e.found for e in elements
    )
    if verdict is not None:
        passed = verdict.decision == "pass"
    else:
        passed = computed if active else result.passed
    return EffectiveVerdict(
        result.passed, passed, tuple(verdicts), tuple(elements), verdict,
        tuple(sorted(active.values(), key=lambda o: o.created_at)),
    )  # fmt: skip
