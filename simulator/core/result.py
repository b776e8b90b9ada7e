"""The grading result and its JSON form (the contract other tools script against).

Every part of a result is a typed record; ``to_dict`` writes the JSON the README documents and
``result_from_dict`` reads it back (a stored turn, a line of ``simulator grade --json``). Fields
added later (English texts, structured criterion data, the branch, the second opinion's
``by``/``confidence`` and element evidence) are optional on reading, so turns stored before them
still load.
"""

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
    explanation_en: str = ""
    # What the trainee is shown to say instead: the rule's suggestion (the alternative that
    # fits the turn) or, when no alternative has the turn's required elements, the turn's
    # closest model answer. ``rewrite_from`` says which ("rule" | "model_answer").
    rewrite: str = ""
    rewrite_from: str = ""
    suggestion_en: str = ""  # only where the suggestion is advice rather than words to say
    by: str = "rules"  # "rules" | "model" (the learned second opinion alone)
    confidence: float | None = None  # the model's probability, when it had a say
    heard_at: float | None = None  # where in the recording (s): a spoken finding not counted

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
            "explanation_en": self.explanation_en,
            "rewrite": self.rewrite or self.suggestion,
            "rewrite_from": self.rewrite_from or "rule",
            "by": self.by,
        }
        if self.suggestion_en:
            out["suggestion_en"] = self.suggestion_en
        if self.confidence is not None:
            out["confidence"] = round(self.confidence, 3)
        if self.heard_at is not None:
            out["heard_at"] = round(self.heard_at, 2)
        return out


@dataclass(frozen=True)
class Criterion:
    """One line of the score breakdown. ``detail`` is the Chinese text the CLI has always
    printed; ``id`` and ``data`` say the same as structured data, rendered per language:

    - ``elements``: ``have``, ``total``, ``missing`` (element names)
    - ``tones`` / ``style``: ``counts`` (category → number of violations)
    - ``similarity``: ``similarity`` (0–1)
    - ``delivery``: ``ok``, ``total`` (findings within the norm)
    """

    name: str
    name_en: str
    score: float
    max: float
    detail: str = ""
    id: str = ""
    data: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "name_en": self.name_en,
            "score": round(self.score, 1),
            "max": self.max,
            "detail": self.detail,
            "id": self.id,
            "data": self.data,
        }


@dataclass(frozen=True)
class ClosestAnswer:
    """The turn's model answer most like the reply; ``quote`` is the passage of its seed as
    the seed words it (placeholders and all), when the pack records it."""

    text: str
    source: str
    similarity: float
    audio: str | None = None
    quote: str = ""

    def to_dict(self) -> dict:
        out = {
            "text": self.text,
            "source": self.source,
            "audio": self.audio,
            "similarity": self.similarity,
        }
        if self.quote:
            out["quote"] = self.quote
        return out

    @classmethod
    def from_dict(cls, d: dict | None) -> ClosestAnswer | None:
        if not isinstance(d, dict) or "text" not in d:
            return None
        return cls(
            text=d.get("text", ""),
            source=d.get("source", ""),
            similarity=float(d.get("similarity", 0.0) or 0.0),
            audio=d.get("audio"),
            quote=d.get("quote", ""),
        )


@dataclass(frozen=True)
class DeliveryFinding:
    """One delivery measure against its norm. ``lo``/``hi`` bound the norm band (None:
    unbounded on that side); ``label``/``tip`` are Chinese, ``*_en`` English."""

    measure: str
    label: str
    value: float | int | None
    lo: float | None
    hi: float | None
    ok: bool
    tip: str
    source: tuple[str, ...] = ()
    label_en: str = ""
    tip_en: str = ""

    @property
    def norm(self) -> str:
        """The band as people read it: '100–120', '≤ 3', '≥ 1'."""
        if self.lo is None and self.hi is None:
            return ""
        if self.lo is None:
            return f"≤ {self.hi:g}"
        if self.hi is None:
            return f"≥ {self.lo:g}"
        return f"{self.lo:g}–{self.hi:g}"

    def to_dict(self) -> dict:
        value = round(self.value, 2) if isinstance(self.value, float) else self.value
        return {
            "measure": self.measure,
            "label": self.label,
            "value": value,
            "norm": self.norm,
            "lo": self.lo,
            "hi": self.hi,
            "ok": self.ok,
            "tip": self.tip,
            "label_en": self.label_en,
            "tip_en": self.tip_en,
        }

    @classmethod
    def from_dict(cls, d: dict) -> DeliveryFinding:
        """Findings stored before they carried ``lo``/``hi`` have only the ``norm`` text,
        which is parsed instead."""
        if "lo" in d or "hi" in d:
            lo, hi = d.get("lo"), d.get("hi")
        else:
            lo, hi = parse_norm(d.get("norm", ""))
        value = d.get("value")
        return cls(
            measure=d.get("measure", ""),
            label=d.get("label", ""),
            value=value if isinstance(value, int | float) else None,
            lo=lo,
            hi=hi,
            ok=bool(d.get("ok", True)),
            tip=d.get("tip", ""),
            label_en=d.get("label_en", ""),
            tip_en=d.get("tip_en", ""),
        )

    def violation(self) -> Violation:
        return Violation(
            rule=f"delivery.{self.measure}",
            category="delivery",
            severity="warn",
            text="",
            start=0,
            end=0,
            explanation=f"{self.label}：{self.value}（标准 {self.norm}）",
            suggestion=self.tip,
            source=self.source,
            priority=1000,
            explanation_en=f"{self.label_en}: {self.value} (norm {self.norm})",
            suggestion_en=self.tip_en,
        )


