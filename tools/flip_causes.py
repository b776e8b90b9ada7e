"""Why a spoken verdict differs from the typed one: the findings only one side has, and a
rough cause for the difference (for tools/speech_flips.py; kept beside it, not shipped).

The cause is a guess from the two texts and the findings, meant for sorting many flips into a
few piles; a person reads the listed flips before changing anything.
"""

from __future__ import annotations

import re

from simulator.core.heard import NOT_COUNTED
from simulator.core.normalize import to_simplified
from simulator.core.result import GradeResult

_DIGITS = re.compile(r"[0-9零一二两三四五六七八九十百千]+")
_TIMES = re.compile(r"(个?工作日|小时|分钟|天内|日内|点前|号前|周内|工号)")


def _findings(result: GradeResult) -> set[str]:
    out = {f"{v.category}:{v.text}:{v.by}" for v in result.violations if v.severity == "fail"}
    out |= {f"missing:{name}" for name, found in result.elements.items() if not found}
    return out


def differing(typed: GradeResult, spoken: GradeResult) -> tuple[list[str], list[str]]:
    """The failing findings (category:text:by, or missing:element) only the typed result has,
    and those only the spoken one has."""
    t, s = _findings(typed), _findings(spoken)
    only_t = {x for x in t if x.startswith("missing:") or x.split(":")[0] not in _cats(s)}
    only_s = {x for x in s if x.startswith("missing:") or x.split(":")[0] not in _cats(t)}
    only_t -= s
    only_s -= t
    return sorted(only_t), sorted(only_s)


def _cats(findings: set[str]) -> set[str]:
    return {f.split(":")[0] for f in findings if not f.startswith("missing:")}


def classify(
    said: str,
    heard: str,
    only_typed: list[str],
    only_spoken: list[str],
    spoken: GradeResult | None = None,
) -> str:
    """One word for the cause of a flip; ``heard``: the transcript graded. ``spoken``: the
    spoken result, whose findings kept as notes (not counted) tell a fault the fair-charging
    leniency excused from one recognition garbled away."""
    if heard != to_simplified(heard):
        return "traditional"
    if spoken is not None and only_typed and not only_spoken:
        excused = {v.category for v in spoken.violations if v.severity == NOT_COUNTED}
        if any(f.split(":")[0] in excused for f in only_typed):
            return "excused_not_counted"
    if any(f.startswith("missing:") for f in only_spoken):
        missing = [f for f in only_spoken if f.startswith("missing:")]
        name = missing[0].split(":", 1)[1]
        if any(k in name for k in ("时限", "工号")) or (
            _TIMES.search(said) and _DIGITS.search(said) and not _TIMES.search(heard)
        ):
            return "element_missed:number_time"
        if "挂机" in name or "结束" in name:
            return "element_missed:closing"
        return f"element_missed:{name}"
    if any(f.startswith("missing:") for f in only_typed):
        return "element_found_only_spoken"
    for f in only_spoken:
        cat, text, by = (f.split(":") + ["", ""])[:3]
        if by == "model":
            return "opinion_on_heard_text"
        if cat == "filler" or any(p in text for p in "呗喽呀啦嘛哈哦呃嗯啊"):
            return "filler_particle"
        if text and text not in said:
            return "recognition_error_charged"
        return f"charged_only_spoken:{cat}"
    for f in only_typed:
        cat, _text, by = (f.split(":") + ["", ""])[:3]
        if by == "model":
            return "opinion_missed_on_heard_text"
        return f"violation_lost_in_speech:{cat}"
    return "other"
