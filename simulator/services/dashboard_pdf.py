"""Dashboard reports as PDF with Qt's QPdfWriter (imported here only, on first use), as the
certificates are (``certificate_pdf``: Noto CJK embedded as subsets). A4 portrait; text and
tables flow onto new pages; the heat map is a grid of shaded cells."""

from __future__ import annotations

from collections.abc import Callable

from simulator.services.certificate_pdf import FONT_FAMILIES, _app
from simulator.services.errors import ServiceError

MARGIN_MM = 15.0


def _family() -> str:
    from PySide6.QtGui import QFontDatabase

    families = set(QFontDatabase.families())
    for name in FONT_FAMILIES:
        if name in families:
            return name
    raise ServiceError(
        "缺少中文字体（Debian 软件包 fonts-noto-cjk），无法生成 PDF",
        "the CJK font is missing (Debian package fonts-noto-cjk): no PDF",
    )


class _Report:
    """A flowing A4 document: headings, lines of text and tables."""

    def __init__(self, title: str):
        _app()
        from PySide6.QtCore import QBuffer, QIODevice, QMarginsF
        from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

        self.family = _family()
        self.buffer = QBuffer()
        self.buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.writer = QPdfWriter(self.buffer)
        self.writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(0, 0, 0, 0),
            )
        )
        self.writer.setResolution(150)
        self.writer.setTitle(title)
        self.writer.setCreator("坐席实训 simulator")
        self.painter = QPainter(self.writer)
        self.mm = self.writer.width() / 210.0
        self.y = MARGIN_MM

    def font(self, size: float, bold: bool = False):
        from PySide6.QtGui import QFont

        f = QFont(self.family)
        f.setPointSizeF(size)
        f.setBold(bold)
        return f

    def room(self, h_mm: float) -> None:
        if self.y + h_mm > 297 - MARGIN_MM:
            self.writer.newPage()
            self.y = MARGIN_MM

    def text(self, value: str, size: float = 10, bold: bool = False, h_mm: float = 6.0,
             x_mm: float = MARGIN_MM, w_mm: float = 180.0) -> None:  # fmt: skip
        from PySide6.QtCore import QRectF, Qt

        self.room(h_mm)
        self.painter.setFont(self.font(size, bold))
        rect = QRectF(x_mm * self.mm, self.y * self.mm, w_mm * self.mm, h_mm * self.mm)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        self.painter.drawText(rect, int(flags | Qt.TextFlag.TextWordWrap), value)
        self.y += h_mm

    def table(self, header: list[str], rows: list[list], widths: list[float]) -> None:
        from PySide6.QtCore import QRectF, Qt
        from PySide6.QtGui import QColor

        def line(cells, bold: bool) -> None:
            self.room(6.0)
            x = MARGIN_MM
            self.painter.setFont(self.font(8.5, bold))
            for cell, w in zip(cells, widths, strict=True):
                rect = QRectF(x * self.mm, self.y * self.mm, (w - 1) * self.mm, 6 * self.mm)
                flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                self.painter.drawText(rect, int(flags), self._fit(str(cell), w))
                x += w
            self.y += 6.0

        self.painter.setPen(QColor("#222222"))
        line(header, True)
        for row in rows:
            line(row, False)
        self.y += 3.0

    @staticmethod
    def _fit(value: str, w_mm: float) -> str:
        limit = max(3, int(w_mm / 2.2))
        return value if len(value) <= limit else value[: limit - 1] + "…"

    def heat(self, categories, scenarios, counts, label: Callable[[str], str]) -> None:
        from PySide6.QtCore import QRectF, Qt
        from PySide6.QtGui import QColor

        if not categories or not scenarios:
            self.text("（无违规记录 / no violations）")
            return
        top = max(max(row) for row in counts) or 1
        cell_w = min(12.0, 130.0 / len(scenarios))
        self.room(30.0)
        self.painter.setFont(self.font(6.5))
        for j in range(len(scenarios)):  # column heads: S1, S2 … (named below the grid)
            rect = QRectF((MARGIN_MM + 45 + j * cell_w) * self.mm, self.y * self.mm,
                          cell_w * self.mm, 5 * self.mm)  # fmt: skip
            self.painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), f"S{j + 1}")
        self.y += 5.0
        for cat, row in zip(categories, counts, strict=True):
            self.room(5.0)
            self.painter.setFont(self.font(7.5))
            self.painter.drawText(
                QRectF(MARGIN_MM * self.mm, self.y * self.mm, 44 * self.mm, 5 * self.mm),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), cat,
            )  # fmt: skip
            for j, n in enumerate(row):
                shade = int(255 - 200 * (n / top))
                rect = QRectF((MARGIN_MM + 45 + j * cell_w) * self.mm, self.y * self.mm,
                              (cell_w - 0.4) * self.mm, 4.6 * self.mm)  # fmt: skip
                self.painter.fillRect(rect, QColor(255, shade, shade))
                if n:
                    self.painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), str(n))
            self.y += 5.0
        self.y += 2.0
        for j, sid in enumerate(scenarios):
            self.text(f"S{j + 1} = {sid} {label(sid)}", size=7, h_mm=4.0)

    def finish(self) -> bytes:
        self.painter.end()
        return bytes(self.buffer.data())


