"""Scoring an exam from its graded items: per topic, per part, the weighted total, pass or not.

All scores are integers 0–100 (the signed result is canonical JSON, so no floats). The written
part is the share of items answered right; the oral part the mean of the grader's item scores
(an unanswered item scores 0). A second rating of an oral item by a person replaces the
grader's score for that item in the effective score; both stay in the record.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from simulator.core.exam_def import ExamDefinition


@dataclass(frozen=True)
class Rating:
    """A person's second rating of an oral item."""

    item: int
    score: int
    passed: bool
    rater_id: str
    rater_name: str
    reason: str
    at: str

    def to_dict(self) -> dict:
        return {
            "item": self.item,
            "score": self.score,
            "passed": self.passed,
            "rater_id": self.rater_id,
            "rater_name": self.rater_name,
            "reason": self.reason,
            "at": self.at,
        }


@dataclass(frozen=True)
class ItemScore:
    index: int
    part: str  # "written" | "oral"
    key: str  # question id, or "scenario#turn"
    topic: str  # the question's topic, or the scenario id
    answered: bool
    correct: bool
    score: int
    answer: object = None  # written: the answer as stored
    transcript: str = ""  # oral: what the speech service heard
    recording: str | None = None  # oral: path relative to the data folder
    recording_sha256: str | None = None
    violations: tuple[dict, ...] = ()  # oral / rewrite: {category, severity, text, rule}
    auto_score: int | None = None  # oral: the grader's score (kept when a person re-rates)
    ratings: tuple[Rating, ...] = ()

    def to_dict(self) -> dict:
        out = {
            "index": self.index,
            "part": self.part,
            "key": self.key,
            "topic": self.topic,
            "answered": self.answered,
            "correct": self.correct,
            "score": self.score,
            "answer": self.answer,
        }
        if self.part == "oral":
            out.update(
                transcript=self.transcript,
                recording=self.recording,
                recording_sha256=self.recording_sha256,
                auto_score=self.auto_score,
                ratings=[r.to_dict() for r in self.ratings],
            )
        if self.violations:
            out["violations"] = list(self.violations)
        return out

    @classmethod
    def from_dict(cls, d: dict) -> ItemScore:
        return cls(
            index=d["index"],
            part=d["part"],
            key=d["key"],
            topic=d["topic"],
            answered=d["answered"],
            correct=d["correct"],
            score=d["score"],
            answer=d.get("answer"),
            transcript=d.get("transcript", ""),
            recording=d.get("recording"),
            recording_sha256=d.get("recording_sha256"),
            violations=tuple(d.get("violations", ())),
            auto_score=d.get("auto_score"),
            ratings=tuple(Rating(**r) for r in d.get("ratings", ())),
        )


@dataclass(frozen=True)
class ExamScore:
    written: int | None
    oral: int | None
    total: int
    passed: bool
    pass_mark: int
    per_topic: dict[str, dict] = field(default_factory=dict)  # topic → {correct, total, score}
    items: tuple[ItemScore, ...] = ()
    terminated: bool = False

    def to_dict(self) -> dict:
        return {
            "written": self.written,
            "oral": self.oral,
            "total": self.total,
            "passed": self.passed,
            "pass_mark": self.pass_mark,
            "per_topic": self.per_topic,
            "items": [i.to_dict() for i in self.items],
            "terminated": self.terminated,
        }

    @classmethod
    def from_dict(cls, d: dict) -> ExamScore:
        return cls(
            written=d["written"],
            oral=d["oral"],
            total=d["total"],
            passed=d["passed"],
            pass_mark=d["pass_mark"],
            per_topic=d["per_topic"],
            items=tuple(ItemScore.from_dict(i) for i in d["items"]),
            terminated=d.get("terminated", False),
        )


def _pct(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def score_exam(exam: ExamDefinition, items: list[ItemScore], terminated: bool = False) -> ExamScore:
    written = [i for i in items if i.part == "written"]
    oral = [i for i in items if i.part == "oral"]
    per_topic: dict[str, dict] = {}
    for item in written:
        entry = per_topic.setdefault(item.topic, {"correct": 0, "total": 0, "score": 0})
        entry["total"] += 1
        entry["correct"] += int(item.correct)
    for entry in per_topic.values():
        entry["score"] = _pct(entry["correct"], entry["total"])
    w_score = _pct(sum(i.correct for i in written), len(written)) if exam.written else None
    o_score = round(sum(i.score for i in oral) / len(oral)) if exam.oral and oral else None
    if exam.oral and not oral:
        o_score = 0
    w_weight = exam.written.weight if exam.written else 0
    o_weight = exam.oral.weight if exam.oral else 0
    total = round((w_weight * (w_score or 0) + o_weight * (o_score or 0)) / 100)
    parts = [s for s in (w_score, o_score) if s is not None]
    passed = (
        not terminated
        and total >= exam.pass_mark
        and (exam.part_minimum is None or all(s >= exam.part_minimum for s in parts))
    )
    return ExamScore(
        w_score, o_score, total, passed, exam.pass_mark, per_topic, tuple(items), terminated
    )


def with_ratings(exam: ExamDefinition, sealed: ExamScore, ratings: list[Rating]) -> ExamScore:
    """The effective score: each oral item a person re-rated takes its latest rating."""
    by_item: dict[int, list[Rating]] = {}
    for r in sorted(ratings, key=lambda r: r.at):
        by_item.setdefault(r.item, []).append(r)
    items = []
    for item in sealed.items:
        rated = by_item.get(item.index)
        if item.part == "oral" and rated:
            last = rated[-1]
            item = replace(item, score=last.score, correct=last.passed, ratings=tuple(rated))
        items.append(item)
    return score_exam(exam, items, sealed.terminated)
