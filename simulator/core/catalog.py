"""Loading the data files: scenario packs, rules, elements and hotline terms, with errors that
name the place.

Packs come from two places: the shipped packs (``scenarios/packs/*.yaml``, read-only templates
whose audio is under the repository's ``assets/audio/``) and the trainers' packs in the data
folder (``<data>/packs/<pack-id>/pack.yaml``, audio under that folder's ``audio/``). Each
loaded pack keeps its ``PackSource``; ``Catalog.audio_path`` turns a scenario's audio
reference into a file inside that pack's own audio folder, or refuses it.

A malformed pack is rejected whole (nothing of it is loaded) and reported with its file, the
path of the field and the problem; the other packs still load. A caller line without audio is
allowed: a *warning* says it will be shown as text. The rule and element catalogs are shared by
every scenario, so a broken catalog is a hard error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from simulator.core.data_files import (  # noqa: F401 - also this module's API
    BRACKETS,
    DataError,
    LoadProblem,
    _leaves,
    open_bracket,
    parse_yaml,
    validate_data,
    validate_file,
)
from simulator.core.paths import (
    AUDIO_PREFIX,
    PACK_AUDIO_PREFIX,
    UnsafePath,
    audio_file,
    pack_audio_file,
    scenarios_dir,
)
from simulator.core.schema import (
    DeliveryNorms,
    ElementCatalog,
    HotlineTerms,
    Pack,
    Policy,
    RuleCatalog,
    Scenario,
)

M = TypeVar("M", bound=BaseModel)
SHIPPED, TRAINER = "shipped", "trainer"
PACK_FILE = "pack.yaml"  # a trainer's pack: <data>/packs/<pack-id>/pack.yaml
NO_AUDIO = "no audio — the line will be shown as text / 无录音，该句将以文字显示"


@dataclass(frozen=True)
class PackSource:
    """Where a loaded pack came from and where its audio references resolve."""

    kind: str  # SHIPPED | TRAINER
    file: Path  # the pack's YAML file
    folder: Path  # shipped: the folder holding assets/audio/; trainer: the pack's own folder

    @property
    def prefix(self) -> str:
        return AUDIO_PREFIX if self.kind == SHIPPED else PACK_AUDIO_PREFIX

    def audio_file(self, ref: str) -> Path:
        """The file ``ref`` names, inside this pack's audio folder; else :class:`UnsafePath`."""
        if self.kind == SHIPPED:
            return audio_file(ref, self.folder)
        return pack_audio_file(ref, self.folder)


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
    sources: dict[str, PackSource] = field(default_factory=dict)  # pack id → where it is from
    warnings: list[LoadProblem] = field(default_factory=list)  # loaded, but worth saying
    trainer_dir: Path | None = None  # <data>/packs, when the trainers' packs were loaded

    def source(self, scenario_id: str) -> PackSource:
        pack = self.scenario_pack.get(scenario_id)
        if pack is None:
            raise DataError(f"unknown scenario {scenario_id!r}")
        return self.sources.get(pack) or PackSource(SHIPPED, self.root, self.root.parent)

    def audio_path(self, scenario_id: str, ref: str | None) -> Path | None:
        """The file of one of ``scenario_id``'s audio references (None for no reference),
        inside its pack's audio folder; :class:`UnsafePath` when it leads elsewhere. The file
        need not exist (not rendered or recorded yet)."""
        if not ref:
            return None
        return self.source(scenario_id).audio_file(ref)

    def with_trainer_packs(self, folder: Path | None) -> Catalog:
        """A new catalog with the same rules, elements, policy, terms and shipped packs, and
        the trainers' packs read again from ``folder`` (after one was saved or deleted)."""
        shipped = {k for k, src in self.sources.items() if src.kind == SHIPPED} | (
            set(self.packs) - set(self.sources)
        )
        trainer_files = {str(src.file) for src in self.sources.values() if src.kind == TRAINER}
        old_dir = str(self.trainer_dir) if self.trainer_dir else None
        out = replace(
            self,
            packs={k: v for k, v in self.packs.items() if k in shipped},
            scenarios={k: v for k, v in self.scenarios.items() if self.scenario_pack[k] in shipped},
            scenario_pack={k: v for k, v in self.scenario_pack.items() if v in shipped},
            sources={k: v for k, v in self.sources.items() if k in shipped},
            problems=[p for p in self.problems if not _under(p.file, old_dir, trainer_files)],
            warnings=[p for p in self.warnings if not _under(p.file, old_dir, trainer_files)],
            trainer_dir=None,
        )
        if folder is not None:
            load_trainer_packs(out, Path(folder))
        return out

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


