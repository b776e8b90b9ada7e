"""Audio paths written in scenario packs stay inside assets/audio/: one check in the core
(simulator.core.paths), used by the schema, the catalog and everything that opens the files;
``simulator validate`` names the file and the field of a bad one."""

from __future__ import annotations

import shutil

import pytest
import yaml

from simulator.core.catalog import load_catalog
from simulator.core.paths import UnsafePath, audio_file, check_audio_ref, inside, scenarios_dir

GOOD = "assets/audio/angry-caller/t1.ogg"
BAD = {
    "assets/audio/../../etc/passwd.ogg": "must not contain '..'",
    "assets/audio/a/../../x.ogg": "must not contain '..'",
    "/etc/x.ogg": "not absolute",
    "assets\\audio\\a\\t1.ogg": "backslash",
    "C:/assets/audio/t1.ogg": "drive",
    "assets/audio//t1.ogg": "empty or '.' part",
    "assets/audio/./t1.ogg": "empty or '.' part",
    "scenarios/t1.ogg": "under assets/audio/",
    "assets/audio/t1.txt": "must end in",
    "": "empty",
}


def test_a_good_reference_is_a_file_under_the_audio_folder(tmp_path):
    assert check_audio_ref(GOOD) == GOOD
    assert audio_file(GOOD, tmp_path) == tmp_path / "assets" / "audio" / "angry-caller" / "t1.ogg"


@pytest.mark.parametrize(("ref", "why"), list(BAD.items()))
def test_bad_references_are_refused_with_the_reason(tmp_path, ref, why):
    with pytest.raises(UnsafePath, match="audio path") as info:
        audio_file(ref, tmp_path)
    assert why in str(info.value)
    assert "\n" not in str(info.value)


def test_a_symlink_that_leads_out_is_refused(tmp_path):
    audio = tmp_path / "assets" / "audio"
    audio.mkdir(parents=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "t1.ogg").write_bytes(b"x")
    (audio / "evil").symlink_to(outside, target_is_directory=True)
    (audio / "inner").mkdir()
    (audio / "alias").symlink_to(audio / "inner", target_is_directory=True)
    with pytest.raises(UnsafePath, match="leads outside") as info:
        audio_file("assets/audio/evil/t1.ogg", tmp_path)
    assert "'assets/audio/evil/t1.ogg'" in str(info.value)
    # a link that stays inside the folder is fine
    assert audio_file("assets/audio/alias/t1.ogg", tmp_path).parent.name == "alias"
    with pytest.raises(UnsafePath, match="leads outside"):
        inside(audio, "evil/t1.ogg")


@pytest.fixture
def data_copy(tmp_path):
    """A copy of the scenarios/ folder beside an (empty) assets/audio/ folder."""
    shutil.copytree(scenarios_dir(), tmp_path / "scenarios")
    (tmp_path / "assets" / "audio").mkdir(parents=True)
    return tmp_path


def _edit_first_turn(root, **changes) -> str:
    """Set caller.audio and/or the first model answer's audio of service-basics' first turn."""
    pack = root / "scenarios" / "packs" / "service-basics.yaml"
    data = yaml.safe_load(pack.read_text("utf-8"))
    turn = data["scenarios"][0]["turns"][0]
    if "caller" in changes:
        turn["caller"]["audio"] = changes["caller"]
    if "answer" in changes:
        turn["model_answers"][0]["audio"] = changes["answer"]
    pack.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return str(pack)


def _validate(root, capsys) -> tuple[int, str]:
    """``simulator validate --root …``: its exit status and what it printed on stderr (the
    problems); the pack with the bad path is rejected, the others still load."""
    from simulator.cli import main

    others = len(list((root / "scenarios" / "packs").glob("*.yaml"))) - 1
    capsys.readouterr()
    status = main(["validate", "--root", str(root / "scenarios")])
    out, err = capsys.readouterr()
    assert any(line.startswith(f"{others} packs,") for line in out.splitlines()), out
    return status, err


@pytest.mark.parametrize(
    ("field", "value", "why"),
    [
        ("caller", "assets/audio/../../../etc/passwd.ogg", "'..'"),
        ("caller", "/etc/t1.ogg", "absolute"),
        ("caller", "assets\\audio\\x\\t1.ogg", "backslash"),
        ("answer", "assets/audio/../outside.ogg", "'..'"),
        ("answer", "/tmp/answer.ogg", "absolute"),
        ("answer", "assets\\audio\\x\\a.ogg", "backslash"),
    ],
)
def test_validate_names_file_and_field_of_a_bad_path(data_copy, capsys, field, value, why):
    pack = _edit_first_turn(data_copy, **{field: value})
    where = {"caller": "caller.audio", "answer": "model_answers[0].audio"}[field]
    status, err = _validate(data_copy, capsys)
    assert status == 1
    (line,) = [x for x in err.splitlines() if where in x]
    assert line.startswith(f"{pack}: scenarios[0].turns[0].{where}: ")
    assert "audio path" in line and why in line


@pytest.mark.parametrize("field", ["caller", "answer"])
def test_validate_names_a_symlink_that_leads_out(data_copy, capsys, tmp_path_factory, field):
    outside = tmp_path_factory.mktemp("outside")
    (data_copy / "assets" / "audio" / "evil").symlink_to(outside, target_is_directory=True)
    pack = _edit_first_turn(data_copy, **{field: "assets/audio/evil/t1.ogg"})
    where = {"caller": "caller.audio", "answer": "model_answers[0].audio"}[field]
    status, err = _validate(data_copy, capsys)
    assert status == 1
    (line,) = [x for x in err.splitlines() if where in x]
    assert line.startswith(f"{pack}: scenarios[0].turns[0].{where}: ")
    assert "leads outside" in line and "assets/audio/evil/t1.ogg" in line


def test_the_shipped_packs_pass_the_path_check():
    cat = load_catalog()
    assert cat.problems == []
    refs = [
        ref
        for sc in cat.scenarios.values()
        for t in sc.turns
        for ref in [t.caller.audio, *(a.audio for a in t.model_answers)]
        if ref
    ]
    assert len(refs) > 60
    for ref in refs:
        assert audio_file(ref).is_file(), ref
