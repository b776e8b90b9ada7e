"""Trainers' packs in the sync: the ``trainer_packs`` row travels with its ``pack.yaml``.

Pushing, the file is read and its sha256 checked against the row (a file changed outside the
editor is not sent: it is listed among the refused records). Pulling, a pack is written into
``<data>/packs/<pack-id>/pack.yaml`` (atomically, the replaced file kept under ``versions/``)
only if its content matches its sha256 and it validates like any pack (schema, ids unique
across the catalog, elements known); otherwise it is refused with its reason and the seat's
own file stays. A pack this seat changed and has not pushed yet is left alone: its change goes
to the centre first, the latest edit wins there, and the next pull brings the winner. A
deletion moves the seat's folder to the trash, as a deletion on the seat does.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field

from simulator.core.catalog import (
    PACK_FILE,
    Catalog,
    DataError,
    check_pack_links,
    parse_yaml,
    validate_data,
)
from simulator.core.pack_edit import TRAINER_CONTEXT
from simulator.core.schema import Pack
from simulator.fileutil import atomic_write_bytes, fsync_dir
from simulator.store.packs import PACK_ID, PackFiles

log = logging.getLogger(__name__)
TABLE = "trainer_packs"


class PackRefused(Exception):
    """A pack that cannot travel or be written here; ``str()`` says why, in both languages."""


@dataclass
class Received:
    rows: list[dict] = field(default_factory=list)  # rows to apply to the seat's table
    refused: list[tuple[str, str]] = field(default_factory=list)  # (row id, reason)
    changed: bool = False  # a file was written or trashed: the catalog must reload


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _refused(pack_id: str, zh: str, en: str) -> PackRefused:
    return PackRefused(f"方案包 {pack_id} {zh} / pack {pack_id}: {en}")


class PackSync:
    def __init__(self, files: PackFiles, catalog: Catalog | Callable[[], Catalog]):
        self.files = files
        self._catalog = catalog  # read only to validate a pulled pack (it may load it)

    @property
    def catalog(self) -> Catalog:
        return self._catalog() if callable(self._catalog) else self._catalog

    # ------------------------------------------------------------------ push
    def outgoing(self, row: dict) -> dict:
        """The row with its ``pack.yaml`` (``content``; None once deleted)."""
        pack_id = row["pack_id"]
        if int(row.get("deleted") or 0):
            return {**row, "content": None}
        try:
            data = self.files.yaml_path(pack_id).read_bytes()
        except (OSError, ValueError) as exc:
            raise _refused(
                pack_id, f"的文件无法读取（{exc}）", f"its file cannot be read ({exc})"
            ) from exc
        if hashlib.sha256(data).hexdigest() != row["sha256"]:
            raise _refused(pack_id, "的文件在编辑器之外被改动（sha256 不符），未发送",
                           "pack.yaml was changed outside the editor (sha256 differs): not sent")  # fmt: skip
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise _refused(pack_id, "不是 UTF-8 文本", "pack.yaml is not UTF-8 text") from None
        return {**row, "content": text}

    # ------------------------------------------------------------------ pull
    def receive(self, conn: sqlite3.Connection, rows: list[dict], pending: set[str]) -> Received:
        """Inside the pull's transaction: check each pulled pack, write the good ones into the
        data folder; returns the rows to apply (without ``content``) and the refused ones."""
        out = Received()
        for row in rows:
            pack_id = str(row.get("pack_id") or "")
            local = conn.execute(
                "SELECT id, sha256, deleted FROM trainer_packs WHERE pack_id=?", [pack_id]
            ).fetchone()
            if row["id"] in pending or (local is not None and local["id"] in pending):
                continue  # changed here and not pushed yet: the centre decides first
            try:
                written = self._apply_file(row, local)
            except PackRefused as exc:
                log.warning("pulled pack refused: %s", exc)
                out.refused.append((str(row["id"]), str(exc)))
                continue
            out.changed = out.changed or written
            if local is not None and local["id"] != row["id"]:
                # the same pack id created on two seats: the centre's row is the pack's
                conn.execute("UPDATE trainer_packs SET id=? WHERE id=?", [row["id"], local["id"]])
            clean = {k: v for k, v in row.items() if k != "content"}
            author = clean.get("author_id")
            if author and not conn.execute("SELECT 1 FROM users WHERE id=?", [author]).fetchone():
                clean["author_id"] = None  # an account this seat has not pulled
            out.rows.append(clean)
        return out

    def _apply_file(self, row: dict, local) -> bool:
        """Write (or trash) the pack's file; whether anything on disk changed."""
        pack_id = str(row.get("pack_id") or "")
        if not PACK_ID.match(pack_id):
            raise _refused(pack_id, "编号无效", "not a pack id")
        folder = self.files.folder(pack_id)
        if int(row.get("deleted") or 0):
            if folder.is_dir():
                self.files.to_trash(pack_id)
                return True
            return False
        content = row.get("content")
        if not isinstance(content, str):
            raise _refused(pack_id, "没有内容", "no content came with it")
        if _sha(content) != row.get("sha256"):
            raise _refused(pack_id, "内容与 sha256 不符（传输中损坏）",
                           "its content does not match its sha256 (damaged on the way)")  # fmt: skip
        target = self.files.yaml_path(pack_id)
        if (
            local is not None
            and local["sha256"] == row["sha256"]
            and not local["deleted"]
            and target.is_file()
        ):
            return False  # this seat has that very file
        self._validate(pack_id, content)
        data = content.encode("utf-8")
        if folder.is_dir():
            self.files.write(pack_id, PACK_FILE, data)  # the replaced file kept in versions/
        else:
            folder.mkdir(parents=True)
            atomic_write_bytes(target, data)
            fsync_dir(self.files.root)
        return True

    def _validate(self, pack_id: str, content: str) -> None:
        file = str(self.files.yaml_path(pack_id))
        try:
            data = parse_yaml(content, file)
        except DataError as exc:
            raise _refused(pack_id, f"无法解析：{exc}", f"does not parse: {exc}") from None
        pack, problems = validate_data(data, Pack, file, TRAINER_CONTEXT)
        if pack is not None and not problems:
            if pack.pack != pack_id:
                raise _refused(pack_id, f"文件中的编号是 {pack.pack}",
                               f"its file says it is pack {pack.pack}")  # fmt: skip
            problems = check_pack_links(file, pack, self.catalog, pack_id)
        if pack is None or problems:
            words = "; ".join(str(p) for p in problems) or "not a pack"
            raise _refused(pack_id, f"无效：{words}", f"not valid: {words}")
