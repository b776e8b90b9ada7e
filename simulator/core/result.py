"""The grading result and its JSON form (the contract other tools script against)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Violation:
    rule: str
    category: str
    severity: str  # "fail" | "warn"
    text: str
    start: int
    end: int
    explanation: str
    suggestion: str
    source: tuple[str, ...] = ()
    priority: int = 100
    by: str = "rules"  # "rules" | "model" (the learned second opinion alone)
    confidence: float | None = None  # the model's probability, when it had a say

    def to_dict(self) -> dict:
        out = {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "explanation": self.explanation,
            "suggestion": self.suggestion,
            "source": list(self.source),
            "by": self.by,
        }
        if self.confidence is not None:
            out["confidence"] = round(self.confidence, 3)
        return out


@dataclass(frozen=True)
class Criterion:
    name: str
    name_en: str
    score: float
    max: float
    detail: str = ""

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "name_en": self.name_en,
            "score": round(self.score, 1),
            "max": self.max,
            "detail": self.detail,
        }


@dataclass
class GradeResult:
    scenario: str
    turn: int
    transcript: str
    score: int
    passed: bool
    outcome: str  # passed | failed | escalated
    next_turn: int | None
    violations: list[Violation]
    elements: dict[str, bool]
    element_tips: dict[str, str]
    criteria: list[Criterion]
    closest_answer: dict | None
    delivery: dict | None = None
    timings: dict[str, float] = field(default_factory=dict)
    unsure: list[int] = field(default_factory=list)  # transcript positions heard with doubt
    # per required element: {"found", "by": rules|model|both|none, "where", "confidence"}
    element_evidence: dict[str, dict] = field(default_factory=dict)

    @property
    def failing(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "fail"]

    def to_dict(self) -> dict:
        out = {
            "scenario": self.scenario,
            "turn": self.turn,
            "transcript": self.transcript,
            "score": self.score,
            "passed": self.passed,
            "violations": [v.to_dict() for v in self.violations],
            "elements": dict(self.elements),
            "delivery": self.delivery,
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
            "outcome": self.outcome,
            "next_turn": self.next_turn,
            "criteria": [c.to_dict() for c in self.criteria],
            "missing_tips": {
                k: v for k, v in self.element_tips.items() if not self.elements.get(k)
            },
            "closest_answer": self.closest_answer,
        }
        if self.unsure:
            out["unsure"] = list(self.unsure)
        if self.element_evidence:
            out["element_evidence"] = self.element_evidence
        return out


def violation_from_dict(d: dict) -> Violation:
    return Violation(
        rule=d.get("rule", ""),
        category=d.get("category", ""),
        severity=d.get("severity", "fail"),
        text=d.get("text", ""),
        start=int(d.get("start", 0)),
        end=int(d.get("end", 0)),
        explanation=d.get("explanation", ""),
        suggestion=d.get("suggestion", ""),
        source=tuple(d.get("source", ())),
        by=d.get("by", "rules"),
        confidence=d.get("confidence"),
    )


def result_from_dict(d: dict) -> GradeResult:
    """A result read back from its JSON form (``GradeResult.to_dict``), e.g. a stored turn."""
    return GradeResult(
        scenario=d.get("scenario", ""),
        turn=int(d.get("turn", 0)),
        transcript=d.get("transcript", ""),
        score=int(d.get("score", 0)),
        passed=bool(d.get("passed", False)),
        outcome=d.get("outcome", "passed" if d.get("passed") else "failed"),
        next_turn=d.get("next_turn"),
        violations=[violation_from_dict(v) for v in d.get("violations", [])],
        elements=dict(d.get("elements", {})),
        element_tips=dict(d.get("missing_tips", {})),
        criteria=[
            Criterion(c["name"], c.get("name_en", ""), c["score"], c["max"], c.get("detail", ""))
            for c in d.get("criteria", [])
        ],
        closest_answer=d.get("closest_answer"),
        delivery=d.get("delivery"),
        timings=dict(d.get("timings", {})),
        unsure=list(d.get("unsure", [])),
        element_evidence=dict(d.get("element_evidence", {})),
    )
