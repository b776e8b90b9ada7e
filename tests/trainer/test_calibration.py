"""Calibration: blind grading (the grader's verdict hidden until a grade is in, grades final)
and agreement on a hand-computed example.

Ten reference turns; the grader passes 1, 5, 6, 7, 8 and fails the rest (main category
interrogating). Trainer A passes 1, 2, 5, 7, 8, 10 and fails 3, 4, 9 (interrogating) and 6
(sarcastic). By hand:

* verdict: agree on 1 3 4 5 7 8 9 = 7/10; p_e = .6·.5 + .4·.5 = .5; kappa = (.7 − .5)/.5 = .4
* class (pass / category): agree 7/10; A pass 6, int 3, sarc 1 — grader pass 5, int 5;
  p_e = (30 + 15)/100 = .45; kappa = .25/.55 = .4545…
* interrogating yes/no: agree 8/10; p_e = (3·5 + 7·5)/100 = .5; kappa = .6
* sarcastic yes/no: agree 9/10; p_e = (1·0 + 9·10)/100 = .9; kappa = 0
* rule iq.why (fired on the grader's fails) against A's interrogating: as interrogating, .6;
  rule element.回应感谢 (missing_element) against A never saying so: 5/10, p_e .5, kappa 0.

Trainer B grades 1–5 like the grader. A against B on those five: verdict agree 4/5; A passes
3, B 2; p_e = (3·2 + 2·3)/25 = .48; kappa = .32/.52 = .6153…
"""

from __future__ import annotations

import pytest

from simulator.core.calibration import cohen_kappa
from simulator.services import PermissionDenied
from simulator.services.errors import NotFound, ServiceError
from tests.trainer.helpers import GOOD, RUDE, call

GRADER = "PFFFPPPPFF"
A = [None, None, "interrogating", "interrogating", None, "sarcastic", None, None,
     "interrogating", None]  # fmt: skip


@pytest.fixture
def calibration(services, people, grader):
    """A set of the ten reference turns (trainee alice's, with recordings)."""
    _attempt, turns = call(
        services, grader, people["alice"], *[GOOD if g == "P" else RUDE for g in GRADER],
        record=True,
    )  # fmt: skip
    cset = services.calibration.create_set(people["trainer"], "十月校准")
    services.calibration.add_items(people["trainer"], cset.id, turns)
    return cset


def test_kappa_by_hand():
    assert cohen_kappa([1, 1, 0, 0], [1, 1, 0, 0]) == 1.0
    assert cohen_kappa([1, 0], [0, 1]) == pytest.approx(-1.0)
    assert cohen_kappa([1, 1, 1], [1, 1, 1]) is None  # one label throughout: undefined
    assert cohen_kappa(list("PPFFPFPPFP"), list(GRADER)) == pytest.approx(0.4)


def test_grading_is_blind_and_final(services, people, calibration):
    trainer = people["trainer"]
    items = services.calibration.items(trainer, calibration.id)
    assert len(items) == 10 and [i.position for i in items] == list(range(1, 11))
    first = items[0]
    assert first.transcript == GOOD and first.recording is not None and first.recording.is_file()
    assert not hasattr(first, "grader") and not hasattr(first, "passed")
    with pytest.raises(ServiceError, match="grade it first"):
        services.calibration.reveal(trainer, first.item_id)
    shown = services.calibration.submit(trainer, items[1].item_id, True)
    assert shown.grader.passed is False and shown.grader.category == "interrogating"
    assert shown.mine.passed and shown.mine.rater_name == "Trainer"
    with pytest.raises(ServiceError, match="final"):
        services.calibration.submit(trainer, items[1].item_id, False, "interrogating")
    with pytest.raises(ServiceError, match="needs its problem"):
        services.calibration.submit(trainer, items[2].item_id, False)
    with pytest.raises(ServiceError, match="has no problem"):
        services.calibration.submit(trainer, items[2].item_id, True, "sarcastic")
    left = services.calibration.items(trainer, calibration.id, only_ungraded=True)
    assert len(left) == 9 and items[1].item_id not in {i.item_id for i in left}
    # the other trainer still grades it blind
    assert len(services.calibration.items(people["trainer2"], calibration.id, True)) == 10


