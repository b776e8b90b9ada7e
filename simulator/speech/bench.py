"""Speech benchmark over the spoken-reply fixtures (tests/data/speech/replies.jsonl).

For each reply, clean and telephone band with noise: end of speech → graded result latency
(transcription + delivery measures + grading of audio already in memory, as in a live call),
character error rate against the script, and whether the verdict through speech agrees with
the verdict on the script's text. Also the model load time and the process's peak RSS.
"""

from __future__ import annotations

import json
import re
import statistics
import time

from simulator.core.catalog import load_catalog
from simulator.core.grader import Grader
from simulator.core.normalize import normalize
from simulator.core.paths import repo_root
from simulator.speech.audio_file import load_audio
from simulator.speech.grading import SpeechGrader


def _chars(text: str) -> str:
    return re.sub(r"[，。？]", "", normalize(text).chars)


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def cer(reference: str, heard: str) -> float:
    ref = _chars(reference)
    return edit_distance(ref, _chars(heard)) / max(1, len(ref))


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def load_fixtures() -> list[dict]:
    path = repo_root() / "tests" / "data" / "speech" / "replies.jsonl"
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def bench_speech(model: str | None = None) -> dict:
    grader = Grader(load_catalog())
    speech = SpeechGrader(grader, model=model)
    t0 = time.perf_counter()
    speech.transcriber  # noqa: B018 - load the model once, timed
    load_s = time.perf_counter() - t0
    print(f"model load: {load_s:.2f} s ({speech.transcriber.model_dir})")
    fixtures = load_fixtures()
    report: dict = {"load_s": load_s}
    for kind in ("clean", "phone"):
        latencies, cers, agree, agree_label = [], [], 0, 0
        for item in fixtures:
            samples = load_audio(repo_root() / item[kind])
            t = time.perf_counter()
            result = speech.grade_samples(item["scenario"], item.get("turn"), samples)
            latencies.append(time.perf_counter() - t)
            cers.append(cer(item["text"], result["transcript"]))
            text_verdict = grader.grade(item["scenario"], item.get("turn"), item["text"]).passed
            agree += result["passed"] == text_verdict
            agree_label += result["passed"] == item["passed"]
        n = len(fixtures)
        report[kind] = {
            "latency_p50_s": _pct(latencies, 0.5),
            "latency_p95_s": _pct(latencies, 0.95),
            "cer": statistics.mean(cers),
            "verdict_agreement_with_text": agree / n,
            "verdict_agreement_with_label": agree_label / n,
        }
        print(
            f"{kind:>5}: n={n} latency p50 {report[kind]['latency_p50_s']:.2f} s, "
            f"p95 {report[kind]['latency_p95_s']:.2f} s; CER {report[kind]['cer']:.1%}; "
            f"speech verdict = text verdict {agree}/{n} ({agree / n:.0%}), "
            f"= label {agree_label}/{n}"
        )
    return report
