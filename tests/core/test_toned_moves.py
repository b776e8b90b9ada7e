"""A situation's wrong move that is itself a forbidden tone (推诿、命令、讽刺、禁用词) is named by
that tone, keeps the move's explanation and rewrite, is still the main fault, and is never
waved through by the second opinion (scenarios/packs: ``tone``; 000, 001)."""

from __future__ import annotations

import shutil

import yaml

from simulator.core.catalog import load_catalog
from simulator.core.combine import apply_tones
from simulator.core.grader import _RANK, Grader
from simulator.core.paths import scenarios_dir


def _move(grader, scenario, turn, move_id):
    t = grader.catalog.scenario(scenario).turn(turn)
    return next(op for op in t.off_protocol if op.id == move_id)


def test_a_buck_passing_move_is_named_shirking_with_the_moves_own_words(grader):
    move = _move(grader, "complaint-about-agent", 1, "not-my-call")
    assert move.tone == "shirking"
    r = grader.grade("complaint-about-agent", 1, "前面几次都不是我受理的，具体情况我这边也不清楚。")
    first = r.failing[0]
    assert (first.rule, first.category) == ("off.not-my-call", "shirking")
    assert first.explanation == move.explanation
    assert r.outcome == "escalated"  # a forbidden tone angers the caller


def test_each_toned_move_names_its_tone_first(grader):
    cases = [
        ("noisy-line", 1, "大声点，我听不清！", "off.shout-command", "commanding"),
        ("caller-apology", 1, "哟，您还知道道歉呢，难得。", "off.sarcasm", "sarcastic"),
        ("cannot-answer-now", 1, "这个我不知道，您问问社区吧。", "off.dont-know", "forbidden_word"),
    ]
    for scenario, turn, text, rule, tone in cases:
        r = grader.grade(scenario, turn, text)
        assert not r.passed, text
        assert (r.failing[0].rule, r.failing[0].category) == (rule, tone), text


def test_an_untoned_move_is_still_off_protocol(grader):
    assert _move(grader, "date-invitation", 1, "accept").tone is None
    r = grader.grade("date-invitation", 1, "好呀好呀，那就下班后见，您定地方吧。")
    assert r.failing[0].category == "off_protocol"


def test_the_second_opinion_never_waves_a_listed_move_through(grader):
    r = grader.grade("complaint-about-agent", 1, "不是我受理的，我不清楚。", hearing=None)
    move = next(v for v in r.violations if v.rule == "off.not-my-call")

    class Sure:  # a reading that finds every piece fine, as sure as can be
        pieces = (type("P", (), {"start": 0, "end": 99})(),)

        @staticmethod
        def clean(_i):
            return 1.0

        @staticmethod
        def top_tone(_i):
            return "shirking", 0.0

        @staticmethod
        def reply_tone():
            return "shirking", 0.0

    policy = grader.policy.opinion
    assert "shirking" in policy.veto_categories
    kept = apply_tones([move], Sure(), policy, _RANK)
    assert kept[0].severity == "fail"


def test_an_unknown_tone_is_named_with_its_path(tmp_path):
    root = tmp_path / "scenarios"
    shutil.copytree(scenarios_dir(), root)
    pack = root / "packs" / "emotional-callers.yaml"
    data = yaml.safe_load(pack.read_text("utf-8"))
    for i, scenario in enumerate(data["scenarios"]):
        for j, turn in enumerate(scenario["turns"]):
            for k, move in enumerate(turn.get("off_protocol") or []):
                if move["id"] == "not-my-call":
                    move["tone"] = "grumpy"
                    where = f"scenarios[{i}].turns[{j}].off_protocol[{k}].tone"
    pack.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    cat = load_catalog(root)
    messages = [str(p) for p in cat.problems]
    assert any(where in m and "emotional-callers" in m for m in messages), messages
    assert "angry-caller" in load_catalog().scenarios


def test_the_rules_alone_name_the_same_tone():
    rules_only = Grader(use_opinion=False)
    r = rules_only.grade("hard-to-reach", 1, "现在是高峰期，打电话的人多，没办法，大家都得排队。")
    assert r.failing[0].rule == "off.too-busy" and r.failing[0].category == "shirking"
