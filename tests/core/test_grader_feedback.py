"""What the grader hands the feedback: the branch the call takes, structured criteria (the CLI's
detail text kept), rewrites fitted to the turn, English beside the Chinese, and a result that
reads back from its JSON unchanged."""

from __future__ import annotations

from simulator.core.result import result_from_dict
from simulator.core.rewrites import adapt, alternatives

RUDE = "你怎么这么多事啊，我不是跟你说过了吗？又不是我弄坏的。"


def test_the_branch_is_the_one_the_call_takes(grader, catalog):
    angry = grader.grade("angry-caller", 1, RUDE)
    assert (angry.outcome, angry.next_turn, angry.branch) == ("escalated", 3, "escalated")
    # turn 2 has no angrier line: a rude reply fails, but the caller's next line is calm
    turn2 = catalog.scenario("angry-caller").turn(2)
    assert turn2.next.escalated is None
    rude2 = grader.grade("angry-caller", 2, "你怎么这么多事，等着吧。")
    assert rude2.outcome == "escalated" and rude2.next_turn == turn2.next.failed
    assert rude2.branch == "continues"
    last = grader.grade("angry-caller", 4, "请问还有什么可以帮您吗？感谢您的来电，再见！")
    assert last.passed and last.next_turn is None and last.branch == "ends"


def test_criteria_carry_their_data_and_keep_the_cli_detail(grader):
    result = grader.grade("angry-caller", 1, RUDE)
    by_id = {c.id: c for c in result.criteria}
    assert set(by_id) == {"elements", "tones", "style", "similarity"}
    elements = by_id["elements"]
    assert elements.data == {"have": 0, "total": 3, "missing": ["致歉", "表示理解", "提供帮助"]}
    assert elements.detail == "缺少：致歉、表示理解、提供帮助"
    tones = by_id["tones"]
    assert tones.data["counts"] == {"commanding": 1, "interrogating": 1, "shirking": 1}
    assert tones.detail == "commanding、interrogating、shirking（3 处）"  # as the CLI printed
    assert 0 <= by_id["similarity"].data["similarity"] <= 1
    out = result.to_dict()
    for c in out["criteria"]:
        assert {"name", "name_en", "score", "max", "detail", "id", "data"} <= set(c)


def test_rewrites_prefer_the_turns_own_answers(grader, catalog):
    result = grader.grade("angry-caller", 1, RUDE)
    answers = {a.text for a in catalog.scenario("angry-caller").turn(1).model_answers}
    located = [v for v in result.violations if v.end > v.start]
    assert located
    for v in located:
        # no rule suggestion has apologise + understand + help: the turn's answer instead
        assert v.rewrite in answers and v.rewrite_from == "model_answer", v
    # a turn that asks for help only: the rule's own words do (its first alternative)
    assert catalog.scenario("specific-agent-request").turn(1).required == ["提供帮助"]
    result = grader.grade("specific-agent-request", 1, "不知道。")
    (v,) = [v for v in result.violations if v.rule == "fw.bu-zhidao"]
    assert v.rewrite_from == "rule" and v.rewrite == "请您稍等，我帮您查询一下。"


def test_alternatives_and_the_callers_form_of_address():
    assert alternatives("请您稍等。/ 好的，我帮您查。") == ["请您稍等。", "好的，我帮您查。"]
    assert alternatives("先生/女士，您好") == ["先生/女士，您好"]
    assert adapt("先生/女士，您好", "male") == "先生，您好"
    assert adapt("XX先生/小姐，请稍等", "female") == "女士，请稍等"
    assert adapt("先生/女士，您好", None) == "先生/女士，您好"


def test_english_rides_beside_the_chinese(grader):
    result = grader.grade("angry-caller", 1, RUDE)
    assert result.elements_en == {
        "致歉": "Apologise",
        "表示理解": "Show understanding",
        "提供帮助": "Offer help / ask what is needed",
    }
    missing = [v for v in result.violations if v.category == "missing_element"]
    assert missing[0].explanation_en == "Required element missing: Apologise"
    spoken = grader.grade("angry-caller", 1, "非常抱歉", delivery={"rate_cpm": 200.0})
    (finding,) = spoken.delivery.findings
    assert finding.label_en == "Rate (chars/min)" and finding.tip_en.startswith("Too fast")


def test_a_result_reads_back_from_its_json(grader):
    result = grader.grade(
        "angry-caller", 1, RUDE, delivery={"rate_cpm": 200.0, "latency_s": 0.5}, unsure=[1]
    )
    again = result_from_dict(result.to_dict())
    assert again.to_dict() == result.to_dict()
    assert again.closest_answer == result.closest_answer
    assert again.delivery.findings[0].label_en == result.delivery.findings[0].label_en
    old = result.to_dict()
    for key in ("branch", "elements_en", "missing_tips_en"):
        del old[key]
    stored = result_from_dict(old)  # a turn stored before these fields
    assert stored.branch == "" and stored.branch_taken == "continues"
