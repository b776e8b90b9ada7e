"""Loading the data files: scenario packs, rules, elements and hotline terms, with errors that
name the place.

A malformed pack is rejected whole (nothing of it is loaded) and reported with its file, the
path of the field and the problem; the other packs still load. The rule and element catalogs
are shared by every scenario, so a broken catalog is a hard error.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from simulator.core.paths import UnsafePath, audio_file, scenarios_dir
from simulator.core.patterns import PatternError, compile_pattern
from simulator.core.schema import (
    DeliveryNorms,
    ElementCatalog,
    HotlineTerms,
    Pack,
    Policy,
    RuleCatalog,
    Scenario,
    Turn,
)

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
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"line {mark.line + 1} col {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataError(f"{path}: {at}not valid YAML: {problem}") from exc


def validate_file(path: Path, model: type[M]) -> tuple[M | None, list[LoadProblem]]:
    """Parse and validate one file; problems carry the field path."""
    try:
        data = _read_yaml(path)
    except DataError as exc:
        return None, [LoadProblem(str(path), "", str(exc).split(": ", 1)[1])]
    try:
        obj = model.model_validate(data)
    except ValidationError as exc:
        return None, [
            LoadProblem(str(path), _where(err["loc"]), err["msg"]) for err in exc.errors()
        ]
    return obj, _check_patterns(path, obj) + _check_texts(path, obj)


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


def _check_patterns(path: Path, obj: BaseModel) -> list[LoadProblem]:
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


def _check_texts(path: Path, obj: BaseModel) -> list[LoadProblem]:
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


@dataclass
class Catalog:
    """Everything the grader needs, loaded once."""

    rules: RuleCatalog
    elements: ElementCatalog
    policy: Policy = field(default_factory=Policy)
    packs: dict[str, Pack] = field(default_factory=dict)
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    scenario_pack: dict[str, str] = field(default_factory=dict)
    terms: list[HotlineTerms] = field(default_factory=list)
    problems: list[LoadProblem] = field(default_factory=list)
    root: Path = field(default_factory=scenarios_dir)

    def scenario(self, scenario_id: str) -> Scenario:
        try:
            return self.scenarios[scenario_id]
        except KeyError:
            raise DataError(f"unknown scenario {scenario_id!r}") from None

    def norms_for(self, scenario_id: str) -> DeliveryNorms:
        pack = self.packs.get(self.scenario_pack.get(scenario_id, ""))
        return pack.delivery if pack else DeliveryNorms()

    def texts(self) -> Iterator[str]:
        """Every string of the rules, elements and packs (patterns included): the hotline
        vocabulary the transcript correction learns from."""
        yield from _strings(self.rules)
        yield from _strings(self.elements)
        for pack in self.packs.values():
            yield from _strings(pack)


def _strings(node: object) -> Iterator[str]:
    """The Chinese texts under ``node``: not the English (``*_en``) beside them, nor the seed
    passages (``quote``), which repeat the manuals' wording and would weigh it twice."""
    return (
        value
        for loc, value in _leaves(node)
        if isinstance(value, str)
        and not any(isinstance(p, str) and (p.endswith("_en") or p == "quote") for p in loc)
    )


def _load_catalog_file(path: Path, model: type[M]) -> M:
    obj, problems = validate_file(path, model)
    if problems or obj is None:
        raise DataError("; ".join(str(p) for p in problems[:5]))
    return obj


def load_catalog(root: Path | None = None) -> Catalog:
    """Load rules, elements and every pack under `root` (default: the repo's scenarios/)."""
    root = Path(root) if root else scenarios_dir()
    rules = _load_catalog_file(root / "rules" / "forbidden.yaml", RuleCatalog)
    elements = _load_catalog_file(root / "rules" / "elements.yaml", ElementCatalog)
    policy_path = root / "rules" / "policy.yaml"
    policy = _load_catalog_file(policy_path, Policy) if policy_path.exists() else Policy()
    catalog = Catalog(rules=rules, elements=elements, policy=policy, root=root)
    element_names = {e.name for e in elements.elements}
    for path in sorted((root / "packs").glob("*.y*ml")):
        pack, problems = validate_file(path, Pack)
        if pack is not None and not problems:
            problems = _check_pack_links(path, pack, element_names, catalog)
        if problems or pack is None:
            catalog.problems.extend(problems)
            continue
        catalog.packs[pack.pack] = pack
        for sc in pack.scenarios:
            catalog.scenarios[sc.id] = sc
            catalog.scenario_pack[sc.id] = pack.pack
    for path in sorted((root / "lexicon").glob("*.y*ml")):
        terms, problems = validate_file(path, HotlineTerms)
        if problems or terms is None:
            catalog.problems.extend(problems)
        else:
            catalog.terms.append(terms)
    return catalog


def _check_pack_links(
    path: Path, pack: Pack, element_names: set[str], catalog: Catalog
) -> list[LoadProblem]:
    problems: list[LoadProblem] = []
    if pack.pack in catalog.packs:
        problems.append(LoadProblem(str(path), "pack", f"pack id {pack.pack!r} is used twice"))
    for si, sc in enumerate(pack.scenarios):
        if sc.id in catalog.scenarios or sum(s.id == sc.id for s in pack.scenarios) > 1:
            problems.append(
                LoadProblem(
                    str(path), f"scenarios[{si}].id", f"scenario id {sc.id!r} is used twice"
                )
            )
        for ti, turn in enumerate(sc.turns):
            problems += _check_audio_files(path, f"scenarios[{si}].turns[{ti}]", turn, catalog)
            names = [n for req in turn.required for n in req.split("|")]
            for ri, name in enumerate([*names, *turn.extra_patterns]):
                if name not in element_names:
                    problems.append(
                        LoadProblem(
                            str(path),
                            f"scenarios[{si}].turns[{ti}].required[{ri}]",
                            f"unknown element {name!r} (see rules/elements.yaml)",
                        )
                    )
    return problems


def _check_audio_files(path: Path, where: str, turn: Turn, catalog: Catalog) -> list[LoadProblem]:
    """The schema checked how the audio references are written; here the files they name,
    symbolic links followed, must still be inside the audio folder next to ``scenarios/``."""
    refs = [("caller.audio", turn.caller.audio)] + [
        (f"model_answers[{ai}].audio", a.audio) for ai, a in enumerate(turn.model_answers)
    ]
    problems: list[LoadProblem] = []
    for field_path, ref in refs:
        if ref is None:
            continue
        try:
            audio_file(ref, catalog.root.parent)
        except UnsafePath as exc:
            problems.append(LoadProblem(str(path), f"{where}.{field_path}", str(exc)))
    return problems
