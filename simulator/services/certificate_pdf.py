"""Rendering a certificate PDF with Qt's QPdfWriter (imported only here, on first use).

Why Qt: PySide6 is already the app's toolkit, and its PDF writer embeds the Noto CJK fonts
(Debian fonts-noto-cjk, OpenType/CFF in .ttc collections) as subsets, which the pure-Python PDF
libraries handle poorly or not at all. The QR code's modules come from PyPI ``qrcode`` and are
drawn as vector squares (sharp at any print size). The credential and the file signature travel
in the PDF's XMP metadata (``core.certificate_file``).
"""

from __future__ import annotations

import os

from simulator.core.certificate_file import seal_pdf
from simulator.core.credential import CertificateFacts, Signer
from simulator.core.exam_attempt import ExamError
from simulator.core.exam_def import ExamDefinition

FONT_FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Sans CJK JP")


def _app():
    """The process's Qt application, made when there is none. A QApplication, not a bare
    QGuiApplication: Qt keeps the first one for the life of the process, and a window built
    later in the same process (the app after a certificate was printed from the command line, a
    GUI test after a service test) aborts the process when it is not a QApplication."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([])
    return app


def _family() -> str:
    from PySide6.QtGui import QFontDatabase

    families = set(QFontDatabase.families())
    for name in FONT_FAMILIES:
        if name in families:
            return name
    raise ExamError(
        "缺少中文字体（Debian 软件包 fonts-noto-cjk）/ the CJK font is missing: install the "
        "Debian package fonts-noto-cjk"
    )


def qr_matrix(text: str) -> list[list[bool]]:
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    return code.get_matrix()


def render_certificate(
    facts: CertificateFacts, exam: ExamDefinition, qr_text: str, xmp: bytes, sign: Signer
) -> bytes:
    """The signed PDF's bytes (A4 landscape)."""
    _app()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

    family = _family()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape,
            QMarginsF(0, 0, 0, 0),
        )
    )
    writer.setResolution(300)
    writer.setTitle(f"{exam.title} 合格证书 {facts.number}")
    writer.setCreator("坐席实训 simulator")
    writer.setDocumentXmpMetadata(QByteArray(xmp))
    painter = QPainter(writer)
    try:
        w, h = writer.width(), writer.height()
        mm = w / 297.0

        def font(size: float, bold: bool = False) -> QFont:
            f = QFont(family)
            f.setPointSizeF(size)
            f.setBold(bold)
            return f

        def text(y_mm: float, h_mm: float, value: str, size: float, bold=False, x_mm=20.0,
                 w_mm=257.0, align=Qt.AlignmentFlag.AlignHCenter) -> None:  # fmt: skip
            painter.setFont(font(size, bold))
            rect = QRectF(x_mm * mm, y_mm * mm, w_mm * mm, h_mm * mm)
            painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), value)

        painter.setPen(QPen(QColor("#8a6d2f"), 1.2 * mm))
        painter.drawRect(QRectF(8 * mm, 8 * mm, w - 16 * mm, h - 16 * mm))
        painter.setPen(QPen(QColor("#8a6d2f"), 0.3 * mm))
        painter.drawRect(QRectF(11 * mm, 11 * mm, w - 22 * mm, h - 22 * mm))
        painter.setPen(QColor("#222222"))
        text(22, 20, "合 格 证 书", 34, bold=True)
        text(42, 9, "CERTIFICATE OF COMPETENCE", 13)
        text(62, 14, facts.candidate, 28, bold=True)
        text(80, 12, f"于 {facts.date} 通过「{exam.title}」考核，成绩 {facts.score} 分。", 16)
        text(
            92, 9, f"passed the {exam.title_en} on {facts.date} with a score of {facts.score}.", 11
        )
        text(120, 8, f"证书编号 Certificate No.  {facts.number}", 12, x_mm=24, w_mm=170,
             align=Qt.AlignmentFlag.AlignLeft)  # fmt: skip
        text(130, 8, f"核验码 Verification code  {facts.short_code}", 12, x_mm=24, w_mm=170,
             align=Qt.AlignmentFlag.AlignLeft)  # fmt: skip
        text(140, 8, "扫描右侧二维码或运行 simulator certificate verify 核验", 10, x_mm=24,
             w_mm=170, align=Qt.AlignmentFlag.AlignLeft)  # fmt: skip
        text(148, 8, "Scan the QR code or run `simulator certificate verify` to check it.", 9,
             x_mm=24, w_mm=170, align=Qt.AlignmentFlag.AlignLeft)  # fmt: skip
        text(170, 10, "坐席实训认证中心 · Hotline Agent Training Centre", 12, x_mm=24, w_mm=170,
             align=Qt.AlignmentFlag.AlignLeft)  # fmt: skip
        matrix = qr_matrix(qr_text)
        side = 52 * mm
        cell = side / len(matrix)
        x0, y0 = w - 20 * mm - side, h - 20 * mm - side
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("black"))
        for r, row in enumerate(matrix):
            for c, dark in enumerate(row):
                if dark:
                    painter.drawRect(QRectF(x0 + c * cell, y0 + r * cell, cell * 1.01, cell * 1.01))
    finally:
        painter.end()
    return seal_pdf(bytes(buffer.data()), sign)
