"""Feedback for one turn: score and outcome, whether it is saved, the transcript with each
violation highlighted in its category's colour beside its explanation and what to say instead
(a finding of the learned second opinion alone badged with its confidence), required elements
ticked or missing (why, in a tooltip: the rules' match, the second opinion), delivery gauges against the norm, the score breakdown, the
approved model answer with the manual it comes from, and the trainee's own recording (play
buttons emit signals; the controller plays them). It shows a ``TurnRecord``."""

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
from simulator.app.i18n import category_name, tr
from simulator.app.practice import wording
from simulator.app.practice.views.listen import listen_button
from simulator.app.qtutil import slot
from simulator.app.widgets import Gauge, ScoreLabel, card, label
from simulator.core.heard import NOT_COUNTED
from simulator.core.records import TurnRecord
from simulator.core.result import Violation

# Widgets whose text is Chinese whatever the UI language: what was said, what to say.
QUOTED = "quoted"


SEVERITY = {"fail": "fb.sev_fail", "warn": "fb.sev_warn", NOT_COUNTED: "fb.sev_not_counted"}


def located(violations: list[Violation]) -> list[tuple[int, Violation]]:
    """Violations that point at words of the transcript, numbered 1… in reading order."""
    spans = sorted((v for v in violations if v.end > v.start), key=lambda v: v.start)
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


def highlight_html(transcript: str, violations: list[Violation], unsure=()) -> str:
    """The transcript as HTML with each located violation on its category colour, numbered,
    and the characters the recogniser was unsure of (positions in ``unsure``) in grey."""
    transcript = wording.transcript(transcript)
    unsure = frozenset(unsure)
    out: list[str] = []
    pos = 0
    for number, v in located(violations):
        if v.start < pos:
            continue
        out.append(_marked(transcript, pos, v.start, unsure))
        colour = theme.category_colour(v.category)
        underline = "text-decoration: underline;" if v.severity == "fail" else ""
        out.append(
            f'<span style="background-color:{colour}; {underline}">'
            f"{_marked(transcript, v.start, v.end, unsure)}</span><sup>{number}</sup>"
        )
        pos = v.end
    out.append(_marked(transcript, pos, len(transcript), unsure))
    return "".join(out) or f"<i>{html.escape(tr('fb.empty_transcript'))}</i>"


def rich(text: str, name: str = "", wrap: bool = True) -> QLabel:
    lab = QLabel(text)
    lab.setTextFormat(Qt.TextFormat.RichText)
    lab.setWordWrap(wrap)
    if name:
        lab.setObjectName(name)
    return lab


