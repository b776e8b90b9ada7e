"""The hotline-vocabulary correction of transcripts, on the real catalog and jieba's word counts
(no model): it mends what Whisper base really wrote, and leaves correct text, particles, forms
of address, negations and Cantonese alone — and never changes a verdict. The correction the
transcriber gets is built from the catalog already loaded."""

from __future__ import annotations

import json

import pytest
import yaml

from simulator.core.catalog import DataError, load_catalog
from simulator.core.grader import Grader
from simulator.core.paths import repo_root
from simulator.core.schema import HotlineTerms
from simulator.speech.correction import Corrector, build_terms
from simulator.speech.loader import hotline_corrector


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def corrector(catalog):
    return Corrector.from_catalog(catalog)


# What Whisper base wrote for replies of the tuning set (benchmarks/data/speech) → what was said.
HEARD = [
    ("您的投诉我已经受离，会有专人何时处理。", "您的投诉我已经受理，会有专人核实处理。"),
    ("明天下班钱给您电话返亏。", "明天下班钱给您电话反馈。"),  # 钱/前: one character, left
    ("换谁都会着急，我马上给您家级处理。", "换谁都会着急，我马上给您加急处理。"),
    ("您先别染，陪尝的是您必须先提交双面材料", "您先别染，赔偿的是您必须先提交双面材料"),
    ("不方便接收，要请请您亮姐", "不方便接收，邀请请您谅解"),
    ("阿姨，这是有先电视课服热线", "阿姨，这是有线电视客服热线"),
    ("我们这条线只受礼业误问题", "我们这条线只受理业务问题"),
]


@pytest.mark.parametrize(("heard", "said"), HEARD)
def test_mends_sound_alikes_of_hotline_words(corrector, heard, said):
    fixed, changes = corrector.correct(heard)
    assert fixed == said
    assert changes and all(c.before != c.after for c in changes)
    for c in changes:
        assert heard[c.start : c.start + len(c.before)] == c.before
        assert fixed[c.start : c.start + len(c.after)] == c.after


def test_keeps_length_and_punctuation(corrector):
    heard = "很抱歉没能当场达附您，不知道您方便留个联系电话吗？"
    fixed, _ = corrector.correct(heard)
    assert len(fixed) == len(heard)
    assert fixed == "很抱歉没能当场答复您，不知道您方便留个联系电话吗？"


@pytest.mark.parametrize(
    "text",
    [
        "喂你到底有什么问题",  # 喂/你 are what impolite_address judges
        "送煤气的事不归我们管",  # 事不 sounds like 是否, but 不 is a negation
        "唔好意思，你屋企电视冇信号系咪？",  # written Cantonese
        "您这样骂人我没法为您服务",
        "闲着也是闲着",
    ],
)
def test_leaves_protected_and_plain_text_alone(corrector, text):
    assert corrector.correct(text) == (text, [])


def test_model_answers_are_left_alone(corrector, catalog):
    changed = [
        a.text
        for sc in catalog.scenarios.values()
        for turn in sc.turns
        for a in turn.model_answers
        if corrector.correct(a.text)[1]
    ]
    assert changed == []


def test_no_verdict_changes_on_labelled_replies(corrector, catalog):
    grader = Grader(catalog)
    path = repo_root() / "tests" / "data" / "labelled_replies.jsonl"
    items = [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]
    changed, flipped = 0, []
    for item in items:
        fixed, changes = corrector.correct(item["text"])
        if not changes:
            continue
        changed += 1
        before = grader.grade(item["scenario"], item.get("turn"), item["text"]).passed
        after = grader.grade(item["scenario"], item.get("turn"), fixed).passed
        if before != after:
            flipped.append((item["text"], fixed))
    assert flipped == []
    assert changed < len(items) * 0.05  # mostly the writers' deliberate misspellings


def test_trainer_terms_are_preferred(catalog):
    from copy import copy

    plain = Corrector.from_catalog(catalog)
    assert plain.correct("请联系鲸鱼工单组")[0] == "请联系鲸鱼工单组"
    extended = copy(catalog)
    extended.terms = [
        *catalog.terms,
        HotlineTerms(source=["trainer"], terms={"京渝": 50}),
    ]
    assert Corrector.from_catalog(extended).correct("请联系鲸鱼工单组")[0] == "请联系京渝工单组"


def test_build_terms_counts_manual_words():
    text = build_terms([("manual.txt", "受理投诉后要核实情况。核实清楚再答复客户，答复要及时。")])
    data = yaml.safe_load(text)
    terms = HotlineTerms.model_validate(data)
    assert terms.source == ["manual.txt"]
    assert terms.terms["核实"] == 2 and terms.terms["答复"] == 2 and terms.terms["受理"] == 1
    assert all(2 <= len(w) <= 4 for w in terms.terms)


def test_shipped_terms_come_from_the_manuals(catalog):
    assert catalog.terms, "scenarios/lexicon/hotline-terms.yaml did not load"
    terms = max(catalog.terms, key=lambda t: len(t.terms))  # not the commitment phrases
    assert all(s.endswith(".txt") and s[:3].isdigit() for s in terms.source)
    assert terms.terms["核实"] >= 1 and terms.terms["客户"] > 100


def test_the_loaded_catalog_feeds_the_correction_without_a_second_read(catalog, monkeypatch):
    import simulator.core.catalog

    def no_second_read(root=None):
        raise AssertionError("the catalog was read again")

    monkeypatch.setattr(simulator.core.catalog, "load_catalog", no_second_read)
    fixed = hotline_corrector(catalog).correct("您的投诉我已经受离，会有专人何时处理。")[0]
    assert fixed == "您的投诉我已经受理，会有专人核实处理。"


def test_a_correction_that_cannot_be_built_is_optional_only_for_the_app(tmp_path, caplog):
    missing = tmp_path / "no-scenarios"
    with pytest.raises(DataError):
        hotline_corrector(scenarios_root=missing)
    assert hotline_corrector(scenarios_root=missing, required=False) is None
    assert "transcript correction unavailable" in caplog.text


@pytest.mark.parametrize(
    ("heard", "said"),
    [
        ("为大爷，您别生气。", "喂大爷，您别生气。"),
        ("为，听得到吗？", "喂，听得到吗？"),
        ("为您好，请问有什么可以帮您？", "喂您好，请问有什么可以帮您？"),
        ("为您查询好了，电费已经到账。", "为您查询好了，电费已经到账。"),
        ("为了您的安全，请不要靠近。", "为了您的安全，请不要靠近。"),
        ("为什么停电我帮您查一下。", "为什么停电我帮您查一下。"),
        ("您好，为大爷服务是应该的。", "您好，为大爷服务是应该的。"),
    ],
)
def test_the_greeting_heard_as_wei4_alone_at_the_start_is_put_back(corrector, heard, said):
    assert corrector.correct(heard)[0] == said


def test_the_correction_never_writes_a_word_the_rules_charge(corrector, catalog):
    from simulator.speech.correction import charged_words

    words = charged_words(catalog)
    assert {"估计", "不知道", "好像"} <= words and not words & {"我们", "不是", "可以"}
    for heard in ("工单已经标为家既了", "这个骨记要三天才能修好", "这次把您的问题标为家既处理"):
        fixed = corrector.correct(heard)[0]
        assert not any(fixed.count(w) > heard.count(w) for w in words), fixed
