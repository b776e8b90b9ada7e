"""One pack as one zip: exported and imported back (renamed) unchanged; every kind of broken
zip refused with the file and field named and the data folder and database unchanged; the
command line's `pack export/import/list`."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from simulator.core.paths import repo_root
from simulator.services import pack_zip
from simulator.services.errors import PackError, PackExists
from simulator.services.pack_zip import export_zip, import_zip
from tests.trainer.helpers import fingerprint, small_pack, wav


@pytest.fixture
def exported(services, people, tmp_path):
    """A trainer's pack with a recorded caller line, exported to a zip."""
    trainer = people["trainer"]
    services.packs.create(trainer, small_pack())
    services.packs.attach_audio(trainer, "night-shift", "night-shift-thanks", 1, wav())
    return export_zip(services.packs, trainer, "night-shift", tmp_path / "night-shift.zip")


def _zip(path: Path, entries: dict[str, bytes], **infos) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            info = infos.get(name) or zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return path


def _pack_yaml(data: dict) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True).encode("utf-8")


def test_round_trip_keeps_the_pack_and_its_audio(services, people, exported, data_dir):
    trainer = people["trainer"]
    with zipfile.ZipFile(exported.path) as zf:
        names = sorted(zf.namelist())
        audio = zf.read("audio/night-shift-thanks/t1.wav")
    assert names == ["audio/night-shift-thanks/t1.wav", "pack.yaml"] and exported.entries == 2
    with pytest.raises(PackExists) as info:
        import_zip(services.packs, trainer, exported.path)
    assert info.value.suggested == "night-shift-2"
    assert "night-shift.zip: pack.yaml: pack:" in str(info.value)
    saved = import_zip(services.packs, trainer, exported.path, rename_to="night-shift-2")
    original = services.packs.pack(trainer, "night-shift")
    copy = services.packs.pack(trainer, saved.pack_id)
    assert copy.scenarios[0].id == "night-shift-2-thanks"
    assert (
        copy.model_dump(exclude={"pack"})["scenarios"][0]["turns"]
        == (original.model_dump()["scenarios"][0]["turns"])
    )
    folder = data_dir / "packs" / "night-shift-2"
    assert (folder / "audio" / "night-shift-thanks" / "t1.wav").read_bytes() == audio
    (entry,) = services.audit.entries(action="pack.imported")
    assert entry.subject == "night-shift-2" and entry.detail["zip"] == "night-shift.zip"
    # into another seat, under its own id
    from simulator.services import Services

    other = Services.open(data_dir.parent / "seat2", grader=services.resources.grader)
    try:
        admin = other.accounts.create_first_admin("admin", "管理员", "s3cret-pass")
        assert import_zip(other.packs, admin, exported.path).pack_id == "night-shift"
        g = other.resources.grader
        assert g.grade("night-shift-thanks", 1, "不客气，这是我们应该做的。").passed
    finally:
        other.close()


def test_a_shipped_template_exports_in_the_trainer_form(services, people, tmp_path):
    out = export_zip(services.packs, people["trainer"], "service-basics", tmp_path / "sb.zip")
    with zipfile.ZipFile(out.path) as zf:
        data = yaml.safe_load(zf.read("pack.yaml"))
        names = set(zf.namelist())
    ref = data["scenarios"][0]["turns"][0]["caller"]["audio"]
    assert ref == "audio/praise/t1.ogg" and ref in names
    assert import_zip(services.packs, people["trainer"], out.path, "basics-copy").warnings == ()
    assert "basics-copy-praise" in services.resources.catalog.scenarios


