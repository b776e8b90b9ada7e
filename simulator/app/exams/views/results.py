"""Exam results and certificates: the results the services release (a candidate's own sealed
results; every result for a proctor or admin, with per-topic scores and each oral item's
transcript and violations; a person's documented second rating of an oral item), the
certificate of the selected result with its QR code, saving its PDF, and verifying any
certificate by its file or its short code. Lays out and emits."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from simulator.app.exams.views.common import fill, headers, say, table
from simulator.app.i18n import local_time, message, tr
from simulator.app.widgets import card, label


def qr_pixmap(matrix: list[list[bool]], size: int = 150) -> QPixmap:
    n = len(matrix) + 4  # a quiet zone of two modules
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    cell = size / n
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("black"))
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                p.drawRect(QRectF((x + 2) * cell, (y + 2) * cell, cell + 0.5, cell + 0.5))
    p.end()
    return QPixmap.fromImage(image)


class ResultsView(QWidget):
    picked = Signal(str)  # attempt id
    issue = Signal(str)
    save_pdf = Signal(str, str)  # attempt id, file path
    verify_code = Signal(str)
    verify_file = Signal(str)
    rerate = Signal(str, int, int, bool, str)  # attempt id, item index, score, passed, reason

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.rows: list = []  # ResultRow
        self.staff = False
        self._cert = None
        self._status = ("", "")
        self._verdict = ("", "")
        root = QVBoxLayout(self)
        root.setContentsMargins(14, 12, 14, 12)
        self.heading = label("", "title")
        self.intro = label("", "muted", wrap=True)
        root.addWidget(self.heading)
        root.addWidget(self.intro)
        self.table = table(5, "results", stretch=1)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        root.addWidget(self.table, 1)
        self.status = label("", "resultsStatus", wrap=True)
        self.status.setVisible(False)
        root.addWidget(self.status)
        middle = QHBoxLayout()
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setAccessibleName("result detail")
        left = QVBoxLayout()
        left.addWidget(self.detail, 1)
        self.rating = QWidget()
        rl = QHBoxLayout(self.rating)
        rl.setContentsMargins(0, 0, 0, 0)
        self.rating_label = label()
        self.rating_item = QComboBox()
        self.rating_item.setAccessibleName("oral item")
        self.rating_score = QSpinBox()
        self.rating_score.setRange(0, 100)
        self.rating_passed = QCheckBox()
        self.rating_reason = QLineEdit()
        self.rating_reason.setAccessibleName("second rating reason")
        self.rating_button = QPushButton()
        self.rating_button.clicked.connect(self._rerate)
        for w in (self.rating_label, self.rating_item, self.rating_score, self.rating_passed):
            rl.addWidget(w)
        rl.addWidget(self.rating_reason, 1)
        rl.addWidget(self.rating_button)
        self.rating.setVisible(False)
        left.addWidget(self.rating)
        middle.addLayout(left, 3)
        cert, cl = card()
        self.cert_title = label("", "sectionTitle")
        self.cert_text = label("", wrap=True)
        self.qr = QLabel()
        self.qr.setFixedSize(150, 150)
        self.issue_button = QPushButton()
        self.issue_button.clicked.connect(self._issue)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self._save)
        cl.addWidget(self.cert_title)
        cl.addWidget(self.cert_text)
        cl.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        row = QHBoxLayout()
        row.addWidget(self.issue_button)
        row.addWidget(self.save_button)
        cl.addLayout(row)
        cl.addStretch(1)
        middle.addWidget(cert, 2)
        root.addLayout(middle, 3)
        ver, vl = card(vertical=False)
        self.verify_label = label()
        self.code = QLineEdit()
        self.code.setAccessibleName("verification code")
        self.code.returnPressed.connect(lambda: self.verify_code.emit(self.code.text()))
        self.code_button = QPushButton()
        self.code_button.clicked.connect(lambda: self.verify_code.emit(self.code.text()))
        self.file_button = QPushButton()
        self.file_button.clicked.connect(self._pick_file)
        for w in (self.verify_label, self.code, self.code_button, self.file_button):
            vl.addWidget(w)
        root.addWidget(ver)
        self.verdict = label("", "verdict", wrap=True)
        self.verdict.setVisible(False)
        root.addWidget(self.verdict)
        self.retranslate()
        self.show_certificate(None, False)

    def retranslate(self) -> None:
        self.heading.setText(tr("results.title"))
        self.intro.setText(tr("results.intro_staff" if self.staff else "results.intro_own"))
        headers(self.table, ["proctor.col_candidate", "exam.col_exam", "results.col_date",
                             "results.col_total", "results.col_passed"])  # fmt: skip
        self.cert_title.setText(tr("cert.title"))
        self.issue_button.setText(tr("cert.issue"))
        self.save_button.setText(tr("cert.save_pdf"))
        self.verify_label.setText(tr("cert.verify_label"))
        self.code.setPlaceholderText(tr("cert.code"))
        self.code_button.setText(tr("cert.verify_code"))
        self.file_button.setText(tr("cert.verify_file"))
        self.rating_label.setText(tr("rerate.label"))
        self.rating_passed.setText(tr("rerate.passed"))
        self.rating_reason.setPlaceholderText(tr("rerate.reason"))
        self.rating_button.setText(tr("rerate.submit"))
        self.set_results(self.rows, self.staff)
        if self._status[1]:
            say(self.status, *self._status)
        if self._verdict[1]:
            say(self.verdict, *self._verdict)

    # ------------------------------------------------------------------ filled by the controller
    def set_results(self, rows: list, staff: bool) -> None:
        keep = self.selected()
        self.rows, self.staff = list(rows), staff
        self.intro.setText(tr("results.intro_staff" if staff else "results.intro_own"))
        fill(
            self.table,
            [
                [r.candidate, r.exam_title, local_time(r.ended_at), str(r.total),
                 tr("results.passed") if r.passed else tr("results.failed")]
                for r in self.rows
            ],
        )  # fmt: skip
        if keep is not None:
            self.select(keep)

    def selected(self) -> str | None:
        row = self.table.currentRow()
        if 0 <= row < len(self.rows) and self.table.selectedItems():
            return self.rows[row].attempt_id
        return None

    def select(self, attempt_id: str) -> None:
        for i, r in enumerate(self.rows):
            if r.attempt_id == attempt_id:
                self.table.selectRow(i)

    def _selection_changed(self) -> None:
        aid = self.selected()
        if aid:
            self.picked.emit(aid)

    def show_detail(self, lines: list[str]) -> None:
        self.detail.setPlainText("\n".join(lines))

    def detail_text(self) -> str:
        return self.detail.toPlainText()

    def offer_rating(self, items: list[tuple[int, str]]) -> None:
        """The oral items of the selected result a second rating may be given for
        (``(index, shown text)``); none hides the form."""
        self.rating_item.clear()
        for index, text in items:
            self.rating_item.addItem(text, index)
        self.rating_reason.clear()
        self.rating.setVisible(bool(items))

    def _rerate(self) -> None:
        aid, item = self.selected(), self.rating_item.currentData()
        if aid and item is not None:
            self.rerate.emit(aid, int(item), self.rating_score.value(),
                             self.rating_passed.isChecked(), self.rating_reason.text())  # fmt: skip

    def show_certificate(self, cert, can_issue: bool, qr: list | None = None) -> None:
        """``cert``: a ``CertificateRecord`` (or None); ``can_issue``: a passed result whose
        certificate this person may issue."""
        self._cert = cert
        if cert is None:
            self.cert_text.setText(tr("cert.none"))
            self.qr.clear()
        else:
            f = cert.facts
            self.cert_text.setText(
                tr("cert.facts", number=f.number, candidate=f.candidate, exam=f.exam_title,
                   date=f.date, score=f.score, code=f.short_code)
            )  # fmt: skip
            if qr:
                self.qr.setPixmap(qr_pixmap(qr))
        self.issue_button.setVisible(cert is None and can_issue)
        self.save_button.setEnabled(cert is not None and cert.pdf is not None)

    def certificate_text(self) -> str:
        return self.cert_text.text()

    def _issue(self) -> None:
        aid = self.selected()
        if aid:
            self.issue.emit(aid)

    def _save(self) -> None:
        aid = self.selected()
        if aid and self._cert is not None:
            path, _ = QFileDialog.getSaveFileName(
                self, tr("cert.save_pdf"), f"{self._cert.number}.pdf", "PDF (*.pdf)"
            )
            if path:
                self.save_pdf.emit(aid, path)

    def _pick_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("cert.verify_file"), "", tr("cert.file_filter")
        )
        if path:
            self.verify_file.emit(path)

    def show_status(self, kind: str, text: str) -> None:
        self._status = (kind, text)
        say(self.status, kind, text)

    def status_text(self) -> str:
        return self.status.text() if self.status.isVisible() else ""

    def show_verdict(self, genuine: bool, text: str) -> None:
        self._verdict = ("ok" if genuine else "error", text)
        say(self.verdict, *self._verdict)

    def verdict_text(self) -> str:
        return message(self.verdict.text()) if self.verdict.isVisible() else ""
