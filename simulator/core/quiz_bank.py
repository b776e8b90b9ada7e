"""Knowledge quiz banks (exams/banks/*.yaml): schema, loader and look-ups by topic.

A bank holds the questions of one topic. Every question cites one seed file and a verbatim
``evidence`` quote from it that supports the answer (checked against the seeds by
`quiz_checks.check_evidence`). Six question types, each with exactly its own fields:

- ``single``: ``options`` (2–6) and ``answer``, the index of the correct option;
- ``multiple``: ``options`` (3–6) and ``answer``, the sorted indices of the ≥2 correct ones;
- ``true_false``: ``answer`` true or false;
- ``order``: ``steps`` (3–7) listed in the correct order (the app shuffles them);
- ``rewrite``: a forbidden or clumsy ``sentence`` to rewrite; the trainee's typed rewrite is
  graded by the project's grader for ``scenario`` turn ``turn``; ``model_answer`` is an
  approved rewrite that passes that turn;
- ``say``: the caller line of ``scenario`` turn ``turn`` is played and the trainee answers by
  voice, graded by the grader.

Beside the Chinese texts the app shows in English mode: ``prompt_en``, ``explanation_en`` and
``options_en`` / ``steps_en`` (one English text per option or step, in the same order). Chinese
words a question is about stay inside the English, quoted (“喂”). They are optional in the
schema, so a bank still loads without them; `quiz_checks.check_english` reports each one
missing with its question id and field.

A malformed bank is rejected whole and reported with its file and field path; the other banks
still load. Question ids are unique across all banks (a bank repeating an id is rejected).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationInfo,
    field_validator,
)

from simulator.core.catalog import DataError, LoadProblem, validate_file
from simulator.core.normalize import is_han
from simulator.core.paths import exams_dir

Topic = Literal[
    "phrasing",
    "forbidden",
    "etiquette",
    "quality",
    "complaints",
    "power95598",
    "gov12345",
    "attitude",
]
TOPICS: tuple[str, ...] = get_args(Topic)
# (Chinese title, English title) of each topic, in the order the app lists them.
TOPIC_TITLES: dict[str, tuple[str, str]] = {
    "phrasing": ("规范用语", "Approved phrasings"),
    "forbidden": ("服务禁用语", "Forbidden words and tones"),
    "etiquette": ("电话礼仪", "Telephone etiquette"),
    "quality": ("服务质量与客户满意", "Service quality and satisfaction"),
    "complaints": ("投诉处理", "Handling complaints"),
    "power95598": ("95598 供电服务", "95598 power-supply hotline"),
    "gov12345": ("12345 政务热线", "12345 government hotline"),
    "attitude": ("服务意识与素质", "Service attitude and aptitude"),
}
QuestionType = Literal["single", "multiple", "true_false", "order", "rewrite", "say"]
QUESTION_TYPES: tuple[str, ...] = get_args(QuestionType)

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")]
SeedFile = Annotated[str, Field(pattern=r"^[0-9]{3}_[0-9a-f]{16}\.txt$")]
Text = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Question(_Strict):
    """Fields every question has; ``type`` and the type's own fields come in the subclasses."""

    id: Id
    prompt: str = Field(min_length=2, description="the question, in Chinese")
    prompt_en: str | None = Field(default=None, min_length=2)
    explanation: str = Field(min_length=2, description="shown after answering")
    explanation_en: str | None = Field(default=None, min_length=2)
    source: SeedFile = Field(description="the one seed file the question comes from")
    evidence: str = Field(
        min_length=6,
        max_length=120,
        description="verbatim quote from `source` supporting the answer (whitespace and "
        "Traditional/Simplified characters aside)",
    )
    difficulty: int = Field(ge=1, le=3)

    @field_validator("prompt")
    @classmethod
    def _chinese(cls, value: str) -> str:
        if not any(is_han(c) for c in value):
            raise ValueError("the prompt must be written in Chinese")
        return value


def _no_duplicates(values: list[str], what: str) -> list[str]:
    seen: set[str] = set()
    for i, v in enumerate(values):
        if v.strip() in seen:
            raise ValueError(f"{what} [{i}] {v!r} is listed twice")
        seen.add(v.strip())
    return values


def _same_length(english: list[str] | None, info: ValidationInfo, chinese: str) -> list[str] | None:
    """An English list matches its Chinese one item for item."""
    zh = info.data.get(chinese)
    if english is not None and zh is not None and len(english) != len(zh):
        raise ValueError(f"{len(english)} English texts for {len(zh)} {chinese}: one for each")
    return english