def _broken(tmp_path: Path, exported) -> dict[str, tuple[Path, str]]:
    """Each broken zip and what its message must contain (the file, the field)."""
    with zipfile.ZipFile(exported.path) as zf:
        good_yaml = zf.read("pack.yaml")
        audio = zf.read("audio/night-shift-thanks/t1.wav")
    data = yaml.safe_load(good_yaml)
    data["pack"] = "fresh-pack"
    data["scenarios"][0]["id"] = "fresh-pack-thanks"
    fresh = _pack_yaml(data)
    ref = "audio/night-shift-thanks/t1.wav"
    out: dict[str, tuple[Path, str]] = {}

    def case(name: str, entries: dict, expect: str, **infos) -> None:
        out[name] = (_zip(tmp_path / f"{name}.zip", entries, **infos), expect)

    (tmp_path / "not-a-zip.zip").write_bytes(b"PK\x03\x04 this is not a zip")
    out["not-a-zip"] = (tmp_path / "not-a-zip.zip", "not-a-zip.zip: not a readable zip")
    case("bad-yaml", {"pack.yaml": b"pack: [unclosed\n", ref: audio},
         "bad-yaml.zip: pack.yaml: line 2")  # fmt: skip
    unknown = yaml.safe_load(fresh)
    unknown["scenarios"][0]["turns"][0]["caller"]["voice"] = "loud"
    case("unknown-field", {"pack.yaml": _pack_yaml(unknown), ref: audio},
         "unknown-field.zip: pack.yaml: scenarios[0].turns[0].caller.voice: Extra inputs")  # fmt: skip
    case("missing-audio", {"pack.yaml": fresh},
         f"missing-audio.zip: pack.yaml: scenarios[0].turns[0].caller.audio: {ref} is not in")  # fmt: skip
    case("corrupt-audio", {"pack.yaml": fresh, ref: b"RIFF....WAVEfmt garbage" * 20},
         f"corrupt-audio.zip: {ref}: scenarios[0].turns[0].caller.audio: corrupt")  # fmt: skip
    case("no-pack-yaml", {ref: audio}, "no-pack-yaml.zip: pack.yaml is missing")
    case("dotdot", {"pack.yaml": fresh, "audio/../../evil.wav": audio},
         "dotdot.zip: audio/../../evil.wav: entry name must not contain '..'")  # fmt: skip
    case("absolute", {"pack.yaml": fresh, "/etc/evil.wav": audio},
         "absolute.zip: /etc/evil.wav: entry name must be relative")  # fmt: skip
    case("backslash", {"pack.yaml": fresh, "audio\\evil.wav": audio},
         "backslash.zip: audio\\evil.wav: entry name must use '/'")  # fmt: skip
    case("drive", {"pack.yaml": fresh, "C:/evil.wav": audio},
         "drive.zip: C:/evil.wav: entry name must be relative, not on a drive")  # fmt: skip
    link = zipfile.ZipInfo("audio/link.wav")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    case("symlink", {"pack.yaml": fresh, ref: audio, "audio/link.wav": b"/etc/passwd"},
         "symlink.zip: audio/link.wav: a symbolic link", **{"audio/link.wav": link})  # fmt: skip
    case("unexpected", {"pack.yaml": fresh, ref: audio, "run.sh": b"rm -rf /"},
         "unexpected.zip: run.sh: unexpected file")  # fmt: skip
    case("ratio", {"pack.yaml": fresh, ref: audio, "audio/zeros.wav": b"\0" * (8 << 20)},
         "ratio.zip: audio/zeros.wav: compressed more than 100:1")  # fmt: skip
    many = {"pack.yaml": fresh, **{f"audio/x{i}.wav": b"" for i in range(2001)}}
    case("entries", many, "entries.zip: too many entries")
    case("taken-id", {"pack.yaml": good_yaml, ref: audio},
         "taken-id.zip: pack.yaml: pack: pack night-shift already exists")  # fmt: skip
    return out


def test_every_broken_zip_is_refused_and_nothing_changes(
    services, people, exported, tmp_path, data_dir
):
    trainer = people["trainer"]
    cases = _broken(tmp_path, exported)
    before = fingerprint(data_dir)
    catalog_before = set(services.resources.catalog.packs)
    for name, (path, expect) in cases.items():
        with pytest.raises(PackError) as info:
            import_zip(services.packs, trainer, path)
        message = str(info.value)
        assert expect in message, (name, message)
        assert "\n" not in message
        assert fingerprint(data_dir) == before, name
    assert set(services.resources.catalog.packs) == catalog_before


