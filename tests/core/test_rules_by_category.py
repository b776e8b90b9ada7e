"""Each forbidden-language category, with the seeds' own examples both ways.

Violations are independent of the scenario, so every reply is graded as a reply to the
praise scenario's first turn and only the rule violations are looked at.
"""

import pytest

SEED_000 = "000_f5f53003cce702ee.txt"
SEED_001 = "001_ab75b4677eacef2d.txt"

BAD = [
    # (reply, category) — sentences quoted or adapted from the seeds' 禁用语 lists
    ("这个我不知道。", "forbidden_word"),
    ("不可能，我们不会这样收费。", "forbidden_word"),
    ("好像是线路的问题吧。", "forbidden_word"),
    ("应该明天就能修好。", "forbidden_word"),
    ("没法查！没办法！", "forbidden_word"),
    ("不行就是不行！", "forbidden_word"),
    ("什么？", "forbidden_word"),
    ("难道你不知道要先交费吗？", "rhetorical"),
    ("刚才不是跟你说了吗？", "rhetorical"),
    ("怎么又问？", "rhetorical"),
    ("你问我，我问谁？", "rhetorical"),
    ("我不是告诉过你了吗？", "interrogating"),
    ("你还不明白，这次听好了。", "interrogating"),
    ("你听不见吗？", "interrogating"),
    ("明白吗？", "interrogating"),
    ("知道了吗？", "interrogating"),
    ("你快点说。", "commanding"),
    ("怎么这么烦！", "commanding"),
    ("你别再问了。", "commanding"),
    ("别再打这个号码了。", "commanding"),
    ("你必须本人来办理。", "commanding"),
    ("大声点，我听不清！", "commanding"),
    ("你小声一点行不行！", "commanding"),
    ("请诚实回答。", "commanding"),
    ("你有完没完？！", "commanding"),
    ("用不起就别用！", "sarcastic"),
    ("有什么了不起！", "sarcastic"),
    ("不会用就别用。", "sarcastic"),
    ("你买的时候怎么不挑好。", "sarcastic"),
    ("你懂不懂，不知道就别说了。", "sarcastic"),
    ("你要这样，我也没办法。", "sarcastic"),
    ("不关我的事！", "shirking"),
    ("这是规定，就不行。", "shirking"),
    ("有意见找领导去！", "shirking"),
    ("随便你找哪个。", "shirking"),
    ("我不清楚，你找营业厅问去！", "shirking"),
    ("不是我受理的，我不清楚。", "shirking"),
    ("有意见，告去，尽管去投诉好了。", "shirking"),
    ("就是说，这个这个，宽带的问题。", "filler"),
    ("好的喽，马上给您办嘛。", "filler"),
    ("喂！喂！你说话。", "impolite_address"),
]

GOOD = [
    # approved phrasings from the seeds that contain risky-looking words
    "不客气，这是我们应该做的。",
    "非常抱歉，刚才我的解释有些欠缺，应该是下个月生效。",
    "对不起，不知道您现在接听是否方便？",
    "请问有什么可以帮您？",
    "您的心情我能理解；我尽快想办法给您解决，好吗？",
    "对不起，请您再重复一遍好吗？",
    "请问我刚才的解释您是否明白？",
    "对不起，我听不清您的声音，麻烦您声音大一点，好吗？",
    "您别着急，把您的事情告诉我，我会尽量帮您解决，好吗？",
    "对不起，*先生/小姐，如果我没理解错的话，您的意思是停电了？",
    "您好，我的工号是1024，有什么问题您可以拨打12345政府服务热线联系我们。",
    "非常抱歉，您的需求超出了我们的服务范围，很遗憾我无法帮助到您，建议您拨打110。",
]


def failing_categories(grader, text):
    result = grader.grade("praise", 1, text)
    return [v.category for v in result.violations if v.severity == "fail" and v.text]


@pytest.mark.parametrize(("text", "category"), BAD)
def test_seed_bad_examples_are_flagged_with_their_category(grader, text, category):
    cats = failing_categories(grader, text)
    assert cats, f"{text!r} was not flagged"
    assert cats[0] == category, f"{text!r}: expected {category}, got {cats}"


@pytest.mark.parametrize("text", GOOD)
def test_seed_good_examples_are_not_flagged(grader, text):
    assert failing_categories(grader, text) == []


def test_rule_catalog_examples(grader, catalog):
    for rule in catalog.rules.rules:
        for text in rule.examples_bad:
            result = grader.grade("praise", 1, text)
            assert any(v.rule == rule.id for v in result.violations), (rule.id, text)
        for text in rule.examples_good:
            result = grader.grade("praise", 1, text)
            assert not any(v.rule == rule.id for v in result.violations), (rule.id, text)


def test_every_rule_cites_a_seed(catalog):
    for rule in catalog.rules.rules:
        assert all(s.endswith(".txt") and s[:3].isdigit() for s in rule.source), rule.id


def test_violation_spans_point_into_the_transcript(grader):
    result = grader.grade("praise", 1, "您好，刚才不是跟您说了吗？这个我不知道。")
    for v in result.violations:
        if v.text:
            assert result.transcript[v.start : v.end] == v.text
            assert v.explanation and v.suggestion


def test_polite_reply_with_ni_is_only_warned(grader):
    result = grader.grade("praise", 1, "不客气，这是我们应该做的，谢谢你的认可。")
    assert result.passed
    assert [v.severity for v in result.violations if v.category == "impolite_address"] == ["warn"]


def test_rude_ni_without_courtesy_fails(grader):
    result = grader.grade("praise", 1, "你说吧，你要办什么。")
    assert not result.passed
    assert "impolite_address" in [v.category for v in result.failing]
