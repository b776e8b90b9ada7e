"""Agreement between the grader and a hand-labelled set of replies.

A labelled line is {"scenario", "turn"?, "text", "passed": bool, "category": str|null}. The
report gives pass/fail agreement, how often the labelled category is the one the grader names
first (and among those it flags) on failing replies, good replies flagged, and the misses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from simulator.core.grader import Grader


@dataclass
class AgreementReport:
    total: int = 0
    agree: int = 0
    failing: int = 0
    category_first: int = 0
    category_any: int = 0
    good: int = 0
    good_flagged: int = 0
    misses: list[dict] = field(default_factory=list)

    @property
    def agreement(self) -> float:
        return self.agree / self.total if self.total else 0.0

    @property
    def category_rate(self) -> float:
        return self.category_first / self.failing if self.failing else 1.0

    @property
    def category_any_rate(self) -> float:
        return self.category_any / self.failing if self.failing else 1.0

    def summary(self) -> str:
        return (
            f"pass/fail agreement {self.agree}/{self.total} = {self.agreement:.1%}; "
            f"category named first on failing {self.category_first}/{self.failing} = "
            f"{self.category_rate:.1%} (among flagged: {self.category_any_rate:.1%}); "
            f"good replies failed {self.good_flagged}/{self.good}"
        )


def load_labelled(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text("utf-8").splitlines() if line.strip()]


def measure_agreement(grader: Grader, items: list[dict]) -> AgreementReport:
    report = AgreementReport()
    for item in items:
        result = grader.grade(item["scenario"], item.get("turn"), item["text"])
        report.total += 1
        expected = bool(item["passed"])
        ok = result.passed == expected
        report.agree += ok
        cats = [v.category for v in result.failing]
        if expected:
            report.good += 1
            report.good_flagged += not result.passed
        else:
            report.failing += 1
            first = bool(cats) and cats[0] == item.get("category")
            report.category_first += first
            report.category_any += item.get("category") in cats
            ok = ok and first
        if not ok:
            report.misses.append(
                {
                    "id": item.get("id"),
                    "scenario": item["scenario"],
                    "text": item["text"],
                    "expected": item.get("category") if not expected else "pass",
                    "got": cats or "pass",
                    "flagged": [v.text for v in result.failing if v.text],
                    "missing": [k for k, v in result.elements.items() if not v],
                }
            )
    return report


def measure_phrases(grader: Grader, items: list[dict]) -> dict:
    """Published service phrases (``kind`` forbidden/approved), graded on their own, outside any
    scenario: a forbidden one is caught when a forbidden word or tone is found in it; an approved
    one is flagged when one is found where there is none."""
    caught = flagged = forbidden = approved = 0
    misses: list[dict] = []
    for item in items:
        found = [v for v in grader.grade_phrase(item["text"]).violations if v.severity == "fail"]
        if item["kind"] == "forbidden":
            forbidden += 1
            caught += bool(found)
            if not found:
                misses.append({"text": item["text"], "expected": item.get("category"), "got": None})
        else:
            approved += 1
            flagged += bool(found)
            if found:
                misses.append({"text": item["text"], "expected": None, "got": found[0].category})
    return {
        "forbidden": forbidden,
        "caught": caught,
        "approved": approved,
        "flagged": flagged,
        "caught_rate": caught / forbidden if forbidden else 0.0,
        "flagged_rate": flagged / approved if approved else 0.0,
        "misses": misses,
    }


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LabelledSet(_Strict):
    name: str
    path: str
    kind: Literal["replies", "phrases"]
    status: Literal["training", "tuning", "untouched"]
    frozen: bool = False
    written: str = ""


class FirstLook(_Strict):
    set: str
    date: str
    commit: str
    numbers: dict[str, float | int]
    note: str = ""


class SetRegistry(_Strict):
    """benchmarks/data/sets.yaml: every labelled set and what it may be used for."""

    sets: list[LabelledSet]
    first_look: list[FirstLook] = []


def load_registry(root: Path | None = None) -> SetRegistry:
    from simulator.core.catalog import DataError, validate_file
    from simulator.core.paths import repo_root

    path = (root or repo_root()) / "benchmarks" / "data" / "sets.yaml"
    registry, problems = validate_file(path, SetRegistry)
    if problems or registry is None:
        raise DataError("; ".join(str(p) for p in problems))
    return registry


def score_set(grader: Grader, labelled: LabelledSet, root: Path | None = None) -> dict:
    """The set's numbers (no misses for an untouched set: nobody is to read them)."""
    from simulator.core.paths import repo_root

    items = load_labelled((root or repo_root()) / labelled.path)
    if labelled.kind == "phrases":
        out = measure_phrases(grader, items)
        out = {k: v for k, v in out.items() if k != "misses"}
    else:
        report = measure_agreement(grader, items)
        out = {
            "n": report.total,
            "agreement": round(report.agreement, 4),
            "good": report.good,
            "good_failed": report.good_flagged,
            "failing": report.failing,
            "category_first": round(report.category_rate, 4),
        }
    return out


def describe(labelled: LabelledSet, numbers: dict) -> str:
    if labelled.kind == "phrases":
        return (
            f"forbidden caught {numbers['caught']}/{numbers['forbidden']} = "
            f"{numbers['caught_rate']:.1%}; approved flagged {numbers['flagged']}/"
            f"{numbers['approved']} = {numbers['flagged_rate']:.1%}"
        )
    return (
        f"pass/fail agreement {numbers['agreement']:.1%} (n={numbers['n']}); good replies failed "
        f"{numbers['good_failed']}/{numbers['good']}; category named first on failing "
        f"{numbers['category_first']:.1%}"
    )
