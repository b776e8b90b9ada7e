"""`simulator bench`: grading speed on the labelled replies, the desktop app's start-up (until
the window is shown, the catalog and the speech model are loaded), and the speech pipeline on
the fixture set of spoken replies (latency p50/p95, CER, model load time, peak RSS).

Timings are measured here and never asserted in tests: they depend on the machine and its
load."""

from __future__ import annotations

import ast
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from simulator.core.agreement import describe, load_labelled, load_registry, score_set
from simulator.core.catalog import load_catalog
from simulator.core.grader import Grader
from simulator.core.paths import repo_root
from simulator.machine import cpu_model
from simulator.percentiles import percentile as _pct


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_text(repeat: int) -> None:
    t0 = time.perf_counter()
    grader = Grader(load_catalog())
    print(f"catalog load + compile: {(time.perf_counter() - t0) * 1000:.0f} ms")
    items = load_labelled(repo_root() / "tests" / "data" / "labelled_replies.jsonl")
    for item in items:  # warm the pattern caches once
        grader.grade(item["scenario"], item.get("turn"), item["text"])
    times: list[float] = []
    rounds = max(1, repeat // len(items) + 1)
    for _ in range(rounds):
        for item in items:
            # Fresh text each time so the normalisation cache does not flatter the numbers.
            text = item["text"] + f"{len(times)}"
            t = time.perf_counter()
            grader.grade(item["scenario"], item.get("turn"), text)
            times.append(time.perf_counter() - t)
    ms = [t * 1000 for t in times]
    print(
        f"grading time over {len(ms)} transcripts: mean {statistics.mean(ms):.2f} ms, "
        f"p50 {_pct(ms, 0.5):.2f} ms, p95 {_pct(ms, 0.95):.2f} ms, max {max(ms):.2f} ms"
    )
    bench_sets(grader)


def bench_sets(grader: Grader) -> None:
    """Every labelled set with what it is (training, tuning, untouched) and its numbers; the
    first-look numbers recorded for untouched sets (benchmarks/data/sets.yaml)."""
    registry = load_registry()
    print("labelled sets (training: fitted on; tuning: fitted to its misses; untouched: never):")
    for labelled in registry.sets:
        numbers = score_set(grader, labelled)
        tag = labelled.status + (", frozen" if labelled.frozen else "")
        print(f"  {labelled.name:<13} [{tag:<17}] {describe(labelled, numbers)}")
    if registry.first_look:
        print("first-look numbers (untouched sets, before anyone read their misses):")
        for look in registry.first_look:
            shown = ", ".join(f"{k} {v}" for k, v in look.numbers.items())
            print(f"  {look.set} on {look.date} at {look.commit}: {shown} {look.note}")


def app_startup(data_dir: Path, timeout_s: float = 300.0) -> dict:
    """Start ``simulator app`` in a child process (offscreen Qt, ``SIMULATOR_TIMINGS=1``) and
    return ``{"window_wall_s", "window_s", "catalog_s", "model_s", "model"}``: the wall time
    from launching the process to the window being shown (interpreter start included), then
    the app's own timings (window: from its entry point's import; catalog and model: from
    the controller's creation) and the model state it settled in."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        SIMULATOR_TIMINGS="1",
        SIMULATOR_DATA_DIR=str(data_dir),
    )
    cmd = [sys.executable, "-m", "simulator", "app", "--quit-after", str(int(timeout_s * 1000))]
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=repo_root()
    )
    out: dict = {}
    try:
        line = proc.stdout.readline()
        if "window shown" not in line:
            raise RuntimeError(f"the app did not show its window: {proc.stderr.read()[-2000:]}")
        out["window_wall_s"] = time.perf_counter() - started
        for line in proc.stderr:  # the app prints its timings once the model has settled
            if line.startswith("timings: "):
                timings, _, state = line[len("timings: ") :].rpartition(" model=")
                out.update(ast.literal_eval(timings))
                out["model"] = state.strip()
                break
        else:
            raise RuntimeError("the app ended without reporting its timings")
    finally:
        proc.terminate()
        proc.wait(30)
    return out


def bench_app(runs: int = 3) -> None:
    """The app's start-up, ``runs`` times in a fresh data folder whose base model is already
    assembled (so the first-use assembly is not counted)."""
    try:
        import PySide6  # noqa: F401
    except ImportError as exc:
        print(f"app start-up benchmark skipped: {exc}", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory(prefix="simulator-bench-") as tmp:
        try:
            from simulator.speech.model_store import ModelUnavailable, ensure_base_model

            ensure_base_model(Path(tmp) / "models" / "whisper-base")
        except (ImportError, ModelUnavailable) as exc:
            print(f"app start-up without the speech model ({exc})", file=sys.stderr)
        results = []
        for _ in range(runs):
            try:
                results.append(app_startup(Path(tmp)))
            except (RuntimeError, OSError, subprocess.SubprocessError, ValueError) as exc:
                print(f"app start-up benchmark failed: {exc}", file=sys.stderr)
                return

    def row(key: str) -> str:
        values = [r[key] for r in results if isinstance(r.get(key), int | float)]
        if not values:
            return "n/a"
        return f"median {statistics.median(values):.2f} s (min {min(values):.2f}, max {max(values):.2f})"

    print(f"app start-up over {len(results)} runs (model {results[-1].get('model')}):")
    print(f"  launch → window shown (wall clock): {row('window_wall_s')}")
    print(f"  app import → window shown: {row('window_s')}")
    print(f"  controller built → catalog loaded: {row('catalog_s')}")
    print(f"  controller built → speech model ready: {row('model_s')}")


def run_bench(
    text_only: bool = False,
    repeat: int = 200,
    model: str | None = None,
    beams: list[int] | None = None,
    app_runs: int = 3,
    speech_sets: list[str] | None = None,
    speech_limit: int | None = None,
    speech_dirs: list[str] | None = None,
) -> int:
    print(f"CPU: {cpu_model()}")
    if not speech_sets and not speech_dirs:  # naming spoken sets measures only those
        bench_text(repeat)
        if app_runs > 0:
            bench_app(app_runs)
    if not text_only:
        try:
            from simulator.speech.bench import bench_speech
        except ImportError as exc:
            print(f"speech benchmark skipped: {exc}", file=sys.stderr)
            return 0
        bench_speech(
            model=model,
            beams=beams or [5, 1],
            sets=speech_sets,
            limit=speech_limit,
            dirs=speech_dirs,
        )
    print(f"peak RSS: {peak_rss_mb():.0f} MB")
    return 0