def parse_norm(norm: str) -> tuple[float | None, float | None]:
    """'100–120' → (100, 120); '≤ 3' → (None, 3); '≥ 1' → (1, None)."""
    import re

    nums = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", norm or "")]
    if "≤" in norm and nums:
        return None, nums[0]
    if "≥" in norm and nums:
        return nums[0], None
    if len(nums) >= 2:
        return min(nums[:2]), max(nums[:2])
    return None, None


@dataclass(frozen=True)
class Delivery:
    """The measures of a spoken reply and how each compares with the pack's norm."""

    measures: dict
    findings: tuple[DeliveryFinding, ...] = ()

    def to_dict(self) -> dict:
        return {"measures": self.measures, "findings": [f.to_dict() for f in self.findings]}

    @classmethod
    def from_dict(cls, d: dict | None) -> Delivery | None:
        if not isinstance(d, dict):
            return None
        findings = tuple(
            DeliveryFinding.from_dict(f) for f in d.get("findings", []) if isinstance(f, dict)
        )
        return cls(dict(d.get("measures") or {}), findings)


# How a required element was judged: found by the patterns ("rules"), by the second opinion
# alone ("model"), by both; "rules-withdrawn" when the patterns matched but the second opinion
# ruled it out; "none" when nothing found it.
EVIDENCE_BY = ("rules", "model", "both", "rules-withdrawn", "none")


@dataclass(frozen=True)
class ElementEvidence:
    """Why a required element counts as present or missing: which of its names (``element``)
    was judged, who found it (``by``, one of ``EVIDENCE_BY``), the words the patterns matched
    (``where``) and the second opinion's probability (``confidence``, None without it)."""

    found: bool
    by: str = "none"
    where: str = ""
    confidence: float | None = None
    element: str = ""

    def to_dict(self) -> dict:
        return {
            "element": self.element,
            "found": self.found,
            "by": self.by,
            "where": self.where,
            "confidence": self.confidence,
        }

    @classmethod
    def from_dict(cls, d: dict) -> ElementEvidence:
        conf = d.get("confidence")
        return cls(
            found=bool(d.get("found", False)),
            by=d.get("by", "none") if d.get("by") in EVIDENCE_BY else "none",
            where=d.get("where", "") or "",
            confidence=float(conf) if isinstance(conf, int | float) else None,
            element=d.get("element", "") or "",
        )


# How the call goes on after a reply: the caller escalates (the turn's escalated branch), the
# call continues on another branch, or it ends.
BRANCHES = ("escalated", "continues", "ends")


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
    closest_answer: ClosestAnswer | None
    delivery: Delivery | None = None
    timings: dict[str, float] = field(default_factory=dict)
    unsure: list[int] = field(default_factory=list)  # transcript positions heard with doubt
    branch: str = ""  # one of BRANCHES; "" for results stored before it existed
    elements_en: dict[str, str] = field(default_factory=dict)  # element name → English
    element_tips_en: dict[str, str] = field(default_factory=dict)
    # per required element: how it was found or why it is missing (rules, the second opinion)
    element_evidence: dict[str, ElementEvidence] = field(default_factory=dict)

    @property
    def failing(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "fail"]

    @property
    def branch_taken(self) -> str:
        """The branch, for results stored before ``branch``: ends or continues (a stored
        result does not say whether its next turn was the escalated one)."""
        if self.branch:
            return self.branch
        return "ends" if self.next_turn is None else "continues"

    def to_dict(self) -> dict:
        out = {
            "scenario": self.scenario,
            "turn": self.turn,
            "transcript": self.transcript,
            "score": self.score,
            "passed": self.passed,
            "violations": [v.to_dict() for v in self.violations],
            "elements": dict(self.elements),
            "delivery": self.delivery.to_dict() if self.delivery else None,
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
            "outcome": self.outcome,
            "next_turn": self.next_turn,
            "branch": self.branch_taken,
            "criteria": [c.to_dict() for c in self.criteria],
            "missing_tips": {
                k: v for k, v in self.element_tips.items() if not self.elements.get(k)
            },
            "closest_answer": self.closest_answer.to_dict() if self.closest_answer else None,
            "elements_en": dict(self.elements_en),
            "missing_tips_en": {
                k: v for k, v in self.element_tips_en.items() if not self.elements.get(k)
            },
        }
        if self.unsure:
            out["unsure"] = list(self.unsure)
        if self.element_evidence:
            out["element_evidence"] = {k: e.to_dict() for k, e in self.element_evidence.items()}
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
        explanation_en=d.get("explanation_en", ""),
        rewrite=d.get("rewrite", ""),
        rewrite_from=d.get("rewrite_from", ""),
        suggestion_en=d.get("suggestion_en", ""),
        by=d.get("by", "rules"),
        confidence=d.get("confidence"),
        heard_at=d.get("heard_at"),
    )


def criterion_from_dict(c: dict) -> Criterion:
    return Criterion(
        c.get("name", ""),
        c.get("name_en", ""),
        float(c.get("score", 0.0)),
        float(c.get("max", 0.0)),
        c.get("detail", ""),
        c.get("id", ""),
        dict(c.get("data") or {}),
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
        criteria=[criterion_from_dict(c) for c in d.get("criteria", []) if isinstance(c, dict)],
        closest_answer=ClosestAnswer.from_dict(d.get("closest_answer")),
        delivery=Delivery.from_dict(d.get("delivery")),
        timings=dict(d.get("timings", {})),
        unsure=list(d.get("unsure", [])),
        branch=d.get("branch", "") if d.get("branch") in BRANCHES else "",
        elements_en=dict(d.get("elements_en", {})),
        element_tips_en=dict(d.get("missing_tips_en", {})),
        element_evidence={
            k: ElementEvidence.from_dict(v)
            for k, v in (d.get("element_evidence") or {}).items()
            if isinstance(v, dict)
        },
    )