def _range(d) -> str:
    since = d.since.isoformat() if d.since else "…"
    until = d.until.isoformat() if d.until else "…"
    return f"{since} – {until}"


def team_report(d, title: Callable[[str], str]) -> bytes:
    r = _Report("团队看板 Team dashboard")
    try:
        r.text("团队看板 · Team dashboard", size=16, bold=True, h_mm=10)
        group = d.group_name or "全部学员 / everyone"
        r.text(f"时间 Dates: {_range(d)}    组 Group: {group}    练习次数 Attempts: {d.attempts}")
        r.text("各情景通过率 · Pass rate per scenario", size=12, bold=True, h_mm=9)
        r.table(
            ["情景 Scenario", "次数", "通过", "通过率", "平均分"],
            [[f"{x.title} ({x.scenario_id})", x.attempts, x.passed, f"{x.rate:.0%}",
              f"{x.mean_score:.1f}"] for x in d.pass_rates],
            [95, 20, 20, 22, 23],
        )  # fmt: skip
        r.text("违规类别 × 情景 · Violations by category and scenario", size=12, bold=True,
               h_mm=9)  # fmt: skip
        r.heat(d.heat.categories, d.heat.scenarios, d.heat.counts, title)
        r.text("最常见的违规 · Most frequent violations", size=12, bold=True, h_mm=9)
        for v in d.frequent:
            r.text(f"{v.rule} [{v.category}] × {v.count}  {v.explanation}", size=9, bold=True)
            for e in v.examples:
                r.text(f"  「{e.text}」 {e.transcript}  — {e.trainee} {e.at[:10]}", size=8,
                       h_mm=5)  # fmt: skip
        return r.finish()
    except BaseException:
        r.painter.end()
        raise


def trainee_report(d, title: Callable[[str], str]) -> bytes:
    r = _Report(f"学员看板 {d.name}")
    try:
        r.text(f"学员看板 · Trainee dashboard: {d.name}", size=16, bold=True, h_mm=10)
        r.text("任务 · Assignments", size=12, bold=True, h_mm=9)
        r.table(
            ["任务 Assignment", "状态 Status", "完成", "截止 Due"],
            [[p.title, p.status, f"{p.done}/{p.total}", (p.due_at or "")[:10]]
             for p in d.assignments],
            [90, 35, 20, 35],
        )  # fmt: skip
        r.text("最弱的类别 · Weakest categories", size=12, bold=True, h_mm=9)
        r.table(["类别 Category", "次数", "每次练习"],
                [[w.category, w.count, f"{w.per_attempt:.2f}"] for w in d.weakest],
                [90, 40, 50])  # fmt: skip
        r.text("成绩趋势 · Score trend", size=12, bold=True, h_mm=9)
        r.table(["时间 At", "情景 Scenario", "分数", "通过"],
                [[t.at[:16], title(t.scenario_id), t.score, "✓" if t.passed else "✗"]
                 for t in d.trend[-40:]],
                [40, 100, 20, 20])  # fmt: skip
        return r.finish()
    except BaseException:
        r.painter.end()
        raise
