"""The self-assessment page (seed 002): ten lines on the 10 … 1 scale, the total with the
seed's band and advice, the trainee's past totals charted, saved through the quiz service for
the signed-in trainee only; a failed save keeps the answers and says why."""

from __future__ import annotations

import pytest

from simulator.app import i18n
from simulator.services import Services
from tests.app.test_app_english import chinese_left


@pytest.fixture
def trainees(tmp_path):
    """Two trainee sessions on the app's data folder (made before the app opens it)."""
    services = Services.open(tmp_path / "data")
    admin = services.accounts.create_first_admin("admin", "Admin", "admin-password")
    for name in ("wang", "li"):
        services.accounts.create_user(admin, name, name.title(), "trainee", "password-1")
    out = {n: services.accounts.sign_in(n, "password-1") for n in ("wang", "li")}
    services.close()
    return out


def _take(view, score: int) -> None:
    for item in view.bank.items:
        view.choose(item.id, score)
    assert view.submit_button.isEnabled()
    view.submit_button.click()


def test_self_assessment_scores_bands_and_history(make_app, trainees, qtbot):
    ctx, window, controller = make_app(session=trainees["wang"])
    window.navigate.emit("selfcheck")
    assert window.current_page() == "selfcheck"
    view = window.pages["selfcheck"]
    assert len(view.groups) == 10 and view.result_text() == ""
    view.choose("emotions", 10)
    assert not view.submit_button.isEnabled()  # nine lines still unanswered
    assert "1/10" in view.answered.text()
    _take(view, 9)
    assert "90" in view.result_text() and "非常适合" in view.result_text()
    assert "出色的表现" in view.result_text()  # the seed's advice for the band
    view.again_button.click()
    assert view.answers() == {} and view.result_text() == ""
    _take(view, 8)  # 80: the seed's 50–80 band
    assert "80" in view.result_text() and "需要提高" in view.result_text()
    _take(view, 4)
    assert "40" in view.result_text() and "需要努力" in view.result_text()
    assert [r.total for r in view._history] == [90, 80, 40]
    stored = ctx.services.quizzes.self_assessment_history(trainees["wang"])
    assert [(r.total, r.band) for r in stored] == [
        (90, "非常适合"),
        (80, "需要提高"),
        (40, "需要努力"),
    ]
    assert view.history_empty.isHidden()


def test_each_trainee_sees_only_their_results(make_app, trainees, qtbot):
    ctx, window, controller = make_app(session=trainees["wang"])
    window.navigate.emit("selfcheck")
    _take(window.pages["selfcheck"], 7)
    ctx.session = trainees["li"]
    window.navigate.emit("selfcheck")
    view = window.pages["selfcheck"]
    assert view._history == [] and not view.history_empty.isHidden()
    assert view.answers() == {}  # the last person's ticks are gone


def test_a_failed_save_keeps_the_answers(make_app, trainees, qtbot, monkeypatch):
    ctx, window, controller = make_app(session=trainees["wang"])
    window.navigate.emit("selfcheck")
    view = window.pages["selfcheck"]

    def broken(session, answers):
        raise OSError("磁盘已满 / disk full")

    monkeypatch.setattr(ctx.services.quizzes, "submit_self_assessment", broken)
    _take(view, 6)
    assert not view.error.isHidden() and "磁盘已满" in view.error.text()
    assert len(view.answers()) == 10 and view.submit_button.isEnabled()
    assert view.result_text() == ""


def test_self_assessment_in_english(make_app, trainees, qtbot):
    ctx, window, controller = make_app(session=trainees["wang"], language="en")
    try:
        window.navigate.emit("selfcheck")
        view = window.pages["selfcheck"]
        assert chinese_left(window) == []
        _take(view, 9)
        assert "Very well suited" in view.result_text()
        assert chinese_left(window) == []
    finally:
        i18n.set_language("zh")
