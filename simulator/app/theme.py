"""Colours and the style sheet: one colour per violation category, a calm softphone look.

Sizes are in points, not pixels, so the UI follows the system font and ``QT_SCALE_FACTOR``
(text stays readable at 125 %).
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

# Background (highlight) colour per category; text on them stays dark.
CATEGORY_COLOURS = {
    "forbidden_word": "#ffb3b3",
    "rhetorical": "#ffcc99",
    "interrogating": "#ffe08a",
    "commanding": "#f7a8d8",
    "sarcastic": "#d5b3ff",
    "shirking": "#a8c8ff",
    "filler": "#c9e7a7",
    "impolite_address": "#ffd1b8",
    "missing_element": "#e0e0e0",
    "off_protocol": "#ff9f9f",
    "delivery": "#b8e6e6",
}
FALLBACK_COLOUR = "#dddddd"

ACCENT = "#1f6feb"
GOOD = "#1a7f37"
WARN = "#b35900"
BAD = "#c62828"
MUTED = "#5f6b7a"
UNSURE = "#8a94a3"  # characters the recogniser was unsure of

CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
)


def category_colour(category: str) -> str:
    return CATEGORY_COLOURS.get(category, FALLBACK_COLOUR)


def score_colour(score: float | None, passed: bool | None = None) -> str:
    if score is None:
        return MUTED
    if passed is False or score < 60:
        return BAD
    return GOOD if score >= 80 else WARN


STYLE = f"""
QMainWindow, QWidget#page {{ background: #f6f8fa; }}
QFrame#card {{ background: white; border: 1px solid #d0d7de; border-radius: 8px; }}
QFrame#banner {{ background: #fff4ce; border: 1px solid #e0c060; border-radius: 6px; }}
QFrame#banner[kind="error"] {{ background: #ffe3e3; border-color: #e08080; }}
QFrame#banner[kind="info"] {{ background: #e7f0ff; border-color: #8fb3f0; }}
QLabel#title {{ font-size: 16pt; font-weight: 600; }}
QLabel#subtitle {{ font-size: 12pt; font-weight: 600; }}
QLabel#muted, QLabel#unsureNote {{ color: {MUTED}; }}
QLabel#phase {{ font-size: 15pt; font-weight: 600; color: {ACCENT}; }}
QLabel#big {{ font-size: 26pt; font-weight: 700; }}
QLabel#typedBadge {{ background: #6e40c9; color: white; border-radius: 4px; padding: 2px 6px; }}
QLabel#modelBadge {{ background: #eef1f5; color: #3d4a5c; border: 1px solid #b7c0ca;
                    border-radius: 4px; padding: 1px 6px; font-size: 9pt; }}
QPushButton {{ padding: 5px 12px; border-radius: 5px; border: 1px solid #b7c0ca;
              background: #ffffff; }}
QPushButton:hover {{ background: #eef3f8; }}
QPushButton:focus {{ border: 2px solid {ACCENT}; }}
QPushButton:disabled {{ color: #9aa4ae; }}
QPushButton#primary {{ background: {ACCENT}; color: white; border: 1px solid {ACCENT}; }}
QPushButton#primary:hover {{ background: #1a5fcc; }}
QPushButton#primary:disabled {{ background: #c9d4e0; border-color: #c9d4e0; color: #f4f6f8; }}
QPushButton#answer {{ background: {GOOD}; color: white; font-size: 13pt; font-weight: 600;
                     padding: 10px 24px; border-radius: 22px; }}
QPushButton#hangup {{ background: {BAD}; color: white; font-weight: 600; border-radius: 16px;
                     padding: 6px 18px; }}
QListWidget#nav {{ background: #24292f; color: #e6edf3; border: none; font-size: 12pt; }}
QListWidget#nav::item {{ padding: 12px 14px; }}
QFrame#side {{ background: #24292f; }}
QLabel#userLabel {{ color: #e6edf3; font-size: 9pt; }}
QListWidget#nav::item:selected {{ background: {ACCENT}; color: white; }}
QTreeWidget, QTableWidget, QListWidget, QTextBrowser, QPlainTextEdit, QLineEdit {{
    background: white; }}
QListWidget#turns::item {{ padding: 8px 6px; border-bottom: 1px solid #eef0f2; }}
QListWidget#turns::item:selected {{ background: {ACCENT}; color: white; }}
QProgressBar {{ border: 1px solid #c0c8d0; border-radius: 4px; text-align: center;
               background: white; min-height: 14px; }}
QProgressBar::chunk {{ background: {ACCENT}; }}
"""


def apply(app: QApplication) -> None:
    """Pick a CJK-capable font and install the style sheet."""
    families = set(QFontDatabase.families())
    font = QFont(app.font())
    for family in CJK_FAMILIES:
        if family in families:
            font.setFamily(family)
            break
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    app.setStyleSheet(STYLE)
