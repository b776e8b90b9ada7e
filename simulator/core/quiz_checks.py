"""Checks of the question banks against the rest of the data: the seeds the evidence quotes,
the scenario turns that rewrite and say questions use, the grader's verdict on each
rewrite's model answer (must pass) and sentence (must not), and the English of every text the
app shows.

Each check returns problems naming the bank file and the field (``questions[3].evidence``), so
that `simulator validate` and the tests report them the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.core.catalog import Catalog, DataError, LoadProblem
from simulator.core.normalize import to_simplified
from simulator.core.paths import seeds_dir
from simulator.core.quiz_bank import OnTurnQuestion, QuestionBanks, Rewrite

if TYPE_CHECKING:
    from simulator.core.grader import Grader

# Whitespace and the private-use glyphs (Wingdings bullets) the PDF extraction left in seed 000.
_SPACE = re.compile(r"[\s\ue000-\uf8ff]+")
# Seed 004 was extracted with the reading of some characters after them: 服務(wù), 業(yè).
_PINYIN_NOTE = re.compile(r"\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)")


def evidence_key(text: str) -> str:
    """Text as evidence is compared: Simplified characters, whitespace and bullet glyphs removed
    (the manuals' text is extracted from PDFs and slides, with stray spaces and line breaks
    inside words) and pinyin readings in brackets after a character dropped (服務(wù) → 服务)."""
    simplified = "\n".join(to_simplified(line) for line in text.splitlines())
    return _SPACE.sub("", _PINYIN_NOTE.sub("", simplified))


def read_seeds(folder: Path | None = None) -> dict[str, str]:
    """Every ``*.txt`` seed under ``folder`` (default `paths.seeds_dir`) as `evidence_key` text,
    by file name. Raises DataError when the folder has none."""
    folder = Path(folder) if folder else seeds_dir()
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if not files:
        raise DataError(f"no training manuals (*.txt) in {folder}")
    seeds: dict[str, str] = {}
    for f in files:
        try:
            seeds[f.name] = evidence_key(f.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise DataError(f"{f}: cannot read as UTF-8 text: {exc}") from exc
    return seeds


def check_evidence(banks: QuestionBanks, seeds: Mapping[str, str]) -> list[LoadProblem]:
    """Every question's evidence occurs in its cited seed (``seeds`` as from `read_seeds`)."""
    problems: list[LoadProblem] = []
    for path, where, q in banks.located():
        seed = seeds.get(q.source)
        if seed is None:
            problems.append(LoadProblem(str(path), f"{where}.source", f"no seed {q.source!r}"))
        elif evidence_key(q.evidence) not in seed:
            problems.append(
                LoadProblem(
                    str(path), f"{where}.evidence", f"quote not found in {q.source}: {q.evidence}"
                )
            )
    return problems


# The English beside each Chinese text the app shows, by question type.
_ENGLISH = {"options": "options_en", "steps": "steps_en"}


def check_english(banks: QuestionBanks) -> list[LoadProblem]:
    """Every text the app shows has its English: ``prompt_en``, ``explanation_en`` and, for the
    choice and order questions, ``options_en`` / ``steps_en`` (their length is the schema's)."""
    problems: list[LoadProblem] = []
    for path, where, q in banks.located():
        fields = ["prompt_en", "explanation_en"]
        fields += [en for zh, en in _ENGLISH.items() if hasattr(q, zh)]
        for name in fields:
            if not getattr(q, name):
                problems.append(
                    LoadProblem(str(path), f"{where}.{name}", f"question {q.id} has no {name}")
                )
    return problems


def check_turns(banks: QuestionBanks, catalog: Catalog) -> list[LoadProblem]:
    """Every rewrite and say question names a scenario and turn of the loaded packs."""
    problems: list[LoadProblem] = []
    for path, where, q in banks.located():
        if not isinstance(q, OnTurnQuestion):
            continue
        scenario = catalog.scenarios.get(q.scenario)
        if scenario is None:
            problems.append(
                LoadProblem(str(path), f"{where}.scenario", f"unknown scenario {q.scenario!r}")
            )
        elif q.turn not in {t.id for t in scenario.turns}:
            problems.append(
                LoadProblem(
                    str(path), f"{where}.turn", f"scenario {q.scenario!r} has no turn {q.turn}"
                )
            )
    return problems


def check_rewrites(banks: QuestionBanks, grader: Grader) -> list[LoadProblem]:
    """Every rewrite's model answer passes its turn and its sentence does not (a sentence the
    grader accepts would teach nothing). Questions on unknown turns are left to `check_turns`."""
    problems: list[LoadProblem] = []
    for path, where, q in banks.located():
        if not isinstance(q, Rewrite) or q.scenario not in grader.catalog.scenarios:
            continue
        try:
            good = grader.grade(q.scenario, q.turn, q.model_answer)
            bad = grader.grade(q.scenario, q.turn, q.sentence)
        except DataError:
            continue
        if not good.passed:
            why = "; ".join(v.explanation for v in good.violations if v.severity == "fail")
            problems.append(
                LoadProblem(
                    str(path),
                    f"{where}.model_answer",
                    f"does not pass {q.scenario} turn {q.turn}: {why}",
                )
            )
        if bad.passed:
            problems.append(
                LoadProblem(
                    str(path),
                    f"{where}.sentence",
                    f"passes {q.scenario} turn {q.turn}: nothing to rewrite",
                )
            )
    return problems


def check_banks(
    banks: QuestionBanks, catalog: Catalog, grader: Grader, seeds: Mapping[str, str] | None
) -> list[LoadProblem]:
    """All of the above; the evidence only when ``seeds`` is given."""
    problems = check_turns(banks, catalog) + check_rewrites(banks, grader) + check_english(banks)
    if seeds is not None:
        problems += check_evidence(banks, seeds)
    return problems
