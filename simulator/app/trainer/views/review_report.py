"""The override report: per rule and per category, how often trainers overruled the grader,
with the latest examples of the selected rule, and the export of the overrides as labelled
data (a JSONL file for the grader's training set)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from simulator.app.i18n import category_name, local_time, tr
from simulator.app.trainer.views.tables import fill, rule_label, table
from simulator.app.widgets import label


def _rate(rate: float) -> str:
    return f"{100 * rate:.0f} %"


class ReviewReportView(QWidget):
    export_labelled = Signal(str)  # the file to write

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.data = None  # OverrideReport
        root = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = label("", "reportSummary", wrap=True)
        top.addWidget(self.summary, 1)
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportLabelled")
        self.export_button.clicked.connect(self._export)
        top.addWidget(self.export_button)
        root.addLayout(top)
        row = QHBoxLayout()
        self.rules = table(6, "ruleOverrides")
        self.rules.itemSelectionChanged.connect(self._rule_selected)
        self.categories = table(5, "categoryOverrides")
        row.addWidget(self.rules, 3)
        row.addWidget(self.categories, 2)
        root.addLayout(row, 2)
        self.examples_title = label("", "subtitle")
        root.addWidget(self.examples_title)
        self.examples = label("", "transcript", wrap=True)  # what trainees said, quoted
        self.examples.setTextFormat(Qt.TextFormat.RichText)
        self.examples.setAlignment(Qt.AlignmentFlag.AlignTop)
        root.addWidget(self.examples, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.export_button.setText(tr("rep.export"))
        self.rules.setHorizontalHeaderLabels(
            [tr("rep.col_rule"), tr("rep.col_category"), tr("rep.col_findings"),
             tr("rep.col_not_violation"), tr("rep.col_recategorised"), tr("rep.col_rate")]
        )  # fmt: skip
        self.categories.setHorizontalHeaderLabels(
            [tr("rep.col_category"), tr("rep.col_findings"), tr("rep.col_overruled"),
             tr("rep.col_added"), tr("rep.col_rate")]
        )  # fmt: skip
        self.examples_title.setText(tr("rep.examples"))
        self.set_report(self.data)

    def set_report(self, report) -> None:
        """An ``OverrideReport`` (None: not read yet)."""
        self.data = report
        if report is None:
            self.summary.setText(tr("rep.loading"))
            fill(self.rules, [])
            fill(self.categories, [])
            self.examples.setText("")
            return
        self.summary.setText(tr("rep.summary", turns=report.turns_overridden,
                                passed=report.verdicts_passed, failed=report.verdicts_failed))  # fmt: skip
        fill(self.rules, [[rule_label(r.rule), category_name(r.category), str(r.findings),
                           str(r.not_violation), str(r.recategorised), _rate(r.rate)]
                          for r in report.rules])  # fmt: skip
        fill(self.categories, [[category_name(c.category), str(c.findings), str(c.overruled),
                                str(c.added), _rate(c.rate)] for c in report.categories])  # fmt: skip
        overruled = [i for i, r in enumerate(report.rules) if r.overruled]
        if overruled:
            self.rules.selectRow(overruled[0])
        else:
            self.examples.setText(html.escape(tr("rep.no_examples")))

    def rule_rows(self) -> list[tuple[str, int, int, int]]:
        """(rule, findings, not a violation, recategorised) as reported."""
        if self.data is None:
            return []
        return [(r.rule, r.findings, r.not_violation, r.recategorised) for r in self.data.rules]

    def _rule_selected(self) -> None:
        r = self.rules.currentRow()
        if self.data is None or not 0 <= r < len(self.data.rules):
            return
        lines = []
        for e in self.data.rules[r].examples:
            span = f"“{html.escape(e.span)}” " if e.span else ""
            lines.append(
                f"<p>{span}{html.escape(tr('rep.example', decision=tr(f'rev.decision_{e.decision}'), who=e.by_name, when=local_time(e.created_at)))}"  # noqa: E501
                f"<br>“{html.escape(e.transcript)}”<br><i>“{html.escape(e.comment)}”</i></p>"
            )
        self.examples.setText("".join(lines) or html.escape(tr("rep.no_examples")))

    def _export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("rep.export"), "overrides.jsonl", "JSON Lines (*.jsonl)"
        )
        if path:
            self.export_labelled.emit(path)
