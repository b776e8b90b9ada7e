"""What the trainee is shown to say instead of a located violation.

A rule's suggestion is written for every scenario ("对不起，可能我解释得不清楚……"); a turn asks
for particular elements (apologise, show understanding, offer help). The rewrite is the rule's
suggestion when one of its alternatives (``A / B``) has every element the turn requires, with
the persona's form of address filled in; otherwise it is the turn's own approved answer closest
to the reply, which has them all. Advice rather than words to say ("把“你”换成“您”") is never
the rewrite: it stays the suggestion, shown as a tip.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from simulator.core.result import ClosestAnswer, Violation

_ALTERNATIVE = re.compile(r"\s*/\s+|\s+/\s*")
_ADDRESS = re.compile(r"(?:XX|\*|××)?先生\s*/\s*(?:女士|小姐)")


def alternatives(suggestion: str) -> list[str]:
    """The alternatives of a suggestion written ``A。/ B``, in order."""
    return [a.strip() for a in _ALTERNATIVE.split(suggestion) if a.strip()]


def adapt(text: str, gender: str | None) -> str:
    """``先生/女士`` (and the seeds' ``XX先生/小姐``) as the caller is addressed."""
    if gender not in ("male", "female"):
        return text
    return _ADDRESS.sub("先生" if gender == "male" else "女士", text)


def choose_rewrite(
    v: Violation,
    required: int,
    covers: Callable[[str], int],
    closest: ClosestAnswer | None,
    gender: str | None = None,
    advice: bool = False,
) -> Violation:
    """``v`` with ``rewrite``/``rewrite_from`` set. ``required``: how many elements the turn
    requires; ``covers(text)``: how many of them ``text`` has."""
    if not advice:
        for option in alternatives(v.suggestion):
            if required == 0 or covers(option) >= required:
                return replace(v, rewrite=adapt(option, gender), rewrite_from="rule")
    if closest is not None:
        return replace(v, rewrite=closest.text, rewrite_from="model_answer")
    return replace(v, rewrite=v.suggestion, rewrite_from="rule")
