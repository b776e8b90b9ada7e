"""One pack as one zip (``pack.yaml`` + ``audio/…``): export, and an import that checks the
whole zip before anything is written.

Refused, with the file (and field) named and nothing changed: not a zip; too many entries,
too much uncompressed data, an entry too big or compressed too well (a zip bomb); a name that
escapes the pack (``..``, absolute, backslash, drive letter), a symbolic link, a duplicate or
unexpected entry; ``pack.yaml`` missing, not YAML, an unknown field or any schema problem; an
audio file a line names that is missing, or any audio that does not decode; an id in use (a
``PackExists`` carries a free id to import it under).
"""

from __future__ import annotations

import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from simulator.core.catalog import (
    PACK_FILE,
    LoadProblem,
    audio_refs,
    check_pack_links,
    parse_yaml,
    validate_data,
)
from simulator.core.catalog import DataError as _DataError
from simulator.core.pack_edit import TRAINER_CONTEXT, copied, dump_pack, renamed_scenario
from simulator.core.paths import AUDIO_SUFFIXES, PACK_AUDIO_PREFIX, UnsafePath, check_relative
from simulator.core.schema import Pack
from simulator.fileutil import atomic_file, sha256_file
from simulator.services.errors import NotFound, PackError, PackExists
from simulator.services.pack_audio import decode
from simulator.services.packs import PackService, SavedPack
from simulator.services.session import Session

MAX_ENTRIES = 2000
MAX_ENTRY_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 500 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed, for entries over SMALL_ENTRY
SMALL_ENTRY = 64 * 1024
_REFUSED = ("导入被拒绝，未做任何更改", "import refused, nothing was changed")


@dataclass(frozen=True)
class ExportedPack:
    pack_id: str
    path: Path
    entries: int
    size: int


@dataclass(frozen=True)
class ZipContents:
    """A zip that passed every check: the pack (renamed if asked) and its audio files."""

    pack: Pack
    audio: dict[str, bytes]


def _refuse(file: str, where: str, problem: str) -> PackError:
    return PackError(*_REFUSED, [LoadProblem(file, where, problem)])


