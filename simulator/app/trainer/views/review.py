"""Review and override: a trainee's attempts, an attempt's turns and one turn in full
(``review_turn.TurnPanel``: transcript, both verdicts, violations, missing elements, delivery,
the recording, the override form); the override report is the second tab
(``review_report``). Lays out and emits; the review controller does the work."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QListWidget,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from simulator.app import theme
from simulator.app.exams.views.common import say
from simulator.app.i18n import local_time, message, pick, tr
from simulator.app.room.views.source import show_source
from simulator.app.trainer.views.review_report import ReviewReportView
from simulator.app.trainer.views.review_turn import TurnPanel, verdict_word
from simulator.app.trainer.views.tables import fill, table
from simulator.app.widgets import label

__all__ = ["ReviewView"]


class ReviewView(QWidget):
    trainee_selected = Signal(str)
    attempt_selected = Signal(str)
    report_wanted = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.trainees: list = []
        self.attempts: list = []
        self.review = None  # AttemptReview
        self.source = None  # where the attempts listed come from (room_reads.Source)
        self._turn = -1
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
        self.turn.problem.connect(lambda key: self._show_status("error", key))
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
        self.source_line = label("", "reviewSource", wrap=True)
        self.source_line.setVisible(False)
        lay.addWidget(self.source_line)
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        self.table = table(4, "attempts")
        self.table.itemSelectionChanged.connect(self._attempt_changed)
        ll.addWidget(self.table, 2)
        self.turns = QListWidget()
        self.turns.setObjectName("turns")
        self.turns.currentRowChanged.connect(self._show_turn)
        ll.addWidget(self.turns, 1)
        split.addWidget(left)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        self.turn = TurnPanel()
        scroll.setWidget(self.turn)
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
            [tr("hist.col_scenario"), tr("hist.col_when"), tr("hist.col_score"),
             tr("rev.col_seat")]
        )  # fmt: skip
        show_source(self.source_line, self.source)
        self.set_trainees(self.trainees)
        self.set_attempts(self.attempts)
        self.turn.retranslate()
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
                           "–" if a.score is None else str(a.score), _seat(a)]
                          for a in attempts], colours)  # fmt: skip
        self.table.blockSignals(False)

    def show_source(self, source) -> None:
        """Where the attempts listed come from: the whole centre, or this seat and why."""
        self.source = source
        show_source(self.source_line, source)

    def source_text(self) -> str:
        return self.source_line.text() if not self.source_line.isHidden() else ""

    def show_info(self, key: str) -> None:
        self._show_status("info", key)

    def select_attempt(self, row: int) -> None:
        self.table.selectRow(row)

    def set_sets(self, sets: list) -> None:
        self.turn.set_sets(sets)

    def set_element_names(self, names_en: dict[str, str]) -> None:
        self.turn.names_en = names_en

    def show_review(self, review) -> None:
        """An ``AttemptReview``: its turns listed, the current (or first) one shown."""
        self.review = review
        self.turn.remote = False
        self._show_review(review)

    def show_remote(self, remote) -> None:
        """A ``RemoteReview``: an attempt made on another seat, opened from the centre (or
        from the copy read earlier, the centre unreachable: said so, with why)."""
        self.review = remote.review
        self.turn.remote = True
        self._show_review(remote.review)
        if self._status is not None and self._status[0] == "done":
            return  # read again after an override: "saved" stays
        if remote.fresh:
            self._show_status("info", "rev.remote_opened", seat=remote.seat_id[:8])
        else:
            self._show_status("info", "rev.remote_stale", why=message(remote.reason))

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

    def _show_turn(self, row: int) -> None:
        self._turn = row
        self.turn.show_turn(self.current_turn(), self.review.trainee if self.review else "")

    def current_turn(self):
        if self.review and 0 <= self._turn < len(self.review.turns):
            return self.review.turns[self._turn]
        return None

    # the turn panel's form, as a user fills it (tests, screenshots)
    def choose(self, item: int, decision: str, comment: str, category: str | None = None):
        self.turn.choose(item, decision, comment, category)

    def item_texts(self) -> list[str]:
        return self.turn.item_texts()

    def verdict_text(self) -> str:
        return self.turn.verdicts.text()

    def clear_comment(self) -> None:
        self.turn.clear_comment()

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
            self.clear_status()  # a note about the last attempt is not this one's
            self.attempt_selected.emit(self.attempts[r].id)


def _seat(attempt) -> str:
    """Where an attempt was made: here, or another seat (its id's short form)."""
    if getattr(attempt, "here", True):
        return tr("rev.seat_here")
    return tr("rev.seat_other", id=attempt.seat_id[:8])
