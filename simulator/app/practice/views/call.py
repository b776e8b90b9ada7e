"""The call screen, like a softphone: persona card, ringing and answer, the caller's line,
listening with level meter and timers, live status, the conversation so far, the typed-reply
box (no microphone) and the turn feedback panel with retry / next. The call controller tells
it which phase to show; it keeps no call state of its own."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from simulator.app import theme
from simulator.app.i18n import pick, tr
from simulator.app.practice import wording
from simulator.app.practice.views.turn_feedback import TurnFeedback
from simulator.app.widgets import LevelMeter, card, label, stars


class Avatar(QWidget):
    """A coloured circle with the caller's first character; pulses while ringing."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFixedSize(84, 84)
        self.char = "?"
        self.colour = QColor("#8c959f")
        self.ring = 0

    def set_caller(self, char: str, gender: str | None) -> None:
        """``gender`` None: a caller nobody has seen or heard (grey)."""
        self.char = char or "?"
        colours = {"male": "#3b82c4", "female": "#c4527a"}
        self.colour = QColor(colours.get(gender or "", "#8c959f"))
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.ring:
            halo = QColor(self.colour)
            halo.setAlpha(60 + 40 * (self.ring % 2))
            p.setBrush(halo)
            p.setPen(Qt.PenStyle.NoPen)
            p.drawEllipse(self.rect())
        p.setBrush(self.colour)
        p.setPen(Qt.PenStyle.NoPen)
        p.drawEllipse(self.rect().adjusted(8, 8, -8, -8))
        p.setPen(QColor("white"))
        font = p.font()
        font.setPointSizeF(22)
        font.setBold(True)
        p.setFont(font)
        p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.char)
        p.end()