class TurnFeedback(QWidget):
    """Shows one graded turn: ``show_turn(record, save_state, save_error)``."""

    play_answer = Signal(str)
    play_recording = Signal(str)
    listen_at = Signal(str, float)  # a recording from this second: "listen here"
    retry_save = Signal()

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
        self.record: TurnRecord | None = None
        self.save_state: tuple[str, str] = ("saved", "")
        self.data_folder = ""
        self._save_box: QFrame | None = None

    def clear(self) -> None:
        while self.lay.count():
            child = self.lay.takeAt(0)
            if child.widget() is not None:
                child.widget().hide()  # gone now, deleted when the event loop gets to it
                child.widget().deleteLater()
        self.record = None
        self._save_box = None

    def set_data_folder(self, folder: str) -> None:
        self.data_folder = folder

    def show_turn(
        self, record: TurnRecord, save_state: str = "saved", save_error: str = ""
    ) -> None:
        """Show ``record`` from the top; ``save_state``: pending | saved | failed | held."""
        self.clear()
        self.record = record
        self.save_state = (save_state, save_error)
        res = record.result
        self._header(record)
        self._save_box = self._save_strip()
        self.lay.addWidget(self._save_box)
        self._show_save_state()
        self._transcript(record)
        self._elements(record)
        if res.delivery is not None and res.delivery.findings:
            self._delivery(res.delivery.findings)
        self._criteria(record)
        self._model_answer(record)
        self.lay.addStretch(1)
        self.scroll.verticalScrollBar().setValue(0)

    def set_save_state(self, state: str, error: str = "") -> None:
        """The shown turn's save state changed (saved after a retry, or failed again)."""
        if self.record is None or self._save_box is None:
            return
        self.save_state = (state, error)
        self._show_save_state()

    def retranslate(self) -> None:
        if self.record is not None:
            bar = self.scroll.verticalScrollBar().value()
            self.show_turn(self.record, *self.save_state)
            self.scroll.verticalScrollBar().setValue(bar)

    def _play_mine(self) -> None:
        if self.record is not None and self.record.recording:
            self.play_recording.emit(self.record.recording)

    def _play_answer(self) -> None:
        if self.record is not None and self.record.answer_audio:
            self.play_answer.emit(self.record.answer_audio)

    # ------------------------------------------------------------------ parts
    def _header(self, record: TurnRecord) -> None:
        res = record.result
        frame, lay = card(vertical=False)
        score = ScoreLabel()
        score.set_score(res.score, res.passed)
        score.setAccessibleName(tr("fb.score"))
        lay.addWidget(score)
        col = QVBoxLayout()
        verdict = tr("fb.passed") if res.passed else tr("fb.failed")
        col.addWidget(label(f"{tr('fb.turn', n=record.seq)} · {verdict}", "subtitle"))
        col.addWidget(label(wording.outcome(res), "outcome", wrap=True))
        if note := wording.first_hearing(record):
            col.addWidget(label(note, "closerNote", wrap=True))
        if record.caller_text:
            said = label(tr("fb.caller_said", text=record.caller_text), QUOTED, wrap=True)
            said.setStyleSheet(f"color: {theme.MUTED};")
            col.addWidget(said)
        lay.addLayout(col, 1)
        if record.mode == "typed":
            lay.addWidget(label(tr("fb.typed_badge"), "typedBadge"), 0, Qt.AlignmentFlag.AlignTop)
        self.lay.addWidget(frame)

    def _save_strip(self) -> QFrame:
        """Hidden while the turn is saved (or being saved); else what went wrong and a retry."""
        frame = QFrame()
        frame.setObjectName("banner")
        frame.setProperty("kind", "error")
        lay = QHBoxLayout(frame)
        lay.setContentsMargins(10, 6, 10, 6)
        self._save_text = label("", "saveState", wrap=True)
        lay.addWidget(self._save_text, 1)
        button = QPushButton(tr("save.retry"))
        button.setObjectName("retrySave")
        button.clicked.connect(self.retry_save)
        lay.addWidget(button)
        return frame

    def _show_save_state(self) -> None:
        state, error = self.save_state
        key = "save.turn_failed" if state == "failed" else "save.turn_held"
        self._save_text.setText(tr(key, msg=error))
        self._save_box.setVisible(state in ("failed", "held"))

    def _transcript(self, record: TurnRecord) -> None:
        res = record.result
        frame, lay = card()
        head = QHBoxLayout()
        key = "fb.you_typed" if record.mode == "typed" else "fb.you_said"
        head.addWidget(label(tr(key), "subtitle"), 1)
        if record.mode != "typed":
            playable = bool(record.recording) and not record.recording_lost
            btn = QPushButton(tr("fb.play_mine"))
            btn.setEnabled(playable)
            btn.setToolTip(tr("fb.play_mine_tip") if playable else tr("fb.no_recording"))
            btn.clicked.connect(slot(self._play_mine))
            btn.setObjectName("playMine")
            head.addWidget(btn)
        lay.addLayout(head)
        if record.recording_lost:
            key = (
                "fb.recording_missing"
                if record.recording_status == "missing"
                else "fb.recording_changed"
            )
            lost = label(
                tr(key, path=record.recording, folder=self.data_folder), "recordingLost", wrap=True
            )
            lost.setStyleSheet(f"color: {theme.BAD};")
            lay.addWidget(lost)
        text = rich(highlight_html(res.transcript, res.violations, res.unsure), "transcript")
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setStyleSheet("font-size: 13pt; padding: 4px;")
        lay.addWidget(text)
        if res.unsure:
            lay.addWidget(label(tr("fb.unsure_note"), "unsureNote", wrap=True))
        numbered = located(res.violations)
        if not numbered and not record.notes:
            lay.addWidget(label(tr("fb.no_violations"), wrap=True))
        shown: set[str] = set()
        for number, v in numbered:
            lay.addWidget(self._violation_row(number, v, shown))
        for note in record.notes:
            lay.addWidget(self._timing_row(note))
        self.lay.addWidget(frame)

    @staticmethod
    def _row(category: str) -> tuple[QFrame, QVBoxLayout]:
        row = QFrame()
        row.setObjectName("violation")
        colour = theme.category_colour(category)
        row.setStyleSheet(
            f"QFrame#violation {{ border-left: 6px solid {colour}; background: #fbfbfc; }}"
        )
        lay = QVBoxLayout(row)
        lay.setContentsMargins(10, 4, 6, 4)
        return row, lay

    def _violation_row(self, number: int, v: Violation, shown: set[str]) -> QWidget:
        row, lay = self._row(v.category)
        sev = tr(SEVERITY.get(v.severity, "fb.sev_warn"))
        quote = f" 「{html.escape(v.text)}」" if v.text else ""
        head = rich(f"<b>{number}. {html.escape(category_name(v.category))}</b> · {sev}{quote}")
        badge = wording.second_opinion(v)
        if badge:  # found by the learned second opinion alone: say so, with its confidence
            top = QHBoxLayout()
            top.addWidget(head, 1)
            mark = label(badge, "modelBadge")
            mark.setToolTip(tr("fb.by_model_tip"))
            top.addWidget(mark, 0, Qt.AlignmentFlag.AlignTop)
            lay.addLayout(top)
        else:
            lay.addWidget(head)
        lay.addWidget(label(wording.explanation(v), "explanation", wrap=True))
        if v.severity == NOT_COUNTED:  # a recognition error may explain it: nothing to redo
            lay.addWidget(label(tr("fb.not_counted_note"), "muted", wrap=True))
            if self.record is not None:
                button = listen_button(self.record, v, self.listen_at.emit)
                lay.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            return row
        tip = wording.advice(v)
        if tip:
            lay.addWidget(label(tr("fb.tip", text=tip), "advice", wrap=True))
        rewrite = v.rewrite or v.suggestion
        if rewrite in shown:  # the same approved answer as a row above
            lay.addWidget(label(tr("fb.rewrite_above"), "muted", wrap=True))
        else:
            shown.add(rewrite)
            key = "fb.rewrite_answer" if v.rewrite_from == "model_answer" else "fb.rewrite"
            lab = rich(f"<b>{html.escape(tr(key))}</b> {html.escape(rewrite)}", QUOTED)
            lab.setStyleSheet(f"color: {theme.GOOD};")
            lay.addWidget(lab)
        where = wording.sources(v)
        if where:
            lay.addWidget(label(where, "muted", wrap=True))
        return row

    def _timing_row(self, note) -> QWidget:
        row, lay = self._row("timing")
        said, tip = wording.timing_note(note)
        lay.addWidget(rich(f"<b>{html.escape(category_name('timing'))}</b> · {tr('fb.sev_warn')}"))
        lay.addWidget(label(said, wrap=True))
        if tip:
            lab = label(tr("fb.tip", text=tip), wrap=True)
            lab.setStyleSheet(f"color: {theme.GOOD};")
            lay.addWidget(lab)
        return row

    def _elements(self, record: TurnRecord) -> None:
        res = record.result
        if not res.elements:
            return
        frame, lay = card()
        lay.addWidget(label(tr("fb.elements"), "subtitle"))
        for name, ok in res.elements.items():
            mark = "✔" if ok else "✘"
            colour = theme.GOOD if ok else theme.BAD
            text = (
                f'<span style="color:{colour}; font-weight:700">{mark}</span> '
                f"{html.escape(wording.element_label(name, res.elements_en))}"
            )
            tip = wording.element_tip(res, name)
            if not ok and tip:
                text += f' — <span style="color:{theme.MUTED}">{html.escape(tip)}</span>'
            row = rich(text, "element_ok" if ok else "element_missing")
            row.setToolTip(wording.element_evidence(res.element_evidence.get(name)))
            lay.addWidget(row)
        self.lay.addWidget(frame)

    def _delivery(self, findings) -> None:
        frame, lay = card()
        lay.addWidget(label(tr("fb.delivery"), "subtitle"))
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(4)
        row = 0
        for f in findings:
            grid.addWidget(QLabel(wording.finding_label(f)), row, 0)
            gauge = Gauge()
            gauge.setMinimumWidth(70)
            gauge.set_data(f.value, f.lo, f.hi, f.ok)
            gauge.setToolTip(wording.finding_tip(f))
            grid.addWidget(gauge, row, 1)
            colour = theme.GOOD if f.ok else theme.BAD
            value = "–" if f.value is None else f"{f.value:g}"
            grid.addWidget(
                rich(
                    f'<span style="color:{colour}"><b>{value}</b></span> '
                    f'<span style="color:{theme.MUTED}">({html.escape(f.norm)})</span>',
                    wrap=False,
                ),
                row,
                2,
            )
            row += 1
            if not f.ok:
                grid.addWidget(
                    label("↳ " + wording.finding_tip(f), "muted", wrap=True), row, 0, 1, 3
                )
                row += 1
        lay.addLayout(grid)
        self.lay.addWidget(frame)

    def _criteria(self, record: TurnRecord) -> None:
        frame, lay = card()
        lay.addWidget(label(tr("fb.criteria"), "subtitle"))
        grid = QGridLayout()
        grid.setColumnStretch(2, 1)
        for row, c in enumerate(record.result.criteria):
            grid.addWidget(QLabel(wording.criterion_name(c)), row, 0)
            bar = QProgressBar()
            bar.setRange(0, int(round(c.max * 10)))
            bar.setValue(int(round(c.score * 10)))
            bar.setFormat(f"{c.score:g} / {c.max:g}")
            bar.setMaximumWidth(160)
            grid.addWidget(bar, row, 1)
            detail = wording.criterion_detail(c, record.result.elements_en)
            grid.addWidget(label(detail, "criterionDetail", wrap=True), row, 2)
        lay.addLayout(grid)
        self.lay.addWidget(frame)

    def _model_answer(self, record: TurnRecord) -> None:
        answer = record.result.closest_answer
        if answer is None:
            return
        frame, lay = card()
        head = QHBoxLayout()
        head.addWidget(label(tr("fb.model_answer"), "subtitle"), 1)
        btn = QPushButton(tr("fb.play_answer"))
        btn.setObjectName("playAnswer")
        btn.setEnabled(bool(record.answer_audio))
        if not record.answer_audio:
            btn.setToolTip(tr("fb.answer_not_rendered"))
        btn.clicked.connect(slot(self._play_answer))
        head.addWidget(btn)
        lay.addLayout(head)
        text = label(answer.text, QUOTED, wrap=True)
        text.setStyleSheet("font-size: 13pt;")
        lay.addWidget(text)
        lay.addWidget(label(wording.answer_source(answer), "answerSource", wrap=True))
        lay.addWidget(
            label(tr("fb.similarity", sim=f"{answer.similarity:.0%}"), "muted", wrap=True)
        )
        self.lay.addWidget(frame)
