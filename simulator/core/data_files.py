"""Reading one data file (a scenario pack, a rule or element catalog, a question bank …):
YAML parsed, validated by its pydantic schema and its patterns compiled, every problem named
by file, field path and what is wrong (``LoadProblem``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from simulator.core.patterns import PatternError, compile_pattern

M = TypeVar("M", bound=BaseModel)


class DataError(Exception):
    """A data file that cannot be used; str() is one line naming file, field and problem."""


@dataclass(frozen=True)
class LoadProblem:
    file: str
    where: str
    problem: str

    def __str__(self) -> str:
        return (
            f"{self.file}: {self.where}: {self.problem}"
            if self.where
            else f"{self.file}: {self.problem}"
        )


def _where(loc: tuple) -> str:
    parts: list[str] = []
    for p in loc:
        if isinstance(p, int):
            parts.append(f"[{p}]")
        else:
            parts.append(("." if parts else "") + str(p))
    return "".join(parts)


def _read_yaml(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read: {exc}") from exc
    return parse_yaml(text, str(path))


def validate_file(
    path: Path, model: type[M], context: dict | None = None
) -> tuple[M | None, list[LoadProblem]]:
    """Parse and validate one file; problems carry the field path."""
    try:
        data = _read_yaml(path)
    except DataError as exc:
        return None, [LoadProblem(str(path), "", str(exc).split(": ", 1)[1])]
    return validate_data(data, model, str(path), context)


def validate_data(
    data: object, model: type[M], file: str, context: dict | None = None
) -> tuple[M | None, list[LoadProblem]]:
    """Validate parsed YAML (``file`` names it in the problems): schema, then patterns and
    texts cut short by a YAML comment."""
    try:
        obj = model.model_validate(data, context=context)
    except ValidationError as exc:
        return None, [LoadProblem(file, _where(err["loc"]), err["msg"]) for err in exc.errors()]
    return obj, _check_patterns(file, obj) + _check_texts(file, obj)


# libyaml's loader when PyYAML was built with it: the same data, about ten times faster (the
# catalog is read at every start and by many tests).
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, file: str) -> object:
    """YAML text as data; :class:`DataError` naming ``file``, line and column when malformed."""
    try:
        return yaml.load(text, Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"line {mark.line + 1} col {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataError(f"{file}: {at}not valid YAML: {problem}") from exc


def _leaves(node: object, loc: tuple = ()) -> Iterator[tuple[tuple, object]]:
    """Every value under ``node`` that is not a model, dict or list, with its field path."""
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _leaves(getattr(node, name), (*loc, name))
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, (*loc, k))
    elif isinstance(node, list | tuple):
        for i, v in enumerate(node):
            yield from _leaves(v, (*loc, i))
    else:
        yield loc, node


def _is_pattern(loc: tuple) -> bool:
    """An item of a ``patterns``/``unless`` list or of an ``extra_patterns`` entry."""
    return (
        len(loc) >= 2
        and isinstance(loc[-1], int)
        and (loc[-2] in ("patterns", "unless") or (len(loc) >= 3 and loc[-3] == "extra_patterns"))
    )


def _check_patterns(path: Path | str, obj: BaseModel) -> list[LoadProblem]:
    problems: list[LoadProblem] = []
    for loc, value in _leaves(obj):
        if isinstance(value, str) and _is_pattern(loc):
            try:
                compile_pattern(value)
            except PatternError as exc:
                problems.append(LoadProblem(str(path), _where(loc), str(exc)))
    return problems


SEED_QUOTES = {("quote",), ("evidence",)}  # verbatim passages of the seeds
BRACKETS = {"（": "）", "(": ")", "「": "」", "“": "”", "《": "》", "【": "】"}


def open_bracket(text: str) -> str | None:
    """The bracket ``text`` ends inside (opened and never closed), or None. A YAML line such as
    ``note: 稍等（001 #5）`` loses everything from `` #`` on: the text then ends inside its
    bracket, which is how such a cut shows."""
    for opener, closer in BRACKETS.items():
        depth = 0
        for ch in text:
            if ch == opener:
                depth += 1
            elif ch == closer and depth:
                depth -= 1
        if depth:
            return opener
    return None


def _check_texts(path: Path | str, obj: BaseModel) -> list[LoadProblem]:
    """Text fields (not patterns, nor seed quotes — a model answer's ``quote``, a question's
    ``evidence`` — which keep the seed's own punctuation) that end inside an open bracket."""
    problems: list[LoadProblem] = []
    for loc, value in _leaves(obj):
        if isinstance(value, str) and not _is_pattern(loc) and loc[-1:] not in SEED_QUOTES:
            opener = open_bracket(value)
            if opener:
                problems.append(
                    LoadProblem(
                        str(path),
                        _where(loc),
                        f"the text ends inside an open {opener} “…{value[-12:]}”: in YAML a space "
                        "and # start a comment, so the rest of the line was dropped; put the "
                        "whole text in quotes",
                    )
                )
    return problems
