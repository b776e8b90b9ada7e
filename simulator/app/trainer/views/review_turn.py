"""One turn under review: the transcript, the grader's verdict and the verdict after the
overrides, each violation and missing element with its status, the delivery measures, the
recording (played by the app's audio service), the overrides made, and the form to overrule
the verdict, a violation or a missing element with a comment, or to add the turn to a
calibration set."""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from simulator.app import theme
from simulator.app.i18n import category_name, local_time, pick, tr
from simulator.app.practice import wording
from simulator.app.practice.views.listen import listen_button
from simulator.app.strings import CATEGORIES
from simulator.app.trainer.views.tables import ELEMENT_NAMES
from simulator.app.widgets import card, label
from simulator.core.heard import NOT_COUNTED

DECISIONS = {
    "verdict": ("pass", "fail", "grader"),
    "violation": ("not_violation", "recategorise", "grader"),
    "element": ("present", "grader"),
}
PROBLEMS = tuple(c for c in CATEGORIES if c != "timing")


@dataclass(frozen=True)
class OverrideRequest:
    turn_id: str
    kind: str  # verdict | violation | element
    decision: str
    comment: str
    category: str | None = None
    rule: str = ""
    start: int = 0
    end: int = 0
    element: str = ""


def verdict_word(passed: bool) -> str:
    return tr("rev.pass") if passed else tr("rev.fail")


def delivery_text(delivery) -> str:
    """The reply's delivery measures against their norms ('' for a typed reply)."""
    if delivery is None or not delivery.findings:
        return ""
    items = []
    for f in delivery.findings:
        value = f"{f.value:.0f}" if isinstance(f.value, float) else str(f.value)
        norm = f" ({f.norm})" if f.norm else ""
        items.append(f"{wording.finding_label(f)} {value}{norm} {'✓' if f.ok else '✗'}")
    return tr("rev.delivery", items=tr("list.sep").join(items))


