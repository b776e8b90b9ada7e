"""Quiz practice in the app: every typed question type answered through the real quiz service
(choices graded by the bank, a typed rewrite by the real grader on the model lane), feedback
with the explanation and the seed's words, and missed questions coming back from the FSRS
review queue. Answers are worked out from the bank, as a trainee who knows them would give."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from simulator.app import i18n
from simulator.app.shell.views.main_window import NAV
from simulator.services import Services
from tests.app.test_app_english import chinese_left


@pytest.fixture
def trainee(tmp_path):
    services = Services.open(tmp_path / "data")
    admin = services.accounts.create_first_admin("admin", "Admin", "admin-password")
    services.accounts.create_user(admin, "wang", "Wang", "trainee", "password-1")
    session = services.accounts.sign_in("wang", "password-1")
    services.close()
    return session


def right_answer(ctx, shown):
    """The right answer to a ``PresentedQuestion``, in the positions the screen shows."""
    q = ctx.services.resources.banks.question(shown.question_id)
    if q.type == "single":
        return shown.options.index(q.options[q.answer])
    if q.type == "multiple":
        return sorted(shown.options.index(q.options[i]) for i in q.answer)
    if q.type == "true_false":
        return q.answer
    if q.type == "order":
        return [shown.steps.index(step) for step in q.steps]
    if q.type == "rewrite":
        return q.model_answer
    if q.type == "say":  # typed: the turn's first model answer
        return ctx.catalog.scenario(q.scenario).turn(q.turn).model_answers[0].text
    raise AssertionError(q.type)


def pick_title(source: str) -> str:
    from simulator.core.seed_titles import seed_title

    return seed_title(source)[0]


def wrong_answer(ctx, shown):
    right = right_answer(ctx, shown)
    if shown.type == "single":
        return (right + 1) % len(shown.options)
    if shown.type == "true_false":
        return not right
    if shown.type == "rewrite":
        return ctx.services.resources.banks.question(shown.question_id).sentence
    raise AssertionError(shown.type)


def _open_quiz(window, topics, count):
    window.navigate.emit("quiz")
    view = window.pages["quiz"]
    assert view.on_setup()
    view.check_topics(topics)
    view.count.setValue(count)
    view.start_button.click()
    return view


def _answer(qtbot, controller, view, value):
    view.box.give(value)
    assert view.submit_button.isEnabled()
    view.submit_button.click()
    qtbot.waitUntil(lambda: view._feedback is not None or view.error_text(), timeout=20000)


def test_every_typed_type_answered_with_feedback_from_the_seed(make_app, trainee, qtbot):
    ctx, window, controller = make_app(session=trainee)
    typed = ctx.services.resources.banks.by_topic("etiquette")
    view = _open_quiz(window, ["etiquette"], len(typed))
    quiz = controller.quiz
    assert len(quiz.run.items) == len(typed)
    seen, missed = set(), None
    for n, shown in enumerate(quiz.run.items):
        if shown.type != "order":  # the steps as shown are an answer already (never right)
            assert view.box.value() is None and not view.submit_button.isEnabled()
        if missed is None and shown.type == "single":
            missed = shown.question_id
            _answer(qtbot, controller, view, wrong_answer(ctx, shown))
            assert view.feedback.verdict.text() == "回答错误"
            q = ctx.services.resources.banks.question(shown.question_id)
            assert q.options[q.answer] in view.feedback.expected.text()
            assert not view.feedback.queued.isHidden()
        else:
            _answer(qtbot, controller, view, right_answer(ctx, shown))
            assert view.feedback.verdict.text() == "回答正确", (
                shown.question_id,
                view.feedback_text(),
            )
        q = ctx.services.resources.banks.question(shown.question_id)
        text = view.feedback_text()
        assert q.evidence in text and q.explanation in text  # the seed's words, the why
        assert pick_title(q.source) in text
        seen.add(shown.type)
        if n + 1 < len(quiz.run.items):
            view.next_button.click()
    assert seen == {"single", "multiple", "true_false", "order", "rewrite", "say"}
    assert ("model", "quiz_answer") in ctx.runner.ran  # the rewrite went to the grader's lane
    view.next_button.click()  # see the result
    assert f"{len(typed) - 1}/{len(typed)}" in view.feedback.done.text()
    # the miss joined this trainee's review queue (not due yet: FSRS's first step)
    queue = ctx.services.review.queue(trainee)
    assert [(d.kind, d.item) for d in queue] == [("question", missed)]
    assert view.queue.rowCount() == 1


def test_a_poor_rewrite_fails_with_the_graders_findings(make_app, trainee, qtbot):
    ctx, window, controller = make_app(session=trainee)
    rewrites = [
        q for q in ctx.services.resources.banks.by_topic("forbidden") if q.type == "rewrite"
    ]
    view = _open_quiz(window, ["forbidden"], 31)
    for shown in controller.quiz.run.items:
        if shown.type == "rewrite":
            break
        view.box.give(right_answer(ctx, shown))
        view.submit_button.click()
        view.next_button.click()
    assert rewrites and shown.type == "rewrite"
    q = ctx.services.resources.banks.question(shown.question_id)
    assert q.sentence in view.box.findChild(type(view.prompt)).text()
    view.box.give(q.sentence)  # the forbidden sentence itself, sent from the text box
    qtbot.keyClick(view.box.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view._feedback is not None, timeout=20000)
    assert view.box.text.toPlainText() == q.sentence  # Ctrl+Enter sent it, no new line
    assert view.feedback.verdict.text() == "回答错误"
    assert not view.feedback.issues.isHidden() and view.feedback.issues.text()
    assert q.model_answer in view.feedback.expected.text()
    assert "分" in view.feedback.score.text()


def test_missed_questions_come_back_for_review(make_app, trainee, qtbot, monkeypatch):
    ctx, window, controller = make_app(session=trainee)
    view = _open_quiz(window, ["quality"], 3)
    missed = []
    for shown in controller.quiz.run.items:
        if shown.type in ("single", "true_false"):
            _answer(qtbot, controller, view, wrong_answer(ctx, shown))
            missed.append(shown.question_id)
        else:
            _answer(qtbot, controller, view, right_answer(ctx, shown))
        view.next_button.click()
    assert missed
    view.back_button.click()
    assert view.on_setup() and not view.review_button.isEnabled()  # not due yet
    later = datetime.now(UTC) + timedelta(days=2)
    monkeypatch.setattr(ctx.services.review, "wall", lambda: later)
    window.navigate.emit("quiz")
    assert view.review_button.isEnabled()
    assert str(len(missed)) in view.review_text.text()
    view.review_button.click()
    items = controller.quiz.run.items
    assert sorted(i.question_id for i in items) == sorted(missed)
    for shown in items:
        _answer(qtbot, controller, view, right_answer(ctx, shown))
        assert view.feedback.verdict.text() == "回答正确"
        view.next_button.click()
    assert f"{len(missed)}/{len(missed)}" in view.feedback.done.text()
    # answered right, the questions are scheduled later: nothing is due now
    assert ctx.services.review.due(trainee) == []


def test_a_failed_answer_says_why_and_can_be_sent_again(make_app, trainee, qtbot, monkeypatch):
    ctx, window, controller = make_app(session=trainee)
    view = _open_quiz(window, ["attitude"], 1)
    shown = controller.quiz.run.items[0]
    real = ctx.services.quizzes.answer
    monkeypatch.setattr(
        ctx.services.quizzes,
        "answer",
        lambda *a: (_ for _ in ()).throw(OSError("数据库已锁定 / database is locked")),
    )
    view.box.give(right_answer(ctx, shown))
    view.submit_button.click()
    assert "数据库已锁定" in view.error_text() and view._feedback is None
    assert view.submit_button.isEnabled()
    monkeypatch.setattr(ctx.services.quizzes, "answer", real)
    view.submit_button.click()
    assert view._feedback is not None and view.error_text() == ""


def test_no_topic_chosen_is_said(make_app, trainee, qtbot):
    ctx, window, controller = make_app(session=trainee)
    view = _open_quiz(window, [], 5)
    assert view.error_text() == i18n.tr("quiz.no_topic") and view.on_setup()


def test_quiz_in_english(make_app, trainee, qtbot):
    ctx, window, controller = make_app(session=trainee, language="en")
    try:
        view = _open_quiz(window, ["etiquette"], 29)
        assert chinese_left(window) == []
        missed = False
        for shown in controller.quiz.run.items:
            q = ctx.services.resources.banks.question(shown.question_id)
            if shown.type in ("single", "multiple"):  # the bank's English, in the shown order
                assert [b.text() for b in view.box.buttons] == list(shown.options_en)
                assert sorted(shown.options_en) == sorted(q.options_en)
            if shown.type == "order":
                steps = [view.box.steps.item(r).text() for r in range(len(q.steps))]
                assert steps == list(shown.steps_en) and sorted(steps) == sorted(q.steps_en)
            if not missed and shown.type == "single":
                missed = True
                _answer(qtbot, controller, view, wrong_answer(ctx, shown))
                assert view.feedback.verdict.text() == "Not right"
                assert q.options_en[q.answer] in view.feedback.expected.text()
            else:
                _answer(qtbot, controller, view, right_answer(ctx, shown))
                assert view.feedback.verdict.text() == "Correct"
            assert view.feedback.explanation.text() == q.explanation_en
            assert chinese_left(window) == [], shown.type
            view.next_button.click()
        assert "28 of 29" in view.feedback.done.text()
        view.back_button.click()
        assert view.queue.rowCount() == 1  # the miss, worded in English
        assert chinese_left(window) == []
    finally:
        i18n.set_language("zh")


def test_switching_to_english_redraws_the_new_pages(make_app, tmp_path, qtbot):
    from tests.app.test_app_english import walk

    services = Services.open(tmp_path / "data")
    admin = services.accounts.create_first_admin("admin", "Ada Admin", "admin-password")
    services.close()
    ctx, window, controller = make_app(session=admin)
    try:
        view = _open_quiz(window, ["forbidden"], 3)
        shown = controller.quiz.run.items[0]
        _answer(
            qtbot, controller, view, wrong_answer(ctx, shown) if shown.type != "multiple" else [0]
        )
        window.navigate.emit("selfcheck")
        check = window.pages["selfcheck"]
        for item in check.bank.items:
            check.choose(item.id, 6)
        check.submit_button.click()
        window.navigate.emit("users")
        window.navigate.emit("settings")
        settings = window.settings
        settings.language.setCurrentIndex(settings.language.findData("en"))
        settings.save_button.click()
        for page in ("users", "selfcheck", "quiz", "home"):
            assert walk(window, page) == [], page
        assert "Room to improve" in check.result_text()
        assert view.feedback.verdict.text() == "Not right"
        assert window.nav.item(NAV.index("users")).text() == "Users"
    finally:
        i18n.set_language("zh")


def test_trainers_see_the_questions_missed_again_and_again(make_app, tmp_path, qtbot):
    services = Services.open(tmp_path / "data")
    admin = services.accounts.create_first_admin("admin", "Admin", "admin-password")
    for name, role in (("wang", "trainee"), ("li", "trainee"), ("zhou", "trainer")):
        services.accounts.create_user(admin, name, name.title(), role, "password-1")
    who = {n: services.accounts.sign_in(n, "password-1") for n in ("wang", "li", "zhou")}
    services.close()
    ctx, window, controller = make_app(session=who["wang"])
    quizzes = ctx.services.quizzes
    target = None
    for name in ("wang", "li"):
        run = quizzes.start(who[name], ["quality"], 1, types=["single"], seed=7)
        shown = run.items[0]
        target = target or shown.question_id
        assert shown.question_id == target  # the same seed, the same question
        quizzes.answer(who[name], run.quiz_id, 0, wrong_answer(ctx, shown))
    window.navigate.emit("quiz")
    view = window.pages["quiz"]
    assert view.missed.isHidden()  # a trainee's page does not show everyone's misses
    ctx.session = who["zhou"]
    window.navigate.emit("quiz")
    assert not view.missed.isHidden() and view.missed.rowCount() == 1
    prompt = ctx.services.resources.banks.question(target).prompt
    assert [view.missed.item(0, c).text() for c in range(3)] == [prompt, "2", "2"]


def test_ctrl_enter_submits_and_goes_on(make_app, trainee, qtbot):
    ctx, window, controller = make_app(session=trainee)
    view = _open_quiz(window, ["attitude"], 2)
    first = controller.quiz.run.items[0]
    view.box.give(right_answer(ctx, first))
    view.box.setFocus()
    qtbot.keyClick(view.box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert view._feedback is not None and view.feedback.verdict.text() == "回答正确"
    qtbot.keyClick(view.box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert controller.quiz.index == 1 and view._feedback is None


def test_order_steps_move_up_and_down(qtbot):
    from simulator.app.quizzes.views.quiz_answer import AnswerBox
    from simulator.core.quiz_draw import PresentedQuestion

    shown = PresentedQuestion(0, "q", "etiquette", "order", "排序", None, steps=("甲", "乙", "丙"))
    box = AnswerBox(shown)
    qtbot.addWidget(box)
    assert box.value() == [0, 1, 2]
    box._moves[0].click()  # Up on the first step: nothing moves
    assert box.value() == [0, 1, 2]
    box._moves[1].click()  # Down: 甲 goes below 乙
    assert box.value() == [1, 0, 2]
    box._moves[1].click()
    assert box.value() == [1, 2, 0] and box.steps.currentRow() == 2
    box.lock()
    assert not box.steps.isEnabled() and not box._moves[0].isEnabled()
