"""Trainers' packs in the data folder: copied from a shipped template (audio and all), listed
with provenance, edited and saved (validated first, previous version kept), deleted to the
trash; a pack the service wrote validates with `simulator validate` and plays as a call."""

from __future__ import annotations

import pytest
import soundfile as sf
import yaml

from simulator.core.catalog import NO_AUDIO, load_catalog
from simulator.services import PermissionDenied
from simulator.services.errors import NotFound, PackError, PackExists
from tests.trainer.helpers import fingerprint, small_pack, turn, wav


def test_a_copied_template_lives_in_the_data_folder_with_its_audio(services, people, data_dir):
    trainer = people["trainer"]
    saved = services.packs.copy(trainer, "service-basics", "my-basics", title="我的咨询")
    folder = data_dir / "packs" / "my-basics"
    assert saved.pack_id == "my-basics" and (folder / "pack.yaml").is_file()
    info = {p.pack_id: p for p in services.packs.list_packs(trainer)}
    mine, shipped = info["my-basics"], info["service-basics"]
    assert (mine.kind, mine.author, mine.copied_from) == ("trainer", "Trainer", "service-basics")
    assert mine.editable and not shipped.editable and shipped.kind == "shipped"
    assert mine.modified and mine.title == "我的咨询"
    # the shipped scenario ids stay with the template; the copy's are renamed
    assert set(mine.scenarios) == {f"my-basics-{s}" for s in shipped.scenarios}
    catalog = services.resources.catalog
    scenario = catalog.scenario("my-basics-praise")
    ref = scenario.turns[0].caller.audio
    assert ref == "audio/praise/t1.ogg"
    path = catalog.audio_path("my-basics-praise", ref)
    assert path == folder / "audio" / "praise" / "t1.ogg" and path.is_file()
    assert sf.info(str(path)).frames > 0
    # the template itself is untouched and still resolves under assets/audio/
    assert "assets/audio" in str(catalog.audio_path("praise", "assets/audio/praise/t1.ogg"))
    (entry,) = services.audit.entries(action="pack.copied")
    assert entry.subject == "my-basics" and entry.actor_name == "trainer"


def test_the_id_of_a_copy_must_be_free(services, people):
    with pytest.raises(PackExists) as info:
        services.packs.copy(people["trainer"], "service-basics", "service-basics")
    assert info.value.suggested == "service-basics-2"
    with pytest.raises(PackError, match="not a pack id"):
        services.packs.copy(people["trainer"], "service-basics", "Bad Id")


def test_save_validates_first_and_keeps_the_previous_version(services, people, data_dir):
    trainer = people["trainer"]
    services.packs.create(trainer, small_pack())
    path = data_dir / "packs" / "night-shift" / "pack.yaml"
    first = path.read_text("utf-8")
    edited = small_pack()
    edited["title"] = "夜班练习（二）"
    saved = services.packs.save(trainer, edited)
    assert yaml.safe_load(path.read_text("utf-8"))["title"] == "夜班练习（二）"
    assert saved.kept is not None and saved.kept.read_text("utf-8") == first
    assert services.packs.pack(trainer, "night-shift").title == "夜班练习（二）"
    before = fingerprint(data_dir)
    broken = [
        ({"colour": "red"}, "colour"),  # unknown field
        ({"scenarios": []}, "scenarios"),
        ({"source": "not a list"}, "source"),
    ]
    for change, where in broken:
        bad = {**small_pack(), **change}
        with pytest.raises(PackError) as info:
            services.packs.save(trainer, bad)
        assert info.value.problems[0].where.startswith(where), info.value.problems
    bad = small_pack()
    bad["scenarios"][0]["turns"][0]["required"] = ["没有这个要素"]
    with pytest.raises(PackError, match=r"turns\[0\].required\[0\]: unknown element"):
        services.packs.save(trainer, bad)
    bad = small_pack(audio="audio/../../../etc/passwd.ogg")
    with pytest.raises(PackError, match=r"caller.audio: .*'\.\.'"):
        services.packs.save(trainer, bad)
    bad = small_pack(audio="assets/audio/praise/t1.ogg")  # a shipped pack's form
    with pytest.raises(PackError, match="must be under audio/"):
        services.packs.save(trainer, bad)
    with pytest.raises(PackError, match="not valid YAML"):
        services.packs.save(trainer, "pack: night-shift\nscenarios: [\n")
    assert fingerprint(data_dir) == before  # nothing written by any refusal


