"""Feedback for one turn: score and criteria, the transcript with each violation highlighted in
its category's colour beside its explanation and approved rewrite, required elements ticked or
missing, delivery gauges against the norm, the approved model answer and the trainee's own
recording (play buttons emit signals; the controller plays them)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from simulator.app import theme
from simulator.app.i18n import category_name, pick, tr
from simulator.app.qtutil import slot
from simulator.app.views.widgets import Gauge, ScoreLabel, card, label, norm_band


def located(violations: list[dict]) -> list[tuple[int, dict]]:
    """Violations that point at words of the transcript, numbered 1… in reading order."""
    spans = sorted((v for v in violations if v["end"] > v["start"]), key=lambda v: v["start"])
    return list(enumerate(spans, 1))


def _marked(transcript: str, start: int, end: int, unsure: frozenset[int]) -> str:
    """Escaped ``transcript[start:end]`` with the recogniser's unsure characters in grey."""
    out: list[str] = []
    i = start
    while i < end:
        j = i + 1
        while j < end and (j in unsure) == (i in unsure):
            j += 1
        piece = html.escape(transcript[i:j])
        out.append(f'<span style="color:{theme.UNSURE}">{piece}</span>' if i in unsure else piece)
        i = j
    return "".join(out)


def highlight_html(transcript: str, violations: list[dict], unsure=()) -> str:
    """The transcript as HTML with each located violation on its category colour, numbered,
    and the characters the recogniser was unsure of (positions in ``unsure``) in grey."""
    unsure = frozenset(unsure)
    spans = [(v["start"], v["end"], n, v) for n, v in located(violations)]
    out: list[str] = []
    pos = 0
    for start, end, number, v in spans:
        if start < pos:
            continue
        out.append(_marked(transcript, pos, start, unsure))
        colour = theme.category_colour(v["category"])
        underline = "text-decoration: underline;" if v["severity"] == "fail" else ""
        out.append(
            f'<span style="background-color:{colour}; {underline}">'
            f"{_marked(transcript, start, end, unsure)}</span><sup>{number}</sup>"
        )
        pos = end
    out.append(_marked(transcript, pos, len(transcript), unsure))
    return "".join(out) or f"<i>{html.escape(tr('fb.empty_transcript'))}</i>"


