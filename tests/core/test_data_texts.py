"""Texts in the data files: a text that ends inside an open bracket (how a YAML comment cut
shows) is reported with its file and field; the seeds' titles; the seed passage behind a model
answer, found by ``simulator quotes`` and recorded in the packs."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from simulator.core.catalog import BRACKETS, load_catalog, open_bracket
from simulator.core.paths import scenarios_dir
from simulator.core.seeds import SEEDS, find_passage, seed_title


@pytest.mark.parametrize("opener", list(BRACKETS))
def test_text_ending_inside_a_bracket_is_found(opener):
    closer = BRACKETS[opener]
    assert open_bracket(f"等3秒{opener}001") == opener
    assert open_bracket(f"等3秒{opener}001{closer}。") is None
    assert open_bracket(f"{opener}a{opener}b{closer}") == opener  # one left open


def test_validate_names_the_file_and_field_of_a_cut_text(tmp_path):
    root = tmp_path / "scenarios"
    shutil.copytree(scenarios_dir(), root)
    pack = root / "packs" / "special-calls.yaml"
    text = pack.read_text("utf-8")
    quoted = '"问候后等待3秒左右，仍无声再重复一遍（001 #5；003 为稍停5秒）。"'
    assert quoted in text  # the fixed note: quoted, so # is part of the text
    pack.write_text(text.replace(quoted, quoted.strip('"')), "utf-8")  # as it was
    catalog = load_catalog(root)
    (problem,) = catalog.problems
    assert problem.file.endswith("special-calls.yaml")
    assert problem.where == "scenarios[1].turns[0].timing.note"
    assert "（" in problem.problem and "quotes" in problem.problem
    out = subprocess.run(
        [sys.executable, "-m", "simulator.cli", "validate", "--root", str(root)],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 1 and "scenarios[1].turns[0].timing.note" in out.stderr


def test_the_shipped_notes_are_whole():
    catalog = load_catalog()
    assert catalog.problems == []
    note = catalog.scenario("silent-call").turn(1).timing.note
    assert note.endswith("（001 #5；003 为稍停5秒）。")


def test_every_seed_has_a_title_in_both_languages():
    assert len(SEEDS) == 5
    for file, seed in SEEDS.items():
        assert seed_title(file) == seed.title and seed_title(file, english=True) == seed.title_en
        assert seed.title and seed.title_en.isascii()
    assert seed_title("unknown.txt") == "unknown.txt"


SEED = (
    "第二章 服务用语 用户责怪应答慢时 对不起,让您久等了。 需要查询资料时 对不起, XX先生 /小姐,"
    "请您稍等,我帮您查一下,接下来您将听到一段音乐请不要挂机,谢谢。 查询回来时 感谢您的耐心等待。"
    "如市民仍然情绪激动,可以委婉地说“假如我们的工作给您带来不便,请您原谅。”"
)


def test_the_passage_is_found_as_the_seed_words_it():
    answer = "对不起，王先生，请您稍等，我帮您查一下，接下来您将听到一段音乐，请不要挂机，谢谢。"
    assert find_passage(SEED, answer) == (
        "对不起, XX先生 /小姐,请您稍等,我帮您查一下,接下来您将听到一段音乐请不要挂机,谢谢。"
    )
    assert find_passage(SEED, "假如我们的工作给您带来不便，请您原谅！") == (
        "假如我们的工作给您带来不便,请您原谅。"
    )
    assert find_passage(SEED, "这句话在教材里根本没有出现过。") is None


def test_model_answers_carry_their_seed_passage():
    catalog = load_catalog()
    answers = [a for sc in catalog.scenarios.values() for t in sc.turns for a in t.model_answers]
    quoted = [a for a in answers if a.quote]
    assert len(quoted) >= len(answers) - 2  # an answer no manual words alike shows the title only
    answer = catalog.scenario("angry-caller").turn(1).model_answers[0]
    assert answer.quote == "*先生/小姐,我理解您的心情,您别急,我马上帮您处理,好吗?"


def test_quotes_command_finds_and_writes_missing_quotes(tmp_path):
    root = tmp_path / "scenarios"
    shutil.copytree(scenarios_dir(), root)
    pack = root / "packs" / "emotional-callers.yaml"
    line = '            quote: "*先生/小姐,我理解您的心情,您别急,我马上帮您处理,好吗?"\n'
    pack.write_text(pack.read_text("utf-8").replace(line, "", 1), "utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "001_ab75b4677eacef2d.txt").write_text(
        "电话经理应首先安抚客户的情绪:“*先生/小姐,我理解您的心情,您别急,我马上帮您处理,好吗?”",
        "utf-8",
    )
    cmd = [sys.executable, "-m", "simulator.cli", "quotes", str(seeds), "--root", str(root)]
    check = subprocess.run(cmd, capture_output=True, text=True)
    assert check.returncode == 1  # other seeds are missing here: their answers are reported
    assert "angry-caller turn 1" in check.stderr
    wrote = subprocess.run([*cmd, "--write"], capture_output=True, text=True)
    assert wrote.stdout.startswith("1 quotes written"), wrote.stdout + wrote.stderr
    assert line in pack.read_text("utf-8")
    assert load_catalog(root).problems == []


def _han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _unquoted(text: str) -> str:
    """``text`` without what it quotes (“…”, 「…」): Chinese words the trainee is to say."""
    import re

    return re.sub(r"“[^”]*”|「[^」]*」", "", text)


def test_every_text_the_app_shows_has_its_english():
    catalog = load_catalog()
    missing = []

    def need(where: str, zh: str, en: str) -> None:
        if zh and (not en or _han(_unquoted(en))):
            missing.append((where, zh, en))

    for sc in catalog.scenarios.values():
        need(f"{sc.id}.summary", sc.summary, sc.summary_en)
        need(f"{sc.id}.persona.name", sc.persona.name, sc.persona.name_en)
        if len(sc.tags_en) != len(sc.tags):
            missing.append((f"{sc.id}.tags", sc.tags, sc.tags_en))
        for turn in sc.turns:
            need(f"{sc.id}[{turn.id}].hint", turn.hint, turn.hint_en)
            if turn.timing is not None:
                need(f"{sc.id}[{turn.id}].timing.note", turn.timing.note, turn.timing.note_en)
            for op in turn.off_protocol:
                need(f"{sc.id}[{turn.id}].{op.id}", op.explanation, op.explanation_en)
    for rule in catalog.rules.rules:
        need(rule.id, rule.explanation, rule.explanation_en)
    for element in catalog.elements.elements:
        need(element.name, element.tip, element.tip_en)
    assert missing == []
