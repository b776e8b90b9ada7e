"""The pack editor: opens a pack (a trainer's to edit, a shipped template to view), keeps the
draft (``pack_editor_draft.Draft``), checks it with ``services.packs.check`` after every edit
and shows each problem at its field, refuses to save while it is invalid (the reason shown),
saves through ``services.packs.save`` on the db lane, and asks before unsaved changes are
left behind. The preview and the caller line's audio have their own controllers."""

from __future__ import annotations

import copy
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from simulator.app.context import AppContext
from simulator.app.trainer.controllers.caller_audio import CallerAudioController
from simulator.app.trainer.controllers.pack_editor_common import said
from simulator.app.trainer.controllers.pack_editor_preview import PreviewController
from simulator.app.trainer.pack_editor_draft import Draft
from simulator.app.trainer.pack_editor_wording import problem_text
from simulator.app.trainer.views.pack_editor import PACK_NODE, PackEditorView
from simulator.core.catalog import TRAINER

PAGE = "pack_editor"


class PackEditorController(QObject):
    changed = Signal()  # a pack was written: the catalog changed
    closed = Signal()  # back to the pack list
    copy_requested = Signal(str)  # a shipped template to copy (then edit)

    def __init__(self, ctx: AppContext, window, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.window = window
        self.view: PackEditorView | None = None
        self.draft: Draft | None = None
        self.problems: list[tuple[str, str]] = []
        self._checks = 0  # the newest check: an older one's answer is not shown
        self.preview: PreviewController | None = None
        self.caller_audio: CallerAudioController | None = None

    def ensure_view(self) -> PackEditorView:
        if self.view is None:
            view = self.view = PackEditorView()
            self.window.add_page(PAGE, view)
            view.field_edited.connect(self.edit)
            view.node_selected.connect(self.select)
            view.add_scenario.connect(
                lambda: self._structure(lambda d: ("scenario", d.add_scenario()))
            )
            view.remove_scenario.connect(self._remove_scenario)
            view.add_turn.connect(
                lambda si: self._structure(lambda d: ("turn", si, d.add_turn(si)))
            )
            view.remove_turn.connect(self._remove_turn)
            view.add_item.connect(lambda path: self._structure(lambda d: d.add_item(path)))
            view.remove_item.connect(lambda p, i: self._structure(lambda d: d.remove_item(p, i)))
            view.save.connect(self.save)
            view.back.connect(self.back)
            view.copy_to_edit.connect(lambda: self.copy_requested.emit(self.draft.pack_id))
            self.preview = PreviewController(self.ctx, view.preview, self)
            self.caller_audio = CallerAudioController(self.ctx, view.caller_audio, self)
            self.caller_audio.changed.connect(self._audio_changed)
        return self.view

    @property
    def packs(self):
        return self.ctx.services.packs

    # ------------------------------------------------------------------ open
    def open(self, pack_id: str) -> None:
        """Load ``pack_id`` and show it (editable when it is a trainer's)."""
        self.ensure_view()
        packs, who = self.packs, self.ctx.session

        def load():
            pack = packs.pack(who, pack_id)
            source = packs.catalog.sources.get(pack_id)
            return pack.model_dump(mode="json"), source is not None and source.kind == TRAINER

        self.ctx.runner.run("db", load, self._opened, self._open_failed, name="open_pack")

    def _open_failed(self, exc: BaseException) -> None:
        self.ensure_view()
        self.window.show_page(PAGE)
        self.view.show_status("error", "ed.open_failed", msg=said(exc))

    def _opened(self, out) -> None:
        data, editable = out
        self.draft = Draft(data, editable)
        self.problems = []
        view = self.ensure_view()
        view.clear_status()
        view.show_problems([])
        view.show_pack(self.draft.data, editable, PACK_NODE)
        view.set_dirty(False)
        self.window.show_page(PAGE)
        self.select(PACK_NODE)
        if editable:
            self.check()

    def _audio_changed(self) -> None:
        self.view.refresh_labels()
        node = self.view.node
        self.preview.show_scenario(self.draft, node[1] if len(node) > 1 else 0)
        self.changed.emit()

    def select(self, node: tuple) -> None:
        self.view.select(node)
        self.preview.show_scenario(self.draft, node[1] if len(node) > 1 else 0)
        self.caller_audio.show_turn(self.draft, node if node[0] == "turn" else None)

    # ------------------------------------------------------------------ edits
    def edit(self, path: str, value) -> None:
        if self.draft is None or not self.draft.editable:
            return
        self.draft.set(path, value)
        self.view.set_dirty(self.draft.dirty)
        self.view.refresh_labels()
        node = self.view.node
        self.preview.show_scenario(self.draft, node[1] if len(node) > 1 else 0)
        if node[0] == "turn":
            self.caller_audio.show_turn(self.draft, node)
        self.check()

    def _structure(self, change: Callable[[Draft], tuple | None]) -> None:
        if self.draft is None or not self.draft.editable:
            return
        node = change(self.draft) or self.view.node
        self.view.show_pack(self.draft.data, True, node)
        self.view.set_dirty(self.draft.dirty)
        self.select(self.view.node)
        self.check()

    def _remove_scenario(self, si: int) -> None:
        self._structure(lambda d: (d.remove_scenario(si), PACK_NODE)[1])

    def _remove_turn(self, si: int, ti: int) -> None:
        self._structure(lambda d: (d.remove_turn(si, ti), ("scenario", si))[1])

    def check(self) -> None:
        """Validate the draft as it would be saved; the problems go to their fields."""
        if self.draft is None or not self.draft.editable:
            return
        self._checks += 1
        n, data, pack_id = self._checks, self.draft.data, self.draft.pack_id
        packs, who = self.packs, self.ctx.session

        def done(checked) -> None:
            if n == self._checks:
                self._show_problems([(p.where, p.problem) for p in checked.problems])

        self.ctx.runner.run(
            "db", lambda: packs.check(who, data, pack_id), done, self._failed, name="check_pack"
        )

    def _show_problems(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        if self.view.status_key == "ed.save_refused":  # the refusal names the first problem
            if problems:
                self._refuse()
            else:
                self.view.clear_status()
        self.view.show_problems([(where, problem_text(text)) for where, text in problems])

    def _refuse(self) -> None:
        where, text = self.problems[0]
        first = f"{where}: {problem_text(text)}"
        self.view.show_status("error", "ed.save_refused", n=len(self.problems), first=first)

    def _failed(self, exc: BaseException) -> None:
        self.view.show_status("error", "ed.failed", msg=said(exc))

    # ------------------------------------------------------------------ save, leave
    def save(self, then: Callable[[], None] | None = None) -> None:
        if self.draft is None or not self.draft.editable:
            return
        if self.problems:
            self._refuse()
            self.view.show_problems(self.view.problems)
            return
        packs, who, data = self.packs, self.ctx.session, self.draft.data
        snapshot = copy.deepcopy(data)

        def saved(result) -> None:
            self.draft.saved = snapshot
            self.view.set_dirty(self.draft.dirty)
            key = "ed.saved_notes" if result.warnings else "ed.saved"
            self.view.show_status("done", key, pack=result.pack_id, n=len(result.warnings))
            self.changed.emit()
            self.caller_audio.show_turn(
                self.draft, self.view.node if self.view.node[0] == "turn" else None
            )
            if then is not None:
                then()

        def refused(exc: BaseException) -> None:
            problems = getattr(exc, "problems", None)
            if problems:
                self._show_problems([(p.where, p.problem) for p in problems])
            self.view.show_status("error", "ed.save_failed", msg=said(exc))

        self.ctx.runner.run(
            "db", lambda: packs.save(who, snapshot), saved, refused, name="save_pack"
        )

    @property
    def dirty(self) -> bool:
        return self.draft is not None and self.draft.editable and self.draft.dirty

    def leave(self, then: Callable[[], None]) -> bool:
        """True when the editor may be left now; with unsaved changes it asks: save (then
        ``then()`` once saved), discard, or stay."""
        if self.window.current_page() != PAGE and not self.dirty:
            return True
        if self.preview is not None:
            self.preview.stop()
        if self.caller_audio is not None:
            self.caller_audio.stop_all()
        if not self.dirty:
            return True
        answer = self.view.ask_unsaved()
        if answer == "discard":
            self.draft.revert()
            self.view.set_dirty(False)
            return True
        if answer == "save":
            self.save(then)
        return False

    def back(self) -> None:
        if self.leave(self.back):
            self.closed.emit()

    def forget(self) -> None:
        """Someone else signs in: nothing of the last person's pack stays on the page."""
        if self.caller_audio is not None:
            self.caller_audio.stop_all()
        if self.preview is not None:
            self.preview.stop()
        self.draft, self.problems = None, []
        if self.view is not None:
            self.view.clear_status()
            self.view.show_problems([])
            self.view.set_dirty(False)
            self.view.show_pack({}, False)
