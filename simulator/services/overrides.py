"""A trainer reviews a trainee's attempt and overrules the grader where it was wrong.

``open_attempt`` gives every turn: the transcript, the grader's violations (with spans and
explanations), elements, delivery measures, the recording's path, the overrides made and the
effective verdict. A trainer (``review.override``) overrides the turn's verdict, one violation
(not a violation / another category) or one missing element (it was there), always with a
comment; ``decision="grader"`` withdraws an earlier override. Overrides are append-only and
audited; the grader's result is never changed (``core.overrides.effective``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from simulator.core.overrides import DECISIONS, EffectiveVerdict, Override, effective
from simulator.core.records import AttemptRecord, TurnRecord
from simulator.core.schema import CATEGORIES
from simulator.services.errors import NotFound, ServiceError
from simulator.services.override_report import LabelledExport, OverrideReport, OverrideReports
from simulator.services.practice import PracticeService
from simulator.services.resources import Resources
from simulator.services.session import Guard, Session
from simulator.store.accounts import AccountStore
from simulator.store.db import Database, utc_now
from simulator.store.overrides import OverrideStore, TurnRow


@dataclass(frozen=True)
class TurnReview:
    turn: TurnRecord  # transcript, grader's result (violations, elements, delivery), recording
    overrides: tuple[Override, ...]  # every one made, oldest first
    verdict: EffectiveVerdict

    @property
    def recording(self) -> Path | None:
        return Path(self.turn.recording) if self.turn.recording else None


@dataclass(frozen=True)
class AttemptReview:
    attempt: AttemptRecord
    trainee: str  # display name ('' for the pre-accounts history)
    turns: tuple[TurnReview, ...]

    @property
    def passed(self) -> bool:
        """Every turn passes once the overrides are applied."""
        return bool(self.turns) and all(t.verdict.passed for t in self.turns)


class OverrideService:
    def __init__(self, db: Database, guard: Guard, practice: PracticeService, resources: Resources):
        self.db = db
        self.guard = guard
        self.audit = guard.audit
        self.practice = practice
        self.store = OverrideStore(db)
        self.accounts = AccountStore(db)
        self.reports = OverrideReports(self.store, guard, resources)

    def report(self, session: Session) -> OverrideReport:
        """How often trainers overrule the grader, per rule and per category, with examples."""
        return self.reports.report(session)

    def export_labelled(self, session: Session, out: Path | None = None) -> LabelledExport:
        """The overridden turns as labelled JSONL lines for the grader's training set."""
        return self.reports.labelled(session, out)

    # ------------------------------------------------------------------ reading
    def open_attempt(self, session: Session, attempt_id: str) -> AttemptReview:
        """A trainee's attempt for review (a trainee may open their own)."""
        try:
            attempt = self.practice.attempt(session, attempt_id)
        except KeyError:
            raise NotFound(f"没有这次练习 {attempt_id}", f"no attempt {attempt_id}") from None
        turns = self.practice.attempt_turns(session, attempt_id)
        overrides = self.store.for_turns([t.id for t in turns if t.id])
        user = self.accounts.by_id(attempt.user_id) if attempt.user_id else None
        return AttemptReview(
            attempt,
            user.display_name if user else "",
            tuple(
                TurnReview(
                    t, tuple(overrides.get(t.id, [])), effective(t.result, overrides.get(t.id, []))
                )
                for t in turns
            ),
        )

    def overruled(self, session: Session, turns: list[TurnRecord]) -> dict[str, EffectiveVerdict]:
        """Turn id → the effective verdict of those of ``turns`` (read through
        ``practice.attempt_turns``, which checked who may) that a person overruled."""
        self.guard.require(session, "practice.own")
        found = self.store.for_turns([t.id for t in turns if t.id])
        out = {t.id: effective(t.result, found[t.id]) for t in turns if found.get(t.id)}
        return {tid: v for tid, v in out.items() if v.overruled}

    # ------------------------------------------------------------------ overriding
    def _turn(self, turn_id: str) -> TurnRow:
        row = self.store.turn(turn_id)
        if row is None:
            raise NotFound(f"没有这一轮 {turn_id}", f"no practice turn {turn_id}")
        if row.superseded:
            raise NotFound(
                f"这一轮已被重答取代 {turn_id}", f"turn {turn_id} was superseded by a retry"
            )
        return row

    def _add(self, session: Session, row: TurnRow, kind: str, decision: str, comment: str, **item):
        if decision not in DECISIONS[kind]:
            raise ServiceError(
                f"无效的改判：{decision}", f"not a decision for a {kind}: {decision}"
            )
        if not (comment or "").strip():
            raise ServiceError("改判须写明理由", "an override needs a comment saying why")
        new_category = item.get("new_category")
        if new_category is not None and new_category not in CATEGORIES:
            raise ServiceError(f"没有这个类别 {new_category}", f"no category {new_category}")
        record = {
            "turn_id": row.id, "attempt_id": row.attempt_id, "trainee_id": row.user_id,
            "scenario_id": row.scenario_id, "turn_no": row.turn_no, "kind": kind,
            "decision": decision, "comment": comment.strip(), "by_id": session.user_id,
            "by_name": session.display_name or session.username, "created_at": utc_now(),
            **item,
        }  # fmt: skip
        with self.db.tx() as conn:
            self.store.add(conn, record)
            detail = {
                k: v for k, v in record.items() if k not in ("turn_id", "by_id", "created_at")
            }
            self.audit.append(conn, f"override.{kind}", subject=row.id, detail=detail,
                              **self.guard.actor(session))  # fmt: skip
        return self.turn_review(session, row.id)

    def turn_review(self, session: Session, turn_id: str) -> TurnReview:
        """One turn of an attempt, with its overrides and effective verdict."""
        row = self._turn(turn_id)
        review = self.open_attempt(session, row.attempt_id)
        for t in review.turns:
            if t.turn.id == turn_id:
                return t
        raise NotFound(f"这一轮已被重答取代 {turn_id}", f"turn {turn_id} was superseded by a retry")

    def override_verdict(
        self,
        session: Session,
        turn_id: str,
        decision: str,
        comment: str,
        category: str | None = None,
    ) -> TurnReview:
        """``pass`` or ``fail`` the turn outright (``category``: the failure the grader
        missed), or ``grader`` to withdraw."""
        self.guard.require(session, "review.override", turn_id)
        row = self._turn(turn_id)
        if category is not None and decision != "fail":
            raise ServiceError("只有判为不通过时才能指定类别", "a category goes with a fail")
        return self._add(session, row, "verdict", decision, comment, new_category=category)

    def override_violation(
        self,
        session: Session,
        turn_id: str,
        rule: str,
        start: int,
        end: int,
        decision: str,
        comment: str,
        category: str | None = None,
    ) -> TurnReview:
        """One of the grader's violations (rule and span) is ``not_violation``, or belongs to
        another ``category`` (``recategorise``), or ``grader`` withdraws the override."""
        self.guard.require(session, "review.override", turn_id)
        row = self._turn(turn_id)
        found = [
            v for v in row.result.violations
            if v.rule == rule and v.start == start and v.end == end
        ]  # fmt: skip
        if not found or rule.startswith("element."):
            raise NotFound(
                f"这一轮没有这条违规 {rule} [{start}, {end})",
                f"the grader found no {rule} at [{start}, {end}) in this turn"
                + (" (a missing element is overridden as an element)" if found else ""),
            )
        if decision == "recategorise" and (category is None or category == found[0].category):
            raise ServiceError("请选择另一个类别", "recategorise needs another category")
        if decision != "recategorise" and category is not None:
            raise ServiceError("只有改类别时才能指定类别", "a category goes with recategorise")
        return self._add(
            session, row, "violation", decision, comment, rule=rule,
            category=found[0].category, span_start=start, span_end=end, new_category=category,
        )  # fmt: skip

    def override_element(
        self, session: Session, turn_id: str, element: str, comment: str, decision: str = "present"
    ) -> TurnReview:
        """A required element the grader missed was ``present``; ``grader`` withdraws."""
        self.guard.require(session, "review.override", turn_id)
        row = self._turn(turn_id)
        if element not in row.result.elements:
            raise NotFound(f"这一轮不要求 {element}", f"{element} is not required in this turn")
        if decision == "present" and row.result.elements[element]:
            raise ServiceError(f"评分器已认定有 {element}", f"the grader already found {element}")
        return self._add(session, row, "element", decision, comment, element=element,
                         rule=f"element.{element}", category="missing_element")  # fmt: skip


__all__ = ["AttemptReview", "OverrideService", "TurnReview"]