class SingleChoice(_Question):
    type: Literal["single"]
    options: list[Text] = Field(min_length=2, max_length=6)
    options_en: list[Text] | None = Field(default=None, description="English, option by option")
    answer: StrictInt = Field(ge=0, description="index of the correct option")

    @field_validator("options")
    @classmethod
    def _unique(cls, options: list[str]) -> list[str]:
        return _no_duplicates(options, "option")

    @field_validator("options_en")
    @classmethod
    def _one_each(cls, english: list[str] | None, info: ValidationInfo) -> list[str] | None:
        return _same_length(english, info, "options")

    @field_validator("answer")
    @classmethod
    def _in_range(cls, answer: int, info: ValidationInfo) -> int:
        options = info.data.get("options")
        if options is not None and answer >= len(options):
            raise ValueError(f"answer {answer} is out of range: options are 0–{len(options) - 1}")
        return answer


class MultipleChoice(_Question):
    type: Literal["multiple"]
    options: list[Text] = Field(min_length=3, max_length=6)
    options_en: list[Text] | None = Field(default=None, description="English, option by option")
    answer: list[Annotated[StrictInt, Field(ge=0)]] = Field(
        min_length=2, description="sorted indices of the correct options (at least two)"
    )

    @field_validator("options")
    @classmethod
    def _unique(cls, options: list[str]) -> list[str]:
        return _no_duplicates(options, "option")

    @field_validator("options_en")
    @classmethod
    def _one_each(cls, english: list[str] | None, info: ValidationInfo) -> list[str] | None:
        return _same_length(english, info, "options")

    @field_validator("answer")
    @classmethod
    def _sorted_in_range(cls, answer: list[int], info: ValidationInfo) -> list[int]:
        if answer != sorted(set(answer)):
            raise ValueError(f"answer {answer} must be sorted indices without repeats")
        options = info.data.get("options")
        if options is not None:
            if answer[-1] >= len(options):
                raise ValueError(
                    f"answer index {answer[-1]} is out of range: options are 0–{len(options) - 1}"
                )
            if len(answer) == len(options):
                raise ValueError("every option is correct: keep at least one wrong option")
        return answer


class TrueFalse(_Question):
    type: Literal["true_false"]
    answer: StrictBool


class Order(_Question):
    type: Literal["order"]
    steps: list[Text] = Field(
        min_length=3, max_length=7, description="in the correct order; the app shuffles them"
    )
    steps_en: list[Text] | None = Field(default=None, description="English, step by step")

    @field_validator("steps")
    @classmethod
    def _unique(cls, steps: list[str]) -> list[str]:
        return _no_duplicates(steps, "step")

    @field_validator("steps_en")
    @classmethod
    def _one_each(cls, english: list[str] | None, info: ValidationInfo) -> list[str] | None:
        return _same_length(english, info, "steps")


class _OnTurn(_Question):
    scenario: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    turn: StrictInt = Field(ge=1)


class Rewrite(_OnTurn):
    type: Literal["rewrite"]
    sentence: str = Field(min_length=2, description="the forbidden or clumsy sentence")
    model_answer: str = Field(min_length=2, description="an approved rewrite passing the turn")

    @field_validator("model_answer")
    @classmethod
    def _differs(cls, model_answer: str, info: ValidationInfo) -> str:
        if model_answer.strip() == str(info.data.get("sentence", "")).strip():
            raise ValueError("the model answer repeats the sentence to rewrite")
        return model_answer


class Say(_OnTurn):
    type: Literal["say"]


AnyQuestion = SingleChoice | MultipleChoice | TrueFalse | Order | Rewrite | Say
OnTurnQuestion = Rewrite | Say  # graded by the grader on a scenario turn
Question = Annotated[AnyQuestion, Field(discriminator="type")]


class QuestionBank(_Strict):
    """One file of exams/banks/: the questions of one topic."""

    bank: Id
    title: str = Field(min_length=1)
    title_en: str = Field(min_length=1)
    topic: Topic
    description: str = ""
    source: list[SeedFile] = Field(min_length=1, description="the seed files the bank draws on")
    questions: list[Question] = Field(min_length=1)