def test_agreement_matches_the_hand_computed_example(services, people, calibration):
    trainer, other = people["trainer"], people["trainer2"]
    items = services.calibration.items(trainer, calibration.id)
    for item, category in zip(items, A, strict=True):
        services.calibration.submit(trainer, item.item_id, category is None, category)
    r = services.calibration.report(trainer, calibration.id)
    assert (r.verdict.n, r.verdict.agree) == (10, 7) and r.verdict.percent == 70.0
    assert r.verdict.kappa == pytest.approx(0.4)
    assert r.category.agree == 7 and r.category.kappa == pytest.approx(0.25 / 0.55)
    assert r.per_category["interrogating"].agree == 8
    assert r.per_category["interrogating"].kappa == pytest.approx(0.6)
    assert r.per_category["sarcastic"].agree == 9
    assert r.per_category["sarcastic"].kappa == pytest.approx(0.0)
    assert r.per_rule["iq.why"].kappa == pytest.approx(0.6)
    assert r.per_rule["element.回应感谢"].agree == 5
    assert r.per_rule["element.回应感谢"].kappa == pytest.approx(0.0)
    assert r.per_rater["Trainer"].kappa == pytest.approx(0.4)
    assert [d.item.position for d in r.disagreements] == [2, 6, 10]
    d = r.disagreements[0]
    assert d.with_grader and not d.between_trainers
    assert d.item.transcript == RUDE and d.item.recording.is_file()
    assert d.grader.category == "interrogating" and d.grades[0].passed
    # trainer B grades the first five like the grader
    for item, g in zip(items[:5], GRADER[:5], strict=True):
        services.calibration.submit(other, item.item_id, g == "P",
                                    None if g == "P" else "interrogating")  # fmt: skip
    r = services.calibration.report(trainer, calibration.id)
    assert r.raters == ("Trainer", "Trainer2")
    (pair,) = r.pairs
    assert (pair.a, pair.b, pair.verdict.n, pair.verdict.agree) == ("Trainer", "Trainer2", 5, 4)
    assert pair.verdict.kappa == pytest.approx(0.32 / 0.52)
    assert r.trainers_verdict == pair.verdict
    assert r.per_rater["Trainer2"].percent == 100.0 and r.verdict.n == 15
    d = r.disagreements[0]
    assert d.item.position == 2 and d.with_grader and d.between_trainers


def test_items_come_from_standing_practice_turns(services, people, calibration):
    trainer = people["trainer"]
    with pytest.raises(NotFound):
        services.calibration.add_items(trainer, calibration.id, ["no-such-turn"])
    items = services.calibration.items(trainer, calibration.id)
    services.calibration.remove_item(trainer, items[0].item_id)
    assert services.calibration.sets(trainer)[0].items == 9
    with pytest.raises(NotFound):
        services.calibration.submit(trainer, items[0].item_id, True)


def test_trainees_may_not_calibrate(services, people, calibration):
    alice = people["alice"]
    item = services.calibration.items(people["trainer"], calibration.id)[0]
    before = len(services.audit.entries(action="permission.denied"))
    calls = [
        lambda: services.calibration.sets(alice),
        lambda: services.calibration.create_set(alice, "x"),
        lambda: services.calibration.add_items(alice, calibration.id, []),
        lambda: services.calibration.remove_item(alice, item.item_id),
        lambda: services.calibration.items(alice, calibration.id),
        lambda: services.calibration.submit(alice, item.item_id, True),
        lambda: services.calibration.reveal(alice, item.item_id),
        lambda: services.calibration.report(alice, calibration.id),
    ]
    for c in calls:
        with pytest.raises(PermissionDenied):
            c()
    assert len(services.audit.entries(action="permission.denied")) == before + len(calls)