def _under(file: str, folder: str | None, files: set[str]) -> bool:
    return file in files or (folder is not None and file.startswith(folder.rstrip("/") + "/"))


def load_catalog(root: Path | None = None, trainer_packs: Path | None = None) -> Catalog:
    """Load rules, elements and every pack under `root` (default: the repo's scenarios/), then
    the trainers' packs in ``trainer_packs`` (``<data>/packs``) when given."""
    root = Path(root) if root else scenarios_dir()
    rules = _load_catalog_file(root / "rules" / "forbidden.yaml", RuleCatalog)
    elements = _load_catalog_file(root / "rules" / "elements.yaml", ElementCatalog)
    policy_path = root / "rules" / "policy.yaml"
    policy = _load_catalog_file(policy_path, Policy) if policy_path.exists() else Policy()
    catalog = Catalog(rules=rules, elements=elements, policy=policy, root=root)
    for path in sorted((root / "packs").glob("*.y*ml")):
        source = PackSource(SHIPPED, path, root.parent)
        pack, problems = validate_file(path, Pack)
        warnings: list[LoadProblem] = []
        if pack is not None and not problems:
            problems = check_pack_links(str(path), pack, catalog)
            audio_problems, warnings = check_pack_audio(str(path), pack, source, must_exist=False)
            problems += audio_problems
        _add_pack(catalog, pack, source, problems, warnings)
    for path in sorted((root / "lexicon").glob("*.y*ml")):
        terms, problems = validate_file(path, HotlineTerms)
        if problems or terms is None:
            catalog.problems.extend(problems)
        else:
            catalog.terms.append(terms)
    if trainer_packs is not None:
        load_trainer_packs(catalog, Path(trainer_packs))
    return catalog


def _add_pack(
    catalog: Catalog,
    pack: Pack | None,
    source: PackSource,
    problems: list[LoadProblem],
    warnings: list[LoadProblem],
) -> None:
    if problems or pack is None:
        catalog.problems.extend(problems)
        return
    catalog.warnings.extend(warnings)
    catalog.packs[pack.pack] = pack
    catalog.sources[pack.pack] = source
    for sc in pack.scenarios:
        catalog.scenarios[sc.id] = sc
        catalog.scenario_pack[sc.id] = pack.pack