class CallView(QWidget):
    answer = Signal()
    hang_up = Signal()
    end_speech = Signal()  # push-to-talk: the trainee has finished speaking
    typed_reply = Signal(str)
    retry_turn = Signal()
    next_turn = Signal()
    toggle_hint = Signal()
    play_answer = Signal(str)
    play_recording = Signal(str)
    listen_at = Signal(str, float)  # "listen here": a recording from this second
    retry_save = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self._shown = ("ended", "")  # the phase on screen and its detail, for retranslate
        self._scenario = None
        self._turn = None
        self._timers = None
        self._html: list[str] = []
        self.typed = False
        root = QHBoxLayout(self)
        root.setContentsMargins(10, 10, 10, 10)
        root.addWidget(self._persona_column())
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._centre_column())
        split.addWidget(self._feedback_column())
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 5)
        split.setChildrenCollapsible(False)
        split.setSizes([420, 520])
        root.addWidget(split, 1)
        self.retranslate()

    # ------------------------------------------------------------------ layout
    def _persona_column(self) -> QWidget:
        frame, lay = card()
        frame.setFixedWidth(250)
        self.avatar = Avatar()
        lay.addWidget(self.avatar, 0, Qt.AlignmentFlag.AlignHCenter)
        self.caller_name = label("", "subtitle", wrap=True)
        self.caller_name.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.caller_facts = label("", "muted", wrap=True)
        self.caller_facts.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scenario_title = label("", wrap=True)
        self.scenario_title.setStyleSheet("font-weight: 600; margin-top: 8px;")
        self.scenario_meta = label("", "muted", wrap=True)
        self.scenario_summary = label("", "muted", wrap=True)
        self.hint_button = QPushButton()
        self.hint_button.clicked.connect(self.toggle_hint)
        self.hint = label("", wrap=True)
        self.hint.setStyleSheet("background: #fff8e1; padding: 6px; border-radius: 4px;")
        self.hint.setVisible(False)
        self.timing_note = label("", "muted", wrap=True)
        for w in (
            self.caller_name,
            self.caller_facts,
            self.scenario_title,
            self.scenario_meta,
            self.scenario_summary,
            self.hint_button,
            self.hint,
            self.timing_note,
        ):
            lay.addWidget(w)
        lay.addStretch(1)
        self.hangup_button = QPushButton()
        self.hangup_button.setObjectName("hangup")
        self.hangup_button.clicked.connect(self.hang_up)
        lay.addWidget(self.hangup_button)
        return frame

    def _centre_column(self) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 6, 0)
        status, slay = card()
        top = QHBoxLayout()
        self.phase_label = QLabel()
        self.phase_label.setObjectName("phase")
        self.phase_label.setAccessibleName("phase")
        top.addWidget(self.phase_label, 1)
        self.mode_badge = label("", "typedBadge")
        self.mode_badge.setVisible(False)
        top.addWidget(self.mode_badge)
        slay.addLayout(top)
        timers = QHBoxLayout()
        self.elapsed_label = label("", "muted")
        self.response_label = label("", "muted")
        self.turn_label = label("", "muted")
        timers.addWidget(self.elapsed_label)
        timers.addWidget(self.response_label)
        timers.addStretch(1)
        timers.addWidget(self.turn_label)
        slay.addLayout(timers)
        self.meter = LevelMeter()
        slay.addWidget(self.meter)
        self.status_detail = label("", "muted", wrap=True)
        slay.addWidget(self.status_detail)
        lay.addWidget(status)

        self.lines: list[tuple[str, str, str]] = []  # (who, text, extra)
        self.conversation = QTextBrowser()
        self.conversation.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.conversation.setAccessibleName("conversation")
        lay.addWidget(self.conversation, 1)

        actions = QHBoxLayout()
        self.answer_button = QPushButton()
        self.answer_button.setObjectName("answer")
        self.answer_button.clicked.connect(self.answer)
        self.talk_button = QPushButton()
        self.talk_button.setObjectName("primary")
        self.talk_button.clicked.connect(self.end_speech)
        actions.addStretch(1)
        actions.addWidget(self.answer_button)
        actions.addWidget(self.talk_button)
        actions.addStretch(1)
        lay.addLayout(actions)

        # A reply is a sentence or three: a box that shows them whole. Enter starts a new line,
        # Ctrl+Enter sends (the send button says so).
        typed = QVBoxLayout()
        typed.setContentsMargins(0, 0, 0, 0)
        self.typed_input = QPlainTextEdit()
        self.typed_input.setAccessibleName("typed reply")
        self.typed_input.setTabChangesFocus(True)
        self.typed_input.setMinimumHeight(96)
        self.typed_input.setMaximumHeight(150)
        self.typed_input.setStyleSheet("font-size: 12pt;")
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            send = QShortcut(QKeySequence(keys), self.typed_input)
            send.setContext(Qt.ShortcutContext.WidgetShortcut)
            send.activated.connect(self._send_typed)
        self.send_button = QPushButton()
        self.send_button.setObjectName("primary")
        self.send_button.clicked.connect(self._send_typed)
        typed.addWidget(self.typed_input)
        row = QHBoxLayout()
        self.typed_help = label("", "muted")
        row.addWidget(self.typed_help, 1)
        row.addWidget(self.send_button)
        typed.addLayout(row)
        self.typed_row = QWidget()
        self.typed_row.setLayout(typed)
        lay.addWidget(self.typed_row)
        return box

    def _feedback_column(self) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(6, 0, 0, 0)
        self.feedback_title = label("", "subtitle")
        lay.addWidget(self.feedback_title)
        self.feedback_waiting = label("", "muted", wrap=True)
        lay.addWidget(self.feedback_waiting)
        self.feedback = TurnFeedback()
        self.feedback.play_answer.connect(self.play_answer)
        self.feedback.play_recording.connect(self.play_recording)
        self.feedback.listen_at.connect(self.listen_at)
        self.feedback.retry_save.connect(self.retry_save)
        lay.addWidget(self.feedback, 1)
        row = QHBoxLayout()
        self.retry_button = QPushButton()
        self.retry_button.clicked.connect(self.retry_turn)
        self.next_button = QPushButton()
        self.next_button.setObjectName("primary")
        self.next_button.clicked.connect(self.next_turn)
        self.countdown = label("", "muted")
        row.addWidget(self.retry_button)
        row.addWidget(self.next_button)
        row.addWidget(self.countdown, 1)
        lay.addLayout(row)
        return box

    # ------------------------------------------------------------------ state
    def retranslate(self) -> None:
        self.hangup_button.setText(tr("call.hang_up"))
        self.answer_button.setText(tr("call.answer"))
        self.talk_button.setText(tr("call.end_speech"))
        self.send_button.setText(tr("call.send"))
        self.typed_help.setText(tr("call.typed_keys"))
        self.typed_input.setPlaceholderText(tr("call.typed_hint"))
        self.retry_button.setText(tr("call.retry_turn"))
        self.next_button.setText(tr("call.next"))
        self.feedback_title.setText(tr("call.turn_feedback"))
        self.feedback_waiting.setText(tr("call.feedback_waiting"))
        self.mode_badge.setText(tr("call.typed_mode"))
        self.hint_button.setText(
            tr("call.hint_hide") if self.hint.isVisible() else tr("call.hint_show")
        )
        if self._scenario is not None:
            self._show_card(self._scenario)
        if self._turn is not None:
            self.set_turn(self._turn)
        if self._timers is not None:
            self.set_timers(*self._timers)
        self.feedback.retranslate()
        self.set_phase(*self._shown)

    def show_scenario(self, scenario, typed: bool) -> None:
        self._scenario = scenario
        self._show_card(scenario)
        self.clear_lines()
        self.feedback.clear()
        self.set_typed(typed)
        self.set_turn(None)
        self.meter.set_level(0)

    def _show_card(self, scenario) -> None:
        p = scenario.persona
        name = wording.caller_name(p)
        if wording.silent(p):  # nobody heard, nobody known
            self.avatar.set_caller("?", None)
        else:  # the caller's own name (王先生 → 王) in any language
            self.avatar.set_caller((p.name or "?")[:1], p.gender)
        self.caller_name.setText(name)
        self.caller_facts.setText(wording.caller_facts(p))
        self.scenario_title.setText(pick(scenario.title, scenario.title_en))
        self.scenario_meta.setText(
            f"{tr('call.hotline', n=scenario.hotline)} · {tr('home.difficulty')} {stars(scenario.difficulty)}"
        )
        self.scenario_summary.setText(pick(scenario.summary, scenario.summary_en))

    def set_typed(self, typed: bool) -> None:
        self.typed = typed
        self.mode_badge.setVisible(typed)
        self.set_phase(*self._shown)

    def set_data_folder(self, folder: str) -> None:
        self.feedback.set_data_folder(folder)

    def set_turn(self, turn) -> None:
        """The coaching hint and timing note of the turn about to be answered."""
        self._turn = turn
        timing = turn.timing if turn is not None else None
        self.set_hint(
            pick(turn.hint, turn.hint_en) if turn is not None else "",
            pick(timing.note, timing.note_en) if timing is not None and timing.note else "",
        )

    def set_hint(self, hint: str, timing_note: str) -> None:
        self.hint.setText(hint)
        self.hint_button.setVisible(bool(hint))
        self.timing_note.setText(timing_note)
        self.timing_note.setVisible(bool(timing_note))

    def show_hint(self, visible: bool) -> None:
        self.hint.setVisible(visible and bool(self.hint.text()))
        self.hint_button.setText(tr("call.hint_hide") if visible else tr("call.hint_show"))

    def set_phase(self, phase: str, detail: str = "") -> None:
        """Lay the screen out for ``phase`` (see ``simulator.core.call``)."""
        self._shown = (phase, detail)
        typed = self.typed
        self.phase_label.setText(
            tr("phase.typing" if phase == "listening" and typed else f"phase.{phase}")
        )
        self.status_detail.setText(detail)
        self.answer_button.setVisible(phase == "ringing")
        listening = phase == "listening"
        self.talk_button.setVisible(listening and not typed)
        self.typed_row.setVisible(listening and typed)
        self.meter.setVisible(not typed)
        self.retry_button.setEnabled(phase == "feedback" and self.feedback.record is not None)
        self.next_button.setEnabled(phase == "feedback")
        self.feedback_waiting.setVisible(self.feedback.record is None)
        if phase != "feedback":
            self.countdown.setText("")
        self.avatar.ring = 1 if phase == "ringing" else 0
        self.avatar.update()
        if phase == "ringing":
            self.answer_button.setFocus()
        elif listening and typed:
            self.typed_input.setFocus()
        elif listening:
            self.talk_button.setFocus()
        elif phase == "feedback":
            self.next_button.setFocus()
        elif phase in ("caller", "thinking", "waiting"):
            self.hangup_button.setFocus()

    def set_detail(self, text: str) -> None:
        """The line under the phase (what is happening now)."""
        self._shown = (self._shown[0], text)
        self.status_detail.setText(text)

    def set_level(self, value: float) -> None:
        self.meter.set_level(value)

    def pulse(self) -> None:
        if self._shown[0] == "ringing":
            self.avatar.ring += 1
            self.avatar.update()

    def set_timers(self, elapsed_s: float, response_s: float | None, seq: int) -> None:
        """The call's clock, the trainee's response time (None: not answering) and turn."""
        self._timers = (elapsed_s, response_s, seq)
        m, s = divmod(int(elapsed_s), 60)
        self.elapsed_label.setText(tr("call.elapsed", t=f"{m:02d}:{s:02d}"))
        self.response_label.setText(
            tr("call.response", s=f"{response_s:.1f}") if response_s is not None else ""
        )
        self.turn_label.setText(tr("call.turn_n", n=seq) if seq else "")

    def add_line(self, who: str, text: str, extra: str = "") -> None:
        """Add a bubble: who is 'caller', 'agent' or 'system'."""
        self.lines.append((who, text, extra))
        colour = {"caller": "#eef2f6", "agent": "#e3f0ff", "system": "#fff8e1"}[who]
        prefix = {"caller": tr("call.caller"), "agent": tr("call.you"), "system": ""}[who]
        if who == "agent":
            text = wording.transcript(text)
        body = html.escape(text)
        if prefix:
            body = f"<b>{html.escape(prefix)}</b>&nbsp; {body}"
        if extra:
            body += f' &nbsp;<span style="color:{theme.MUTED}">{html.escape(extra)}</span>'
        self._html.append(
            f'<table width="100%" cellpadding="8" cellspacing="0" style="margin-bottom:6px; '
            f'background-color:{colour}"><tr><td>{body}</td></tr></table>'
        )
        self.conversation.setHtml("".join(self._html))
        bar = self.conversation.verticalScrollBar()
        bar.setValue(bar.maximum())

    def clear_lines(self) -> None:
        self.lines = []
        self._html = []
        self.conversation.clear()

    def show_turn_feedback(self, record, save_state: str = "saved", save_error: str = "") -> None:
        """The graded turn (a ``TurnRecord``) in the feedback panel, from its top."""
        self.feedback.show_turn(record, save_state, save_error)
        self.set_phase("feedback")

    def set_save_state(self, state: str, error: str = "") -> None:
        self.feedback.set_save_state(state, error)

    def set_countdown(self, seconds: int | None) -> None:
        self.countdown.setText(tr("call.auto_next", n=seconds) if seconds else "")

    def _send_typed(self) -> None:
        text = self.typed_input.toPlainText().strip()
        if text and self._shown[0] == "listening":
            self.typed_input.clear()
            self.typed_reply.emit(text)
