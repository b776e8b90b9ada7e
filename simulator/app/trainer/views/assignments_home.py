"""The trainee's assignments on the home page: each with its progress (scenarios done of all),
its due date (overdue ones marked) and a button that starts the next scenario to do."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout, QWidget

from simulator.app import theme
from simulator.app.i18n import local_time, tr
from simulator.app.qtutil import slot
from simulator.app.trainer.views.assignments import STATUS_COLOURS
from simulator.app.widgets import card, label


def next_scenario(progress) -> str | None:
    """The scenario of an assignment to practise next: the first not done yet."""
    for s in progress.scenarios:
        if not s.done:
            return s.scenario_id
    return None


class AssignmentsCard(QWidget):
    """A card listing ``Progress`` records; hidden when there are none."""

    start_scenario = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("myAssignments")
        self.progress: list = []
        self.titles: dict[str, str] = {}  # scenario id → title in the UI language
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        frame, self.box = card()
        outer.addWidget(frame)
        self.title = label("", "subtitle")
        self.box.addWidget(self.title)
        self.rows: list[QWidget] = []
        self.buttons: dict[str, QPushButton] = {}  # assignment id → its start button
        self.setVisible(False)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(tr("asg.mine"))
        self.set_progress(self.progress, self.titles)

    def set_progress(self, progress: list, titles: dict[str, str]) -> None:
        self.progress, self.titles = progress, titles
        for w in self.rows:
            w.hide()
            w.deleteLater()
        self.rows, self.buttons = [], {}
        for p in progress:
            row = QWidget()
            lay = QHBoxLayout(row)
            lay.setContentsMargins(0, 2, 0, 2)
            title = titles.get(p.scenario_id or "", "") or titles.get(p.pack_id, p.title)
            due = local_time(p.due_at) if p.due_at else tr("asg.no_due")
            text = label(tr("asg.line", title=title, due=due, threshold=p.threshold), wrap=True)
            lay.addWidget(text, 3)
            bar = QProgressBar()
            bar.setRange(0, max(1, p.total))
            bar.setValue(p.done)
            bar.setFormat(f"{p.done}/{p.total}")
            bar.setMaximumWidth(120)
            lay.addWidget(bar, 1)
            state = label(tr(f"asg.status_{p.status}"), f"status_{p.status}")
            state.setStyleSheet(
                f"color: {STATUS_COLOURS.get(p.status, theme.MUTED)}; font-weight: bold;"
            )
            lay.addWidget(state)
            sid = next_scenario(p)
            if sid is not None:
                button = QPushButton(tr("asg.start"))
                button.clicked.connect(slot(self.start_scenario.emit, sid))
                lay.addWidget(button)
                self.buttons[p.assignment_id] = button
            self.box.addWidget(row)
            self.rows.append(row)
        self.setVisible(bool(progress))

    def lines(self) -> list[tuple[str, str]]:
        """(assignment id, status) as shown."""
        return [(p.assignment_id, p.status) for p in self.progress]