class TurnFeedback(QWidget):
    """Shows one graded turn. ``show_turn(item)`` where item is a dict with ``result``
    (``GradeResult.to_dict()``), ``mode``, ``recording`` (path or None), ``answer_audio``
    (path or None), ``notes`` (extra timing findings) and ``caller_text``."""

    play_answer = Signal(str)
    play_recording = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.scroll)
        self.body = QWidget()
        self.body.setObjectName("page")
        self.scroll.setWidget(self.body)
        self.lay = QVBoxLayout(self.body)
        self.lay.setContentsMargins(4, 4, 4, 4)
        self.lay.setSpacing(8)
        self.item: dict | None = None
        self._answer_audio: str | None = None
        self._recording: str | None = None

    def clear(self) -> None:
        while self.lay.count():
            child = self.lay.takeAt(0)
            if child.widget() is not None:
                child.widget().deleteLater()
        self.item = None

    def show_turn(self, item: dict) -> None:
        self.clear()
        self.item = item
        res = item["result"]
        self._header(item, res)
        self._transcript(item, res)
        self._elements(res)
        if res.get("delivery"):
            self._delivery(res["delivery"])
        self._criteria(res)
        self._model_answer(item, res)
        self.lay.addStretch(1)

    def _play_mine(self) -> None:
        if self._recording:
            self.play_recording.emit(self._recording)

    def _play_answer(self) -> None:
        if self._answer_audio:
            self.play_answer.emit(self._answer_audio)

    # ------------------------------------------------------------------ parts
    def _header(self, item: dict, res: dict) -> None:
        frame, lay = card(vertical=False)
        score = ScoreLabel()
        score.set_score(res["score"], res["passed"])
        score.setAccessibleName(tr("fb.score"))
        lay.addWidget(score)
        col = QVBoxLayout()
        verdict = tr("fb.passed") if res["passed"] else tr("fb.failed")
        title = label(f"{tr('fb.turn', n=item.get('seq', res['turn']))} · {verdict}", "subtitle")
        col.addWidget(title)
        outcome = {
            "passed": "fb.outcome_passed",
            "failed": "fb.outcome_failed",
            "escalated": "fb.outcome_escalated",
        }.get(res.get("outcome", ""), "")
        if outcome:
            col.addWidget(label(tr(outcome), "muted", wrap=True))
        if item.get("caller_text"):
            col.addWidget(label(tr("fb.caller_said", text=item["caller_text"]), "muted", wrap=True))
        lay.addLayout(col, 1)
        if item.get("mode") == "typed":
            badge = label(tr("fb.typed_badge"), "typedBadge")
            lay.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
        self.lay.addWidget(frame)

    def _transcript(self, item: dict, res: dict) -> None:
        frame, lay = card()
        head = QHBoxLayout()
        key = "fb.you_typed" if item.get("mode") == "typed" else "fb.you_said"
        head.addWidget(label(tr(key), "subtitle"), 1)
        self._recording = item.get("recording")
        if item.get("mode") != "typed":
            btn = QPushButton(tr("fb.play_mine"))
            btn.setEnabled(bool(self._recording))
            btn.setToolTip(tr("fb.play_mine_tip") if self._recording else tr("fb.no_recording"))
            btn.clicked.connect(slot(self._play_mine))
            btn.setObjectName("playMine")
            head.addWidget(btn)
        lay.addLayout(head)
        violations = res.get("violations", [])
        unsure = res.get("unsure", [])
        text = QLabel(highlight_html(res.get("transcript", ""), violations, unsure))
        text.setObjectName("transcript")
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setStyleSheet("font-size: 13pt; padding: 4px;")
        lay.addWidget(text)
        if unsure:
            lay.addWidget(label(tr("fb.unsure_note"), "unsureNote", wrap=True))
        numbered = located(violations)
        notes = item.get("notes", [])
        if not numbered and not notes:
            lay.addWidget(label(tr("fb.no_violations"), wrap=True))
        for number, v in numbered:
            lay.addWidget(self._violation_row(number, v))
        for note in notes:
            lay.addWidget(
                self._violation_row(
                    0, {"category": "timing", "severity": "warn", "text": "", **note}
                )
            )
        self.lay.addWidget(frame)

    def _violation_row(self, number: int, v: dict) -> QWidget:
        row = QFrame()
        row.setObjectName("violation")
        colour = theme.category_colour(v["category"])
        row.setStyleSheet(
            f"QFrame#violation {{ border-left: 6px solid {colour}; background: #fbfbfc; }}"
        )
        lay = QVBoxLayout(row)
        lay.setContentsMargins(10, 4, 6, 4)
        sev = tr("fb.sev_fail") if v["severity"] == "fail" else tr("fb.sev_warn")
        cat = category_name(v["category"])
        quote = f" 「{html.escape(v['text'])}」" if v.get("text") else ""
        prefix = f"{number}. " if number else ""
        head = QLabel(f"<b>{prefix}{html.escape(cat)}</b> · {sev}{quote}")
        head.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(head)
        lay.addWidget(label(v["explanation"], wrap=True))
        rewrite = QLabel(f"<b>{html.escape(tr('fb.rewrite'))}</b> {html.escape(v['suggestion'])}")
        rewrite.setTextFormat(Qt.TextFormat.RichText)
        rewrite.setWordWrap(True)
        rewrite.setStyleSheet(f"color: {theme.GOOD};")
        lay.addWidget(rewrite)
        return row

    def _elements(self, res: dict) -> None:
        elements = res.get("elements", {})
        if not elements:
            return
        frame, lay = card()
        lay.addWidget(label(tr("fb.elements"), "subtitle"))
        tips = res.get("missing_tips", {})
        for name, ok in elements.items():
            mark = "✔" if ok else "✘"
            colour = theme.GOOD if ok else theme.BAD
            text = (
                f'<span style="color:{colour}; font-weight:700">{mark}</span> {html.escape(name)}'
            )
            if not ok and tips.get(name):
                text += f' — <span style="color:{theme.MUTED}">{html.escape(tips[name])}</span>'
            lab = QLabel(text)
            lab.setTextFormat(Qt.TextFormat.RichText)
            lab.setWordWrap(True)
            lab.setObjectName("element_ok" if ok else "element_missing")
            lay.addWidget(lab)
        self.lay.addWidget(frame)

    def _delivery(self, delivery: dict) -> None:
        findings = delivery.get("findings", [])
        if not findings:
            return
        frame, lay = card()
        lay.addWidget(label(tr("fb.delivery"), "subtitle"))
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(4)
        row = 0
        for f in findings:
            name = tr(f"measure.{f['measure']}")
            if name.startswith("measure."):
                name = f["label"]
            grid.addWidget(QLabel(name), row, 0)
            gauge = Gauge()
            gauge.setMinimumWidth(70)
            value = f["value"] if isinstance(f["value"], int | float) else None
            gauge.set_data(value, *norm_band(f), f["ok"])
            gauge.setToolTip(f["tip"])
            grid.addWidget(gauge, row, 1)
            colour = theme.GOOD if f["ok"] else theme.BAD
            val = QLabel(
                f'<span style="color:{colour}"><b>{f["value"]}</b></span> '
                f'<span style="color:{theme.MUTED}">({html.escape(f["norm"])})</span>'
            )
            val.setTextFormat(Qt.TextFormat.RichText)
            grid.addWidget(val, row, 2)
            row += 1
            if not f["ok"]:
                tip = label("↳ " + f["tip"], "muted", wrap=True)
                grid.addWidget(tip, row, 0, 1, 3)
                row += 1
        lay.addLayout(grid)
        self.lay.addWidget(frame)

    def _criteria(self, res: dict) -> None:
        frame, lay = card()
        lay.addWidget(label(tr("fb.criteria"), "subtitle"))
        grid = QGridLayout()
        grid.setColumnStretch(2, 1)
        for row, c in enumerate(res.get("criteria", [])):
            grid.addWidget(QLabel(pick(c["name"], c.get("name_en"))), row, 0)
            bar = QProgressBar()
            bar.setRange(0, int(round(c["max"] * 10)))
            bar.setValue(int(round(c["score"] * 10)))
            bar.setFormat(f"{c['score']:g} / {c['max']:g}")
            bar.setMaximumWidth(160)
            grid.addWidget(bar, row, 1)
            grid.addWidget(label(c.get("detail", ""), "muted", wrap=True), row, 2)
        lay.addLayout(grid)
        self.lay.addWidget(frame)

    def _model_answer(self, item: dict, res: dict) -> None:
        answer = res.get("closest_answer")
        if not answer:
            return
        frame, lay = card()
        head = QHBoxLayout()
        head.addWidget(label(tr("fb.model_answer"), "subtitle"), 1)
        self._answer_audio = item.get("answer_audio")
        btn = QPushButton(tr("fb.play_answer"))
        btn.setObjectName("playAnswer")
        btn.setEnabled(bool(self._answer_audio))
        if not self._answer_audio:
            btn.setToolTip(tr("fb.answer_not_rendered"))
        btn.clicked.connect(slot(self._play_answer))
        head.addWidget(btn)
        lay.addLayout(head)
        text = label(answer["text"], wrap=True)
        text.setStyleSheet("font-size: 13pt;")
        lay.addWidget(text)
        lay.addWidget(
            label(
                tr(
                    "fb.answer_source",
                    source=answer.get("source", ""),
                    sim=f"{answer.get('similarity', 0):.0%}",
                ),
                "muted",
                wrap=True,
            )
        )
        self.lay.addWidget(frame)
