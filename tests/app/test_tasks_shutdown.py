"""Shutting the task runner down never hangs: it cancels long work (a model assembly stops
between chunks, leaving no partial file), waits for the lanes up to a deadline, and names a task
that outlived it; the synchronous runner has the same ``cancel`` semantics."""

from __future__ import annotations

import hashlib
import logging
import threading

import pytest

from simulator.app.tasks import _LEFT_RUNNING, SyncTaskRunner, TaskRunner
from simulator.speech import model_store as ms


def test_shutdown_cancels_a_task_that_checks_cancel(qtbot):
    runner = TaskRunner()
    seen = {}
    started = threading.Event()

    def long_work(cancel):
        started.set()
        seen["cancelled"] = cancel.wait(60)  # a download checks it between chunks

    runner.run("model", long_work, name="download")
    assert started.wait(10)
    assert runner.shutdown(deadline_s=30) is True
    assert seen["cancelled"] is True
    assert all(not lane.thread.isRunning() for lane in runner._lanes.values())


def test_shutdown_gives_up_at_its_deadline_and_names_the_task(qtbot, caplog):
    runner = TaskRunner()
    release, started = threading.Event(), threading.Event()

    def stubborn():  # ignores cancel (a model call that cannot be interrupted)
        started.set()
        release.wait(60)

    runner.run("model", stubborn, name="stubborn_encode")
    assert started.wait(10)
    try:
        with caplog.at_level(logging.ERROR, logger="simulator.app.tasks"):
            assert runner.shutdown(deadline_s=0.2) is False
        assert "model lane did not stop" in caplog.text and "stubborn_encode" in caplog.text
        model = runner._lanes["model"]
        assert model in _LEFT_RUNNING and not runner._lanes["db"].thread.isRunning()
    finally:
        release.set()
        runner._lanes["model"].thread.wait(10000)
        _LEFT_RUNNING.clear()


def test_shutdown_during_a_model_assembly_leaves_no_partial_model(qtbot, tmp_path, monkeypatch):
    part1, part2 = b"a" * 50_000, b"b" * 50_000
    data = tmp_path / "pkg"
    data.mkdir()
    for name, content in {
        "model.bin.part1": part1,
        "model.bin.part2": part2,
        "config.json": b"{}",
        "tokenizer.json": b"{}",
        "vocabulary.txt": b"a\n",
    }.items():
        (data / name).write_bytes(content)
    monkeypatch.setattr(ms, "_CHUNK", 1000)
    dest = tmp_path / "models" / "whisper-base"
    runner = TaskRunner()
    assembling = threading.Event()
    outcome = []

    def sources():
        assembling.set()
        runner.cancel.wait(30)  # the app closes while the model is being prepared
        parts = [data / "model.bin.part1", data / "model.bin.part2"]
        return parts, [data / n for n in ("config.json", "tokenizer.json", "vocabulary.txt")]

    def prepare(cancel):
        sha = hashlib.sha256(part1 + part2).hexdigest()
        side = {n: hashlib.sha256((data / n).read_bytes()).hexdigest() for n in ms.BASE_SIDE_FILES}
        return ms.ensure_base_model(
            dest, sources=sources, expected_sha256=sha, side_sha256=side, cancel=cancel
        )

    runner.run("model", prepare, outcome.append, outcome.append, name="load_model")
    assert assembling.wait(10)
    assert runner.shutdown(deadline_s=30) is True
    qtbot.waitUntil(lambda: bool(outcome), timeout=5000)
    assert isinstance(outcome[0], ms.ModelCancelled)
    assert not (dest / "model.bin").exists()
    assert not [p for p in dest.rglob("*") if p.name.endswith(".tmp")]


def test_the_sync_runner_offers_cancel_and_sets_it_on_shutdown():
    runner = SyncTaskRunner()
    got = []
    runner.run("model", lambda cancel: got.append(cancel.is_set()))
    assert runner.shutdown() is True
    assert got == [False] and runner.cancel.is_set()
    with pytest.raises(RuntimeError):
        runner.run("db", lambda: None)
