"""`simulator bench`: grading speed on the labelled replies, and the speech pipeline on the
fixture set of spoken replies (latency p50/p95, CER, model load time, peak RSS)."""

from __future__ import annotations

import resource
import statistics
import sys
import time

from simulator.core.agreement import describe, load_labelled, load_registry, score_set
from simulator.core.catalog import load_catalog
from simulator.core.grader import Grader
from simulator.core.paths import repo_root


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[k]


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


def run_bench(
    text_only: bool = False,
    repeat: int = 200,
    model: str | None = None,
    beams: list[int] | None = None,
) -> int:
    bench_text(repeat)
    if not text_only:
        try:
            from simulator.speech.bench import bench_speech
        except ImportError as exc:
            print(f"speech benchmark skipped: {exc}", file=sys.stderr)
            return 0
        bench_speech(model=model, beams=beams or [5, 1])
    print(f"peak RSS: {peak_rss_mb():.0f} MB")
    return 0
