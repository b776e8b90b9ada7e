"""Agreement between the grader and a hand-labelled set of replies.

A labelled line is {"scenario", "turn"?, "text", "passed": bool, "category": str|null}. The
report gives pass/fail agreement, how often the labelled category is the one the grader names
first (and among those it flags) on failing replies, good replies flagged, and the misses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

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
