"""Grading one reply (a transcript) against a scenario turn.

The verdict: every forbidden word or tone located in the text with its explanation and the
approved rewrite, the required elements found or missing, the scenario's off-protocol moves,
delivery findings when the reply was spoken, a 0–100 score with its criteria, and the branch the
call takes next. `passed` means no violation of severity "fail" and every required element.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from simulator.core.catalog import Catalog, DataError, load_catalog
from simulator.core.clauses import Analysis, analyse
from simulator.core.delivery import evaluate_delivery
from simulator.core.normalize import (
    Normalized,
    display_positions,
    mark_unsure,
    normalize,
)
from simulator.core.patterns import CompiledPattern, compile_pattern
from simulator.core.result import Criterion, GradeResult, Violation
from simulator.core.schema import Scenario, Turn

TONE_CATEGORIES = frozenset(
    {"rhetorical", "interrogating", "commanding", "sarcastic", "shirking", "forbidden_word"}
)
# Which category is named first when several apply: the most serious and most specific.
PRIORITY = (
    "off_protocol",
    "sarcastic",
    "shirking",
    "commanding",
    "interrogating",
    "rhetorical",
    "forbidden_word",
    "impolite_address",
    "filler",
    "missing_element",
    "delivery",
)
_RANK = {c: i for i, c in enumerate(PRIORITY)}
_COURTESY = compile_pattern(
    "(^请|请问|请您|请你|请稍|请留|请讲|请说|谢谢|感谢|抱歉|对不起|麻烦|不好意思|劳驾)"
)


def _otherwise_polite(text: Normalized) -> bool:
    """您 anywhere, or courtesy words with at most one 你 (which the recogniser may have misheard)."""
    if "您" in text.chars:
        return True
    bare_ni = text.chars.count("你") - text.chars.count("你们") - text.chars.count("你好")
    return bare_ni <= 1 and bool(_COURTESY.spans(text))


MAX_SPANS_PER_RULE = 3


@dataclass(frozen=True)
class _Matcher:
    """A rule or off-protocol move, compiled."""

    id: str
    category: str
    severity: str
    priority: int
    patterns: tuple[CompiledPattern, ...]
    unless: tuple[CompiledPattern, ...]
    unless_polite: bool
    explanation: str
    suggestion: str
    source: tuple[str, ...]
    negatable: bool = False
    conditional_ok: bool = False
    whole_words: bool = True

    def spans(self, text: Normalized, an: Analysis) -> list[tuple[int, int]]:
        hits = sorted({s for p in self.patterns for s in p.spans(text)})
        if not hits:
            return []
        guards = [g for u in self.unless for g in u.spans(text)]
        return [
            h
            for h in hits
            if not any(g[0] < h[1] and h[0] < g[1] for g in guards)
            and not (self.whole_words and not an.whole_words(*h))
            and not (self.negatable and an.negated(h[0]))
            and not (self.conditional_ok and an.conditional(h[0]))
        ]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class Grader:
    """Grades transcripts; build once per catalog and reuse (patterns are compiled once)."""

    def __init__(self, catalog: Catalog | None = None):
        self.catalog = catalog or load_catalog()
        self._rules = tuple(
            _Matcher(
                r.id,
                r.category,
                r.severity,
                r.priority if r.priority is not None else _RANK[r.category] * 10,
                tuple(compile_pattern(p) for p in r.patterns),
                tuple(compile_pattern(p) for p in r.unless),
                r.unless_polite,
                r.explanation,
                r.suggestion,
                tuple(r.source),
                r.negatable,
                r.conditional_ok,
                r.whole_words,
            )
            for r in self.catalog.rules.rules
        )
        self._elements = {
            e.name: (tuple(compile_pattern(p) for p in e.patterns), e.tip, e.negatable)
            for e in self.catalog.elements.elements
        }

    # ------------------------------------------------------------------ public
    def grade(
        self,
        scenario_id: str,
        turn_id: int | None,
        transcript: str,
        delivery: dict | None = None,
        unsure: Iterable[int] | None = None,
    ) -> GradeResult:
        """Grade one reply. `unsure`: positions in `transcript` of the characters the speech
        recogniser heard with low confidence. Required elements may match there by looser
        sound (`CompiledPattern.spans`): a missing element fails the reply, and on a noisy
        line the recogniser garbles words (挂机 heard as 挂金) and knows it."""
        t0 = time.perf_counter()
        scenario = self.catalog.scenario(scenario_id)
        turn = self._turn(scenario, turn_id)
        text = normalize(transcript or "")
        unsure_display = display_positions(transcript, text.display, unsure) if unsure else set()
        heard = mark_unsure(text, unsure_display) if unsure_display else None

        an = analyse(text)
        violations = self._rule_violations(text, an) + self._off_protocol(text, turn, an)
        violations = self._resolve_overlaps(violations)
        elements = self._elements_found(text, turn, heard, an)
        tips = {req: self._elements[req.split("|")[0]][1] for req in turn.required}
        for name, found in elements.items():
            if not found:
                violations.append(
                    Violation(
                        rule=f"element.{name}",
                        category="missing_element",
                        severity="fail",
                        text="",
                        start=0,
                        end=0,
                        explanation=f"缺少必备要素：{name.replace('|', ' 或 ')}",
                        suggestion=tips[name],
                        priority=_RANK["missing_element"] * 10,
                    )
                )

        delivery_out = None
        if delivery is not None:
            findings = evaluate_delivery(delivery, self.catalog.norms_for(scenario_id))
            delivery_out = {"measures": delivery, "findings": [f.to_dict() for f in findings]}
            violations.extend(f.violation() for f in findings if not f.ok)

        violations.sort(key=lambda v: (v.severity != "fail", v.priority, v.start))
        passed = not any(v.severity == "fail" for v in violations)
        closest = self._closest_answer(text, turn)
        criteria = self._criteria(violations, elements, closest, delivery_out)
        score = round(sum(c.score for c in criteria))
        if not passed:
            score = min(score, 59)
        outcome = self._outcome(violations, passed)
        return GradeResult(
            scenario=scenario.id,
            turn=turn.id,
            transcript=text.display,
            score=max(0, min(100, score)),
            passed=passed,
            outcome=outcome,
            next_turn=self._next_turn(turn, outcome),
            violations=violations,
            elements=elements,
            element_tips=tips,
            criteria=criteria,
            closest_answer=closest,
            delivery=delivery_out,
            timings={"grade_s": time.perf_counter() - t0},
            unsure=sorted(unsure_display),
        )

    def grade_phrase(self, text: str) -> GradeResult:
        """A phrase judged on its own, outside any scenario: forbidden words and tones only (no
        required elements, no scenario's off-protocol moves)."""
        norm = normalize(text or "")
        an = analyse(norm)
        violations = self._resolve_overlaps(self._rule_violations(norm, an))
        violations.sort(key=lambda v: (v.severity != "fail", v.priority, v.start))
        passed = not any(v.severity == "fail" for v in violations)
        return GradeResult(
            scenario="",
            turn=0,
            transcript=norm.display,
            score=100 if passed else 59,
            passed=passed,
            outcome=self._outcome(violations, passed),
            next_turn=None,
            violations=violations,
            elements={},
            element_tips={},
            criteria=[],
            closest_answer=None,
        )

    # ------------------------------------------------------------------ parts
    @staticmethod
    def _turn(scenario: Scenario, turn_id: int | None) -> Turn:
        if turn_id is None:
            return scenario.turns[0]
        try:
            return scenario.turn(int(turn_id))
        except (KeyError, ValueError):
            ids = ", ".join(str(t.id) for t in scenario.turns)
            raise DataError(
                f"scenario {scenario.id!r} has no turn {turn_id!r} (turns: {ids})"
            ) from None

    def _violation(
        self, m: _Matcher, text: Normalized, span: tuple[int, int], sev: str
    ) -> Violation:
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
        )

    def _rule_violations(self, text: Normalized, an: Analysis) -> list[Violation]:
        polite = _otherwise_polite(text)
        out: list[Violation] = []
        for m in self._rules:
            severity = "warn" if (m.unless_polite and polite) else m.severity
            for span in m.spans(text, an)[:MAX_SPANS_PER_RULE]:
                out.append(self._violation(m, text, span, severity))
        return out

    def _off_protocol(self, text: Normalized, turn: Turn, an: Analysis) -> list[Violation]:
        out: list[Violation] = []
        for op in turn.off_protocol:
            m = _Matcher(
                f"off.{op.id}",
                "off_protocol",
                "fail",
                0,
                tuple(compile_pattern(p) for p in op.patterns),
                tuple(compile_pattern(p) for p in op.unless),
                False,
                op.explanation,
                op.suggestion,
                tuple(op.source),
                op.negatable,
            )
            out.extend(self._violation(m, text, s, "fail") for s in m.spans(text, an)[:1])
        return out

    @staticmethod
    def _resolve_overlaps(found: list[Violation]) -> list[Violation]:
        """Where two violations cover the same words, keep the more serious one.

        A shared rule (a named tone or forbidden word) beats a scenario's off-protocol move on
        the same words: it is the more specific diagnosis and carries the seeds' rewrite.
        """
        ordered = sorted(
            found,
            key=lambda v: (
                v.severity != "fail",
                v.category == "off_protocol",
                v.priority,
                -(v.end - v.start),
            ),
        )
        kept: list[Violation] = []
        for v in ordered:
            if any(_overlaps((v.start, v.end), (k.start, k.end)) for k in kept):
                continue
            kept.append(v)
        return kept

    def _elements_found(
        self, text: Normalized, turn: Turn, heard: Normalized | None, an: Analysis
    ) -> dict[str, bool]:
        found: dict[str, bool] = {}
        for required in turn.required:
            found[required] = False
            for name in required.split("|"):
                patterns, _tip, negatable = self._elements[name]
                extra = tuple(compile_pattern(x) for x in turn.extra_patterns.get(name, []))
                for p in patterns + extra:
                    spans = p.spans(text, strict=False, heard=heard)
                    if any(not (negatable and an.negated(s)) for s, _e in spans):
                        found[required] = True
                        break
                if found[required]:
                    break
        return found

    @staticmethod
    def _syllables(text: Normalized) -> list[str]:
        return [t for t in text.pinyin.split("|") if t and t not in ",?."]

    def _closest_answer(self, text: Normalized, turn: Turn) -> dict | None:
        mine = self._syllables(text)
        best: dict | None = None
        for answer in turn.model_answers:
            theirs = self._syllables(normalize(answer.text))
            sim = SequenceMatcher(None, mine, theirs, autojunk=False).ratio() if mine else 0.0
            if best is None or sim > best["similarity"]:
                best = {
                    "text": answer.text,
                    "source": answer.source,
                    "audio": answer.audio,
                    "similarity": round(sim, 3),
                }
        return best

    @staticmethod
    def _criteria(
        violations: list[Violation],
        elements: dict[str, bool],
        closest: dict | None,
        delivery: dict | None,
    ) -> list[Criterion]:
        text_scale = 0.8 if delivery is not None else 1.0
        n_req = len(elements)
        have = sum(elements.values())
        elem_score = 40 * (have / n_req if n_req else 1.0)
        missing = [k for k, v in elements.items() if not v]

        def cost(cats: set[str], fail: float, warn: float) -> float:
            return sum(
                (fail if v.severity == "fail" else warn) for v in violations if v.category in cats
            )

        tone_cats = TONE_CATEGORIES | {"off_protocol"}
        tone_left = max(0.0, 40 - cost(tone_cats, 20, 5))
        style_left = max(0.0, 10 - cost({"filler", "impolite_address"}, 5, 2))
        sim = closest["similarity"] if closest else 0.0
        sim_score = 10 * min(1.0, sim / 0.6)
        out = [
            Criterion(
                "必备要素",
                "Required elements",
                elem_score * text_scale,
                40 * text_scale,
                "缺少：" + "、".join(missing) if missing else f"{have}/{n_req} 项齐全",
            ),
            Criterion(
                "禁用语与语气",
                "Forbidden words and tones",
                tone_left * text_scale,
                40 * text_scale,
                _count(violations, tone_cats),
            ),
            Criterion(
                "称呼与口头禅",
                "Address and fillers",
                style_left * text_scale,
                10 * text_scale,
                _count(violations, {"filler", "impolite_address"}),
            ),
            Criterion(
                "贴近规范话术",
                "Closeness to the approved answer",
                sim_score * text_scale,
                10 * text_scale,
                f"相似度 {sim:.0%}",
            ),
        ]
        if delivery is not None:
            findings = delivery["findings"]
            ok = sum(1 for f in findings if f["ok"])
            total = len(findings) or 1
            out.append(
                Criterion(
                    "声音表达", "Delivery", 20 * ok / total, 20, f"{ok}/{len(findings)} 项达标"
                )
            )
        return out

    @staticmethod
    def _outcome(violations: list[Violation], passed: bool) -> str:
        if passed:
            return "passed"
        if any(
            v.severity == "fail" and v.category in TONE_CATEGORIES | {"impolite_address"}
            for v in violations
        ):
            return "escalated"
        return "failed"

    @staticmethod
    def _next_turn(turn: Turn, outcome: str) -> int | None:
        nxt = turn.next
        if outcome == "escalated":
            return nxt.escalated if nxt.escalated is not None else nxt.failed
        if outcome == "failed":
            return nxt.failed
        return nxt.passed


def _count(violations: list[Violation], cats: set[str]) -> str:
    hits = [v for v in violations if v.category in cats]
    return (
        "无" if not hits else "、".join(sorted({v.category for v in hits})) + f"（{len(hits)} 处）"
    )
