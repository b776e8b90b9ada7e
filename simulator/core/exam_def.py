"""Certification exam definitions (exams/exams/*.yaml): schema, loader and cross-checks.

An exam has a written part (questions drawn per topic from the question banks), an oral part
(scenario turns answered by voice and graded by the grader), a time limit, the weights of the
parts (percent, summing to 100), a pass mark and a retake rule. A malformed definition is
rejected whole with its file and field path; a definition whose topics lack questions or whose
oral turns are not in the scenario packs too (``check_exam``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, model_validator

from simulator.core.catalog import Catalog, DataError, LoadProblem, validate_file
from simulator.core.paths import exams_dir

WrittenType = Literal["single", "multiple", "true_false", "order", "rewrite"]
WRITTEN_TYPES: tuple[str, ...] = ("single", "multiple", "true_false", "order", "rewrite")
SeedFile = str


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TopicDraw(_Strict):
    topic: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    count: int = Field(ge=1, le=50, description="questions drawn from this topic")
    types: list[WrittenType] = Field(
        default_factory=lambda: list(WRITTEN_TYPES),
        min_length=1,
        description="question types that may be drawn",
    )


class WrittenPart(_Strict):
    weight: int = Field(ge=0, le=100, description="percent of the total")
    topics: list[TopicDraw] = Field(min_length=1)

    @model_validator(mode="after")
    def _topics_once(self) -> WrittenPart:
        names = [t.topic for t in self.topics]
        for name in names:
            if names.count(name) > 1:
                raise ValueError(f"topic {name!r} is listed twice")
        return self

    @property
    def count(self) -> int:
        return sum(t.count for t in self.topics)


class OralTurn(_Strict):
    scenario: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    turn: int = Field(default=1, ge=1)


class OralPart(_Strict):
    weight: int = Field(ge=0, le=100, description="percent of the total")
    count: int = Field(ge=1, le=20, description="scenario turns drawn from the pool")
    pool: list[OralTurn] = Field(min_length=1)

    @model_validator(mode="after")
    def _enough(self) -> OralPart:
        keys = [(t.scenario, t.turn) for t in self.pool]
        if len(set(keys)) != len(keys):
            raise ValueError("a scenario turn is listed twice in the pool")
        if self.count > len(self.pool):
            raise ValueError(f"count {self.count} is more than the {len(self.pool)} pool turns")
        return self


class Retake(_Strict):
    wait_days: int = Field(default=0, ge=0, le=365, description="days between attempts")
    max_attempts: int = Field(default=3, ge=1, le=20, description="completed attempts allowed")


class ExamDefinition(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    title_en: str = Field(min_length=1)
    hotline: str = Field(default="", description="10000 / 95598 / 12345 …")
    description: str = ""
    source: list[SeedFile] = Field(
        min_length=1, description="the seed files the exam's standard comes from"
    )
    time_limit_minutes: int = Field(ge=1, le=600)
    resume_window_minutes: int = Field(
        default=30,
        ge=1,
        le=24 * 60,
        description="an interrupted attempt not resumed within this is closed and graded",
    )
    written: WrittenPart | None = None
    oral: OralPart | None = None
    pass_mark: int = Field(ge=0, le=100, description="total score (0–100) needed to pass")
    part_minimum: int | None = Field(
        default=None, ge=0, le=100, description="each part must reach this score too"
    )
    retake: Retake = Field(default_factory=Retake)

    @model_validator(mode="after")
    def _parts(self) -> ExamDefinition:
        if self.written is None and self.oral is None:
            raise ValueError("an exam needs a written part, an oral part or both")
        total = (self.written.weight if self.written else 0) + (
            self.oral.weight if self.oral else 0
        )
        if total != 100:
            raise ValueError(f"the weights of the parts add up to {total}, not 100")
        return self

    @property
    def limit_ms(self) -> int:
        return self.time_limit_minutes * 60_000


class QuestionSource(Protocol):
    """What the exams need of the question banks (``simulator.core.quiz_bank.QuestionBanks``)."""

    def by_topic(self, topic: str) -> list: ...

    def question(self, question_id: str): ...


def eligible(banks: QuestionSource, draw: TopicDraw) -> list:
    """The questions of ``draw.topic`` of an allowed type, sorted by id (a stable order to draw
    from, whatever the order of the bank files)."""
    try:
        questions = banks.by_topic(draw.topic)
    except DataError:
        return []
    return sorted((q for q in questions if q.type in draw.types), key=lambda q: q.id)


def check_exam(
    path: Path, exam: ExamDefinition, banks: QuestionSource | None, catalog: Catalog | None
) -> list[LoadProblem]:
    """Problems of a schema-valid exam against the banks and the scenario packs."""
    problems: list[LoadProblem] = []
    if exam.written is not None and banks is not None:
        for i, draw in enumerate(exam.written.topics):
            have = len(eligible(banks, draw))
            if have < draw.count:
                problems.append(
                    LoadProblem(
                        str(path),
                        f"written.topics[{i}].count",
                        f"{draw.count} questions wanted but topic {draw.topic!r} has {have} "
                        f"of the types {', '.join(draw.types)}",
                    )
                )
    if exam.oral is not None and catalog is not None:
        for i, turn in enumerate(exam.oral.pool):
            try:
                catalog.scenario(turn.scenario).turn(turn.turn)
            except DataError:
                problems.append(
                    LoadProblem(
                        str(path), f"oral.pool[{i}].scenario", f"unknown scenario {turn.scenario!r}"
                    )
                )
            except KeyError:
                problems.append(
                    LoadProblem(
                        str(path),
                        f"oral.pool[{i}].turn",
                        f"scenario {turn.scenario!r} has no turn {turn.turn}",
                    )
                )
    return problems


@dataclass
class ExamDefinitions:
    folder: Path
    exams: dict[str, ExamDefinition] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    sha256: dict[str, str] = field(default_factory=dict)  # of each definition file's bytes
    problems: list[LoadProblem] = field(default_factory=list)

    def get(self, exam_id: str) -> ExamDefinition:
        try:
            return self.exams[exam_id]
        except KeyError:
            known = ", ".join(sorted(self.exams)) or "none"
            raise DataError(f"unknown exam {exam_id!r} (known: {known})") from None


def exams_folder() -> Path:
    return exams_dir() / "exams"


def load_exams(
    folder: Path | None = None,
    banks: QuestionSource | None = None,
    catalog: Catalog | None = None,
) -> ExamDefinitions:
    """Every exam under ``folder`` (default exams/exams/); a definition with a problem is left
    out and its problems recorded. With ``banks`` / ``catalog`` the draws are checked too."""
    folder = Path(folder) if folder else exams_folder()
    out = ExamDefinitions(folder)
    for path in sorted(folder.glob("*.y*ml")):
        exam, problems = validate_file(path, ExamDefinition)
        if exam is not None and not problems:
            problems = check_exam(path, exam, banks, catalog)
            if exam.id in out.exams:
                other = out.files[exam.id].name
                problems.append(
                    LoadProblem(str(path), "id", f"exam id {exam.id!r} is used by {other}")
                )
        if problems or exam is None:
            out.problems.extend(problems)
            continue
        out.exams[exam.id] = exam
        out.files[exam.id] = path
        out.sha256[exam.id] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def load_exam(path: Path, banks: QuestionSource | None = None, catalog: Catalog | None = None):
    """One definition file, or ``DataError`` naming the file and field."""
    exam, problems = validate_file(Path(path), ExamDefinition)
    if exam is not None and not problems:
        problems = check_exam(Path(path), exam, banks, catalog)
    if problems or exam is None:
        raise DataError("; ".join(str(p) for p in problems))
    return exam


def topics_of(exams: Iterable[ExamDefinition]) -> set[str]:
    return {t.topic for e in exams if e.written for t in e.written.topics}