class TurnPanel(QWidget):
    play = Signal(str, float)  # the recording, from this many seconds in
    override = Signal(object)  # OverrideRequest
    add_to_set = Signal(str, str)  # calibration set id, turn id
    problem = Signal(str)  # a string id: what the form still needs

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.turn = None  # TurnReview
        self.trainee = ""
        self.sets: list = []
        self.names_en: dict[str, str] = {}  # element name → English
        self.remote = False  # the attempt was opened from the centre: its recordings are not here
        self._items: list[tuple] = []  # the form's items: (kind, payload)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        frame, dl = card()
        outer.addWidget(frame)
        self.turn_title = label("", "subtitle", wrap=True)
        self.play_button = QPushButton()
        self.play_button.setObjectName("playRecording")
        self.play_button.clicked.connect(self._play)
        head = QHBoxLayout()
        head.addWidget(self.turn_title, 1)
        self.play_from = QDoubleSpinBox()
        self.play_from.setObjectName("playFrom")
        self.play_from.setDecimals(1)
        self.play_from.setRange(0.0, 3600.0)
        self.play_from.setSingleStep(1.0)
        head.addWidget(self.play_from)
        head.addWidget(self.play_button)
        dl.addLayout(head)
        self.verdicts = label("", "verdicts", wrap=True)
        self.verdicts.setTextFormat(Qt.TextFormat.RichText)
        self.no_recording = label("", "muted", wrap=True)
        self.transcript = label("", "transcript", wrap=True)
        self.findings_title = label("", "subtitle")
        self.findings = label("", "findings", wrap=True)
        self.findings.setTextFormat(Qt.TextFormat.RichText)
        self.listen_box = QWidget()  # "listen here" for each finding heard as not counted
        self.listen_lay = QVBoxLayout(self.listen_box)
        self.listen_lay.setContentsMargins(0, 0, 0, 0)
        self.delivery = label("", "deliveryMeasures", wrap=True)
        self.history_label = label("", "overrideHistory", wrap=True)
        self.form_title = label("", "subtitle")
        for w in (self.verdicts, self.no_recording, self.transcript, self.findings_title,
                  self.findings, self.listen_box, self.delivery, self.history_label, self.form_title):  # fmt: skip
            dl.addWidget(w)
        form = QFormLayout()
        self.item = QComboBox()
        self.item.setObjectName("overrideItem")
        self.item.currentIndexChanged.connect(self._fill_decisions)
        self.decision = QComboBox()
        self.decision.setObjectName("decision")
        self.decision.currentIndexChanged.connect(self._decision_changed)
        self.category = QComboBox()
        self.category.setObjectName("category")
        self.comment = QLineEdit()
        self.comment.setObjectName("comment")
        self.form_labels = [label() for _ in range(4)]
        for lab, w in zip(self.form_labels, (self.item, self.decision, self.category,
                                             self.comment), strict=True):  # fmt: skip
            form.addRow(lab, w)
        dl.addLayout(form)
        self.override_button = QPushButton()
        self.override_button.setObjectName("primary")
        self.override_button.clicked.connect(self._override)
        dl.addWidget(self.override_button, 0, Qt.AlignmentFlag.AlignLeft)
        cal = QHBoxLayout()
        self.set_label = label()
        self.set_combo = QComboBox()
        self.set_combo.setObjectName("calibrationSet")
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self._add_to_set)
        cal.addWidget(self.set_label)
        cal.addWidget(self.set_combo, 1)
        cal.addWidget(self.add_button)
        dl.addLayout(cal)
        dl.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.play_button.setText(tr("rev.play"))
        self.play_from.setPrefix(tr("rev.play_from"))
        self.play_from.setSuffix(tr("rev.seconds"))
        self.findings_title.setText(tr("rev.findings"))
        self.form_title.setText(tr("rev.overrule"))
        for lab, key in zip(self.form_labels, ("rev.item", "rev.decision", "rev.category",
                                               "rev.comment"), strict=True):  # fmt: skip
            lab.setText(tr(key))
        self.comment.setPlaceholderText(tr("rev.comment_hint"))
        self.override_button.setText(tr("rev.submit"))
        self.set_label.setText(tr("rev.calibration_set"))
        self.add_button.setText(tr("rev.add_to_set"))
        self.category.clear()
        for c in PROBLEMS:
            self.category.addItem(category_name(c), c)
        self.set_sets(self.sets)
        self.show_turn(self.turn, self.trainee)

    def set_sets(self, sets: list) -> None:
        current = self.set_combo.currentData()
        self.sets = sets
        self.set_combo.clear()
        for s in sets:
            self.set_combo.addItem(s.name, s.id)
        if current and self.set_combo.findData(current) >= 0:
            self.set_combo.setCurrentIndex(self.set_combo.findData(current))
        self.add_button.setEnabled(bool(sets) and self.turn is not None)

    def _element(self, name: str) -> str:
        return pick(name, self.names_en.get(name) or ELEMENT_NAMES.get(name))

    def show_turn(self, t, trainee: str = "") -> None:
        """A ``TurnReview`` (None: nothing to show)."""
        self.turn, self.trainee = t, trainee
        for w in (self.play_button, self.override_button, self.item, self.decision,
                  self.category, self.comment):  # fmt: skip
            w.setEnabled(t is not None)
        self.add_button.setEnabled(t is not None and bool(self.sets))
        if t is None:
            for w in (self.turn_title, self.verdicts, self.transcript, self.findings,
                      self.history_label, self.no_recording, self.delivery):  # fmt: skip
                w.setText("")
            self.item.clear()
            self._listen_buttons(None)
            return
        v = t.verdict
        self.turn_title.setText(tr("rev.turn_title", n=t.turn.seq,
                                   name=trainee or tr("rev.anonymous")))  # fmt: skip
        colour = theme.GOOD if v.passed else theme.BAD
        text = tr("rev.grader_said", verdict=verdict_word(v.grader_passed), score=t.turn.score)
        if v.overruled:
            text += " → " + f'<b style="color:{colour}">' + html.escape(
                tr("rev.person_said", verdict=verdict_word(v.passed))) + "</b>"  # fmt: skip
        if first := wording.first_hearing(t.turn):  # the closer listen changed the result
            text += f'<br><span style="color:{theme.MUTED}">{html.escape(first)}</span>'
        self.verdicts.setText(text)
        recording = t.turn.recording if t.turn.recording_status in ("ok", None) else None
        self.play_button.setVisible(bool(recording))
        self.play_from.setVisible(bool(recording))
        self.play_from.setValue(0.0)
        missing = "rev.recording_at_centre" if self.remote else "rev.no_recording"
        self.no_recording.setText("" if recording else tr(missing))
        self.transcript.setText(t.turn.result.transcript or tr("rev.nothing_said"))
        self.findings.setText(self._findings_html(v) or html.escape(tr("rev.no_findings")))
        self._listen_buttons(t)
        self.delivery.setText(delivery_text(t.turn.result.delivery))
        self.history_label.setText(
            "\n".join(
                tr(
                    "rev.override_line",
                    who=o.by_name,
                    when=local_time(o.created_at),
                    what=tr(f"rev.decision_{o.decision}"),
                    comment=o.comment,
                )
                for o in t.overrides
            )  # fmt: skip
        )
        self._fill_items(t)

    def _findings_html(self, v) -> str:
        lines = []
        for x in v.violations:
            vi = x.violation
            if vi.rule.startswith("element."):
                continue
            status = tr(f"rev.status_{x.status}", category=category_name(x.category))
            said = f"“{html.escape(vi.text)}”" if vi.text else ""
            colour = theme.MUTED if not x.counts else (
                theme.BAD if vi.severity == "fail" else theme.WARN)  # fmt: skip
            if vi.severity == NOT_COUNTED and x.status == "kept":  # possibly misheard
                status, colour = (
                    tr("heard.rev_not_counted", why=wording.explanation(vi)),
                    theme.MUTED,
                )
            lines.append(
                f'<span style="color:{colour}">• {html.escape(category_name(vi.category))}'
                f" · {html.escape(vi.rule)} {said} — {html.escape(status)}</span>"
            )
        for e in v.elements:
            if e.grader_found:
                continue
            key = "rev.element_present" if e.found else "rev.element_missing"
            colour = theme.MUTED if e.found else theme.BAD
            lines.append(f'<span style="color:{colour}">• '
                         f"{html.escape(tr(key, name=self._element(e.name)))}</span>")  # fmt: skip
        return "<br>".join(lines)

    def _listen_buttons(self, t) -> None:
        while self.listen_lay.count():
            w = self.listen_lay.takeAt(0).widget()
            if w is not None:
                w.hide()
                w.deleteLater()
        for x in t.verdict.violations if t is not None else ():
            vi = x.violation
            if vi.severity != NOT_COUNTED:
                continue
            button = listen_button(t.turn, vi, self._listen)
            button.setText(f"{button.text()} “{vi.text}”")
            self.listen_lay.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        self.listen_box.setVisible(self.listen_lay.count() > 0)

    def _listen(self, _recording: str, start_s: float) -> None:
        self.play_at(start_s)

    def listen_buttons(self) -> list[QPushButton]:
        """The "listen here" buttons shown (tests, screenshots)."""
        items = (self.listen_lay.itemAt(i).widget() for i in range(self.listen_lay.count()))
        return [w for w in items if isinstance(w, QPushButton)]

    def _fill_items(self, t) -> None:
        self._items = [("verdict", None)]
        self.item.blockSignals(True)
        self.item.clear()
        self.item.addItem(tr("rev.item_verdict"))
        for x in t.verdict.violations:
            vi = x.violation
            if vi.rule.startswith("element."):
                continue
            self._items.append(("violation", vi))
            said = f"“{vi.text}”" if vi.text else ""
            self.item.addItem(f"{category_name(vi.category)} · {vi.rule} {said}")
        for e in t.verdict.elements:
            if not e.grader_found:
                self._items.append(("element", e.name))
                self.item.addItem(tr("rev.item_element", name=self._element(e.name)))
        self.item.blockSignals(False)
        self.item.setCurrentIndex(0)
        self._fill_decisions()

    def _fill_decisions(self, *_args) -> None:
        i = self.item.currentIndex()
        kind = self._items[i][0] if 0 <= i < len(self._items) else "verdict"
        self.decision.clear()
        for d in DECISIONS[kind]:
            self.decision.addItem(tr(f"rev.decision_{d}"), d)
        self._decision_changed()

    def _decision_changed(self, *_args) -> None:
        self.category.setEnabled(self.decision.currentData() in ("fail", "recategorise"))

    def choose(self, item: int, decision: str, comment: str, category: str | None = None):
        """Fill the override form as a user would (tests, screenshots)."""
        self.item.setCurrentIndex(item)
        self.decision.setCurrentIndex(self.decision.findData(decision))
        if category is not None:
            self.category.setCurrentIndex(self.category.findData(category))
        self.comment.setText(comment)

    def item_texts(self) -> list[str]:
        return [self.item.itemText(i) for i in range(self.item.count())]

    def clear_comment(self) -> None:
        self.comment.clear()

    # ------------------------------------------------------------------ intents
    def _play(self) -> None:
        if self.turn is not None and self.turn.turn.recording:
            self.play.emit(self.turn.turn.recording, self.play_from.value())

    def play_at(self, seconds: float) -> None:
        """Start the recording at a place (a finding heard at that moment)."""
        self.play_from.setValue(seconds)
        self._play()

    def _override(self) -> None:
        t, i = self.turn, self.item.currentIndex()
        if t is None or not 0 <= i < len(self._items):
            return
        comment = self.comment.text().strip()
        if not comment:
            self.problem.emit("rev.need_comment")
            return
        kind, payload = self._items[i]
        decision = self.decision.currentData()
        category = self.category.currentData() if self.category.isEnabled() else None
        req = OverrideRequest(t.turn.id, kind, decision, comment, category)
        if kind == "violation":
            req = OverrideRequest(t.turn.id, kind, decision, comment, category,
                                  payload.rule, payload.start, payload.end)  # fmt: skip
        elif kind == "element":
            req = OverrideRequest(t.turn.id, kind, decision, comment, element=payload)
        self.override.emit(req)

    def _add_to_set(self) -> None:
        sid = self.set_combo.currentData()
        if self.turn is not None and sid:
            self.add_to_set.emit(sid, self.turn.turn.id)
