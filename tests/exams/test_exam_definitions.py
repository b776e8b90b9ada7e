"""Exam definitions: the shipped ones load and check out against the scenario packs (and the
question banks); a broken one is rejected with its file and field."""

from __future__ import annotations

import importlib.util

import pytest

from simulator.core.catalog import DataError
from simulator.core.exam_def import exams_folder, load_exam, load_exams
from simulator.core.quiz_draw import draw_exam
from simulator.core.seed_titles import SEED_TITLES
from tests.exams.fixtures import EXAM_YAML, write_exam

BANK_TOPICS = {"phrasing", "forbidden", "etiquette", "quality", "complaints", "power95598",
               "gov12345", "attitude"}  # fmt: skip


def test_every_shipped_definition_loads(grader):
    banks = None
    if importlib.util.find_spec("simulator.core.quiz_bank") is not None:
        from simulator.core.quiz_bank import load_banks

        banks = load_banks()
    exams = load_exams(catalog=grader.catalog, banks=banks)
    assert exams.problems == []
    assert {"10000-agent", "12345-government"} <= set(exams.exams)
    for exam in exams.exams.values():
        assert set(exam.source) <= set(SEED_TITLES)  # every definition cites the manuals
        assert {t.topic for t in exam.written.topics} <= BANK_TOPICS
        for turn in exam.oral.pool:
            assert exam.hotline == grader.catalog.scenario(turn.scenario).hotline
        if banks is not None:
            a, b = draw_exam(exam, banks, 1), draw_exam(exam, banks, 2)
            assert len(a.items) == exam.written.count + exam.oral.count and a != b


BROKEN = [
    ("time_limit_minutes: 10", "time_limit_minutes: 0", "time_limit_minutes"),
    ("  weight: 50\n  count: 2", "  weight: 40\n  count: 2", "weights of the parts add up to 90"),
    ("    - {topic: phrasing, count: 3, types: [single, multiple, true_false, order]}",
     "    - {topic: phrasing, count: 3, types: [essay]}", "written.topics[0].types[0]"),
    ("{scenario: praise, turn: 1}", "{scenario: no-such-call, turn: 1}", "oral.pool[1].scenario"),
    ("{scenario: praise, turn: 1}", "{scenario: praise, turn: 9}", "oral.pool[1].turn"),
    ("{topic: forbidden, count: 2,", "{topic: forbidden, count: 9,", "written.topics[1].count"),
    ("pass_mark: 60", "pass_mark: 60\ncolour: red", "colour"),
    ("  count: 2\n  pool:", "  count: 7\n  pool:", "oral: Value error, count 7 is more"),
]  # fmt: skip


@pytest.mark.parametrize("old,new,where", BROKEN)
def test_a_broken_definition_names_file_and_field(tmp_path, grader, banks, old, new, where):
    assert old in EXAM_YAML
    path = write_exam(tmp_path, EXAM_YAML.replace(old, new), "broken.yaml")
    with pytest.raises(DataError) as info:
        load_exam(path, banks, grader.catalog)
    message = str(info.value)
    assert message.startswith(str(path)) and where in message
    exams = load_exams(tmp_path, banks, grader.catalog)
    assert exams.exams == {} and str(exams.problems[0]).startswith(str(path))


def test_not_yaml_is_named(tmp_path):
    path = write_exam(tmp_path, "id: [unclosed\n", "bad.yaml")
    with pytest.raises(DataError, match="bad.yaml: .*not valid YAML"):
        load_exam(path)


def test_the_shipped_folder_is_exams_exams():
    assert exams_folder().name == "exams" and (exams_folder() / "10000-agent.yaml").is_file()