def test_a_symlink_out_of_the_pack_folder_is_refused(services, people, data_dir, tmp_path):
    trainer = people["trainer"]
    services.packs.create(trainer, small_pack())
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "t1.ogg").write_bytes(b"x")
    audio = data_dir / "packs" / "night-shift" / "audio"
    audio.mkdir()
    (audio / "evil").symlink_to(outside, target_is_directory=True)
    with pytest.raises(PackError, match="leads outside"):
        services.packs.save(trainer, small_pack(audio="audio/evil/t1.ogg"))
    # and a pack file edited by hand to point there does not load
    path = data_dir / "packs" / "night-shift" / "pack.yaml"
    path.write_text(yaml.safe_dump(small_pack(audio="audio/evil/t1.ogg")), "utf-8")
    catalog = load_catalog(trainer_packs=data_dir / "packs")
    assert "night-shift" not in catalog.packs
    assert any("leads outside" in str(p) and "caller.audio" in p.where for p in catalog.problems)
    services.resources.packs_changed()  # as at the next start
    (listed,) = [p for p in services.packs.list_packs(trainer) if p.pack_id == "night-shift"]
    assert listed.kind == "trainer" and "leads outside" in listed.problems[0]


def test_shipped_packs_are_read_only_templates(services, people):
    trainer = people["trainer"]
    shipped = services.packs.pack(trainer, "service-basics")
    with pytest.raises(PackError, match="read-only"):
        services.packs.save(trainer, shipped)
    with pytest.raises(PackError, match="read-only"):
        services.packs.delete(trainer, "service-basics")
    with pytest.raises(NotFound):
        services.packs.delete(trainer, "no-such-pack")


def test_delete_moves_the_pack_to_the_trash(services, people, data_dir):
    trainer = people["trainer"]
    services.packs.create(trainer, small_pack())
    trashed = services.packs.delete(trainer, "night-shift")
    assert trashed.parent == data_dir / "trash" / "packs" and (trashed / "pack.yaml").is_file()
    assert not (data_dir / "packs" / "night-shift").exists()
    assert "night-shift" not in services.resources.catalog.packs
    assert services.audit.entries(action="pack.deleted")[0].subject == "night-shift"
    services.packs.create(trainer, small_pack())  # the id is free again


def test_a_line_without_audio_is_a_warning_and_shown_as_text(services, people):
    trainer = people["trainer"]
    check = services.packs.check(trainer, small_pack())
    assert check.ok and check.problems == ()
    assert [w.where for w in check.warnings] == [
        "scenarios[0].turns[0].caller.audio",
        "scenarios[0].turns[1].caller.audio",
    ]
    assert NO_AUDIO in str(check.warnings[0])
    saved = services.packs.create(trainer, small_pack())
    assert len(saved.warnings) == 2
    catalog = services.resources.catalog
    assert catalog.audio_path("night-shift-thanks", None) is None
    (info,) = [p for p in services.packs.list_packs(trainer) if p.pack_id == "night-shift"]
    assert len(info.warnings) == 2


def test_a_pack_written_by_the_service_validates_and_plays_as_a_call(
    services, people, data_dir, grader, capsys
):
    from simulator.cli import main

    trainer, alice = people["trainer"], people["alice"]
    services.packs.create(trainer, small_pack())
    services.packs.attach_audio(trainer, "night-shift", "night-shift-thanks", 1, wav())
    capsys.readouterr()
    main(["validate", "--data-dir", str(data_dir)])
    out, err = capsys.readouterr()
    assert "6 packs" in out
    pack_dir = str(data_dir / "packs")
    assert not [line for line in err.splitlines() if line.startswith(pack_dir)], err
    assert f"warning: {pack_dir}/night-shift/pack.yaml: scenarios[0].turns[1]" in err
    # a call: the grader over the refreshed catalog grades its turns and follows the branches
    g = services.resources.grader
    good = g.grade("night-shift-thanks", 1, "不客气，这是我们应该做的。")
    bad = g.grade("night-shift-thanks", 1, "你到底想干什么？")
    assert good.passed and good.next_turn == 2
    assert not bad.passed and {v.category for v in bad.violations} >= {"interrogating"}
    last = g.grade("night-shift-thanks", 2, "感谢您的来电，再见。")
    assert last.passed and last.next_turn is None
    attempt = services.practice.start_attempt(
        alice, "night-shift-thanks", "night-shift", "夜班", "Night", "typed"
    )
    services.practice.record_turn(
        alice, attempt, turn(g, "night-shift-thanks", 1, "不客气，这是我们应该做的。")
    )
    services.practice.record_turn(
        alice, attempt, turn(g, "night-shift-thanks", 2, "感谢您的来电，再见。", 2)
    )
    services.practice.finish_attempt(alice, attempt, "completed")
    done = services.practice.attempt(alice, attempt)
    assert done.passed and done.turn_count == 2


