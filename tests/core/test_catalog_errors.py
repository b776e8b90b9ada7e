"""A malformed pack is rejected whole with file, field and problem; the other packs load; the
catalog's texts are every Chinese string of the data."""

import shutil

import pytest
import yaml

from simulator.core.catalog import DataError, load_catalog
from simulator.core.paths import scenarios_dir


@pytest.fixture
def scen_copy(tmp_path):
    root = tmp_path / "scenarios"
    shutil.copytree(scenarios_dir(), root)
    return root


def good_count():
    return len(load_catalog().scenarios)


def test_invalid_yaml_names_the_line(scen_copy):
    (scen_copy / "packs" / "zz-broken.yaml").write_text("pack: x\n  title: [unclosed\n", "utf-8")
    cat = load_catalog(scen_copy)
    assert len(cat.scenarios) == good_count()
    [problem] = cat.problems
    assert "zz-broken.yaml" in str(problem) and "line" in str(problem)


def test_schema_error_names_the_field_path(scen_copy):
    text = (scen_copy / "packs" / "service-basics.yaml").read_text("utf-8")
    broken = text.replace("difficulty:", "difficulty: 9\n    old_difficulty:", 1)
    (scen_copy / "packs" / "service-basics.yaml").write_text(broken, "utf-8")
    cat = load_catalog(scen_copy)
    messages = [str(p) for p in cat.problems]
    assert any("service-basics.yaml" in m and "scenarios[0].difficulty" in m for m in messages), (
        messages
    )
    assert not any(cat.scenario_pack[s] == "service-basics" for s in cat.scenarios)
    assert "angry-caller" in cat.scenarios  # the other packs still load


def test_bad_pattern_and_unknown_element_are_reported(scen_copy):
    pack = scen_copy / "packs" / "service-basics.yaml"
    data = yaml.safe_load(pack.read_text("utf-8"))
    turn = data["scenarios"][0]["turns"][0]
    turn["required"].append("不存在的要素")
    turn["off_protocol"] = [
        dict(
            id="x",
            patterns=["(未闭合"],
            unless=["好的", "[未闭合"],
            explanation="e",
            suggestion="s",
            source=["001_ab75b4677eacef2d.txt"],
        )
    ]
    element = turn["required"][0].split("|")[0]
    turn["extra_patterns"] = {element: ["您好", "(未闭合"]}
    pack.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    cat = load_catalog(scen_copy)
    messages = [str(p) for p in cat.problems]
    for where in (
        "off_protocol[0].patterns[0]",
        "off_protocol[0].unless[1]",
        f"extra_patterns.{element}[1]",
    ):
        assert sum(f"scenarios[0].turns[0].{where}:" in m for m in messages) == 1, messages
    assert len(messages) == 3  # element names are checked only once the patterns compile
    assert "praise" not in cat.scenarios


def test_unknown_element_is_reported(scen_copy):
    pack = scen_copy / "packs" / "service-basics.yaml"
    data = yaml.safe_load(pack.read_text("utf-8"))
    data["scenarios"][0]["turns"][0]["required"].append("不存在的要素")
    pack.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    cat = load_catalog(scen_copy)
    assert any("unknown element '不存在的要素'" in str(p) for p in cat.problems)


def test_broken_rule_catalog_is_a_hard_error(scen_copy):
    rules = scen_copy / "rules" / "forbidden.yaml"
    rules.write_text(
        rules.read_text("utf-8").replace("category: shirking", "category: grumpy", 1), "utf-8"
    )
    with pytest.raises(DataError, match=r"forbidden.yaml: rules\[\d+\]\.category"):
        load_catalog(scen_copy)


def test_unknown_scenario_and_turn(grader):
    with pytest.raises(DataError, match="unknown scenario 'nope'"):
        grader.grade("nope", 1, "您好")
    with pytest.raises(DataError, match="has no turn 99"):
        grader.grade("praise", 99, "您好")


def test_malformed_term_list_is_reported_and_skipped(scen_copy):
    (scen_copy / "lexicon" / "zz-local.yaml").write_text(
        "source: [本地词表]\nterms:\n  工单: 3\n  ab: 2\n  核实: 0\n", "utf-8"
    )
    cat = load_catalog(scen_copy)
    messages = [str(p) for p in cat.problems]
    assert any("zz-local.yaml" in m and "terms.ab" in m for m in messages), messages
    assert any("zz-local.yaml" in m and "terms.核实" in m for m in messages), messages
    assert len(cat.terms) == 2  # the shipped lists (terms, commitments) load, the broken one not
    assert len(cat.scenarios) == good_count()


def test_validate_command_counts_term_lists(scen_copy, capsys):
    from simulator.cli import main

    assert main(["validate", "--root", str(scen_copy)]) == 0
    assert "2 term lists" in capsys.readouterr().out  # hotline terms, commitment phrases


def test_texts_are_every_string_of_the_data():
    cat = load_catalog()
    texts = set(cat.texts())
    turn = cat.scenario("angry-caller").turns[0]
    assert turn.caller.text in texts and turn.model_answers[0].text in texts
    assert set(cat.rules.rules[0].patterns) <= texts
    assert not any(isinstance(t, int | float) for t in texts)
    # the English beside the Chinese and the seed passages are not hotline vocabulary
    assert turn.hint_en and turn.hint_en not in texts
    assert turn.model_answers[0].quote not in texts
