"""Recording consent in exams, quizzes and drills: without it no oral answer, spoken quiz
answer or drill take is kept (refused in words); an exam's recordings outlive retention and
"delete my recordings" until the attempt is sealed, then go like the others."""

from __future__ import annotations

from datetime import timedelta

import pytest

from simulator.core.quiz_draw import DrawnQuestion
from simulator.services.errors import ConsentRequired
from tests.exams.conftest import model_answer
from tests.exams.helpers import ready, right_answer


def test_an_oral_exam_needs_the_candidates_consent(services, people, speech, grader):
    bob, proctor = people["bob"], people["proctor"]
    services.privacy.revoke_consent(bob)
    with pytest.raises(ConsentRequired, match="not agreed to keep voice recordings"):
        services.exams.register(proctor, "fixture-exam", bob.user_id)
    rec, _paper = ready(services, people)  # alice agreed
    services.privacy.revoke_consent(people["alice"])  # … and changed her mind during the exam
    oral = next(i for i in rec.draw.items if not isinstance(i, DrawnQuestion))
    with pytest.raises(ConsentRequired):
        services.exams.save_oral(people["alice"], rec.id, oral.index, speech.say("您好"), 16000)
    written = next(i for i in rec.draw.items if isinstance(i, DrawnQuestion))
    services.exams.save_answer(people["alice"], rec.id, written.index,
                               right_answer(services, rec, written, grader))  # fmt: skip
    assert list(services.recordings.folder.rglob("*.wav")) == []


def test_spoken_quiz_answers_and_drills_need_consent(services, people, speech, grader):
    alice = people["alice"]
    services.privacy.revoke_consent(alice)
    run = services.quizzes.start(alice, ["forbidden"], count=10, types=["say"])
    (q,) = run.items
    audio = speech.say(model_answer(grader, "angry-caller"))
    with pytest.raises(ConsentRequired):
        services.quizzes.answer_spoken(alice, run.quiz_id, q.index, audio, 16000)
    with pytest.raises(ConsentRequired):
        services.review.answer_drill(alice, "angry-caller", 1, audio, 16000)
    assert not services.recordings.folder.exists() or not list(services.recordings.files())
    services.privacy.give_consent(alice)
    assert services.quizzes.answer_spoken(alice, run.quiz_id, q.index, audio, 16000).correct


def test_exam_recordings_stay_until_the_attempt_is_sealed(services, people, speech, grader, wall):
    alice, admin = people["alice"], people["admin"]
    services.privacy.set_retention(admin, 7)
    rec, _paper = ready(services, people)
    for item in rec.draw.items:
        if isinstance(item, DrawnQuestion):
            services.exams.save_answer(alice, rec.id, item.index,
                                       right_answer(services, rec, item, grader))  # fmt: skip
        else:
            text = model_answer(grader, item.scenario_id, item.turn_id)
            services.exams.save_oral(alice, rec.id, item.index, speech.say(text), 16000)
    takes = list(services.recordings.folder.rglob("*.wav"))
    assert len(takes) == 2
    later = wall.now + timedelta(days=3650)
    assert services.privacy.apply_retention(later).deleted == ()
    assert services.privacy.delete_my_recordings(alice).deleted == ()
    assert all(p.exists() for p in takes)
    assert services.exams.submit(alice, rec.id).state == "sealed"
    gone = services.privacy.apply_retention(later)
    assert gone.by_source == {"exam_answers": 2} and not any(p.exists() for p in takes)
    assert services.privacy.apply_retention(later).deleted == ()  # recorded: not again
    assert services.audit_check.check().ok  # the sealed result's chain still checks out
