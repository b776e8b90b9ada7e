"""Where the rules find faults in a text: the shared rules' forbidden words and tones and a
scenario turn's off-protocol moves, located, with overlapping findings resolved (the grader's
first step, and how another reading of a spoken reply is graded again)."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import replace

from simulator.core.clauses import Analysis
from simulator.core.matcher import MAX_SPANS_PER_RULE, Matcher, otherwise_polite, overlaps
from simulator.core.normalize import Normalized
from simulator.core.patterns import compile_pattern
from simulator.core.result import Violation
from simulator.core.schema import Turn


def rule_matchers(rules: Iterable, rank: dict[str, int]) -> tuple[Matcher, ...]:
    """The catalog's rules compiled; a rule without a priority ranks by its category."""
    return tuple(
        Matcher(
            r.id,
            r.category,
            r.severity,
            r.priority if r.priority is not None else rank[r.category] * 10,
            tuple(compile_pattern(p) for p in r.patterns),
            tuple(compile_pattern(p) for p in r.unless),
            r.unless_polite,
            r.explanation,
            r.suggestion,
            tuple(r.source),
            r.explanation_en,
            r.suggestion_en,
            r.negatable,
            r.conditional_ok,
            r.whole_words,
            r.limit_ok,
            r.once_polite,
            r.by_sound,
        )
        for r in rules
    )


def violation(m: Matcher, text: Normalized, span: tuple[int, int], sev: str) -> Violation:
    start, end = text.display_span(*span)
    return Violation(
        rule=m.id,
        category=m.category,
        severity=sev,
        text=text.display[start:end],
        start=start,
        end=end,
        explanation=m.explanation,
        suggestion=m.suggestion,
        source=m.source,
        priority=m.priority,
        explanation_en=m.explanation_en,
        suggestion_en=m.suggestion_en,
    )


def rule_violations(rules: Iterable[Matcher], text: Normalized, an: Analysis) -> list[Violation]:
    polite = otherwise_polite(text)
    out: list[Violation] = []
    reminders: set[str] = set()  # rules that only ever remind (fl.ah: 嗯，/啊， at a clause edge)
    for m in rules:
        spans = m.spans(text, an)
        once = m.once_polite and polite and len(spans) == 1 and not _HESITATION.search(text.chars)
        severity = "warn" if (m.unless_polite and polite) else m.severity
        if m.severity == "warn":
            reminders.add(m.id)
        for span in spans[:MAX_SPANS_PER_RULE]:
            out.append(violation(m, text, span, "once" if once else severity))
    return _said_once(out, reminders)


# hesitation sounds (嗯…, 呃) beside a pet phrase make it a habit, not a slip
_HESITATION = re.compile("[嗯呃]")


def _said_once(found: list[Violation], reminders: Collection[str] = ()) -> list[Violation]:
    """A pet phrase said once (a `once_polite` rule found once in an otherwise polite reply
    without hesitation sounds) is a reminder when it is the reply's only tic; beside another
    tic it is the habit 000 forbids (categories.md: filler is several tics). A finding of a rule
    that only ever reminds (``reminders``: fl.ah, a 嗯，/啊， at a clause's edge) is no such tic:
    counted, it failed good replies (建议提得好啊，…就是说会往上报…)."""
    others = any(
        v.category == "filler" and v.severity != "once" and v.rule not in reminders for v in found
    )
    return [
        replace(v, severity="fail" if others else "warn") if v.severity == "once" else v
        for v in found
    ]


def off_protocol(text: Normalized, turn: Turn, an: Analysis) -> list[Violation]:
    out: list[Violation] = []
    for op in turn.off_protocol:
        # A toned move keeps the move's rank (rank 0): it is still the situation's wrong move,
        # named first and kept over a shared rule on the same words; only its name is the tone.
        m = Matcher(
            f"off.{op.id}",
            op.tone or "off_protocol",
            "fail",
            0,
            tuple(compile_pattern(p) for p in op.patterns),
            tuple(compile_pattern(p) for p in op.unless),
            False,
            op.explanation,
            op.suggestion,
            tuple(op.source),
            op.explanation_en,
            op.suggestion_en,
            op.negatable,
        )
        out.extend(violation(m, text, s, "fail") for s in m.spans(text, an)[:1])
    return out


def resolve_overlaps(found: list[Violation]) -> list[Violation]:
    """Where two violations cover the same words, keep the more serious one.

    A scenario's off-protocol move beats a shared rule on the same words (不知道 to a caller
    whose question needs checking): trainers name the wrong move of the situation first,
    and the move carries the situation's own rewrite. A shared off-protocol rule has the move's
    priority, so on the same words the move is kept by name (照价赔偿: agree-to-pay, not the
    shared penalty-guarantee).
    """
    ordered = sorted(
        found,
        key=lambda v: (
            v.severity != "fail",
            v.priority,
            not v.rule.startswith("off."),
            -(v.end - v.start),
        ),
    )
    kept: list[Violation] = []
    for v in ordered:
        if any(overlaps((v.start, v.end), (k.start, k.end)) for k in kept):
            continue
        kept.append(v)
    return kept