def test_recorded_audio_is_trimmed_checked_and_versioned(services, people, data_dir):
    trainer = people["trainer"]
    services.packs.create(trainer, small_pack())
    first = services.packs.attach_audio(
        trainer, "night-shift", "night-shift-thanks", 1, wav(0.8, 1.0), trim=True
    )
    assert first.ref == "audio/night-shift-thanks/t1.wav" and first.source == "recorded"
    assert 1.0 <= first.duration_s < 1.5 and first.trimmed_s > 1.0
    assert sf.info(str(first.path)).duration == pytest.approx(first.duration_s, abs=0.01)
    caller = services.packs.pack(trainer, "night-shift").scenarios[0].turns[0].caller
    assert caller.audio == first.ref and caller.recorded
    # an untrimmed OGG replaces it: the WAV is kept under versions/
    ogg = data_dir.parent / "line.ogg"
    sf.write(str(ogg), sf.read(str(first.path))[0], 16000, format="OGG", subtype="VORBIS")
    second = services.packs.attach_audio(trainer, "night-shift", "night-shift-thanks", 1, ogg)
    assert second.ref.endswith("t1.ogg") and not first.path.exists()
    kept = list((data_dir / "packs" / "night-shift" / "versions").rglob("t1.wav"))
    assert len(kept) == 1
    before = fingerprint(data_dir)
    for bad in (b"", b"RIFF not really a wav", b"\x00" * 1000):
        with pytest.raises(PackError):
            services.packs.attach_audio(trainer, "night-shift", "night-shift-thanks", 1, bad)
    with pytest.raises(PackError, match="no speech"):
        services.packs.attach_audio(
            trainer, "night-shift", "night-shift-thanks", 1, wav(1.0, 0.0), trim=True
        )
    with pytest.raises(NotFound):
        services.packs.attach_audio(trainer, "night-shift", "night-shift-thanks", 9, wav())
    assert fingerprint(data_dir) == before


def test_rendering_says_what_to_install_and_renders_a_silent_line(services, people, tmp_path):
    trainer = people["trainer"]
    pack = small_pack()
    pack["scenarios"][0]["turns"][1]["caller"]["text"] = "（无声）"
    services.packs.create(trainer, pack)
    with pytest.raises(PackError, match=r"tools/tts/setup\.sh"):
        services.packs.render_audio(
            trainer, "night-shift", "night-shift-thanks", 1, tts_python=tmp_path / "no-python"
        )
    silent = services.packs.render_audio(
        trainer, "night-shift", "night-shift-thanks", 2, tts_python=tmp_path / "no-python"
    )
    assert silent.source == "rendered" and silent.ref.endswith("t2.ogg")
    assert sf.info(str(silent.path)).frames > 0


def test_trainees_may_not_author_packs_and_are_audited(services, people, tmp_path):
    from simulator.services.pack_zip import export_zip, import_zip

    alice, trainer = people["alice"], people["trainer"]
    services.packs.create(trainer, small_pack())
    denied = len(services.audit.entries(action="permission.denied"))
    attempts = [
        lambda: services.packs.create(alice, small_pack("other")),
        lambda: services.packs.copy(alice, "service-basics", "mine"),
        lambda: services.packs.save(alice, small_pack()),
        lambda: services.packs.delete(alice, "night-shift"),
        lambda: services.packs.check(alice, small_pack()),
        lambda: services.packs.attach_audio(alice, "night-shift", "night-shift-thanks", 1, wav()),
        lambda: services.packs.render_audio(alice, "night-shift", "night-shift-thanks", 1),
        lambda: export_zip(services.packs, alice, "night-shift", tmp_path / "x.zip"),
        lambda: import_zip(services.packs, alice, tmp_path / "x.zip"),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    entries = services.audit.entries(action="permission.denied")
    assert len(entries) == denied + len(attempts)
    assert {e.actor_name for e in entries[denied:]} == {"alice"}
    # a trainee still sees the list (to practise) and an admin may author
    assert "night-shift" in {p.pack_id for p in services.packs.list_packs(alice)}
    services.packs.copy(people["admin"], "service-basics", "admin-copy")
