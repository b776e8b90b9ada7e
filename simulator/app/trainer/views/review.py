"""Review and override: a trainee's attempts, an attempt's turns and one turn in full — the
transcript, the grader's verdict and the verdict after the overrides, each violation and
missing element with its status, the recording (played by the app's audio service) — and a
form to overrule the verdict, a violation or a missing element with a comment, or to add the
turn to a calibration set. The override report is the second tab (``review_report``)."""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from simulator.app import theme
from simulator.app.i18n import category_name, local_time, message, pick, tr
from simulator.app.strings import CATEGORIES
from simulator.app.trainer.views.assignments import fill, table
from simulator.app.trainer.views.review_report import ReviewReportView
from simulator.app.widgets import card, label

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


class ReviewView(QWidget):
    trainee_selected = Signal(str)
    attempt_selected = Signal(str)
    play = Signal(str)
    override = Signal(object)  # OverrideRequest
    add_to_set = Signal(str, str)  # calibration set id, turn id
    report_wanted = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.trainees: list = []
        self.attempts: list = []
        self.review = None  # AttemptReview
        self.sets: list = []
        self.names_en: dict[str, str] = {}  # element name → English
        self._turn = -1
        self._items: list[tuple] = []  # the override form's items: (kind, payload)
        self._status: tuple[str, str, dict] | None = None
        root = QVBoxLayout(self)
        root.setContentsMargins(14, 12, 14, 12)
        self.heading = label("", "title")
        root.addWidget(self.heading)
        self.status = label("", "reviewStatus", wrap=True)
        self.status.setVisible(False)
        root.addWidget(self.status)
        self.tabs = QTabWidget()
        root.addWidget(self.tabs, 1)
        self.tabs.addTab(self._attempts_tab(), "")
        self.report = ReviewReportView()
        self.tabs.addTab(self.report, "")
        self.tabs.currentChanged.connect(lambda i: i == 1 and self.report_wanted.emit())
        self.retranslate()

    def _attempts_tab(self) -> QWidget:
        tab = QWidget()
        lay = QVBoxLayout(tab)
        top = QHBoxLayout()
        self.trainee_label = label()
        self.trainee = QComboBox()
        self.trainee.setObjectName("trainee")
        self.trainee.currentIndexChanged.connect(self._trainee_changed)
        top.addWidget(self.trainee_label)
        top.addWidget(self.trainee, 1)
        top.addStretch(2)
        lay.addLayout(top)
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        self.table = table(3, "attempts")
        self.table.itemSelectionChanged.connect(self._attempt_changed)
        ll.addWidget(self.table, 2)
        self.turns = QListWidget()
        self.turns.setObjectName("turns")
        self.turns.currentRowChanged.connect(self._show_turn)
        ll.addWidget(self.turns, 1)
        split.addWidget(left)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        detail, self.dl = card()
        scroll.setWidget(detail)
        self.turn_title = label("", "subtitle", wrap=True)
        self.verdicts = label("", "verdicts", wrap=True)
        self.verdicts.setTextFormat(Qt.TextFormat.RichText)
        self.play_button = QPushButton()
        self.play_button.setObjectName("playRecording")
        self.play_button.clicked.connect(self._play)
        self.no_recording = label("", "muted", wrap=True)
        head = QHBoxLayout()
        head.addWidget(self.turn_title, 1)
        head.addWidget(self.play_button)
        self.dl.addLayout(head)
        self.dl.addWidget(self.verdicts)
        self.dl.addWidget(self.no_recording)
        self.transcript = label("", "transcript", wrap=True)
        self.dl.addWidget(self.transcript)
        self.findings_title = label("", "subtitle")
        self.dl.addWidget(self.findings_title)
        self.findings = label("", "findings", wrap=True)
        self.findings.setTextFormat(Qt.TextFormat.RichText)
        self.dl.addWidget(self.findings)
        self.history_label = label("", "overrideHistory", wrap=True)
        self.dl.addWidget(self.history_label)
        self.form_title = label("", "subtitle")
        self.dl.addWidget(self.form_title)
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
        self.dl.addLayout(form)
        self.override_button = QPushButton()
        self.override_button.setObjectName("primary")
        self.override_button.clicked.connect(self._override)
        self.dl.addWidget(self.override_button, 0, Qt.AlignmentFlag.AlignLeft)
        cal = QHBoxLayout()
        self.set_label = label()
        self.set_combo = QComboBox()
        self.set_combo.setObjectName("calibrationSet")
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self._add_to_set)
        cal.addWidget(self.set_label)
        cal.addWidget(self.set_combo, 1)
        cal.addWidget(self.add_button)
        self.dl.addLayout(cal)
        self.dl.addStretch(1)
        split.addWidget(scroll)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        lay.addWidget(split, 1)
        return tab

    # ------------------------------------------------------------------ data in
    def retranslate(self) -> None:
        self.heading.setText(tr("rev.heading"))
        self.tabs.setTabText(0, tr("rev.tab_attempts"))
        self.tabs.setTabText(1, tr("rev.tab_report"))
        self.trainee_label.setText(tr("rev.trainee"))
        self.table.setHorizontalHeaderLabels(
            [tr("hist.col_scenario"), tr("hist.col_when"), tr("hist.col_score")]
        )
        self.play_button.setText(tr("rev.play"))
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
        self.set_trainees(self.trainees)
        self.set_attempts(self.attempts)
        self.set_sets(self.sets)
        self._show_review(self.review)
        self.report.retranslate()
        if self._status is not None:
            kind, key, fields = self._status
            self._show_status(kind, key, **fields)

    def set_trainees(self, trainees: list) -> None:
        current = self.trainee.currentData()
        self.trainees = trainees
        self.trainee.blockSignals(True)
        self.trainee.clear()
        self.trainee.addItem(tr("rev.pick_trainee"), None)
        for u in trainees:
            self.trainee.addItem(f"{u.display_name} ({u.username})", u.id)
        i = self.trainee.findData(current) if current else 0
        self.trainee.setCurrentIndex(max(0, i))
        self.trainee.blockSignals(False)

    def select_trainee(self, user_id: str) -> None:
        self.trainee.setCurrentIndex(self.trainee.findData(user_id))

    def set_attempts(self, attempts: list) -> None:
        self.attempts = attempts
        self.table.blockSignals(True)
        colours = {(r, 2): theme.score_colour(a.score, a.passed) for r, a in enumerate(attempts)
                   if a.score is not None}  # fmt: skip
        fill(self.table, [[pick(a.title, a.title_en), local_time(a.started_at),
                           "–" if a.score is None else str(a.score)] for a in attempts],
             colours)  # fmt: skip
        self.table.blockSignals(False)

    def select_attempt(self, row: int) -> None:
        self.table.selectRow(row)

    def set_sets(self, sets: list) -> None:
        current = self.set_combo.currentData()
        self.sets = sets
        self.set_combo.clear()
        for s in sets:
            self.set_combo.addItem(s.name, s.id)
        if current and self.set_combo.findData(current) >= 0:
            self.set_combo.setCurrentIndex(self.set_combo.findData(current))
        self.add_button.setEnabled(bool(sets) and self.review is not None)

    def set_element_names(self, names_en: dict[str, str]) -> None:
        self.names_en = names_en

    def show_review(self, review) -> None:
        """An ``AttemptReview``: its turns listed, the current (or first) one shown."""
        self.review = review
        self._show_review(review)

    def _show_review(self, review) -> None:
        keep = self._turn
        self.turns.blockSignals(True)
        self.turns.clear()
        for t in review.turns if review else ():
            line = tr("rev.turn_line", n=t.turn.seq, score=t.turn.score,
                      grader=verdict_word(t.verdict.grader_passed),
                      now=verdict_word(t.verdict.passed))  # fmt: skip
            if t.verdict.overruled:
                line += " ✎"
            self.turns.addItem(line)
        self.turns.blockSignals(False)
        n = len(review.turns) if review else 0
        self._turn = -1
        if n:
            self.turns.setCurrentRow(keep if 0 <= keep < n else 0)
        else:
            self._show_turn(-1)

    def _element(self, name: str) -> str:
        return pick(name, self.names_en.get(name))

    def _show_turn(self, row: int) -> None:
        self._turn = row
        t = self.review.turns[row] if self.review and 0 <= row < len(self.review.turns) else None
        for w in (self.play_button, self.override_button, self.item, self.decision,
                  self.category, self.comment):  # fmt: skip
            w.setEnabled(t is not None)
        self.add_button.setEnabled(t is not None and bool(self.sets))
        if t is None:
            for w in (self.turn_title, self.verdicts, self.transcript, self.findings,
                      self.history_label, self.no_recording):  # fmt: skip
                w.setText("")
            self.item.clear()
            return
        v = t.verdict
        self.turn_title.setText(tr("rev.turn_title", n=t.turn.seq, name=self.review.trainee
                                   or tr("rev.anonymous")))  # fmt: skip
        colour = theme.GOOD if v.passed else theme.BAD
        text = tr("rev.grader_said", verdict=verdict_word(v.grader_passed), score=t.turn.score)
        if v.overruled:
            text += " → " + f'<b style="color:{colour}">' + html.escape(
                tr("rev.person_said", verdict=verdict_word(v.passed))) + "</b>"  # fmt: skip
        self.verdicts.setText(text)
        recording = t.turn.recording if t.turn.recording_status in ("ok", None) else None
        self.play_button.setVisible(bool(recording))
        self.no_recording.setText("" if recording else tr("rev.no_recording"))
        self.transcript.setText(t.turn.result.transcript or tr("rev.nothing_said"))
        self.findings.setText(self._findings_html(v) or html.escape(tr("rev.no_findings")))
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

    def verdict_text(self) -> str:
        return self.verdicts.text()

    # ------------------------------------------------------------------ status
    def _show_status(self, kind: str, key: str, **fields) -> None:
        self._status = (kind, key, fields)
        self.status.setStyleSheet(f"color: {theme.BAD if kind == 'error' else theme.GOOD};")
        self.status.setText(tr(key, **fields))
        self.status.setVisible(True)

    def clear_status(self) -> None:
        self._status = None
        self.status.setVisible(False)

    def show_error(self, text: str) -> None:
        self._show_status("error", "error.text", text=message(text))

    def show_done(self, key: str, **fields) -> None:
        self._show_status("done", key, **fields)

    def status_text(self) -> str:
        return self.status.text() if self.status.isVisible() else ""

    # ------------------------------------------------------------------ intents
    def _trainee_changed(self, _i: int) -> None:
        uid = self.trainee.currentData()
        self.review = None
        self._show_review(None)
        if uid:
            self.trainee_selected.emit(uid)
        else:
            self.set_attempts([])

    def _attempt_changed(self) -> None:
        r = self.table.currentRow()
        if 0 <= r < len(self.attempts):
            self._turn = -1
            self.attempt_selected.emit(self.attempts[r].id)

    def current_turn(self):
        if self.review and 0 <= self._turn < len(self.review.turns):
            return self.review.turns[self._turn]
        return None

    def _play(self) -> None:
        t = self.current_turn()
        if t is not None and t.turn.recording:
            self.play.emit(t.turn.recording)

    def _override(self) -> None:
        t = self.current_turn()
        i = self.item.currentIndex()
        if t is None or not 0 <= i < len(self._items):
            return
        comment = self.comment.text().strip()
        if not comment:
            self._show_status("error", "rev.need_comment")
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

    def clear_comment(self) -> None:
        self.comment.clear()

    def _add_to_set(self) -> None:
        t, sid = self.current_turn(), self.set_combo.currentData()
        if t is not None and sid:
            self.add_to_set.emit(sid, t.turn.id)
