""" "Listen here" beside a finding heard as not counted: in the turn's feedback (call screen and
summary) and on the trainer's review page it plays that turn's recording from a second before the
finding (never before 0), through the app's audio service down to the fake backend; without a
recording (a typed reply, one deleted under retention, a lost file) it is disabled and says why,
in Chinese and in English."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from simulator.app import i18n
from simulator.app.practice.views.listen import LEAD_S, listen_here
from simulator.app.practice.views.turn_feedback import TurnFeedback
from simulator.core.heard import NOT_COUNTED, Hearing
from simulator.core.records import TurnRecord
from tests.app.test_app_heard import spy_backend
from tests.app.trainer_people import open_page, people, session_of, sign_in

SCENARIO, TURN = "angry-caller", 1
# said: 不够好，向您赔个不是; heard unsure of 好像, a character every 0.2 s (好 at 2.0 s)
HEARD = "非常抱歉，我做得不够好像您赔个不是，您的心情我非常理解，我马上帮您处理，好吗？"


def misheard(grader, step: float = 0.2):
    at = HEARD.index("好像")
    probs = [0.3 if at <= i < at + 2 else 0.95 for i in range(len(HEARD))]
    hearing = Hearing(tuple(probs), tuple(step * i for i in range(len(HEARD))))
    return grader.grade(SCENARIO, TURN, HEARD, hearing=hearing)


def note_of(result):
    (v,) = [v for v in result.violations if v.severity == NOT_COUNTED]
    return v


@pytest.fixture(scope="module")
def grader():
    from simulator.core.catalog import load_catalog
    from simulator.core.grader import Grader

    return Grader(load_catalog())


def buttons(widget) -> list[QPushButton]:
    QApplication.processEvents()
    return [b for b in widget.findChildren(QPushButton, "listenHere") if b.isVisibleTo(widget)]


def shown_feedback(qtbot, record: TurnRecord) -> TurnFeedback:
    view = TurnFeedback()
    qtbot.addWidget(view)
    view.resize(900, 1400)
    view.show()
    view.show_turn(record)
    return view


def test_the_button_plays_from_a_second_before_the_finding(qtbot, grader, tmp_path):
    result = misheard(grader)
    wav = str(tmp_path / "take.wav")
    view = shown_feedback(qtbot, TurnRecord(1, result, "", "voice", wav, "ok"))
    (button,) = buttons(view)
    assert button.isEnabled() and button.text() == "▶ 在此处收听（0:02.0）"
    with qtbot.waitSignal(view.listen_at) as sig:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert sig.args == [wav, pytest.approx(note_of(result).heard_at - LEAD_S)]


def test_the_start_never_goes_before_the_recording(grader, tmp_path):
    result = misheard(grader, step=0.05)  # 好 heard at 0.5 s
    v = note_of(result)
    assert v.heard_at < LEAD_S
    record = TurnRecord(1, result, "", "voice", str(tmp_path / "t.wav"), "ok")
    assert listen_here(record, v).start_s == 0.0


@pytest.mark.parametrize(
    ("mode", "status", "deleted", "zh", "en"),
    [
        ("voice", "deleted", "retention", "保留期限", "retention period"),
        ("voice", "missing", None, "缺失", "missing"),
        ("voice", None, None, "没有保存录音", "No recording"),
        ("typed", None, None, "打字回答", "typed reply"),
    ],
)
def test_without_a_recording_it_is_disabled_and_says_why(
    qtbot, grader, tmp_path, mode, status, deleted, zh, en
):
    result = misheard(grader)
    path = None if status is None else str(tmp_path / "t.wav")
    record = TurnRecord(1, result, "", mode, path, status, recording_deleted=deleted)
    view = shown_feedback(qtbot, record)
    (button,) = buttons(view)
    assert not button.isEnabled() and zh in button.toolTip()
    i18n.set_language("en")
    try:
        view.retranslate()
        (button,) = buttons(view)
        assert button.text().startswith("▶ Listen here") and en in button.toolTip()
    finally:
        i18n.set_language("zh")


def test_an_unknown_place_plays_from_the_start(qtbot, grader, tmp_path):
    result = misheard(grader)
    v = note_of(result)
    record = TurnRecord(1, result, "", "voice", str(tmp_path / "t.wav"), "ok")
    from dataclasses import replace

    placeless = replace(v, heard_at=None)
    where = listen_here(record, placeless)
    assert where.recording == record.recording and where.start_s == 0.0
    assert where.tip == "heard.listen_from_start"


def test_a_trainer_listens_on_the_review_page(make_app, qtbot, monkeypatch, grader):
    ctx, window, controller = make_app(session=None)
    ids = people(ctx)
    wang = session_of(ctx, "wang")
    services = ctx.services
    services.privacy.give_consent(wang)
    pack = ctx.catalog.scenario_pack[SCENARIO]
    attempt = services.practice.start_attempt(wang, SCENARIO, pack, "愤怒", "Angry", "voice")
    saved = services.recordings.save_wav(
        np.zeros(48000, dtype=np.float32), 16000, f"{attempt}/01.wav"
    )
    result = misheard(grader)
    services.practice.record_turn(wang, attempt, TurnRecord(1, result, "（来电）", "voice"), saved)
    services.practice.finish_attempt(wang, attempt, "completed")
    (stored,) = services.practice.attempt_turns(wang, attempt)
    played = spy_backend(monkeypatch, ctx)
    sign_in(window, controller, "trainer")
    open_page(window, "review")
    view = window.pages["review"]
    view.select_trainee(ids["wang"])
    view.select_attempt(0)
    findings = view.turn.findings.text()
    assert (
        "识别可能有误：听作“好像”" in findings and "成立" not in findings
    )  # not shown as standing
    (button,) = view.turn.listen_buttons()
    assert button.isEnabled() and "好像" in button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert played == [(str(stored.recording), pytest.approx(1.0))]
    assert view.turn.play_from.value() == pytest.approx(1.0)  # the "from N s" box follows
