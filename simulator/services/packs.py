"""Trainers' scenario packs: list (with provenance), validate, create, copy a template, save,
delete, and give a caller line its audio (a recording, or rendered by the authoring tool).

A pack is validated whole — schema, patterns, ids unique across the catalog, required elements
known, audio paths inside its folder — before anything is written; saves are atomic and keep
the previous ``pack.yaml`` (and any replaced audio) under ``versions/``; a deleted pack goes
to the trash. Every change is audited and the catalog (and grader) are refreshed
(``Resources.packs_changed``). Shipped packs are read-only templates.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from simulator.core.catalog import (
    PACK_FILE,
    SHIPPED,
    TRAINER,
    Catalog,
    DataError,
    LoadProblem,
    PackSource,
    check_pack_audio,
    check_pack_links,
    parse_yaml,
    validate_data,
)
from simulator.core.pack_edit import TRAINER_CONTEXT, copied, dump_pack, with_caller_audio
from simulator.core.paths import PACK_AUDIO_PREFIX, UnsafePath
from simulator.core.schema import Pack
from simulator.services import pack_audio
from simulator.services.errors import NotFound, PackError, PackExists
from simulator.services.pack_records import (
    AttachedAudio,
    PackCheck,
    PackInfo,
    SavedPack,
    _author,
    _iso_mtime,
)
from simulator.services.resources import Resources
from simulator.services.session import Guard, Session
from simulator.store.db import Database
from simulator.store.packs import PACK_ID, PackFiles, PackRecords


class PackService:
    def __init__(self, db: Database, guard: Guard, resources: Resources, data_dir: Path):
        self.db = db
        self.guard = guard
        self.audit = guard.audit
        self.resources = resources
        self.files = PackFiles(data_dir)
        self.records = PackRecords(db)
        self.resources.trainer_packs = self.files.root
        self.files.clean_staging()  # what an import interrupted by a crash left behind

    @property
    def catalog(self) -> Catalog:
        return self.resources.catalog

    # ------------------------------------------------------------------ reads
    def list_packs(self, session: Session) -> list[PackInfo]:
        """Every pack, shipped and the trainers', with provenance; a trainer's pack that does
        not load is listed with its problems (so it can be fixed)."""
        self.guard.require(session, "practice.own")
        catalog, rows = self.catalog, self.records.all()
        out: list[PackInfo] = []
        for pack_id, pack in catalog.packs.items():
            src = catalog.sources.get(pack_id)
            kind = src.kind if src else SHIPPED
            row = rows.get(pack_id) if kind == TRAINER else None
            warnings = tuple(str(w) for w in catalog.warnings if src and w.file == str(src.file))
            out.append(
                PackInfo(
                    pack_id, pack.title, pack.title_en, kind,
                    row.author_name if row else "", row.author_id if row else None,
                    row.copied_from if row else None,
                    row.updated_at if row else (_iso_mtime(src.file) if src else None),
                    tuple(sc.id for sc in pack.scenarios), (), warnings,
                )
            )  # fmt: skip
        for pack_id in self.files.ids():
            if pack_id in catalog.packs and catalog.sources[pack_id].kind == TRAINER:
                continue
            folder = str(self.files.folder(pack_id))
            problems = tuple(str(p) for p in catalog.problems if p.file.startswith(folder + "/"))
            row = rows.get(pack_id)
            out.append(
                PackInfo(
                    pack_id, pack_id, pack_id, TRAINER, row.author_name if row else "",
                    row.author_id if row else None, row.copied_from if row else None,
                    row.updated_at if row else _iso_mtime(self.files.yaml_path(pack_id)), (),
                    problems or ("pack.yaml does not load",),
                )
            )  # fmt: skip
        return sorted(out, key=lambda p: (p.kind != SHIPPED, p.pack_id))

    def pack(self, session: Session, pack_id: str) -> Pack:
        """A loaded pack (shipped or a trainer's), e.g. to open it in the editor."""
        self.guard.require(session, "practice.own", pack_id)
        try:
            return self.catalog.packs[pack_id]
        except KeyError:
            raise NotFound(f"没有方案包 {pack_id}", f"no pack {pack_id}") from None

    def check(self, session: Session, data: Pack | dict | str, pack_id: str | None = None):
        """Validate a pack (a ``Pack``, its data, or YAML text) as it would be saved, without
        writing anything: problems name the field; warnings are allowed."""
        self.guard.require(session, "packs.author", pack_id or "")
        return self._check(data, pack_id)

    # ------------------------------------------------------------------ checks
    def _check(self, data: Pack | dict | str, replacing: str | None) -> PackCheck:
        if isinstance(data, Pack):
            data = data.model_dump(mode="json")
        pack_id = replacing or (data.get("pack") if isinstance(data, dict) else None) or "new"
        file = str(self.files.root / str(pack_id) / PACK_FILE)
        if isinstance(data, str):
            try:
                data = parse_yaml(data, file)
            except DataError as exc:
                return PackCheck(None, (LoadProblem(file, "", str(exc).split(": ", 1)[1]),), ())
        pack, problems = validate_data(data, Pack, file, TRAINER_CONTEXT)
        if pack is None or problems:
            return PackCheck(None, tuple(problems), ())
        if not PACK_ID.match(pack.pack):
            problems.append(LoadProblem(file, "pack", f"not a pack id: {pack.pack!r}"))
        if replacing is not None and pack.pack != replacing:
            problems.append(
                LoadProblem(file, "pack", f"the pack id cannot change ({replacing} → {pack.pack})")
            )
        problems += check_pack_links(file, pack, self.catalog, replacing)
        folder = self.files.folder(pack.pack) if PACK_ID.match(pack.pack) else Path(file).parent
        audio_problems, warnings = check_pack_audio(
            file, pack, PackSource(TRAINER, Path(file), folder), must_exist=True
        )
        return PackCheck(pack, tuple(problems + audio_problems), tuple(warnings))

    def _valid(self, data, replacing: str | None) -> PackCheck:
        checked = self._check(data, replacing)
        if not checked.ok:
            raise PackError(
                "方案包无效，未保存", "the pack is not valid: not saved", checked.problems
            )
        return checked

    def _trainer_pack(self, pack_id: str) -> None:
        src = self.catalog.sources.get(pack_id)
        if src is not None and src.kind == SHIPPED:
            raise PackError(
                f"{pack_id} 是内置模板，只读；请先复制为自己的方案包",
                f"{pack_id} is a shipped template (read-only): copy it under a new id first",
            )
        if not PACK_ID.match(pack_id or "") or not self.files.exists(pack_id):
            raise NotFound(f"没有方案包 {pack_id}", f"no pack {pack_id} in the data folder")

    def free_id(self, base: str) -> str:
        """``base`` or ``base-2``, ``base-3`` … : an id no pack (or pack folder) uses."""
        n, candidate = 1, base
        while candidate in self.catalog.packs or self.files.exists(candidate):
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def _refuse_taken(self, pack_id: str, file: str = "") -> None:
        if not PACK_ID.match(pack_id or ""):
            raise PackError(
                f"方案包编号 {pack_id!r} 无效（小写字母、数字和 -）",
                f"not a pack id: {pack_id!r} (lower-case letters, digits and -)",
            )
        if pack_id in self.catalog.packs or self.files.exists(pack_id):
            raise PackExists(pack_id, self.free_id(pack_id), file)

    # ------------------------------------------------------------------ writes
    def _install(
        self,
        session: Session,
        pack: Pack,
        files: dict[str, bytes | Path],
        action: str,
        copied_from: str | None = None,
        detail: dict | None = None,
    ) -> SavedPack:
        """Write a new pack (its YAML and ``files``: audio/… → bytes or a file to copy) into a
        staging folder, rename it into place, then record it (undone if that fails)."""
        staged = self.files.staging()
        try:
            text = dump_pack(pack).encode("utf-8")
            (staged / PACK_FILE).write_bytes(text)
            for rel, content in files.items():
                target = staged / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                if isinstance(content, Path):
                    shutil.copyfile(content, target)
                else:
                    target.write_bytes(content)
                with open(target, "rb") as fh:
                    os.fsync(fh.fileno())
            self.files.install(staged, pack.pack)
        except BaseException:
            shutil.rmtree(staged, ignore_errors=True)
            raise
        from simulator.fileutil import sha256_file

        digest = sha256_file(self.files.yaml_path(pack.pack))
        try:
            with self.db.tx() as conn:
                self.records.saved(conn, pack.pack, digest, session.user_id, _author(session),
                                   copied_from)  # fmt: skip
                self.audit.append(conn, action, subject=pack.pack,
                                  detail={"sha256": digest, **(detail or {})},
                                  **self.guard.actor(session))  # fmt: skip
        except BaseException:
            self.files.uninstall(pack.pack)
            raise
        self.resources.packs_changed()
        return SavedPack(pack.pack, digest, None, self._warnings(pack.pack))

    def _warnings(self, pack_id: str) -> tuple[str, ...]:
        file = str(self.files.yaml_path(pack_id))
        return tuple(str(w) for w in self.catalog.warnings if w.file == file)

    def create(self, session: Session, data: Pack | dict | str) -> SavedPack:
        """A new pack in the data folder (its id must be free)."""
        self.guard.require(session, "packs.author")
        self._refuse_taken(self._id_of(data))
        checked = self._valid(data, None)
        return self._install(session, checked.pack, {}, "pack.created")

    def _id_of(self, data: Pack | dict | str) -> str:
        if isinstance(data, str):
            return self._yaml_id(data)
        return data.pack if isinstance(data, Pack) else str(data.get("pack", ""))

    def copy(
        self,
        session: Session,
        template_id: str,
        new_id: str,
        title: str | None = None,
        title_en: str | None = None,
    ) -> SavedPack:
        """Copy a pack (a shipped template or a trainer's) under ``new_id``, with its audio;
        scenario ids another pack uses are renamed ``<new id>-…``."""
        self.guard.require(session, "packs.author", template_id)
        source_pack = self.pack(session, template_id)
        src = self.catalog.sources.get(template_id)
        self._refuse_taken(new_id)
        taken = set(self.catalog.scenarios)
        data, refs = copied(source_pack, new_id, lambda sid: sid in taken, title, title_en)
        checked = self._valid(data, None)
        files: dict[str, bytes | Path] = {}
        for old, new in refs.items():
            try:
                path = src.audio_file(old) if src else None
            except UnsafePath:
                path = None
            if path is not None and path.is_file():
                files[new] = path
        return self._install(
            session, checked.pack, files, "pack.copied", copied_from=template_id,
            detail={"from": template_id, "audio_files": len(files)},
        )  # fmt: skip

    def save(self, session: Session, data: Pack | dict | str) -> SavedPack:
        """Save an edited trainer's pack: validated first, written atomically, the previous
        ``pack.yaml`` kept under ``versions/``."""
        self.guard.require(session, "packs.author")
        pack_id = self._id_of(data)
        self._trainer_pack(pack_id)
        checked = self._valid(data, pack_id)
        return self._write(session, checked.pack, "pack.saved")

    def _yaml_id(self, text: str) -> str:
        try:
            data = parse_yaml(text, PACK_FILE)
        except DataError as exc:
            raise PackError("方案包无效，未保存", "the pack is not valid: not saved",
                            [LoadProblem(PACK_FILE, "", str(exc).split(": ", 1)[1])]) from None  # fmt: skip
        return str(data.get("pack", "")) if isinstance(data, dict) else ""

    def _write(self, session: Session, pack: Pack, action: str, detail: dict | None = None):
        text = dump_pack(pack).encode("utf-8")
        digest, kept = self.files.write(pack.pack, PACK_FILE, text)
        with self.db.tx() as conn:
            known = self.records.get(pack.pack) is not None
            self.records.saved(
                conn, pack.pack, digest,
                None if known else session.user_id, "" if known else _author(session),
            )  # fmt: skip
            self.audit.append(conn, action, subject=pack.pack,
                              detail={"sha256": digest, "kept": kept.name if kept else None,
                                      **(detail or {})},
                              **self.guard.actor(session))  # fmt: skip
        self.resources.packs_changed()
        return SavedPack(pack.pack, digest, kept, self._warnings(pack.pack))

    def delete(self, session: Session, pack_id: str) -> Path:
        """Move a trainer's pack to the trash (``<data>/trash/packs``); returns where."""
        self.guard.require(session, "packs.author", pack_id)
        self._trainer_pack(pack_id)
        trashed = self.files.to_trash(pack_id)
        try:
            with self.db.tx() as conn:
                self.records.deleted(conn, pack_id)
                self.audit.append(conn, "pack.deleted", subject=pack_id,
                                  detail={"trash": str(trashed.relative_to(self.files.data_dir))},
                                  **self.guard.actor(session))  # fmt: skip
        except BaseException:
            self.files.restore(trashed, pack_id)
            raise
        self.resources.packs_changed()
        return trashed

    # ------------------------------------------------------------------ caller audio
    def _turn_of(self, pack_id: str, scenario_id: str, turn_id: int):
        self._trainer_pack(pack_id)
        pack = self.catalog.packs.get(pack_id)
        if pack is None:
            raise PackError(f"方案包 {pack_id} 无法加载，请先修正",
                            f"pack {pack_id} does not load: fix it first")  # fmt: skip
        for sc in pack.scenarios:
            if sc.id == scenario_id:
                for turn in sc.turns:
                    if turn.id == turn_id:
                        return pack, sc, turn
        raise NotFound(f"{pack_id} 中没有 {scenario_id} 第 {turn_id} 轮",
                       f"pack {pack_id} has no turn {turn_id} in {scenario_id}")  # fmt: skip

    def attach_audio(
        self,
        session: Session,
        pack_id: str,
        scenario_id: str,
        turn_id: int,
        audio: bytes | Path,
        trim: bool = False,
    ) -> AttachedAudio:
        """Give a caller line the trainer's recording (WAV/OGG/FLAC bytes or a file): it must
        decode; ``trim`` cuts leading and trailing silence (written as WAV). The previous
        file and pack.yaml are kept under ``versions/``."""
        self.guard.require(session, "packs.author", pack_id)
        self._turn_of(pack_id, scenario_id, turn_id)
        data = Path(audio).read_bytes() if isinstance(audio, Path) else bytes(audio)
        clip = pack_audio.clip(data, trim, name=str(audio) if isinstance(audio, Path) else "audio")
        return self._attach(session, pack_id, scenario_id, turn_id, clip, recorded=True)

    def render_audio(
        self,
        session: Session,
        pack_id: str,
        scenario_id: str,
        turn_id: int,
        tts_python: Path | None = None,
    ) -> AttachedAudio:
        """Render a caller line with the authoring tool (its voice from the persona); a
        ``PackError`` says what to install when the tool or the TTS environment is missing."""
        self.guard.require(session, "packs.author", pack_id)
        _pack, sc, turn = self._turn_of(pack_id, scenario_id, turn_id)
        persona = sc.persona.model_dump(exclude={"name"})
        data = pack_audio.render_line(turn.caller.text, persona, tts_python)
        clip = pack_audio.clip(data, trim=False, name="rendered line")
        return self._attach(session, pack_id, scenario_id, turn_id, clip, recorded=False)

    def _attach(self, session, pack_id, scenario_id, turn_id, clip, recorded: bool):
        pack, _sc, turn = self._turn_of(pack_id, scenario_id, turn_id)
        ref = f"{PACK_AUDIO_PREFIX}{scenario_id}/t{turn_id}{clip.suffix}"
        updated = with_caller_audio(pack, scenario_id, turn_id, ref, recorded)
        checked = self._valid(updated, pack_id)  # before anything is written
        rel = ref  # the reference is the path inside the pack's folder
        old = turn.caller.audio
        self.files.write(pack_id, rel, clip.data)
        if old and old != ref and old.startswith(PACK_AUDIO_PREFIX):
            try:
                self.files.retire(pack_id, old)
            except OSError:
                pass  # the old file stays; the pack no longer points at it
        action = "pack.audio_recorded" if recorded else "pack.audio_rendered"
        self._write(session, checked.pack, action,
                    {"scenario": scenario_id, "turn": turn_id, "audio": ref,
                     "trimmed_s": round(clip.trimmed_s, 3)})  # fmt: skip
        return AttachedAudio(
            pack_id, scenario_id, turn_id, ref, self.files.folder(pack_id) / rel,
            clip.duration_s, clip.trimmed_s, "recorded" if recorded else "rendered",
        )  # fmt: skip


__all__ = ["AttachedAudio", "PackCheck", "PackInfo", "PackService", "SavedPack"]
