"""Which finding names a failing reply's main fault, where the category order alone misleads.

The grader lists failing findings by category priority (`grader.PRIORITY`), then by position.
One pair of categories is judged by weight rather than rank: a careless register where the tics
(filler) are at least as many as the plain 你 that came with them. A senior trainer names the
tics first ("口头禅和非礼貌性语气词过多", categories.md; 000 服务禁用语气) — the 你 is part of the
same careless speech — while a casual form of address (美女, 喂, 亲) or a 你 said more often than
the tics stays the main fault. On the labelled training and tuning sets, 20 of the 22 replies
with both categories are labelled so (the category order alone named 8).
"""

from __future__ import annotations

from simulator.core.result import Violation

PRONOUN_RULE = "ad.ni"  # the plain 你 (scenarios/rules/forbidden.yaml)


def _key(v: Violation) -> tuple:
    return (v.severity != "fail", v.priority, v.start)


def name_main_fault(violations: list[Violation]) -> list[Violation]:
    """``violations`` sorted by ``_key`` (failing first), with the tics moved before a plain 你
    that they outnumber or equal; otherwise unchanged."""
    failing = [v for v in violations if v.severity == "fail"]
    if not failing or failing[0].category != "impolite_address":
        return violations
    address = [v for v in failing if v.category == "impolite_address"]
    tics = [v for v in failing if v.category == "filler"]
    if not tics or len(tics) < len(address) or any(v.rule != PRONOUN_RULE for v in address):
        return violations
    return sorted(
        violations, key=lambda v: (v.severity != "fail", v.category != "filler", *_key(v)[1:])
    )
