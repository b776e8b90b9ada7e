"""The main window: navigation, banners (no microphone, speech model, errors, recordings
recovered or missing, practice saved late), the page stack and a status bar with the model's
loading progress. Keyboard shortcuts and banner buttons are emitted as names; the app
controller decides what they mean."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from simulator.app.accounts.views.sign_in import SignInView
from simulator.app.accounts.views.users import UsersView
from simulator.app.i18n import tr
from simulator.app.practice.views.call import CallView
from simulator.app.practice.views.home import HomeView
from simulator.app.practice.views.summary import SummaryView
from simulator.app.qtutil import slot
from simulator.app.shell.views.settings import SettingsView
from simulator.app.trainer.views.privacy import PrivacyPanel
from simulator.app.widgets import Banner

NAV = (
    "home", "history", "quiz", "selfcheck", "settings", "users",
    "exams", "proctor", "results", "packs",
    "assign", "review", "calibration", "dashboard",  # the trainer's pages (issue 13)
    "room",
)  # fmt: skip
# Banners from top to bottom: name → (kind, can be dismissed).
BANNERS = {
    "mic": ("warn", False),
    "model": ("info", False),
    "error": ("error", True),
    "recovered": ("info", True),
    "missing": ("info", True),
    "pending": ("info", True),
}
SHORTCUTS = {
    "space": Qt.Key.Key_Space,
    "retry": Qt.Key.Key_R,
    "next": Qt.Key.Key_N,
    "escape": Qt.Key.Key_Escape,
    "hint": Qt.Key.Key_H,
    "continue": Qt.Key.Key_C,
}

# Single-key shortcuts only where they mean something (so Space still presses buttons elsewhere).
PAGE_KEYS = {
    "call": ("space", "retry", "next", "escape", "hint"),
    "summary": ("retry", "next", "escape"),
    "home": ("continue",),
}


def _trainer_pages() -> dict:
    from simulator.app.trainer.views.assignments import AssignmentsView
    from simulator.app.trainer.views.calibration import CalibrationView
    from simulator.app.trainer.views.dashboard import DashboardView
    from simulator.app.trainer.views.review import ReviewView

    return {"assign": AssignmentsView, "review": ReviewView, "calibration": CalibrationView,
            "dashboard": DashboardView}  # fmt: skip


class MainWindow(QMainWindow):
    navigate = Signal(str)
    shortcut = Signal(str)
    closing = Signal()
    banner_action = Signal(str)  # the banner's name
    switch_user = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMinimumSize(960, 600)
        self.fit_to_screen()
        central = QWidget()
        central.setObjectName("page")
        self.setCentralWidget(central)
        root = QHBoxLayout(central)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(150)
        self.nav.setAccessibleName("navigation")
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for _ in NAV:
            self.nav.addItem("")
        self.nav.currentRowChanged.connect(self._nav_changed)
        self.side = side = QFrame()
        side.setObjectName("side")
        side.setFixedWidth(150)
        left = QVBoxLayout(side)
        left.setContentsMargins(0, 0, 0, 8)
        left.setSpacing(4)
        left.addWidget(self.nav, 1)
        self._user: tuple[str, str] | None = None  # (name, role) signed in
        self.user_label = QLabel()
        self.user_label.setObjectName("userLabel")
        self.user_label.setWordWrap(True)
        self.user_label.setContentsMargins(10, 0, 8, 0)
        self.switch_button = QPushButton()
        self.switch_button.setObjectName("switchUser")
        self.switch_button.clicked.connect(self.switch_user)
        left.addWidget(self.user_label)
        left.addWidget(self.switch_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.user_label.setVisible(False)
        self.switch_button.setVisible(False)
        root.addWidget(side)
        right = QVBoxLayout()
        right.setContentsMargins(8, 8, 8, 0)
        right.setSpacing(6)
        self.banners: dict[str, Banner] = {}
        for name, (kind, closable) in BANNERS.items():
            banner = self.banners[name] = Banner(kind, closable=closable)
            banner.action.connect(slot(self.banner_action.emit, name))
            right.addWidget(banner)
        self.stack = QStackedWidget()
        right.addWidget(self.stack, 1)
        root.addLayout(right, 1)
        self.home = HomeView()
        self.call = CallView()
        self.summary = SummaryView()
        self.settings = SettingsView()
        self.sign_in = SignInView()
        self.users = UsersView()
        self.privacy = PrivacyPanel()  # consent and deletion of recordings, in the settings
        self.settings.add_section(self.privacy)
        self.history = None  # built on first visit (pyqtgraph import is not free)
        self.pages: dict[str, QWidget] = {}
        for name, page in (
            ("home", self.home),
            ("call", self.call),
            ("summary", self.summary),
            ("settings", self.settings),
            ("login", self.sign_in),
            ("users", self.users),
        ):
            self.add_page(name, page)
        self._model_status: tuple[str, bool, dict] = ("", False, {})
        self.model_label = QLabel()
        self.model_progress = QProgressBar()
        self.model_progress.setMaximumWidth(220)
        self.model_progress.setRange(0, 0)
        self.statusBar().addPermanentWidget(self.model_label)
        self.statusBar().addPermanentWidget(self.model_progress)
        self._shortcuts = []
        self.page_keys: dict[str, QShortcut] = {}
        for name, key in SHORTCUTS.items():
            sc = QShortcut(QKeySequence(key), self)
            sc.activated.connect(slot(self.shortcut.emit, name))
            self.page_keys[name] = sc
        for i, name in enumerate(NAV[:9], 1):
            sc = QShortcut(QKeySequence(f"Ctrl+{i}"), self)
            sc.activated.connect(slot(self.navigate.emit, name))
            self._shortcuts.append(sc)
        self.retranslate()
        self.show_page("home")

    def fit_to_screen(self, width: int = 1280, height: int = 800) -> None:
        """Default size, shrunk to the screen's free area (e.g. 1024×640 at 125 % on 1280×800)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            free = screen.availableGeometry()
            width, height = min(width, free.width()), min(height, free.height())
        self.resize(max(width, self.minimumWidth()), max(height, self.minimumHeight()))

    data_folder = ""

    def set_data_folder(self, folder: str) -> None:
        """The data folder in use: named where a recording is missing, shown in settings."""
        self.data_folder = folder
        for page in (self.call, self.summary, self.history):
            if page is not None:
                page.set_data_folder(folder)

    def add_page(self, name: str, page: QWidget) -> None:
        self.pages[name] = page
        self.stack.addWidget(page)

    def ensure_history(self):
        if self.history is None:
            from simulator.app.practice.views.history import HistoryView

            self.history = HistoryView()
            self.history.set_data_folder(self.data_folder)
            self.add_page("history", self.history)
        return self.history

    def ensure_page(self, name: str):
        """A page built on its first visit (pyqtgraph's import is not free)."""
        if name == "history":
            return self.ensure_history()
        if name not in self.pages:
            from simulator.app.quizzes.views.quiz import QuizView
            from simulator.app.quizzes.views.self_check import SelfCheckView
            from simulator.app.room.views.console import ConsoleView

            factories = {"selfcheck": SelfCheckView, "quiz": QuizView, "room": ConsoleView,
                         **_trainer_pages()}  # fmt: skip
            self.add_page(name, factories[name]())
        return self.pages[name]

    def show_page(self, name: str) -> None:
        self.stack.setCurrentWidget(self.pages[name])
        if name in NAV:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(NAV.index(name))
            self.nav.blockSignals(False)
        else:
            self.nav.clearSelection()
        active = PAGE_KEYS.get(name, ())
        for key, sc in self.page_keys.items():
            sc.setEnabled(key in active)

    def current_page(self) -> str:
        current = self.stack.currentWidget()
        return next((n for n, p in self.pages.items() if p is current), "")

    def set_nav_enabled(self, enabled: bool) -> None:
        self.nav.setEnabled(enabled)
        self.switch_button.setEnabled(enabled)

    def set_exam_mode(self, on: bool) -> None:
        """A proctored exam holds the screen: full-screen, no navigation panel or status bar."""
        self.set_nav_enabled(not on)
        self.side.setVisible(not on)
        self.statusBar().setVisible(not on)
        if on:
            self.showFullScreen()
        elif self.isFullScreen():
            self.showNormal()

    def set_user(self, name: str | None, role: str = "", pages: tuple[str, ...] = ()) -> None:
        """Who is signed in (None: nobody) and the pages the nav offers them."""
        self._user = (name, role) if name is not None else None
        for i, page in enumerate(NAV):
            self.nav.setRowHidden(i, page not in pages)
        self.user_label.setVisible(name is not None)
        self.switch_button.setVisible(name is not None)
        self._retranslate_user()

    def offer_page(self, name: str, offered: bool) -> None:
        """Show or hide one page of the navigation (e.g. the proctor console: joined seats)."""
        if name in NAV:
            self.nav.setRowHidden(NAV.index(name), not offered)

    def nav_shown(self) -> list[str]:
        return [page for i, page in enumerate(NAV) if not self.nav.isRowHidden(i)]

    def _retranslate_user(self) -> None:
        self.switch_button.setText(tr("user.switch"))
        if self._user is not None:
            name, role = self._user
            self.user_label.setText(tr("user.current", name=name, role=tr(f"role.{role}")))

    def _nav_changed(self, row: int) -> None:
        if 0 <= row < len(NAV):
            self.navigate.emit(NAV[row])

    def set_model_status(self, key: str, busy: bool, **fields) -> None:
        """The speech model's state in the status bar (``tr(key, **fields)``)."""
        self._model_status = (key, busy, fields)
        self.model_label.setText(tr(key, **fields) if key else "")
        self.model_progress.setVisible(busy)

    def show_banner(self, name: str, key: str, button: str = "", **fields) -> None:
        self.banners[name].show_message(key, button, **fields)

    def hide_banner(self, name: str) -> None:
        self.banners[name].setVisible(False)

    def set_banner_kind(self, name: str, kind: str) -> None:
        self.banners[name].set_kind(kind)

    def banner_shown(self, name: str) -> bool:
        return not self.banners[name].isHidden()

    def retranslate(self) -> None:
        self.setWindowTitle(tr("app.title"))
        for i, name in enumerate(NAV):
            self.nav.item(i).setText(tr(f"nav.{name}"))
        self._retranslate_user()
        key, busy, fields = self._model_status
        self.set_model_status(key, busy, **fields)
        for banner in self.banners.values():
            banner.retranslate()
        for page in self.pages.values():
            page.retranslate()
        self.privacy.retranslate()

    # Asked before closing: False keeps the window open (e.g. the pack editor's unsaved changes).
    close_guard = None

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.close_guard is not None and not self.close_guard():
            event.ignore()
            return
        self.closing.emit()
        super().closeEvent(event)
