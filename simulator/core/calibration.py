"""Agreement between raters on a calibration set: percent agreement and Cohen's kappa, for the
pass/fail verdict, the failure's category, each category and each rule — trainer against the
grader and trainer against trainer. Pure: labels in, numbers out.

A label is ``(passed, category)``; ``category`` is the failure's main category (the grader's
first failing finding), None for a pass. Cohen's kappa is ``(p_o - p_e) / (1 - p_e)`` with
``p_o`` the observed agreement and ``p_e`` the agreement expected by chance from each rater's
own label frequencies; it is undefined (None) when ``p_e`` is 1 (both raters always gave the
same single label).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

PASS = "pass"


@dataclass(frozen=True)
class Agreement:
    n: int
    agree: int
    kappa: float | None

    @property
    def percent(self) -> float:
        return 100.0 * self.agree / self.n if self.n else 0.0

    def to_dict(self) -> dict:
        kappa = None if self.kappa is None else round(self.kappa, 4)
        return {"n": self.n, "agree": self.agree, "percent": round(self.percent, 2), "kappa": kappa}


def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two raters' labels of the same items (None: undefined)."""
    if len(a) != len(b):
        raise ValueError("the raters labelled different numbers of items")
    n = len(a)
    if n == 0:
        return None
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in ca.keys() | cb.keys()) / (n * n)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def agreement(a: Sequence[Hashable], b: Sequence[Hashable]) -> Agreement:
    return Agreement(len(a), sum(x == y for x, y in zip(a, b, strict=True)), cohen_kappa(a, b))


@dataclass(frozen=True)
class Label:
    passed: bool
    category: str | None  # the failure's main category; None when passed
    rules: frozenset[str] = frozenset()  # the failing rules (the grader's only)

    @property
    def cls(self) -> str:
        """The label as one class: ``pass`` or the failure's category."""
        return PASS if self.passed else (self.category or "fail")


@dataclass(frozen=True)
class Pairs:
    """Labels of the same items by two raters (``a[i]`` and ``b[i]`` are one item)."""

    a: tuple[Label, ...]
    b: tuple[Label, ...]

    def verdict(self) -> Agreement:
        return agreement([x.passed for x in self.a], [y.passed for y in self.b])

    def category(self) -> Agreement:
        return agreement([x.cls for x in self.a], [y.cls for y in self.b])

    def per_category(self, categories: Sequence[str]) -> dict[str, Agreement]:
        """For each category: did each rater put the item in it (a yes/no label)."""
        return {
            c: agreement([x.cls == c for x in self.a], [y.cls == c for y in self.b])
            for c in categories
        }

    def per_rule(self, rule_category: dict[str, str]) -> dict[str, Agreement]:
        """For each rule of rater ``b`` (the grader): it fired, against rater ``a`` putting
        the item in that rule's category."""
        return {
            rule: agreement([x.cls == cat for x in self.a], [rule in y.rules for y in self.b])
            for rule, cat in rule_category.items()
        }
