"""Grading one reply (a transcript) against a scenario turn.

The verdict: every forbidden word or tone located in the text with its explanation and the
approved rewrite, the required elements found or missing, the scenario's off-protocol moves,
delivery findings when the reply was spoken, a 0–100 score with its criteria, and the branch the
call takes next. `passed` means no violation of severity "fail" and every required element.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from difflib import SequenceMatcher

from simulator.core.catalog import Catalog, DataError, load_catalog
from simulator.core.clauses import Analysis, analyse
from simulator.core.combine import apply_elements, apply_tones
from simulator.core.criteria import TONE_CATEGORIES, score_criteria
from simulator.core.delivery import evaluate_delivery
from simulator.core.findings import off_protocol, resolve_overlaps, rule_matchers, rule_violations
from simulator.core.heard import NOT_COUNTED, Hearing
from simulator.core.main_fault import name_main_fault
from simulator.core.matcher import Matcher
from simulator.core.normalize import (
    Normalized,
    display_positions,
    mark_unsure,
    normalize,
)
from simulator.core.patterns import compile_pattern
from simulator.core.result import ClosestAnswer, Delivery, GradeResult, Violation
from simulator.core.rewrites import choose_rewrite
from simulator.core.schema import Scenario, Turn
from simulator.core.spoken_charging import charge_spoken

log = logging.getLogger(__name__)

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


def _compact(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


class Grader:
    """Grades transcripts; build once per catalog and reuse (patterns are compiled once)."""

    def __init__(self, catalog: Catalog | None = None, use_opinion: bool = True, opinion=None):
        """``use_opinion`` False: the rules alone (how the second opinion's training data is
        prepared); ``opinion``: a loaded ``SecondOpinion`` (default: loaded on first use)."""
        self.catalog = catalog or load_catalog()
        self.policy = self.catalog.policy
        self._use_opinion = use_opinion and self.policy.opinion.enabled
        self._opinion = opinion
        self.opinion_error: str | None = None
        self._rules = rule_matchers(self.catalog.rules.rules, _RANK)
        self._advice = {m.id for m in self._rules if m.suggestion_en}
        self._listed = {
            r.id: tuple(_compact(x) for x in r.examples_bad) for r in self.catalog.rules.rules
        }
        self._elements = {
            e.name: (tuple(compile_pattern(p) for p in e.patterns), e.tip, e.negatable)
            for e in self.catalog.elements.elements
        }
        self._elements_en = {e.name: (e.name_en, e.tip_en) for e in self.catalog.elements.elements}
        self.rank = _RANK

    @property
    def matchers(self) -> tuple[Matcher, ...]:
        """The catalog's rules, compiled."""
        return tuple(self._rules)

    def seed_listed(self, v: Violation) -> bool:
        """The finding's words are (part of) a forbidden example its rule quotes from a seed."""
        words = _compact(v.text)
        return len(words) >= 3 and any(words in x for x in self._listed.get(v.rule, ()))

    # ------------------------------------------------------------------ second opinion
    @property
    def opinion(self):
        """The learned second opinion, loaded on first use; None (rules alone, the cause in
        ``opinion_error`` and the log) when it is switched off or cannot be loaded."""
        if not self._use_opinion or self.opinion_error is not None:
            return None
        if self._opinion is None:
            from simulator.core.opinion import OpinionUnavailable, SecondOpinion

            try:
                self._opinion = SecondOpinion.load()
            except OpinionUnavailable as exc:
                self.opinion_error = str(exc)
                log.warning("grading by the rules alone: %s", exc)
                return None
        return self._opinion

    def warm_up(self) -> None:
        """Load the segmenter, the model and the embedder now (the app does this in the
        background at start), so the first reply is graded as fast as the others."""
        from simulator.core.clauses import warm_up

        warm_up()
        if self.opinion is not None:
            self.opinion.embed.warm_up()

    # ------------------------------------------------------------------ public
    def grade(
        self,
        scenario_id: str,
        turn_id: int | None,
        transcript: str,
        delivery: dict | None = None,
        unsure: Iterable[int] | None = None,
        hearing: Hearing | None = None,
    ) -> GradeResult:
        """Grade one reply. `unsure`: positions in `transcript` of the characters the speech
        recogniser heard with low confidence. Required elements may match there by looser
        sound (`CompiledPattern.spans`): a missing element fails the reply, and on a noisy
        line the recogniser garbles words (挂机 heard as 挂金) and knows it. `hearing`: the
        recogniser's confidence and timing per character of `transcript` (spoken replies only):
        a tone finding a recognition error may explain is kept as a note, not counted
        (`simulator.core.heard`)."""
        t0 = time.perf_counter()
        scenario = self.catalog.scenario(scenario_id)
        turn = self._turn(scenario, turn_id)
        text = normalize(transcript or "")
        if hearing is not None:
            unsure = set(unsure or ()) | hearing.unsure
        unsure_display = display_positions(transcript, text.display, unsure) if unsure else set()
        heard = mark_unsure(text, unsure_display) if unsure_display else None

        an = analyse(text)
        violations = self.findings(text, turn, an)
        hits = self._element_hits(text, turn, heard, an)
        opinion = self.opinion
        reading = None
        if opinion is not None:
            reading = opinion.read(text.display, {n: f for n, (f, _w) in hits.items()})
            violations = apply_tones(
                violations, reading, self.policy.opinion, _RANK, self.seed_listed
            )
        if hearing is not None or unsure_display:
            violations = charge_spoken(
                self, violations, transcript, text.display, unsure_display, hearing, turn, hits
            )
        elements, evidence = apply_elements(turn.required, hits, reading, self.policy.opinion)
        tips = {req: self._elements[req.split("|")[0]][1] for req in turn.required}
        names_en = {req: self._element_en(req) for req in turn.required}
        tips_en = {req: self._elements_en[req.split("|")[0]][1] for req in turn.required}
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
                        explanation_en=f"Required element missing: {names_en[name]}",
                        suggestion_en=tips_en[name],
                    )
                )

        delivery_out = None
        if delivery is not None:
            findings = evaluate_delivery(delivery, self.catalog.norms_for(scenario_id))
            delivery_out = Delivery(delivery, tuple(findings))
            violations.extend(f.violation() for f in findings if not f.ok)

        violations.sort(key=lambda v: (v.severity != "fail", v.priority, v.start))
        violations = name_main_fault(violations)
        passed = not any(v.severity == "fail" for v in violations)
        closest = self._closest_answer(text, turn)
        violations = self._rewrites(violations, scenario, turn, closest)
        counted = [v for v in violations if v.severity != NOT_COUNTED]
        criteria = score_criteria(counted, elements, closest, delivery_out, self.policy.scoring)
        score = round(sum(c.score for c in criteria))
        if not passed:
            score = min(score, self.policy.scoring.fail_cap)
        outcome = self._outcome(violations, passed)
        next_turn = self._next_turn(turn, outcome)
        return GradeResult(
            scenario=scenario.id,
            turn=turn.id,
            transcript=text.display,
            score=max(0, min(100, score)),
            passed=passed,
            outcome=outcome,
            next_turn=next_turn,
            violations=violations,
            elements=elements,
            element_tips=tips,
            criteria=criteria,
            closest_answer=closest,
            delivery=delivery_out,
            timings={"grade_s": time.perf_counter() - t0},
            unsure=sorted(unsure_display),
            branch=self._branch(turn, next_turn),
            elements_en=names_en,
            element_tips_en=tips_en,
            element_evidence=evidence,
        )

    def grade_phrase(self, text: str) -> GradeResult:
        """A phrase judged on its own, outside any scenario: forbidden words and tones only (no
        required elements, no scenario's off-protocol moves)."""
        norm = normalize(text or "")
        an = analyse(norm)
        violations = resolve_overlaps(rule_violations(self._rules, norm, an))
        if self.opinion is not None:
            reading = self.opinion.read(norm.display, {})
            violations = apply_tones(
                violations, reading, self.policy.opinion, _RANK, self.seed_listed
            )
        violations.sort(key=lambda v: (v.severity != "fail", v.priority, v.start))
        violations = name_main_fault(violations)
        passed = not any(v.severity == "fail" for v in violations)
        return GradeResult(
            scenario="",
            turn=0,
            transcript=norm.display,
            score=100 if passed else self.policy.scoring.fail_cap,
            passed=passed,
            outcome=self._outcome(violations, passed),
            next_turn=None,
            violations=violations,
            elements={},
            element_tips={},
            criteria=[],
            closest_answer=None,
            branch="ends",
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

    def findings(self, text: Normalized, turn: Turn, an: Analysis) -> list[Violation]:
        """The rules' and the turn's off-protocol findings in ``text``, overlaps resolved."""
        return resolve_overlaps(
            rule_violations(self._rules, text, an) + off_protocol(text, turn, an)
        )

    def _element_hits(
        self, text: Normalized, turn: Turn, heard: Normalized | None, an: Analysis
    ) -> dict[str, tuple[bool, str]]:
        """Element name → (found by a pattern, the words that matched)."""
        hits: dict[str, tuple[bool, str]] = {}
        for required in turn.required:
            for name in required.split("|"):
                patterns, _tip, negatable = self._elements[name]
                extra = tuple(compile_pattern(x) for x in turn.extra_patterns.get(name, []))
                hits[name] = (False, "")
                for p in patterns + extra:
                    spans = [
                        (s, e)
                        for s, e in p.spans(text, strict=False, heard=heard)
                        if not (negatable and an.negated(s, requests_count=True))
                    ]
                    if spans:
                        s, e = text.display_span(*spans[0])
                        hits[name] = (True, text.display[s:e])
                        break
        return hits

    def _elements_found(self, text: Normalized, turn: Turn) -> dict[str, bool]:
        """Requirement → whether the patterns alone find it in ``text``."""
        hits = self._element_hits(text, turn, None, analyse(text))
        return {req: any(hits[n][0] for n in req.split("|")) for req in turn.required}

    def rule_elements(self, scenario_id: str, turn_id: int | None, transcript: str) -> dict:
        """Element name → whether the patterns alone find it (the model's training input)."""
        turn = self._turn(self.catalog.scenario(scenario_id), turn_id)
        text = normalize(transcript or "")
        return {n: f for n, (f, _w) in self._element_hits(text, turn, None, analyse(text)).items()}

    def rule_span(
        self, scenario_id: str, turn_id: int | None, transcript: str, category: str
    ) -> tuple[int, int] | None:
        """Where the rules alone find a fault of ``category`` (display positions), if they do."""
        turn = self._turn(self.catalog.scenario(scenario_id), turn_id)
        text = normalize(transcript or "")
        an = analyse(text)
        found = rule_violations(self._rules, text, an) + off_protocol(text, turn, an)
        for v in found:
            if v.category == category and v.severity == "fail" and v.end > v.start:
                return (v.start, v.end)
        return None

    @staticmethod
    def _syllables(text: Normalized) -> list[str]:
        return [t for t in text.pinyin.split("|") if t and t not in ",?."]

    def _closest_answer(self, text: Normalized, turn: Turn) -> ClosestAnswer | None:
        mine = self._syllables(text)
        best: ClosestAnswer | None = None
        for answer in turn.model_answers:
            theirs = self._syllables(normalize(answer.text))
            sim = SequenceMatcher(None, mine, theirs, autojunk=False).ratio() if mine else 0.0
            if best is None or sim > best.similarity:
                best = ClosestAnswer(
                    answer.text, answer.source, round(sim, 3), answer.audio, answer.quote
                )
        return best

    def _element_en(self, required: str) -> str:
        """An element requirement in English: ``A|B`` → "A or B"."""
        return " or ".join(self._elements_en[n][0] or n for n in required.split("|"))

    def _rewrites(
        self,
        violations: list[Violation],
        scenario: Scenario,
        turn: Turn,
        closest: ClosestAnswer | None,
    ) -> list[Violation]:
        """Each located violation with what to say instead, fitted to the turn (see
        ``simulator.core.rewrites``)."""
        covered: dict[str, int] = {}

        def covers(option: str) -> int:
            if option not in covered:
                covered[option] = sum(self._elements_found(normalize(option), turn).values())
            return covered[option]

        out = []
        for v in violations:
            if v.end > v.start:
                v = choose_rewrite(
                    v,
                    len(turn.required),
                    covers,
                    closest,
                    scenario.persona.gender,
                    advice=v.rule in self._advice or (v.by == "model" and bool(v.suggestion_en)),
                )
            out.append(v)
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

    @staticmethod
    def _branch(turn: Turn, next_turn: int | None) -> str:
        """How the call goes on: ``ends``; ``escalated`` when the next turn is the turn's
        escalated branch (the angrier caller), distinct from where a passing reply leads;
        else ``continues``."""
        if next_turn is None:
            return "ends"
        nxt = turn.next
        if nxt.escalated is not None and next_turn == nxt.escalated != nxt.passed:
            return "escalated"
        return "continues"
