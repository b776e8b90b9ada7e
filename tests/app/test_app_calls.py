"""Whole practice calls driven like a trainee would: keyboard only, the fake microphone playing
real reply recordings, the real catalog and grader."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from simulator.app import theme
from simulator.app.services.speech import Heard
from simulator.app.tasks import SyncTaskRunner
from simulator.store.recordings import sha256_file
from tests.app.conftest import (
    KEYS,
    file_mic,
    history,
    phase,
    press,
    shown,
    turn_rows,
    turns,
    wait_phase,
)
from tests.app.fakes import FileSpeech


def start(qtbot, window, scenario_id: str) -> None:
    window.home.select(scenario_id)
    window.home.tree.setFocus()
    press(qtbot, window, KEYS["enter"])
    assert window.current_page() == "call"
    assert phase(window) == "ringing"


def test_good_angry_call_by_voice(make_app, qtbot):
    ctx, window, _ = make_app(["angry-good-t1", "angry-good-t2", "angry-good-t4"])
    start(qtbot, window, "angry-caller")
    press(qtbot, window, KEYS["space"])  # answer
    turns = []
    for _ in range(3):
        wait_phase(qtbot, window, "feedback")
        record = shown(window)
        turns.append(record.result.turn)
        assert record.passed, record.result
        assert record.mode == "voice"
        press(qtbot, window, KEYS["n"])
    assert turns == [1, 2, 4]
    assert window.current_page() == "summary"
    assert window.summary.turns.count() == 3
    attempt = history(ctx)[0]
    assert attempt.status == "completed" and attempt.passed
    rows = turn_rows(ctx, attempt.id)
    assert [r["turn_id"] for r in rows] == [1, 2, 4]
    for row in rows:
        path = ctx.recordings.absolute(row["recording"])
        assert path.is_file() and sha256_file(path) == row["recording_sha256"]


def test_forbidden_tone_escalates_and_is_highlighted(make_app, qtbot):
    ctx, window, _ = make_app(["angry-bad-t1", "angry-good-t3"])
    start(qtbot, window, "angry-caller")
    press(qtbot, window, KEYS["space"])
    wait_phase(qtbot, window, "feedback")
    res = shown(window).result
    assert not res.passed and res.outcome == "escalated" and res.next_turn == 3
    assert res.branch == "escalated"
    tones = [v for v in res.violations if v.category in ("commanding", "interrogating")]
    assert tones
    html = window.call.feedback.findChild(QLabel, "transcript").text()
    for v in tones:
        assert f">{v.text}</span>" in html
        assert "background-color:" in html
    outcome = window.call.feedback.findChild(QLabel, "outcome").text()
    assert outcome == "用了禁用语或不当语气，客户情绪升级。"
    press(qtbot, window, KEYS["n"])
    wait_phase(qtbot, window, "feedback")
    res3 = shown(window).result
    assert res3.turn == 3 and res3.passed
    assert "你这是什么态度" in window.call.conversation.toPlainText()  # the angrier caller line
    press(qtbot, window, KEYS["n"])
    assert window.current_page() == "summary"
    cats = dict(ctx.services.practice.category_counts(ctx.session))
    assert cats.get("commanding") == 1


def test_retry_turn_replaces_it(make_app, qtbot):
    ctx, window, _ = make_app(["angry-bad-t1", "angry-good-t1", "angry-good-t2"])
    start(qtbot, window, "angry-caller")
    press(qtbot, window, KEYS["space"])
    wait_phase(qtbot, window, "feedback")
    assert not shown(window).passed
    assert window.call.retry_button.isEnabled()  # the feedback waits; retry is there
    press(qtbot, window, KEYS["r"])
    wait_phase(qtbot, window, "feedback")
    record = shown(window)
    assert record.result.turn == 1 and record.passed and record.seq == 1
    press(qtbot, window, KEYS["n"])
    wait_phase(qtbot, window, "feedback")
    assert shown(window).result.turn == 2  # the calm branch this time
    press(qtbot, window, KEYS["esc"])  # hang up before the last turn
    assert window.current_page() == "summary"
    attempt = history(ctx)[0]
    assert attempt.status == "stopped" and attempt.turn_count == 2 and attempt.passed
    assert window.summary.score.text() == str(attempt.score)  # the store's score
    assert window.summary.verdict.text().endswith("中途挂断")  # hung up early
    all_rows = ctx.services.db.query(
        "SELECT seq, superseded FROM turns WHERE attempt_id=? ORDER BY created_at", [attempt.id]
    )
    assert [(r["seq"], r["superseded"]) for r in all_rows] == [(1, 1), (1, 0), (2, 0)]
    assert ctx.services.practice.resume_point(ctx.session).id == attempt.id


def test_retry_whole_call_from_summary(make_app, qtbot):
    ctx, window, _ = make_app(["date-good-t1", "date-good-t2", "date-good-t1", "date-good-t2"])
    for _ in range(2):
        start(qtbot, window, "date-invitation") if window.current_page() == "home" else None
        assert phase(window) == "ringing"
        press(qtbot, window, KEYS["space"])
        for _turn in range(2):
            wait_phase(qtbot, window, "feedback")
            assert shown(window).passed
            press(qtbot, window, KEYS["n"])
        assert window.current_page() == "summary"
        press(qtbot, window, KEYS["r"])  # retry the call
    assert len(history(ctx)) == 2
    press(qtbot, window, KEYS["esc"])  # the third call was only ringing: hang up
    assert window.current_page() == "home"


class UnsureSpeech(FileSpeech):
    """Hears the file's text and says it was unsure of the characters in ``doubt``."""

    def __init__(self, port, doubt: str):
        super().__init__(port)
        self.doubt = doubt

    def hear(self, audio, caller_end_s=None, checkpoint=None) -> Heard:
        heard = super().hear(audio, caller_end_s, checkpoint)
        at = heard.text.find(self.doubt)
        unsure = tuple(range(at, at + len(self.doubt))) if at >= 0 else ()
        return Heard(heard.text, heard.measures, heard.timings, unsure)


