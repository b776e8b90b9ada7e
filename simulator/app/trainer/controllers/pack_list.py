"""The trainer's pack list: lists the packs (``services.packs.list_packs``) and creates,
copies, deletes (after asking), imports and exports them (``services.pack_zip``), each on the
db lane; a refused zip shows the services' message naming the file and field, and nothing is
changed. Opening a pack hands it to the pack editor."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from simulator.app.context import AppContext
from simulator.app.trainer.controllers.pack_editor import PackEditorController
from simulator.app.trainer.controllers.pack_editor_common import said
from simulator.app.trainer.pack_editor_draft import blank_pack
from simulator.app.trainer.views.pack_list import PackListView
from simulator.services import pack_zip
from simulator.services.errors import PackExists

PAGE = "packs"


class PackListController(QObject):
    catalog_changed = Signal()  # a pack was written or deleted

    def __init__(self, ctx: AppContext, window, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.view: PackListView | None = None
        self.editor = PackEditorController(ctx, window, self)
        self.editor.changed.connect(self._changed)
        self.editor.closed.connect(self.show)
        self.editor.copy_requested.connect(lambda pid: self.copy(pid, edit=True))

    def ensure_view(self) -> PackListView:
        if self.view is None:
            self.view = PackListView()
            self.window.add_page(PAGE, self.view)
            self.view.action.connect(self.act)
        return self.view

    @property
    def packs(self):
        return self.ctx.services.packs

    def show(self) -> None:
        self.ensure_view()
        self.window.show_page(PAGE)
        self.refresh()

    def refresh(self) -> None:
        packs, who = self.packs, self.ctx.session
        self.ctx.runner.run(
            "db", lambda: packs.list_packs(who), self.view.set_packs, self._failed, name="packs"
        )

    def _failed(self, exc: BaseException) -> None:
        self.view.show_status("error", "packs.failed", msg=said(exc))

    def _changed(self) -> None:
        self.catalog_changed.emit()

    def _run(self, name: str, work, done) -> None:
        def finished(result) -> None:
            done(result)
            self._changed()
            self.refresh()

        self.ctx.runner.run("db", work, finished, self._failed, name=name)

    # ------------------------------------------------------------------ actions
    def act(self, name: str, pack_id: str) -> None:
        handlers = {
            "new": lambda: self.new(),
            "open": lambda: self.editor.open(pack_id) if pack_id else None,
            "copy": lambda: self.copy(pack_id) if pack_id else None,
            "delete": lambda: self.delete(pack_id) if pack_id else None,
            "import": lambda: self.import_zip(),
            "export": lambda: self.export_zip(pack_id) if pack_id else None,
        }
        handlers[name]()

    def new(self) -> None:
        new_id = self.view.ask_new_id("packs.new_title", self.packs.free_id("my-pack"))
        if not new_id:
            return
        packs, who = self.packs, self.ctx.session

        def created(saved) -> None:
            self.view.show_status("done", "packs.created", pack=saved.pack_id)
            self.editor.open(saved.pack_id)

        self._run("create_pack", lambda: packs.create(who, blank_pack(new_id)), created)

    def copy(self, pack_id: str, edit: bool = False) -> None:
        self.ensure_view()
        new_id = self.view.ask_new_id("packs.copy_title", self.packs.free_id(f"{pack_id}-copy"))
        if not new_id:
            return
        packs, who = self.packs, self.ctx.session

        def copied(saved) -> None:
            self.view.show_status("done", "packs.copied", pack=saved.pack_id, source=pack_id)
            if edit:
                self.editor.open(saved.pack_id)
            else:
                self.view.select(saved.pack_id)

        def failed(exc: BaseException) -> None:
            if edit:
                self.editor.view.show_status("error", "ed.failed", msg=said(exc))
            else:
                self._failed(exc)

        def finished(result) -> None:
            copied(result)
            self._changed()
            self.refresh()

        self.ctx.runner.run("db", lambda: packs.copy(who, pack_id, new_id), finished, failed,
                            name="copy_pack")  # fmt: skip

    def delete(self, pack_id: str) -> None:
        info = next((p for p in self.view.packs if p.pack_id == pack_id), None)
        if info is None or not info.editable or not self.view.ask_delete(pack_id, info.title):
            return
        packs, who = self.packs, self.ctx.session
        self._run(
            "delete_pack",
            lambda: packs.delete(who, pack_id),
            lambda _trash: self.view.show_status("done", "packs.deleted", pack=pack_id),
        )

    def import_zip(self, path: str | None = None, rename_to: str | None = None) -> None:
        path = path or self.view.ask_open_zip()
        if not path:
            return
        packs, who = self.packs, self.ctx.session

        def refused(exc: BaseException) -> None:
            if isinstance(exc, PackExists) and rename_to is None:
                new_id = self.view.ask_new_id("packs.import_rename", exc.suggested)
                if new_id:
                    self.import_zip(path, new_id)
                    return
            self.view.show_status("error", "packs.import_refused", msg=said(exc))

        def imported(saved) -> None:
            self.view.show_status("done", "packs.imported", pack=saved.pack_id,
                                  file=Path(path).name)  # fmt: skip
            self._changed()
            self.refresh()
            self.view.select(saved.pack_id)

        self.ctx.runner.run(
            "db", lambda: pack_zip.import_zip(packs, who, Path(path), rename_to),
            imported, refused, name="import_pack",
        )  # fmt: skip

    def export_zip(self, pack_id: str) -> None:
        path = self.view.ask_save_zip(f"{pack_id}.zip")
        if not path:
            return
        if not path.lower().endswith(".zip"):
            path += ".zip"
        packs, who = self.packs, self.ctx.session
        self.ctx.runner.run(
            "db", lambda: pack_zip.export_zip(packs, who, pack_id, Path(path)),
            lambda out: self.view.show_status("done", "packs.exported", pack=pack_id,
                                              file=str(out.path), n=out.entries),
            self._failed, name="export_pack",
        )  # fmt: skip

    # ------------------------------------------------------------------ leaving
    def may_leave(self, then) -> bool:
        return self.editor.leave(then)

    def forget(self) -> None:
        self.editor.forget()
