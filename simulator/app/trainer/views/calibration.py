"""Calibration: pick or create a set of reference turns; grade each blind (the transcript and
the recording, no verdict) — pass, or fail with the problem's category — after which the
grader's verdict is revealed; and the agreement report: trainers against the grader and
against each other (percent and Cohen's kappa) overall, per category, per rule and per
trainer, with each disagreement's transcript and recording side by side."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from simulator.app import theme
from simulator.app.exams.views.common import say
from simulator.app.i18n import category_name, message, tr
from simulator.app.trainer.views.review_turn import PROBLEMS, verdict_word
from simulator.app.trainer.views.tables import fill, rule_label, table
from simulator.app.widgets import card, label


def agreement_text(a) -> str:
    """An ``Agreement`` as "92 % (23/25), κ 0.81"."""
    if a is None or not a.n:
        return "–"
    kappa = "–" if a.kappa is None else f"{a.kappa:.2f}"
    return f"{a.percent:.0f} % ({a.agree}/{a.n}), κ {kappa}"


def _class(passed: bool, category: str | None) -> str:
    return (
        verdict_word(True) if passed else f"{verdict_word(False)} · {category_name(category or '')}"
    )


class CalibrationView(QWidget):
    set_selected = Signal(str)
    create_set = Signal(str)
    grade = Signal(str, bool, object, str)  # item id, passed, category or None, comment
    play = Signal(str)
    report_wanted = Signal(str)  # set id

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.sets: list = []
        self.items: list = []  # BlindItem
        self.revealed = None  # RevealedItem of the current item
        self.data = None  # CalibrationReport
        self._status: tuple[str, str, dict] | None = None
        root = QVBoxLayout(self)
        root.setContentsMargins(14, 12, 14, 12)
        self.heading = label("", "title")
        root.addWidget(self.heading)
        self.status = label("", "calibrationStatus", wrap=True)
        self.status.setVisible(False)
        root.addWidget(self.status)
        top = QHBoxLayout()
        self.set_label = label()
        self.set_combo = QComboBox()
        self.set_combo.setObjectName("calibrationSet")
        self.set_combo.currentIndexChanged.connect(self._set_changed)
        self.new_name = QLineEdit()
        self.new_name.setObjectName("newSet")
        self.create_button = QPushButton()
        self.create_button.clicked.connect(self._create)
        for w, stretch in ((self.set_label, 0), (self.set_combo, 2), (self.new_name, 2),
                           (self.create_button, 0)):  # fmt: skip
            top.addWidget(w, stretch)
        root.addLayout(top)
        self.intro = label("", "muted", wrap=True)
        root.addWidget(self.intro)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._grade_tab(), "")
        self.tabs.addTab(self._report_tab(), "")
        self.tabs.currentChanged.connect(self._tab_changed)
        root.addWidget(self.tabs, 1)
        self.retranslate()

    def _grade_tab(self) -> QWidget:
        tab = QWidget()
        lay = QHBoxLayout(tab)
        self.item_list = QListWidget()
        self.item_list.setObjectName("calibrationItems")
        self.item_list.currentRowChanged.connect(self._item_changed)
        lay.addWidget(self.item_list, 1)
        detail, dl = card()
        self.item_title = label("", "subtitle", wrap=True)
        self.play_button = QPushButton()
        self.play_button.clicked.connect(self._play)
        head = QHBoxLayout()
        head.addWidget(self.item_title, 1)
        head.addWidget(self.play_button)
        dl.addLayout(head)
        self.transcript = label("", "transcript", wrap=True)
        dl.addWidget(self.transcript)
        form = QFormLayout()
        self.verdict = QComboBox()
        self.verdict.setObjectName("myVerdict")
        self.verdict.addItem("", True)
        self.verdict.addItem("", False)
        self.verdict.currentIndexChanged.connect(self._verdict_changed)
        self.category = QComboBox()
        self.category.setObjectName("myCategory")
        self.comment = QLineEdit()
        self.form_labels = [label() for _ in range(3)]
        for lab, w in zip(self.form_labels, (self.verdict, self.category, self.comment),
                          strict=True):  # fmt: skip
            form.addRow(lab, w)
        dl.addLayout(form)
        self.submit_button = QPushButton()
        self.submit_button.setObjectName("primary")
        self.submit_button.clicked.connect(self._submit)
        dl.addWidget(self.submit_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.reveal = label("", "reveal", wrap=True)
        self.reveal.setTextFormat(Qt.TextFormat.RichText)
        dl.addWidget(self.reveal)
        dl.addStretch(1)
        lay.addWidget(detail, 2)
        return tab

    def _report_tab(self) -> QWidget:
        tab = QWidget()
        lay = QVBoxLayout(tab)
        self.summary = label("", "agreementSummary", wrap=True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.summary)
        row = QHBoxLayout()
        self.per_category = table(2, "perCategory")
        self.per_rule = table(2, "perRule")
        self.per_rater = table(2, "perRater")
        for t in (self.per_category, self.per_rule, self.per_rater):
            row.addWidget(t, 1)
        lay.addLayout(row, 1)
        self.dis_title = label("", "subtitle")
        lay.addWidget(self.dis_title)
        drow = QHBoxLayout()
        self.disagreements = table(3, "disagreements")
        self.disagreements.itemSelectionChanged.connect(self._disagreement)
        drow.addWidget(self.disagreements, 1)
        side, sl = card()
        self.dis_transcript = label("", "transcript", wrap=True)
        self.dis_grades = label("", "disGrades", wrap=True)
        self.dis_play = QPushButton()
        self.dis_play.clicked.connect(self._play_disagreement)
        sl.addWidget(self.dis_transcript)
        sl.addWidget(self.dis_grades)
        sl.addWidget(self.dis_play, 0, Qt.AlignmentFlag.AlignLeft)
        sl.addStretch(1)
        drow.addWidget(side, 1)
        lay.addLayout(drow, 1)
        return tab

    # ------------------------------------------------------------------ data in
    def retranslate(self) -> None:
        self.heading.setText(tr("cal.heading"))
        self.set_label.setText(tr("cal.set"))
        self.new_name.setPlaceholderText(tr("cal.new_name"))
        self.create_button.setText(tr("cal.create"))
        self.intro.setText(tr("cal.intro"))
        self.tabs.setTabText(0, tr("cal.tab_grade"))
        self.tabs.setTabText(1, tr("cal.tab_report"))
        self.play_button.setText(tr("rev.play"))
        self.dis_play.setText(tr("rev.play"))
        self.verdict.setItemText(0, tr("rev.pass"))
        self.verdict.setItemText(1, tr("rev.fail"))
        self.category.clear()
        for c in PROBLEMS:
            self.category.addItem(category_name(c), c)
        self._verdict_changed()
        for lab, key in zip(self.form_labels, ("cal.my_verdict", "rev.category", "rev.comment"),
                            strict=True):  # fmt: skip
            lab.setText(tr(key))
        self.submit_button.setText(tr("cal.submit"))
        self.per_category.setHorizontalHeaderLabels([tr("rep.col_category"), tr("cal.agree")])
        self.per_rule.setHorizontalHeaderLabels([tr("rep.col_rule"), tr("cal.agree")])
        self.per_rater.setHorizontalHeaderLabels([tr("cal.rater"), tr("cal.agree")])
        self.disagreements.setHorizontalHeaderLabels(
            [tr("cal.col_item"), tr("cal.col_grader"), tr("cal.col_grades")]
        )
        self.dis_title.setText(tr("cal.disagreements"))
        self.set_sets(self.sets)
        self.set_items(self.items)
        self.set_report(self.data)
        if self._status is not None:
            kind, key, fields = self._status
            self._show_status(kind, key, **fields)

    def set_sets(self, sets: list, select: str | None = None) -> None:
        current = select or self.set_combo.currentData()
        self.sets = sets
        self.set_combo.blockSignals(True)
        self.set_combo.clear()
        for s in sets:
            self.set_combo.addItem(tr("cal.set_line", name=s.name, n=s.items), s.id)
        i = self.set_combo.findData(current) if current else -1
        self.set_combo.setCurrentIndex(max(0, i) if sets else -1)
        self.set_combo.blockSignals(False)

    def current_set(self) -> str | None:
        return self.set_combo.currentData()

    def set_items(self, items: list) -> None:
        keep = self.item_list.currentRow()
        self.items = items
        self.item_list.blockSignals(True)
        self.item_list.clear()
        for it in items:
            state = tr("cal.graded") if it.graded else tr("cal.to_grade")
            self.item_list.addItem(tr("cal.item_line", n=it.position, scenario=it.scenario_id,
                                      turn=it.turn_no, state=state))  # fmt: skip
        self.item_list.blockSignals(False)
        if items:
            self.item_list.setCurrentRow(keep if 0 <= keep < len(items) else 0)
        else:
            self._item_changed(-1)

    def _item_changed(self, row: int) -> None:
        it = self.items[row] if 0 <= row < len(self.items) else None
        self.revealed = None
        self.reveal.setText("")
        self.item_title.setText(
            tr("cal.item_title", scenario=it.scenario_id, turn=it.turn_no) if it else
            tr("cal.no_items")
        )  # fmt: skip
        self.transcript.setText(it.transcript if it else "")
        self.play_button.setEnabled(bool(it and it.recording))
        self.submit_button.setEnabled(bool(it and not it.graded))
        if it is not None and it.graded:
            self.reveal.setText(html.escape(tr("cal.already")))

    def show_revealed(self, revealed) -> None:
        """A ``RevealedItem``: my grade and the grader's verdict, once mine is in."""
        self.revealed = revealed
        g, mine = revealed.grader, revealed.mine
        agree = (g.passed, g.category if not g.passed else None) == (
            mine.passed, mine.category if not mine.passed else None)  # fmt: skip
        rules = ", ".join(rule_label(v.rule) for v in g.violations if v.severity == "fail") or "–"
        colour = theme.GOOD if agree else theme.BAD
        self.reveal.setText(
            html.escape(tr("cal.mine", verdict=_class(mine.passed, mine.category))) + "<br>"
            + html.escape(tr("cal.grader", verdict=_class(g.passed, g.category), rules=rules))
            + f'<br><b style="color:{colour}">'
            + html.escape(tr("cal.agreed" if agree else "cal.disagreed")) + "</b>"
        )  # fmt: skip
        self.submit_button.setEnabled(False)

    def reveal_text(self) -> str:
        return self.reveal.text()

    def set_report(self, report) -> None:
        """A ``CalibrationReport`` (None: not read yet)."""
        self.data = report
        if report is None:
            self.summary.setText("")
            for t in (self.per_category, self.per_rule, self.per_rater, self.disagreements):
                fill(t, [])
            return
        self.summary.setText(
            html.escape(tr("cal.vs_grader", verdict=agreement_text(report.verdict),
                           category=agreement_text(report.category))) + "<br>"
            + html.escape(tr("cal.between", verdict=agreement_text(report.trainers_verdict),
                             category=agreement_text(report.trainers_category)))
            + "<br>" + html.escape(tr("cal.raters", names=", ".join(report.raters) or "–"))
        )  # fmt: skip
        fill(self.per_category, [[category_name(c), agreement_text(a)]
                                 for c, a in report.per_category.items()])  # fmt: skip
        fill(
            self.per_rule, [[rule_label(r), agreement_text(a)] for r, a in report.per_rule.items()]
        )
        fill(self.per_rater, [[n, agreement_text(a)] for n, a in report.per_rater.items()])
        fill(self.disagreements, [
            [tr("cal.item_title", scenario=d.item.scenario_id, turn=d.item.turn_no),
             _class(d.grader.passed, d.grader.category),
             "; ".join(f"{g.rater_name}: {_class(g.passed, g.category)}" for g in d.grades)]
            for d in report.disagreements
        ])  # fmt: skip
        if report.disagreements:
            self.disagreements.selectRow(0)
        else:
            self.dis_transcript.setText("")
            self.dis_grades.setText(tr("cal.none_disagree"))
            self.dis_play.setEnabled(False)

    def agreement_summary(self) -> str:
        return self.summary.text()

    def _disagreement(self) -> None:
        r = self.disagreements.currentRow()
        if self.data is None or not 0 <= r < len(self.data.disagreements):
            return
        d = self.data.disagreements[r]
        self.dis_transcript.setText(d.item.transcript)
        comments = [f"{g.rater_name}: {g.comment}" for g in d.grades if g.comment]
        self.dis_grades.setText(
            tr("cal.dis_kind", grader=tr("cal.yes") if d.with_grader else tr("cal.no"),
               trainers=tr("cal.yes") if d.between_trainers else tr("cal.no"))
            + ("\n" + "\n".join(comments) if comments else "")
        )  # fmt: skip
        self.dis_play.setEnabled(d.item.recording is not None)

    # ------------------------------------------------------------------ status
    def _show_status(self, kind: str, key: str, **fields) -> None:
        self._status = (kind, key, fields)
        say(self.status, kind, tr(key, **fields), translated=True)

    def clear_status(self) -> None:
        self._status = None
        self.status.setVisible(False)

    def show_error(self, text: str) -> None:
        self._show_status("error", "error.text", text=message(text))

    def show_done(self, key: str, **fields) -> None:
        self._show_status("done", key, **fields)

    # ------------------------------------------------------------------ intents
    def _set_changed(self, _i: int) -> None:
        sid = self.set_combo.currentData()
        if sid:
            self.set_selected.emit(sid)
            if self.tabs.currentIndex() == 1:
                self.report_wanted.emit(sid)

    def _tab_changed(self, index: int) -> None:
        sid = self.set_combo.currentData()
        if index == 1 and sid:
            self.report_wanted.emit(sid)

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def _create(self) -> None:
        name = self.new_name.text().strip()
        if name:
            self.create_set.emit(name)
            self.new_name.clear()

    def _verdict_changed(self, *_args) -> None:
        self.category.setEnabled(self.verdict.currentData() is False)

    def choose(self, row: int, passed: bool, category: str | None = None, comment: str = ""):
        """Pick an item and fill the grade as a user would (tests, screenshots)."""
        self.item_list.setCurrentRow(row)
        self.verdict.setCurrentIndex(0 if passed else 1)
        if category is not None:
            self.category.setCurrentIndex(self.category.findData(category))
        self.comment.setText(comment)

    def _current(self):
        r = self.item_list.currentRow()
        return self.items[r] if 0 <= r < len(self.items) else None

    def _submit(self) -> None:
        it = self._current()
        if it is None:
            return
        passed = bool(self.verdict.currentData())
        category = None if passed else self.category.currentData()
        self.grade.emit(it.item_id, passed, category, self.comment.text().strip())

    def _play(self) -> None:
        it = self._current()
        if it is not None and it.recording:
            self.play.emit(str(it.recording))

    def _play_disagreement(self) -> None:
        r = self.disagreements.currentRow()
        if self.data is not None and 0 <= r < len(self.data.disagreements):
            rec = self.data.disagreements[r].item.recording
            if rec:
                self.play.emit(str(rec))
