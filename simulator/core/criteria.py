"""The score breakdown of a graded reply: four criteria on the words (five with delivery),
each with its points and the data behind them (``Criterion.id``/``data``), which the app words
per language; ``detail`` keeps the Chinese line the command line has always printed. The
weights come from the policy (``scenarios/rules/policy.yaml``, ``schema.Scoring``)."""

from __future__ import annotations

from collections import Counter

from simulator.core.result import ClosestAnswer, Criterion, Delivery, Violation
from simulator.core.schema import Scoring

TONE_CATEGORIES = frozenset(
    {"rhetorical", "interrogating", "commanding", "sarcastic", "shirking", "forbidden_word"}
)
STYLE_CATEGORIES = frozenset({"filler", "impolite_address"})


def _counts(violations: list[Violation], cats: frozenset[str]) -> dict[str, int]:
    found = Counter(v.category for v in violations if v.category in cats)
    return dict(sorted(found.items()))


def _count_detail(counts: dict[str, int]) -> str:
    if not counts:
        return "无"
    return "、".join(counts) + f"（{sum(counts.values())} 处）"


def score_criteria(
    violations: list[Violation],
    elements: dict[str, bool],
    closest: ClosestAnswer | None,
    delivery: Delivery | None,
    w: Scoring | None = None,
) -> list[Criterion]:
    """The criteria, weighted by ``w`` (the policy's scoring; its defaults when None)."""
    w = w or Scoring()
    text_scale = w.text_scale_with_delivery if delivery is not None else 1.0
    n_req = len(elements)
    have = sum(elements.values())
    missing = [k for k, v in elements.items() if not v]

    def cost(cats: frozenset[str], fail: float, warn: float) -> float:
        return sum(
            (fail if v.severity == "fail" else warn) for v in violations if v.category in cats
        )

    tone_cats = TONE_CATEGORIES | {"off_protocol"}
    tones = _counts(violations, tone_cats)
    style = _counts(violations, STYLE_CATEGORIES)
    sim = closest.similarity if closest else 0.0
    out = [
        Criterion(
            "必备要素",
            "Required elements",
            w.elements * (have / n_req if n_req else 1.0) * text_scale,
            w.elements * text_scale,
            "缺少：" + "、".join(missing) if missing else f"{have}/{n_req} 项齐全",
            "elements",
            {"have": have, "total": n_req, "missing": missing},
        ),
        Criterion(
            "禁用语与语气",
            "Forbidden words and tones",
            max(0.0, w.tones - cost(tone_cats, w.tone_fail_cost, w.tone_warn_cost)) * text_scale,
            w.tones * text_scale,
            _count_detail(tones),
            "tones",
            {"counts": tones},
        ),
        Criterion(
            "称呼与口头禅",
            "Address and fillers",
            max(0.0, w.style - cost(STYLE_CATEGORIES, w.style_fail_cost, w.style_warn_cost))
            * text_scale,
            w.style * text_scale,
            _count_detail(style),
            "style",
            {"counts": style},
        ),
        Criterion(
            "贴近规范话术",
            "Closeness to the approved answer",
            w.closeness * min(1.0, sim / w.closeness_full_at) * text_scale,
            w.closeness * text_scale,
            f"相似度 {sim:.0%}",
            "similarity",
            {"similarity": sim},
        ),
    ]
    if delivery is not None:
        ok = sum(1 for f in delivery.findings if f.ok)
        total = len(delivery.findings)
        out.append(
            Criterion(
                "声音表达",
                "Delivery",
                w.delivery * ok / (total or 1),
                w.delivery,
                f"{ok}/{total} 项达标",
                "delivery",
                {"ok": ok, "total": total},
            )
        )
    return out