def export_zip(packs: PackService, session: Session, pack_id: str, out: Path) -> ExportedPack:
    """Write ``pack_id`` (a trainer's pack, or a shipped one in the trainer form) to ``out``
    atomically: ``pack.yaml`` and every audio file it names."""
    packs.guard.require(session, "packs.author", pack_id)
    pack = packs.pack(session, pack_id)
    src = packs.catalog.sources.get(pack_id)
    if src is None:
        raise NotFound(f"没有方案包 {pack_id}", f"no pack {pack_id}")
    data, refs = copied(pack, pack_id, lambda _sid: False)
    entries: dict[str, Path] = {}
    for old, new in refs.items():
        try:
            path = src.audio_file(old)
        except UnsafePath:
            continue
        if path.is_file():
            entries[new] = path
    yaml_text = dump_pack(Pack.model_validate(data, context=TRAINER_CONTEXT)).encode("utf-8")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(out) as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo(PACK_FILE, (2026, 1, 1, 0, 0, 0)), yaml_text)
        for rel, path in sorted(entries.items()):
            info = zipfile.ZipInfo(rel, (2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())
    with packs.db.tx() as conn:
        packs.audit.append(conn, "pack.exported", subject=pack_id,
                           detail={"file": out.name, "sha256": sha256_file(out),
                                   "entries": 1 + len(entries)},
                           **packs.guard.actor(session))  # fmt: skip
    return ExportedPack(pack_id, out, 1 + len(entries), out.stat().st_size)


def _entries(zf: zipfile.ZipFile, name: str) -> dict[str, zipfile.ZipInfo]:
    """The zip's files by their name in the pack (one top folder around them is dropped),
    every name, size and kind checked."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _refuse(name, "", f"too many entries ({len(infos)} > {MAX_ENTRIES})")
    total = 0
    files: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        entry = f"{name}: {info.filename}"
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise _refuse(entry, "", "a symbolic link: not allowed in a pack")
        raw = info.filename.rstrip("/") if info.is_dir() else info.filename
        try:
            check_relative(raw, "entry name")
        except UnsafePath as exc:
            raise _refuse(entry, "", str(exc)) from None
        if info.is_dir():
            continue
        if info.file_size > MAX_ENTRY_BYTES:
            raise _refuse(entry, "", f"too big uncompressed ({info.file_size} bytes)")
        if info.file_size > SMALL_ENTRY and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse(entry, "", f"compressed more than {MAX_RATIO}:1 (a zip bomb?)")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise _refuse(name, "", f"more than {MAX_TOTAL_BYTES} bytes uncompressed")
        if raw in files:
            raise _refuse(entry, "", "the same name twice")
        files[raw] = info
    tops = {n.split("/", 1)[0] for n in files}
    if PACK_FILE not in files and len(tops) == 1:  # a zip of the pack's folder
        top = tops.pop() + "/"
        if top + PACK_FILE in files:
            files = {n[len(top) :]: i for n, i in files.items()}
    for rel in files:
        suffix = PurePosixPath(rel).suffix.lower()
        if rel != PACK_FILE and not (
            rel.startswith(PACK_AUDIO_PREFIX) and suffix in AUDIO_SUFFIXES
        ):
            raise _refuse(f"{name}: {rel}", "", "unexpected file: a pack zip holds pack.yaml "
                          "and audio/… files only (as `simulator pack export` writes it)")  # fmt: skip
    if PACK_FILE not in files:
        raise _refuse(name, "", "pack.yaml is missing")
    return files


def _read(zf: zipfile.ZipFile, info: zipfile.ZipInfo, entry: str) -> bytes:
    """An entry's bytes, never more than its declared size (a lying header stops here)."""
    try:
        with zf.open(info) as fh:
            data = fh.read(MAX_ENTRY_BYTES + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
        raise _refuse(entry, "", f"cannot be read: {exc}") from None
    if len(data) > info.file_size or len(data) > MAX_ENTRY_BYTES:
        raise _refuse(entry, "", "larger than its header says (a zip bomb?)")
    return data


def inspect_zip(packs: PackService, path: Path, rename_to: str | None = None) -> ZipContents:
    """Check a pack zip completely, writing nothing; a ``PackError`` names the first problem
    (file and field), a ``PackExists`` offers a free id."""
    path = Path(path)
    name = path.name
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse(name, "", f"not a readable zip file ({exc})") from None
    with zf:
        files = _entries(zf, name)
        yaml_entry = f"{name}: {PACK_FILE}"
        raw = _read(zf, files[PACK_FILE], yaml_entry)
        try:
            data = parse_yaml(raw.decode("utf-8"), yaml_entry)
        except UnicodeDecodeError:
            raise _refuse(yaml_entry, "", "not UTF-8 text") from None
        except _DataError as exc:
            raise _refuse(yaml_entry, "", str(exc)[len(yaml_entry) + 2 :]) from None
        pack, problems = validate_data(data, Pack, yaml_entry, TRAINER_CONTEXT)
        if pack is None or problems:
            raise PackError(*_REFUSED, problems)
        pack = _renamed(packs, pack, rename_to, yaml_entry)
        problems = check_pack_links(yaml_entry, pack, packs.catalog)
        if problems:
            raise PackError(*_REFUSED, problems)
        named = {}
        for where, ref in audio_refs(pack):
            if ref is not None and ref not in files:
                raise _refuse(yaml_entry, where, f"{ref} is not in the zip")
            if ref is not None:
                named.setdefault(ref, where)
        audio: dict[str, bytes] = {}
        for rel, info in files.items():
            if rel == PACK_FILE:
                continue
            entry = f"{name}: {rel}"
            content = _read(zf, info, entry)
            try:
                decode(content, rel)
            except PackError as exc:
                raise _refuse(entry, named.get(rel, ""), exc.en.split(": ", 1)[-1]) from None
            audio[rel] = content
    return ZipContents(pack, audio)


def _renamed(packs: PackService, pack: Pack, rename_to: str | None, file: str) -> Pack:
    """The pack under ``rename_to`` (its taken scenario ids renamed too); a taken id without
    ``rename_to`` is a ``PackExists`` offering a free one."""
    if rename_to is None:
        if pack.pack in packs.catalog.packs or packs.files.exists(pack.pack):
            raise PackExists(pack.pack, packs.free_id(pack.pack), file)
        return pack
    packs._refuse_taken(rename_to, file)
    data = pack.model_dump(mode="json", exclude_defaults=True)
    data["pack"] = rename_to
    taken = set(packs.catalog.scenarios)
    for sc in data["scenarios"]:
        if sc["id"] in taken:
            sc["id"] = renamed_scenario(sc["id"], pack.pack, rename_to)
    renamed, problems = validate_data(data, Pack, file, TRAINER_CONTEXT)
    if renamed is None or problems:
        raise PackError(*_REFUSED, problems)
    return renamed


def import_zip(
    packs: PackService, session: Session, path: Path, rename_to: str | None = None
) -> SavedPack:
    """Import a pack zip into the data folder (checked whole first; see ``inspect_zip``)."""
    packs.guard.require(session, "packs.author", Path(path).name)
    contents = inspect_zip(packs, path, rename_to)
    digest = sha256_file(path)
    return packs._install(
        session, contents.pack, dict(contents.audio), "pack.imported",
        detail={"zip": Path(path).name, "zip_sha256": digest, "audio_files": len(contents.audio)},
    )  # fmt: skip


__all__ = ["ExportedPack", "ZipContents", "export_zip", "import_zip", "inspect_zip"]