@dataclass
class QuestionBanks:
    """Every bank that loaded, the file each came from and the problems of those that did not."""

    folder: Path
    banks: dict[str, QuestionBank] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    problems: list[LoadProblem] = field(default_factory=list)
    _bank_of: dict[str, str] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self._bank_of)

    def questions(self) -> Iterator[AnyQuestion]:
        for bank in self.banks.values():
            yield from bank.questions

    def located(self) -> Iterator[tuple[Path, str, AnyQuestion]]:
        """Every question with its file and field path (``questions[3]``), for reports."""
        for bank_id, bank in self.banks.items():
            for i, q in enumerate(bank.questions):
                yield self.files[bank_id], f"questions[{i}]", q

    def question(self, question_id: str) -> AnyQuestion:
        bank = self.bank_of(question_id)
        return next(q for q in bank.questions if q.id == question_id)

    def bank_of(self, question_id: str) -> QuestionBank:
        try:
            return self.banks[self._bank_of[question_id]]
        except KeyError:
            raise DataError(f"unknown question {question_id!r}") from None

    def by_topic(self, topic: str) -> list[AnyQuestion]:
        """The questions of every bank of ``topic``, in file order."""
        if topic not in TOPICS:
            raise DataError(f"unknown topic {topic!r} (one of {', '.join(TOPICS)})")
        return [q for b in self.banks.values() if b.topic == topic for q in b.questions]

    def by_type(self, question_type: str) -> list[AnyQuestion]:
        if question_type not in QUESTION_TYPES:
            raise DataError(f"unknown question type {question_type!r}")
        return [q for q in self.questions() if q.type == question_type]

    def topic_counts(self) -> dict[str, int]:
        """Number of questions per topic, every topic listed (0 when it has none)."""
        return {t: len(self.by_topic(t)) for t in TOPICS}

    def sources(self) -> set[str]:
        return {q.source for q in self.questions()}


def banks_dir() -> Path:
    return exams_dir() / "banks"


_TYPE_IN_LOC = re.compile(r"^(questions\[\d+\])\.(?:" + "|".join(QUESTION_TYPES) + r")(?=\.|$)")


def _tidy(problem: LoadProblem) -> LoadProblem:
    """Drop the union tag pydantic puts in the path (questions[3].single.answer →
    questions[3].answer) and point a bad or missing ``type`` at the ``type`` field."""
    where = _TYPE_IN_LOC.sub(r"\1", problem.where)
    msg = problem.problem
    if re.fullmatch(r"questions\[\d+\]", where) and (
        "discriminator 'type'" in msg or "using 'type'" in msg
    ):
        where += ".type"
        if "expected tags" not in msg:
            msg = f"{msg} (one of: {', '.join(QUESTION_TYPES)})"
    return LoadProblem(problem.file, where, msg)


def validate_bank(path: Path) -> tuple[QuestionBank | None, list[LoadProblem]]:
    """Parse and validate one bank file on its own (no cross-bank checks)."""
    bank, problems = validate_file(path, QuestionBank)
    problems = [_tidy(p) for p in problems]
    if bank is not None and not problems:
        problems = _check_bank(path, bank)
    return (None if problems else bank), problems


def _check_bank(path: Path, bank: QuestionBank) -> list[LoadProblem]:
    problems: list[LoadProblem] = []
    seen: set[str] = set()
    for i, q in enumerate(bank.questions):
        if q.id in seen:
            problems.append(
                LoadProblem(str(path), f"questions[{i}].id", f"question id {q.id!r} is used twice")
            )
        seen.add(q.id)
        if q.source not in bank.source:
            problems.append(
                LoadProblem(
                    str(path),
                    f"questions[{i}].source",
                    f"{q.source!r} is not listed in the bank's source",
                )
            )
    return problems


def load_banks(folder: Path | None = None) -> QuestionBanks:
    """Load every ``*.yaml`` bank under ``folder`` (default: the repository's exams/banks/).

    A bank with a problem is left out and its problems recorded in ``problems``; a bank that
    repeats a bank id or a question id of a bank loaded before it (in file-name order) too.
    """
    folder = Path(folder) if folder else banks_dir()
    out = QuestionBanks(folder=folder)
    if not folder.is_dir():
        out.problems.append(LoadProblem(str(folder), "", "no such folder of question banks"))
        return out
    for path in sorted(folder.glob("*.y*ml")):
        bank, problems = validate_bank(path)
        if bank is not None:
            problems = _check_against_loaded(path, bank, out)
        if problems or bank is None:
            out.problems.extend(problems)
            continue
        out.banks[bank.bank] = bank
        out.files[bank.bank] = path
        out._bank_of.update((q.id, bank.bank) for q in bank.questions)
    return out


def _check_against_loaded(path: Path, bank: QuestionBank, out: QuestionBanks) -> list[LoadProblem]:
    problems: list[LoadProblem] = []
    if bank.bank in out.banks:
        other = out.files[bank.bank].name
        problems.append(LoadProblem(str(path), "bank", f"bank id {bank.bank!r} is used by {other}"))
    for i, q in enumerate(bank.questions):
        if q.id in out._bank_of:
            other = out.files[out._bank_of[q.id]].name
            problems.append(
                LoadProblem(
                    str(path), f"questions[{i}].id", f"question id {q.id!r} is used by {other}"
                )
            )
    return problems