def trainer_pack_dirs(folder: Path) -> list[Path]:
    """The pack folders under ``<data>/packs`` (hidden ones, e.g. an import in progress, are
    not packs)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def load_trainer_packs(catalog: Catalog, folder: Path) -> None:
    """Add the trainers' packs in ``folder`` (``<data>/packs/<pack-id>/pack.yaml``) to
    ``catalog``: each validated like a shipped one, with its audio under its own folder."""
    catalog.trainer_dir = folder
    for pack_dir in trainer_pack_dirs(folder):
        pack, problems, warnings = check_trainer_pack(pack_dir, catalog)
        _add_pack(catalog, pack, PackSource(TRAINER, pack_dir / PACK_FILE, pack_dir), problems,
                  warnings)  # fmt: skip


def check_trainer_pack(
    pack_dir: Path, catalog: Catalog, replacing: str | None = None
) -> tuple[Pack | None, list[LoadProblem], list[LoadProblem]]:
    """Validate ``pack_dir/pack.yaml`` against ``catalog`` (``replacing``: the id of the pack
    it replaces, whose ids it may reuse): the pack, its problems and its warnings."""
    path = pack_dir / PACK_FILE
    if not path.is_file():
        return None, [LoadProblem(str(path), "", "missing: a pack folder needs pack.yaml")], []
    pack, problems = validate_file(path, Pack, context={"audio_prefix": PACK_AUDIO_PREFIX})
    if pack is None or problems:
        return None, problems, []
    problems = check_pack_links(str(path), pack, catalog, replacing)
    if pack.pack != pack_dir.name:
        problems.append(
            LoadProblem(
                str(path), "pack", f"pack id {pack.pack!r} must be its folder's name "
                f"{pack_dir.name!r}"
            )
        )  # fmt: skip
    audio_problems, warnings = check_pack_audio(
        str(path), pack, PackSource(TRAINER, path, pack_dir), must_exist=True
    )
    return pack, problems + audio_problems, warnings


def check_pack_links(
    file: str, pack: Pack, catalog: Catalog, replacing: str | None = None
) -> list[LoadProblem]:
    """Ids unique across the catalog (but for the pack being replaced) and every required
    element known to the element catalog."""
    element_names = {e.name for e in catalog.elements.elements}
    problems: list[LoadProblem] = []
    if pack.pack in catalog.packs and pack.pack != replacing:
        problems.append(LoadProblem(file, "pack", f"pack id {pack.pack!r} is used twice"))
    for si, sc in enumerate(pack.scenarios):
        owner = catalog.scenario_pack.get(sc.id)
        taken = owner is not None and owner != replacing
        if taken or sum(s.id == sc.id for s in pack.scenarios) > 1:
            problems.append(
                LoadProblem(file, f"scenarios[{si}].id", f"scenario id {sc.id!r} is used twice")
            )
        for ti, turn in enumerate(sc.turns):
            names = [n for req in turn.required for n in req.split("|")]
            for ri, name in enumerate([*names, *turn.extra_patterns]):
                if name not in element_names:
                    problems.append(
                        LoadProblem(
                            file,
                            f"scenarios[{si}].turns[{ti}].required[{ri}]",
                            f"unknown element {name!r} (see rules/elements.yaml)",
                        )
                    )
    return problems


def audio_refs(pack: Pack) -> Iterator[tuple[str, str | None]]:
    """Every audio reference of a pack with its field path (caller lines first per turn)."""
    for si, sc in enumerate(pack.scenarios):
        for ti, turn in enumerate(sc.turns):
            where = f"scenarios[{si}].turns[{ti}]"
            yield f"{where}.caller.audio", turn.caller.audio
            for ai, answer in enumerate(turn.model_answers):
                yield f"{where}.model_answers[{ai}].audio", answer.audio


def check_pack_audio(
    file: str,
    pack: Pack,
    source: PackSource | Callable[[str], Path],
    must_exist: bool,
) -> tuple[list[LoadProblem], list[LoadProblem]]:
    """The schema checked how the audio references are written; here the files they name,
    symbolic links followed, must still be inside the pack's audio folder (problems). A caller
    line without audio, or (``must_exist``) naming a file that is not there, is a warning:
    the app shows the line as text."""
    resolve = source.audio_file if isinstance(source, PackSource) else source
    problems: list[LoadProblem] = []
    warnings: list[LoadProblem] = []
    for where, ref in audio_refs(pack):
        if ref is None:
            if where.endswith("caller.audio"):
                warnings.append(LoadProblem(file, where, NO_AUDIO))
            continue
        try:
            path = resolve(ref)
        except UnsafePath as exc:
            problems.append(LoadProblem(file, where, str(exc)))
            continue
        if must_exist and not path.is_file():
            warnings.append(
                LoadProblem(file, where, f"{ref} is missing — the line will be shown as text / "
                            "录音文件不存在，该句将以文字显示")
            )  # fmt: skip
    return problems, warnings
