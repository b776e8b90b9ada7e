"""The editor's form fields: one widget per field of the pack schema, keyed by the field's
path (the path the schema's problems name), with the problem shown under it; the field lists
of a pack, a scenario, a turn, a model answer and an off-protocol move."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import get_args

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from simulator.app.i18n import tr
from simulator.app.widgets import label
from simulator.core.schema import Persona, ToneCategory


def _choices(name: str) -> tuple[str, ...]:
    return get_args(Persona.model_fields[name].annotation)


@dataclass(frozen=True)
class Field:
    key: str  # the path below the node (``caller.text``)
    kind: str = "line"  # line text int float choice lines csv bool pair map
    choices: tuple[str, ...] = ()
    optional: bool = False  # empty → no value (None)
    readonly: bool = False

    @property
    def label_key(self) -> str:
        return "ed.f." + re.sub(r"\[\d+\]", "", self.key)


PACK_FIELDS = (
    Field("pack", readonly=True),
    Field("title"),
    Field("title_en"),
    Field("description", "text"),
    Field("description_en", "text"),
    Field("source", "lines"),
    Field("delivery.rate_cpm", "pair"),
    Field("delivery.max_latency_s", "float"),
    Field("delivery.max_pause_s", "float"),
)
SCENARIO_FIELDS = (
    Field("id"),
    Field("title"),
    Field("title_en"),
    Field("difficulty", "int"),
    Field("hotline"),
    Field("tags", "csv"),
    Field("tags_en", "csv"),
    Field("summary", "text"),
    Field("summary_en", "text"),
    Field("source", "lines"),
    Field("persona.name"),
    Field("persona.name_en"),
    Field("persona.gender", "choice", _choices("gender")),
    Field("persona.age", "int"),
    Field("persona.mood", "choice", _choices("mood")),
    Field("persona.dialect", "choice", _choices("dialect")),
    Field("persona.line_quality", "choice", _choices("line_quality")),
)
TURN_FIELDS = (
    Field("id", "int"),
    Field("caller.text", "text"),
    Field("required", "lines"),
    Field("extra_patterns", "map"),
    Field("hint", "text"),
    Field("hint_en", "text"),
    Field("next.passed", "int", optional=True),
    Field("next.failed", "int", optional=True),
    Field("next.escalated", "int", optional=True),
    Field("timing.wait_before_s", "float", optional=True),
    Field("timing.wait_after_s", "pair", optional=True),
    Field("timing.max_latency_s", "float", optional=True),
    Field("timing.note", optional=True),
    Field("timing.note_en", optional=True),
)
ANSWER_FIELDS = (Field("text", "text"), Field("source"), Field("quote"))
OFF_PROTOCOL_FIELDS = (
    Field("id"),
    Field("patterns", "lines"),
    Field("unless", "lines"),
    Field("negatable", "bool"),
    Field("tone", "choice", get_args(ToneCategory), optional=True),
    Field("explanation", "text"),
    Field("explanation_en", "text"),
    Field("suggestion", "text"),
    Field("suggestion_en", "text"),
    Field("source", "lines"),
)


def _number(text: str, kind: str, optional: bool):
    text = text.strip()
    if not text:
        return None if optional else ""
    try:
        return int(text) if kind == "int" else float(text)
    except ValueError:
        return text  # as typed: the schema names the field and the problem


def _pair(text: str, optional: bool):
    parts = [p for p in re.split(r"[,，\s]+", text.strip()) if p]
    if not parts:
        return None if optional else ""
    try:
        return [float(p) for p in parts]
    except ValueError:
        return text


def _map_text(value: dict) -> str:
    return "\n".join(f"{k} = {p}" for k, pats in (value or {}).items() for p in pats)


def _map_value(text: str) -> dict:
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.strip():
            name, _sep, pattern = line.partition("=")
            out.setdefault(name.strip(), []).append(pattern.strip())
    return out


class FieldBox(QWidget):
    """One field: its editor and, under it, the schema's problem with it (hidden when none)."""

    edited = Signal(str, object)  # full path, value

    def __init__(self, field: Field, path: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.field, self.path = field, path
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        kind = field.kind
        if kind == "choice":
            self.editor = QComboBox()
            if field.optional:
                self.editor.addItem(tr("ed.choice.none"), "")
            for choice in field.choices:
                self.editor.addItem(tr(f"ed.choice.{choice}"), choice)
            self.editor.currentIndexChanged.connect(self._emit)
        elif kind == "bool":
            self.editor = QCheckBox()
            self.editor.toggled.connect(self._emit)
        elif kind in ("text", "lines", "map"):
            self.editor = QPlainTextEdit()
            self.editor.setTabChangesFocus(True)
            self.editor.setFixedHeight(58 if kind == "text" else 70)
            self.editor.textChanged.connect(self._emit)
        else:
            self.editor = QLineEdit()
            self.editor.textEdited.connect(self._emit)
            if kind == "pair":
                self.editor.setPlaceholderText(tr("ed.pair_hint"))
        self.editor.setAccessibleName(path)
        self.editor.setEnabled(not field.readonly)
        lay.addWidget(self.editor)
        self.error = label("", "fieldError", wrap=True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.setVisible(False)
        lay.addWidget(self.error)

    def set_value(self, value) -> None:
        e, kind = self.editor, self.field.kind
        e.blockSignals(True)
        if kind == "choice":
            e.setCurrentIndex(max(0, e.findData(value or "")))
        elif kind == "bool":
            e.setChecked(bool(value))
        elif kind == "lines":
            e.setPlainText("\n".join(str(v) for v in value or []))
        elif kind == "map":
            e.setPlainText(_map_text(value))
        elif kind == "csv":
            e.setText(", ".join(str(v) for v in value or []))
        elif kind == "pair":
            e.setText(", ".join(f"{v:g}" for v in value) if isinstance(value, list) else "")
        elif kind == "text":
            e.setPlainText("" if value is None else str(value))
        else:
            e.setText("" if value is None else str(value))
        e.blockSignals(False)

    def value(self):
        e, kind, optional = self.editor, self.field.kind, self.field.optional
        if kind == "choice":
            return e.currentData() or (None if optional else "")
        if kind == "bool":
            return e.isChecked()
        if kind == "lines":
            return [line.strip() for line in e.toPlainText().splitlines() if line.strip()]
        if kind == "map":
            return _map_value(e.toPlainText())
        if kind == "csv":
            return [t.strip() for t in re.split(r"[,，、]", e.text()) if t.strip()]
        if kind in ("int", "float"):
            return _number(e.text(), kind, optional)
        if kind == "pair":
            return _pair(e.text(), optional)
        text = e.toPlainText() if kind == "text" else e.text()
        return None if optional and not text.strip() else text

    def set_text(self, text: str) -> None:
        """Type into the field as a user does (tests and tools)."""
        if isinstance(self.editor, QPlainTextEdit):
            self.editor.setPlainText(text)
        else:
            self.editor.setText(text)
            self.editor.textEdited.emit(text)

    def choose(self, value: str | None) -> None:
        """Pick a choice as a user does (tests and tools); None picks "(none)"."""
        self.editor.setCurrentIndex(self.editor.findData(value or ""))

    def _emit(self, *_args) -> None:
        self.edited.emit(self.path, self.value())

    def set_error(self, text: str | None) -> None:
        self.error.setText(text or "")
        self.error.setVisible(bool(text))
        self.editor.setProperty("invalid", bool(text))
        self.editor.setStyleSheet("border: 1px solid #d04040;" if text else "")

    @property
    def error_text(self) -> str:
        return self.error.text() if self.error.isVisibleTo(self) else ""
