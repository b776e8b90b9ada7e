"""Atomic writes: all or nothing, no temporary file left behind."""

from __future__ import annotations

import pytest

from simulator.fileutil import atomic_file, atomic_write_bytes


def test_atomic_write_creates_and_replaces(tmp_path):
    target = tmp_path / "settings.json"
    atomic_write_bytes(target, b"one")
    assert target.read_bytes() == b"one"
    atomic_write_bytes(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_failed_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "model.bin"
    target.write_bytes(b"old")
    with pytest.raises(ValueError), atomic_file(target) as fh:
        fh.write(b"half of the new")
        raise ValueError("checksum mismatch")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["model.bin"]


def test_streamed_write(tmp_path):
    target = tmp_path / "sub" / "big.bin"
    target.parent.mkdir()
    with atomic_file(target) as fh:
        for i in range(3):
            fh.write(bytes([i]) * 1000)
    assert target.read_bytes() == b"\0" * 1000 + b"\1" * 1000 + b"\2" * 1000
