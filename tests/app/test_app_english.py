"""English mode is English throughout: after driving a call, every page's widgets are walked
and no Han character may appear except in what was said (the trainee's transcript, the
caller's line) and what is to be said (rewrites, model answers, quoted seed passages: widgets
named ``transcript``/``quoted``, or text inside “…” and 「…」). Data texts come from the data's
English (``*_en``), so this also finds a scenario, rule or element without its English."""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTableWidget,
    QTreeWidget,
    QWidget,
)

from simulator.app import i18n
from tests.app.conftest import KEYS, press, shown, wait_phase
from tests.app.test_app_calls import start

ALLOWED = {"transcript", "quoted"}  # what was said, what to say
QUOTES = re.compile(r"“[^”]*”|「[^」]*」")
TAGS = re.compile(r"<[^>]+>")


def han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in text)


def _plain(text: str) -> str:
    return QUOTES.sub("", TAGS.sub("", text or ""))


def _allowed(widget: QWidget) -> bool:
    w = widget
    while w is not None:
        if w.objectName() in ALLOWED:
            return True
        w = w.parentWidget()
    return False


def chinese_left(root: QWidget) -> list[tuple[str, str]]:
    """(widget, text) for every visible text under ``root`` with Han characters outside what
    may stay Chinese."""
    QApplication.processEvents()
    found: list[tuple[str, str]] = []

    def check(widget: QWidget, text: str) -> None:
        if han(_plain(text)):
            found.append((f"{type(widget).__name__}#{widget.objectName()}", text))

    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root) and w is not root or _allowed(w):
            continue
        if isinstance(w, QLabel):
            check(w, w.text())
        elif isinstance(w, QAbstractButton):
            check(w, w.text())
        elif isinstance(w, QLineEdit):
            check(w, w.placeholderText())
        elif isinstance(w, QPlainTextEdit):
            check(w, w.placeholderText())
        elif isinstance(w, QComboBox) and w.objectName() != "language":  # 简体中文 names itself
            for i in range(w.count()):
                check(w, w.itemText(i))
        elif isinstance(w, QTreeWidget):
            head = w.headerItem()
            for c in range(w.columnCount()):
                check(w, head.text(c))
            for i in range(w.topLevelItemCount()):
                top = w.topLevelItem(i)
                items = [top] + [top.child(j) for j in range(top.childCount())]
                for item in items:
                    for c in range(w.columnCount()):
                        check(w, item.text(c))
        elif isinstance(w, QTableWidget):
            for c in range(w.columnCount()):
                check(w, w.horizontalHeaderItem(c).text())
            for r in range(w.rowCount()):
                for c in range(w.columnCount()):
                    if w.item(r, c) is not None:
                        check(w, w.item(r, c).text())
        elif isinstance(w, QListWidget):
            for i in range(w.count()):
                check(w, w.item(i).text())
    return found


def conversation_left(window) -> list[str]:
    """The call's conversation: the system's lines and the notes beside replies."""
    return [
        text
        for who, said, extra in window.call.lines
        for text in ((said, extra) if who == "system" else (extra,))
        if han(_plain(text))
    ]


def walk(window, page: str) -> list[tuple[str, str]]:
    window.show_page(page)
    left = chinese_left(window)
    assert han(window.windowTitle()) is False
    return left


def test_english_mode_is_english_after_a_call(make_app, qtbot):
    ctx, window, controller = make_app(["angry-bad-t1", "angry-good-t3"], language="en")
    try:
        assert i18n.language() == "en"
        assert chinese_left(window) == []  # home, banners, status bar
        window.home.select("angry-caller")
        assert chinese_left(window.home) == []
        start(qtbot, window, "angry-caller")
        assert chinese_left(window.call) == []  # the caller's card
        press(qtbot, window, KEYS["space"])
        window.call.show_hint(True)
        wait_phase(qtbot, window, "feedback")
        record = shown(window)
        assert not record.passed and record.result.delivery is not None  # a full feedback
        assert chinese_left(window) == []
        press(qtbot, window, KEYS["n"])
        wait_phase(qtbot, window, "feedback")
        assert chinese_left(window) == []
        assert conversation_left(window) == []
        press(qtbot, window, KEYS["n"])
        assert window.current_page() == "summary"
        assert walk(window, "summary") == []
        window.summary.turns.setCurrentRow(1)
        assert chinese_left(window.summary) == []
        window.navigate.emit("history")
        window.history.table.selectRow(0)
        assert walk(window, "history") == []
        window.navigate.emit("settings")
        assert walk(window, "settings") == []
        window.navigate.emit("home")
        assert walk(window, "home") == []
    finally:
        i18n.set_language("zh")


def test_switching_to_english_redraws_every_page(make_app, qtbot):
    ctx, window, controller = make_app(["date-good-t1", "date-good-t2"])
    try:
        start(qtbot, window, "date-invitation")
        press(qtbot, window, KEYS["space"])
        for _ in range(2):
            wait_phase(qtbot, window, "feedback")
            press(qtbot, window, KEYS["n"])
        window.navigate.emit("history")
        window.history.table.selectRow(0)
        window.navigate.emit("settings")
        settings = window.settings
        settings.language.setCurrentIndex(settings.language.findData("en"))
        settings.save_button.click()
        for page in ("settings", "home", "history", "summary", "call"):
            assert walk(window, page) == [], page
    finally:
        i18n.set_language("zh")


def test_every_bank_question_is_english_in_english_mode(qtbot):
    """Each question of every bank as the quiz page shows it (its answer area and the feedback
    after a right answer): no Chinese outside quotes, so no option, step or explanation lacks
    its English."""
    from simulator.app.quizzes.views.quiz_answer import AnswerBox
    from simulator.app.quizzes.views.quiz_feedback import QuizFeedback
    from simulator.core.quiz_bank import load_banks
    from simulator.core.quiz_draw import DrawnQuestion, present
    from simulator.core.quiz_grading import Verdict, feedback

    banks = load_banks()
    card = QuizFeedback()
    qtbot.addWidget(card)
    i18n.set_language("en")
    try:
        left = []
        for q in banks.questions():
            n = len(getattr(q, "options", None) or getattr(q, "steps", None) or ())
            item = DrawnQuestion(0, q.id, "", q.type, tuple(reversed(range(n))))
            box = AnswerBox(present(item, q))
            qtbot.addWidget(box)
            card.show_feedback(feedback(item, q, Verdict(True, 100, None, None)), q.type)
            left += [(q.id, *found) for w in (box, card) for found in chinese_left(w)]
            box.deleteLater()
        assert left == []
    finally:
        i18n.set_language("zh")