def test_size_limits_count_the_whole_zip(
    services, people, exported, tmp_path, data_dir, monkeypatch
):
    trainer = people["trainer"]
    with zipfile.ZipFile(exported.path) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    before = fingerprint(data_dir)
    monkeypatch.setattr(pack_zip, "MAX_TOTAL_BYTES", 10_000)
    with pytest.raises(PackError, match="more than 10000 bytes uncompressed"):
        import_zip(services.packs, trainer, _zip(tmp_path / "big.zip", entries), "other")
    monkeypatch.setattr(pack_zip, "MAX_TOTAL_BYTES", 10**9)
    monkeypatch.setattr(pack_zip, "MAX_ENTRY_BYTES", 1000)
    with pytest.raises(PackError, match="too big uncompressed"):
        import_zip(services.packs, trainer, _zip(tmp_path / "big1.zip", entries), "other")
    assert fingerprint(data_dir) == before


def test_a_zip_of_the_pack_folder_is_accepted(services, people, exported, tmp_path):
    with zipfile.ZipFile(exported.path) as zf:
        entries = {f"night-shift/{n}": zf.read(n) for n in zf.namelist()}
    path = _zip(tmp_path / "folder.zip", entries)
    saved = import_zip(services.packs, people["trainer"], path, rename_to="from-folder")
    assert saved.pack_id == "from-folder"


def _cli(*args, data_dir: Path, password: str | None = "password-1"):
    env = dict(os.environ, SIMULATOR_DATA_DIR=str(data_dir))
    env.pop("SIMULATOR_PASSWORD", None)
    if password:
        env["SIMULATOR_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args], capture_output=True, text=True,
        cwd=repo_root(), env=env, stdin=subprocess.DEVNULL, timeout=300,
    )  # fmt: skip


@pytest.mark.slow
def test_the_command_line_exports_imports_and_refuses_with_one_line(
    services, people, exported, tmp_path, data_dir
):
    services.close()  # the commands open the seat themselves
    listed = _cli("pack", "list", "--json", data_dir=data_dir, password=None)
    assert listed.returncode == 0, listed.stderr
    rows = {r["id"]: r for r in json.loads(listed.stdout)}
    assert rows["night-shift"]["kind"] == "trainer" and rows["service-basics"]["kind"] == "shipped"
    out = tmp_path / "cli.zip"
    done = _cli("pack", "export", "night-shift", "-o", str(out), "--user", "trainer",
                data_dir=data_dir)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert zipfile.ZipFile(out).namelist() == zipfile.ZipFile(exported.path).namelist()
    before = fingerprint(data_dir)
    bad = _broken(tmp_path, exported)["missing-audio"][0]
    refused = _cli("pack", "import", str(bad), "--user", "trainer", data_dir=data_dir)
    assert refused.returncode == 2
    (line,) = refused.stderr.strip().splitlines()
    assert "missing-audio.zip: pack.yaml: scenarios[0].turns[0].caller.audio" in line
    taken = _cli("pack", "import", str(out), "--user", "trainer", data_dir=data_dir)
    assert taken.returncode == 2 and "--rename night-shift-2" in taken.stderr
    assert len(taken.stderr.strip().splitlines()) == 1
    alice = _cli("pack", "import", str(out), "--rename", "x-pack", "--user", "alice",
                 data_dir=data_dir)  # fmt: skip
    assert alice.returncode == 2 and "may not do packs.author" in alice.stderr
    assert fingerprint(data_dir) != before  # alice's refusal is audited …
    ok = _cli("pack", "import", str(out), "--rename", "x-pack", "--user", "trainer",
              data_dir=data_dir)  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert (data_dir / "packs" / "x-pack" / "pack.yaml").is_file()


def test_zip_entries_are_read_no_further_than_declared(tmp_path):
    """A header that understates an entry's size cannot make the import read more."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("pack.yaml", b"x" * 100)
    data = bytearray(raw.getvalue())
    # the central directory's uncompressed size of pack.yaml: 100 → 10
    at = data.rfind(b"PK\x01\x02") + 24
    data[at : at + 4] = (10).to_bytes(4, "little")
    path = tmp_path / "liar.zip"
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("pack.yaml")
        assert info.file_size == 10
        with pytest.raises(PackError):
            pack_zip._read(zf, info, "liar.zip: pack.yaml")
