"""Small reusable widgets: level meter, norm gauge, banner, card frame, score label, device
list."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from simulator.app import theme
from simulator.app.i18n import tr


def card(
    parent: QWidget | None = None, vertical: bool = True
) -> tuple[QFrame, QVBoxLayout | QHBoxLayout]:
    frame = QFrame(parent)
    frame.setObjectName("card")
    layout = QVBoxLayout(frame) if vertical else QHBoxLayout(frame)
    layout.setContentsMargins(12, 10, 12, 10)
    return frame, layout


def label(text: str = "", name: str = "", wrap: bool = False) -> QLabel:
    lab = QLabel(text)
    if name:
        lab.setObjectName(name)
    lab.setWordWrap(wrap)
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return lab


class LevelMeter(QWidget):
    """A horizontal input-level bar (0–1) with a slowly falling peak mark."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._level = 0.0
        self._peak = 0.0
        self.setMinimumHeight(14)
        self.setMinimumWidth(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("level")

    def set_level(self, value: float) -> None:
        value = max(0.0, min(1.0, float(value)))
        self._level = value
        self._peak = max(value, self._peak * 0.92)
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt name
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        p.setPen(QPen(QColor("#b7c0ca")))
        p.setBrush(QColor("#ffffff"))
        p.drawRoundedRect(r, 4, 4)
        w = (r.width() - 2) * self._level
        colour = "#2da44e" if self._level < 0.7 else ("#d4a72c" if self._level < 0.9 else "#cf222e")
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(colour))
        p.drawRoundedRect(QRectF(r.left() + 1, r.top() + 1, w, r.height() - 2), 3, 3)
        x = r.left() + 1 + (r.width() - 2) * self._peak
        p.setPen(QPen(QColor("#57606a"), 2))
        p.drawLine(int(x), int(r.top() + 2), int(x), int(r.bottom() - 2))
        p.end()


class Gauge(QWidget):
    """One delivery measure on a bar: the norm band in green, the value as a marker."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMinimumHeight(22)
        self.setMinimumWidth(110)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.value: float | None = None
        self.lo: float | None = None
        self.hi: float | None = None
        self.ok = True

    def set_data(self, value: float | None, lo: float | None, hi: float | None, ok: bool) -> None:
        self.value = value
        self.lo, self.hi = lo, hi
        self.ok = ok
        self.update()

    def _range(self) -> tuple[float, float]:
        pts = [x for x in (self.value, self.lo, self.hi) if x is not None]
        if not pts:
            return 0.0, 1.0
        lo, hi = min(pts), max(pts)
        if lo >= 0 and (self.lo is None or self.lo >= 0):
            lo = 0.0
        span = (hi - lo) or abs(hi) or 1.0
        return lo - 0.05 * span, hi + 0.25 * span

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(1, 5, -1, -5)
        lo, hi = self._range()

        def x(v: float) -> float:
            return r.left() + (v - lo) / (hi - lo) * r.width()

        p.setPen(QPen(QColor("#c0c8d0")))
        p.setBrush(QColor("#f0f2f4"))
        p.drawRoundedRect(r, 3, 3)
        band_lo = self.lo if self.lo is not None else lo
        band_hi = self.hi if self.hi is not None else hi
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#bfe5c6"))
        p.drawRect(
            QRectF(x(band_lo), r.top() + 1, max(2.0, x(band_hi) - x(band_lo)), r.height() - 2)
        )
        if self.value is not None:
            colour = QColor(theme.GOOD if self.ok else theme.BAD)
            p.setPen(QPen(colour, 3))
            vx = min(max(x(self.value), r.left() + 2), r.right() - 2)
            p.drawLine(int(vx), int(r.top() - 4), int(vx), int(r.bottom() + 4))
        p.end()


class Banner(QFrame):
    """A coloured strip at the top of the window: a message, an optional action button and,
    when ``closable``, a button that hides it. The message is kept as a string id and its
    fields, so it follows a change of language."""

    action = Signal()

    def __init__(self, kind: str = "warn", parent: QWidget | None = None, closable: bool = False):
        super().__init__(parent)
        self.setObjectName("banner")
        self.setProperty("kind", kind)
        self._message: tuple[str, str, dict] | None = None
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton()
        self.button.setVisible(False)
        self.button.clicked.connect(self.action)
        self.close_button = QPushButton(tr("banner.close"))
        self.close_button.setVisible(closable)
        self.close_button.clicked.connect(self.hide)
        lay.addWidget(self.text, 1)
        lay.addWidget(self.button)
        lay.addWidget(self.close_button)
        self.setVisible(False)

    def set_kind(self, kind: str) -> None:
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)

    def show_message(self, key: str, button: str = "", **fields) -> None:
        """Show ``tr(key, **fields)`` with a ``tr(button)`` action ("" for none)."""
        self._message = (key, button, fields)
        self.retranslate()
        self.setVisible(True)

    def retranslate(self) -> None:
        self.close_button.setText(tr("banner.close"))
        if self._message is not None:
            key, button, fields = self._message
            self.text.setText(tr(key, **fields))
            self.button.setText(tr(button) if button else "")
            self.button.setVisible(bool(button))


def stars(difficulty: int) -> str:
    return "★" * difficulty + "☆" * max(0, 5 - difficulty)


class ScoreLabel(QLabel):
    """A big score number coloured by result."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("big")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumWidth(90)

    def set_score(self, score: int | None, passed: bool | None = None) -> None:
        self.setText("–" if score is None else str(score))
        self.setStyleSheet(f"color: {theme.score_colour(score, passed)};")


MISSING_ROLE = Qt.ItemDataRole.UserRole + 1  # marks the saved device that is not connected


def fill_devices(combo: QComboBox, devices: list[str], current: str) -> None:
    """The system default (data "") then each device by name, ``current`` selected; no change
    signal fires. A saved device that is not connected stays listed (and selected) as
    "name (not connected)", so keeping the settings does not quietly swap it for the default."""
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(tr("home.default_device"), "")
    for name in devices:
        combo.addItem(name, name)
    if current and current not in devices:
        combo.addItem(tr("home.device_missing", name=current), current)
        combo.setItemData(combo.count() - 1, True, MISSING_ROLE)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)


def retranslate_devices(combo: QComboBox) -> None:
    """The texts ``fill_devices`` wrote, in the current language; no change signal fires."""
    combo.blockSignals(True)
    for i in range(combo.count()):
        if i == 0:
            combo.setItemText(0, tr("home.default_device"))
        elif combo.itemData(i, MISSING_ROLE):
            combo.setItemText(i, tr("home.device_missing", name=combo.itemData(i)))
    combo.blockSignals(False)
