"""The feedback card after a quiz answer: right or not, the grader's score and findings for a
rewrite, the right answer (or an approved way to say it), the explanation and the seed's own
words with its title; the quiz's result at the end. The right answer and the explanation are in
the UI's language (the bank's English in English mode); what is to be said (a model answer, in
「…」) and the seed's words are shown as they are (the widget is named ``quoted``)."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from simulator.app import theme
from simulator.app.i18n import category_name, language, pick, tr
from simulator.app.practice import wording
from simulator.app.widgets import label


class QuizFeedback(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        fl = QVBoxLayout(self)
        fl.setContentsMargins(12, 10, 12, 10)
        self.verdict = label("", "subtitle", wrap=True)
        self.heard_title = label("", "muted")
        self.heard = label("", "", wrap=True)
        self.heard.setObjectName("transcript")  # what was said, as heard
        self.score = label("", "muted")
        self.issues = label("", "", wrap=True)
        self.expected_title = label("", "muted")
        self.expected = label("", "", wrap=True)
        self.explanation_title = label("", "muted")
        self.explanation = label("", "", wrap=True)
        self.evidence_title = label("", "muted", wrap=True)
        self.evidence = label("", "", wrap=True)
        self.evidence.setObjectName("quoted")  # the seed's words, as they are
        self.queued = label("", "muted", wrap=True)
        for w in (
            self.verdict,
            self.heard_title,
            self.heard,
            self.score,
            self.issues,
            self.expected_title,
            self.expected,
            self.explanation_title,
            self.explanation,
            self.evidence_title,
            self.evidence,
        ):
            fl.addWidget(w)
        fl.addWidget(self.queued)
        self.done = label("", "subtitle", wrap=True)
        fl.addWidget(self.done)
        fl.addStretch(1)

    def show_feedback(self, fb, kind: str, heard: str | None = None) -> None:
        """``fb``: a ``core.quiz_grading.Feedback`` for a question of type ``kind``; ``heard``:
        the transcript of a spoken answer (None: typed)."""
        colour = theme.GOOD if fb.correct else theme.BAD
        self.verdict.setText(tr("quiz.correct" if fb.correct else "quiz.wrong"))
        self.verdict.setStyleSheet(f"color: {colour};")
        self.heard_title.setText(tr("quiz.heard"))
        self.heard.setText(f"「{heard}」" if heard else tr("quiz.heard_empty"))
        for w in (self.heard_title, self.heard):
            w.setVisible(heard is not None)
        self.score.setVisible(fb.grade is not None)
        self.score.setText(tr("quiz.score", score=fb.score))
        self.issues.setText(self._issues(fb.grade))
        self.issues.setVisible(bool(self.issues.text()))
        self.expected_title.setText(
            tr("quiz.model_answer" if kind == "rewrite" else "quiz.expected")
        )
        self.expected.setText(self._expected(fb, kind))
        self.explanation_title.setText(tr("quiz.explanation"))
        self.explanation.setText(pick(fb.explanation, fb.explanation_en))
        title = pick(fb.source_title, fb.source_title_en)
        self.evidence_title.setText(tr("quiz.evidence", title=title))
        self.evidence.setText(f"「{fb.evidence}」")
        self.queued.setText(tr("quiz.queued"))
        self.queued.setVisible(not fb.correct)
        self.done.setVisible(False)
        self.setVisible(True)

    @staticmethod
    def _expected(fb, kind: str) -> str:
        if kind == "true_false":
            return tr("quiz.true" if fb.expected else "quiz.false")
        if kind in ("rewrite", "say"):  # words to say: as they are
            return "<br>".join(f"「{html.escape(s)}」" for s in fb.expected_text)
        english = fb.expected_text_en if language() == "en" else ()
        texts = english or fb.expected_text
        if kind == "order":
            return "<br>".join(f"{i}. {html.escape(s)}" for i, s in enumerate(texts, 1))
        return "<br>".join(html.escape(s) for s in texts)

    @staticmethod
    def _issues(grade) -> str:
        if grade is None or grade.passed:
            return ""
        parts = []
        found = [
            f"{category_name(v.category)}「{v.text}」" if v.text else category_name(v.category)
            for v in grade.failing
            if v.category != "missing_element"  # listed as what is missing, below
        ]
        if found:
            parts.append(tr("quiz.issues", items=tr("list.sep").join(found)))
        missing = [
            wording.element_label(n, grade.elements_en)
            for n, ok in grade.elements.items()
            if not ok
        ]
        if missing:
            parts.append(tr("quiz.missing", items=tr("list.sep").join(missing)))
        return "\n".join(parts)

    def text(self) -> str:
        """What the card says (tests)."""
        shown = (
            self.verdict,
            self.heard,
            self.score,
            self.issues,
            self.expected,
            self.explanation,
            self.evidence_title,
            self.evidence,
        )
        return " ".join(w.text() for w in shown if not w.isHidden())

    def show_done(self, right: int, total: int, missed: int) -> None:
        """The quiz's result, under the last answer's feedback."""
        text = tr("quiz.done", right=right, total=total)
        if missed:
            text += "\n" + tr("quiz.done_missed", n=missed)
        self.done.setText(text)
        self.done.setVisible(True)