def test_unsure_characters_are_shown_grey_and_kept_with_the_turn(make_app, qtbot, tmp_path):
    port = file_mic(["angry-good-t1"], 8.0, tmp_path)
    ctx, window, _ = make_app(port=port, speech=UnsureSpeech(port, "心情"))
    start(qtbot, window, "angry-caller")
    press(qtbot, window, KEYS["space"])
    wait_phase(qtbot, window, "feedback")
    res = shown(window).result
    at = res.transcript.find("心情")
    assert at > 0 and res.unsure == [at, at + 1]
    html = window.call.feedback.findChild(QLabel, "transcript").text()
    assert f'<span style="color:{theme.UNSURE}">心情</span>' in html
    note = window.call.feedback.findChild(QLabel, "unsureNote")
    assert note is not None
    qtbot.waitUntil(note.isVisible, timeout=2000)  # shown by the event loop
    press(qtbot, window, KEYS["esc"])  # hang up: the turn is saved with its marks
    records = turns(ctx, history(ctx)[0].id)
    assert records[0].result.unsure == [at, at + 1]


class _HeldSummaryRunner(SyncTaskRunner):
    """Runs tasks at once, except the read of a finished call's summary, held until released
    (a busy db lane)."""

    def __init__(self):
        super().__init__()
        self.held: list = []

    def run(self, lane, fn, on_done=None, on_error=None, **kwargs):
        if kwargs.get("name") == "finished_attempt":
            self.held.append(
                lambda: super(_HeldSummaryRunner, self).run(lane, fn, on_done, on_error, **kwargs)
            )
            return 0
        return super().run(lane, fn, on_done, on_error, **kwargs)


def test_a_late_summary_does_not_pull_the_trainee_back(make_app, qtbot):
    runner = _HeldSummaryRunner()
    ctx, window, controller = make_app(["angry-good-t1"], runner=runner)
    start(qtbot, window, "angry-caller")
    press(qtbot, window, KEYS["space"])
    wait_phase(qtbot, window, "feedback")
    press(qtbot, window, KEYS["esc"])  # hang up; the summary's read waits on the db lane
    assert runner.held and window.current_page() == "call"
    controller.navigate("home")  # navigation is already back
    runner.held.pop()()
    assert window.current_page() == "home"


def test_the_summary_of_a_call_the_store_cannot_read_keeps_how_it_ended(make_app, qtbot):
    ctx, window, _ = make_app(["angry-good-t1"])
    start(qtbot, window, "angry-caller")
    press(qtbot, window, KEYS["space"])
    wait_phase(qtbot, window, "feedback")

    def broken(_session, _id):
        raise OSError("disk gone")

    ctx.services.practice.attempt = broken
    press(qtbot, window, KEYS["esc"])
    assert window.current_page() == "summary"
    assert window.summary.score.text() == "–"
    assert window.summary.verdict.text().endswith("中途挂断")
