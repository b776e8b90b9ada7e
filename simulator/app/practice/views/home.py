"""Home: packs and scenarios (title, difficulty, tags, own best score and attempts), continue
where I stopped, packs that failed to load, and the microphone check with level meter."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from simulator.app.i18n import pick, tr
from simulator.app.practice import wording
from simulator.app.trainer.views.assignments_home import AssignmentsCard
from simulator.app.widgets import (
    LevelMeter,
    card,
    fill_devices,
    label,
    retranslate_devices,
    stars,
)

ROLE_ID = Qt.ItemDataRole.UserRole


class HomeView(QWidget):
    start_scenario = Signal(str)
    continue_last = Signal()
    mic_test = Signal(bool)
    device_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.catalog = None
        self.stats: dict = {}
        self._resume = None
        self._mic = ("idle", "")  # idle | listening | missing, and the reason
        root = QHBoxLayout(self)
        root.setContentsMargins(14, 12, 14, 12)
        root.setSpacing(12)
        left = QVBoxLayout()
        self.heading = label("", "title")
        left.addWidget(self.heading)
        self.resume_card, rl = card(vertical=False)
        self.resume_text = label("", wrap=True)
        self.resume_button = QPushButton()
        self.resume_button.setObjectName("primary")
        self.resume_button.clicked.connect(self.continue_last)
        rl.addWidget(self.resume_text, 1)
        rl.addWidget(self.resume_button)
        self.resume_card.setVisible(False)
        left.addWidget(self.resume_card)
        self.assignments = AssignmentsCard()  # the trainee's assignments (hidden: none)
        self.assignments.start_scenario.connect(self.start_scenario)
        left.addWidget(self.assignments)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(5)
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAccessibleName("scenarios")
        head = self.tree.header()
        head.setStretchLastSection(False)
        for col in (0, 1, 3, 4):
            head.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # tags give way first
        self.tree.currentItemChanged.connect(lambda *_: self._show_detail())
        self.tree.itemActivated.connect(lambda item, _col: self._activate(item))
        left.addWidget(self.tree, 1)
        self.problems = label("", wrap=True)
        self.problems.setStyleSheet("background:#ffe3e3; padding:6px; border-radius:4px;")
        self.problems.setVisible(False)
        left.addWidget(self.problems)
        root.addLayout(left, 3)
        root.addLayout(self._right_column(), 2)
        self.retranslate()

    def _right_column(self) -> QVBoxLayout:
        col = QVBoxLayout()
        self.detail_card, dl = card()
        self.detail_title = label("", "subtitle", wrap=True)
        self.detail_meta = label("", "muted", wrap=True)
        self.detail_summary = label("", wrap=True)
        self.detail_first = label("", wrap=True)
        self.detail_first.setStyleSheet("background:#eef2f6; padding:8px; border-radius:6px;")
        self.detail_required = label("", wrap=True)
        self.detail_best = label("", "muted", wrap=True)
        self.start_button = QPushButton()
        self.start_button.setObjectName("primary")
        self.start_button.setEnabled(False)
        self.start_button.clicked.connect(lambda: self._activate(self.tree.currentItem()))
        for w in (
            self.detail_title,
            self.detail_meta,
            self.detail_summary,
            self.detail_first,
            self.detail_required,
            self.detail_best,
        ):
            dl.addWidget(w)
        dl.addStretch(1)
        dl.addWidget(self.start_button)
        col.addWidget(self.detail_card, 3)
        self.mic_card, ml = card()
        self.mic_title = label("", "subtitle")
        ml.addWidget(self.mic_title)
        row = QHBoxLayout()
        self.device_label = QLabel()
        self.devices = QComboBox()
        self.devices.setAccessibleName("microphone")
        self.devices.currentTextChanged.connect(self._device_picked)
        self.device_label.setBuddy(self.devices)
        row.addWidget(self.device_label)
        row.addWidget(self.devices, 1)
        ml.addLayout(row)
        self.mic_button = QPushButton()
        self.mic_button.setCheckable(True)
        self.mic_button.toggled.connect(self._mic_toggled)
        self.meter = LevelMeter()
        row2 = QHBoxLayout()
        row2.addWidget(self.mic_button)
        row2.addWidget(self.meter, 1)
        ml.addLayout(row2)
        self.mic_status = label("", "muted", wrap=True)
        ml.addWidget(self.mic_status)
        col.addWidget(self.mic_card, 0)
        return col

    # ------------------------------------------------------------------ data in
    def retranslate(self) -> None:
        self.heading.setText(tr("home.heading"))
        self.tree.setHeaderLabels(
            [
                tr("home.col_title"),
                tr("home.col_difficulty"),
                tr("home.col_tags"),
                tr("home.col_best"),
                tr("home.col_attempts"),
            ]
        )
        self.resume_button.setText(tr("home.continue"))
        self.start_button.setText(tr("home.start"))
        self.mic_title.setText(tr("home.mic_title"))
        self.device_label.setText(tr("home.device"))
        retranslate_devices(self.devices)
        self._mic_toggled(self.mic_button.isChecked(), emit=False)
        self.set_mic_state(*self._mic)
        self.set_resume(self._resume)
        self.assignments.retranslate()
        if self.catalog is not None:
            self.set_catalog(self.catalog, self.stats)
        else:
            self.detail_title.setText(tr("home.loading"))

    def set_catalog(self, catalog, stats: dict) -> None:
        self.catalog, self.stats = catalog, stats
        current = self.selected_id()
        self.tree.clear()
        first = None
        for pack in catalog.packs.values():
            top = QTreeWidgetItem([pick(pack.title, pack.title_en)])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.tree.addTopLevelItem(top)
            for sc in pack.scenarios:
                st = stats.get(sc.id, {})
                best = st.get("best")
                item = QTreeWidgetItem(
                    [
                        pick(sc.title, sc.title_en),
                        stars(sc.difficulty),
                        wording.tags(sc),
                        "–" if best is None else str(best),
                        str(st.get("attempts", 0)),
                    ]
                )
                item.setData(0, ROLE_ID, sc.id)
                item.setToolTip(0, pick(sc.summary, sc.summary_en))
                top.addChild(item)
                if first is None or sc.id == current:
                    first = item
            top.setExpanded(True)
        if first is not None:
            self.tree.setCurrentItem(first)
        if not catalog.scenarios:
            self.detail_title.setText(tr("home.no_scenarios"))

    def set_problems(self, problems: list[str]) -> None:
        if problems:
            shown = "\n".join(f"• {p}" for p in problems[:8])
            more = tr("home.more_problems", n=len(problems) - 8) if len(problems) > 8 else ""
            self.problems.setText(tr("home.problems") + "\n" + shown + more)
        self.problems.setVisible(bool(problems))

    def set_resume(self, attempt) -> None:
        """The unfinished attempt (``AttemptRecord``) to continue, or None."""
        self._resume = attempt
        self.resume_card.setVisible(attempt is not None)
        if attempt is not None:
            title = pick(attempt.title, attempt.title_en)
            self.resume_text.setText(tr("home.resume", title=title, n=attempt.turn_count))

    def set_devices(self, devices: list[str], current: str, reason: str | None) -> None:
        fill_devices(self.devices, devices, current)
        usable = reason is None
        self.devices.setEnabled(usable or self.devices.count() > 1)  # another one may work
        self.mic_button.setEnabled(usable)
        if not usable:
            self.stop_mic_test()
        self.set_mic_state("idle" if usable else "missing", reason or "")

    def set_mic_state(self, state: str, reason: str = "") -> None:
        """``idle`` (not testing), ``listening`` (testing: speak) or ``missing`` (why not)."""
        self._mic = (state, reason)
        text = {
            "idle": tr("home.mic_ok"),
            "listening": tr("home.mic_listening"),
            "missing": tr("home.mic_missing", msg=reason),
        }[state]
        self.mic_status.setText(text)
        if state != "listening":
            self.meter.set_level(0)

    def stop_mic_test(self) -> None:
        """The test button released (no signal): leaving the page, starting a call."""
        self.mic_button.blockSignals(True)
        self.mic_button.setChecked(False)
        self.mic_button.blockSignals(False)
        self._mic_toggled(False, emit=False)

    def set_level(self, value: float) -> None:
        """The microphone's level while testing (a late one after the test stopped is not)."""
        if self._mic[0] == "listening":
            self.meter.set_level(value)

    def selected_id(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, ROLE_ID) if item is not None else None

    def select(self, scenario_id: str) -> None:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount()):
                if top.child(j).data(0, ROLE_ID) == scenario_id:
                    self.tree.setCurrentItem(top.child(j))
                    return

    # ------------------------------------------------------------------ intents
    def _show_detail(self) -> None:
        sid = self.selected_id()
        if not sid or self.catalog is None:
            self.start_button.setEnabled(False)
            return
        sc = self.catalog.scenarios[sid]
        p = sc.persona
        self.detail_title.setText(pick(sc.title, sc.title_en))
        self.detail_meta.setText(
            " · ".join(
                [
                    tr("call.hotline", n=sc.hotline),
                    f"{tr('home.difficulty')} {stars(sc.difficulty)}",
                    tr("home.turns", n=len(sc.turns)),
                    pick(p.name, p.name_en) or tr(f"mood.{p.mood}"),
                ]
            )
        )
        self.detail_summary.setText(pick(sc.summary, sc.summary_en))
        first = sc.turns[0]
        self.detail_first.setText(tr("home.first_line", text=first.caller.text))
        names_en = {e.name: e.name_en for e in self.catalog.elements.elements}
        items = tr("list.sep").join(
            tr("elements.or").join(pick(n, names_en.get(n)) for n in required.split("|"))
            for required in first.required
        )
        self.detail_required.setText(tr("home.required", items=items) if first.required else "")
        st = self.stats.get(sid, {})
        self.detail_best.setText(
            tr("home.your_best", best=st["best"], n=st["attempts"])
            if st.get("best") is not None
            else tr("home.not_tried")
        )
        self.start_button.setEnabled(True)

    def _activate(self, item: QTreeWidgetItem | None) -> None:
        if item is not None and item.data(0, ROLE_ID):
            self.start_scenario.emit(item.data(0, ROLE_ID))

    def _device_picked(self, _text: str) -> None:
        self.device_changed.emit(self.devices.currentData() or "")

    def _mic_toggled(self, on: bool, emit: bool = True) -> None:
        self.mic_button.setText(tr("home.mic_stop") if on else tr("home.mic_test"))
        if not on:
            self.meter.set_level(0)
            if self._mic[0] == "listening":
                self.set_mic_state("idle")
        if emit:
            self.mic_test.emit(on)

    def focus_list(self) -> None:
        self.tree.setFocus()
