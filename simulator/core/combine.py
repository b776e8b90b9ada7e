"""Rules and the learned second opinion, combined into one explainable verdict.

* A rule finding stands, unless the model is very sure its clause is fine in context (policy
  ``veto_clean``, for the categories listed): then it is kept as a warning that says so. The
  words a seed itself lists as forbidden (a rule's ``examples_bad``) are never vetoed.
* A tone the rules missed is charged when the model is sure of it (policy ``flag``, per
  category); the finding names the clause, says it is the model's with its confidence, and
  carries the category's explanation and approved rewrite (policy ``notes``).
* A required element counts when the rules found it and the model does not rule it out
  (``element_keep``: a keyword list is not a sentence), or when the model is sure of it
  (``element_add``: a paraphrase no pattern lists). Each element's evidence is kept for trainers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from simulator.core.opinion import Reading
from simulator.core.result import ElementEvidence, Violation
from simulator.core.schema import OpinionPolicy


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def apply_tones(
    violations: list[Violation],
    reading: Reading,
    policy: OpinionPolicy,
    rank: dict[str, int],
    listed: Callable[[Violation], bool] = lambda v: False,
) -> list[Violation]:
    """``listed(v)``: the finding's words are the seeds' own example of the forbidden phrase."""
    pieces = reading.pieces
    out: list[Violation] = []
    for v in violations:
        if (
            v.severity == "fail"
            and v.category in policy.veto_categories
            and v.end > v.start
            and not listed(v)
            and not v.rule.startswith("off.")  # a situation's listed wrong move is never vetoed
        ):
            idx = [i for i, p in enumerate(pieces) if _overlaps((p.start, p.end), (v.start, v.end))]
            sure = min((reading.clean(i) for i in idx), default=0.0)
            if idx and sure >= policy.veto_clean:
                v = replace(
                    v,
                    severity="warn",
                    explanation=v.explanation
                    + f"（第二意见认为此处语境中不构成问题，把握 {sure:.0%}；仅作提醒）",
                    explanation_en=(
                        v.explanation_en
                        + f" (The second opinion finds it fine in context, {sure:.0%} sure: "
                        "a reminder only.)"
                        if v.explanation_en
                        else ""
                    ),
                    confidence=1 - sure,
                )
        out.append(v)
    charged = [(v.start, v.end) for v in out if v.severity == "fail" and v.end > v.start]
    for i, piece in enumerate(pieces):
        category, p = reading.top_tone(i)
        threshold = policy.flag.get(category)
        if threshold is None or p < threshold:
            continue
        if any(_overlaps((piece.start, piece.end), span) for span in charged):
            continue
        out.append(_model_finding(category, p, piece, policy, rank, "clause"))
        charged.append((piece.start, piece.end))
    if pieces and not any(v.severity == "fail" for v in out):
        category, p = reading.reply_tone()
        threshold = policy.reply_flag.get(category)
        if threshold is not None and p >= threshold:
            piece = pieces[reading.likeliest_piece(category)]
            out.append(_model_finding(category, p, piece, policy, rank, "reply"))
    return out


def _model_finding(category, p, piece, policy, rank, scope) -> Violation:
    note = policy.notes.get(category)
    whole = (
        "（第二意见就整句判断，把握 {p:.0%}）"
        if scope == "reply"
        else "（第二意见判断，把握 {p:.0%}）"
    )
    en = note.explanation_en if note else category  # "" : the Chinese is shown in English too
    whole_en = (
        " (The second opinion, on the reply as a whole, {p:.0%} sure.)"
        if scope == "reply"
        else " (The second opinion, {p:.0%} sure.)"
    )
    return Violation(
        rule=f"model.{category}",
        category=category,
        severity="fail",
        text=piece.text,
        start=piece.start,
        end=piece.end,
        explanation=(note.explanation if note else category) + whole.format(p=p),
        suggestion=note.suggestion if note else "",
        explanation_en=en + whole_en.format(p=p) if en else "",
        suggestion_en=note.suggestion_en if note else "",
        source=tuple(note.source) if note else (),
        priority=rank[category] * 10 + 1,
        by="model",
        confidence=p,
    )


def apply_elements(
    required: list[str],
    by_rule: dict[str, tuple[bool, str]],
    reading: Reading | None,
    policy: OpinionPolicy,
) -> tuple[dict[str, bool], dict[str, ElementEvidence]]:
    """``by_rule``: element name → (found, where). Returns requirement → present, and the
    evidence per requirement."""
    present: dict[str, bool] = {}
    evidence: dict[str, ElementEvidence] = {}
    for req in required:
        best: dict = {"found": False, "by": "none", "where": "", "confidence": None}
        for name in req.split("|"):
            found, where = by_rule.get(name, (False, ""))
            p = reading.elements.get(name) if reading is not None else None
            if p is None:
                ok, by = found, "rules" if found else "none"
            elif found:
                ok, by = p >= policy.element_keep, "both" if p >= 0.5 else "rules"
            else:
                ok, by = p >= policy.element_add, "model" if p >= policy.element_add else "none"
            if ok or (p is not None and (best["confidence"] or 0) < p and not best["found"]):
                best = {
                    "element": name,
                    "found": ok,
                    "by": by if ok else ("rules-withdrawn" if found else "none"),
                    "where": where,
                    "confidence": None if p is None else round(p, 3),
                }
            if ok:
                break
        present[req] = best["found"]
        evidence[req] = ElementEvidence(
            best["found"], best["by"], best["where"], best["confidence"], best.get("element", "")
        )
    return present, evidence
