"""Measure the filler-timing rule (simulator.core.heard_timing) on real decodes of the speech
fixtures (a measurement, not a test; slow: it decodes every clip once).

    .venv/bin/python scripts/measure_filler_timing.py decodes.jsonl [sets…]

Decodes each reply of the given replies.jsonl sets (default: the tests' short and long speech
fixtures and the tuning set B's) once, clean and telephone band, with the app's transcriber,
into the decode cache ``decodes.jsonl`` (simulator.speech.decode_cache, the one
tools/speech_flips.py uses too; a rerun only decodes what is missing); then grades
each with the rule and without it and prints: the filler and particle findings charged without
it and how many it excuses (said in the labelled text or not), spoken = typed verdicts both
ways, and the gaps between recognised words after punctuation and inside a clause.
Never run it on a fresh or frozen set (benchmarks/data/sets.yaml).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulator.speech.decode_cache import (  # noqa: E402
    DecodeCache,
    Decoded,
    decode_missing,
    index_clips,
)

SETS = (
    "tests/data/speech/replies.jsonl",
    "tests/data/speech_long/replies.jsonl",
    "benchmarks/data/speech/replies.jsonl",
)


def decode(cache_path: Path, sets: list[str]) -> list[Decoded]:
    cache = DecodeCache(cache_path)
    clips = [clip for name in sets for clip in index_clips(ROOT / name, ROOT)]
    if any(f"{item['id']}:{kind}" not in cache and path.is_file() for item, kind, path in clips):
        from simulator.speech.loader import load_transcriber

        decode_missing(
            cache, clips, load_transcriber(None), lambda e: print("decoded", e.key, flush=True)
        )
    return list(cache)


def measure(rows: list[Decoded]) -> Counter:
    from simulator.core import heard
    from simulator.core.catalog import load_catalog
    from simulator.core.grader import Grader

    grader = Grader(load_catalog())
    real = heard.glued
    stats: Counter = Counter()
    for r in rows:
        said, sid, turn = r.item["text"], r.item["scenario"], r.item.get("turn")
        typed = grader.grade(sid, turn, said)
        graded = {}
        for mode, rule in (("without", lambda *_a: False), ("with", real)):
            heard.glued = rule
            try:
                graded[mode] = grader.grade(
                    sid, turn, r.text, unsure=list(r.unsure), hearing=r.hearing
                )
            finally:
                heard.glued = real
            stats[f"spoken=typed {mode} the rule"] += graded[mode].passed == typed.passed
        stats["clips"] += 1
        before = {(v.rule, v.start, v.end): v for v in graded["without"].violations}
        for v in graded["with"].violations:
            was = before.get((v.rule, v.start, v.end))
            if was is None or was.severity != "fail":
                continue
            if v.category != "filler" and not any(p in v.text for p in heard.PARTICLES):
                continue
            stats["filler/particle findings charged without the rule"] += 1
            if v.severity != "fail":
                where = "said" if v.text in said else "not said"
                stats[f"excused by the rule ({where} in the labelled text)"] += 1
                print("excused", r.key, v.text, where, "|", r.text)
    return stats


def gaps(rows: list[Decoded]) -> None:
    import numpy as np

    edge, inner = [], []
    for r in rows:
        ws = r.words
        for a, b in zip(ws, ws[1:], strict=False):
            (edge if a[0][-1:] in ",.?!，。？！、" else inner).append(b[1] - a[2])
    for name, xs in (("after punctuation", edge), ("inside a clause", inner)):
        if xs:
            xs = np.array(xs)
            pct = np.round(np.percentile(xs, [5, 25, 50, 75, 95]), 3).tolist()
            print(f"gaps {name}: n={len(xs)} p5/25/50/75/95={pct} "
                  f"≥0.15 s: {float((xs >= 0.149).mean()):.1%}")  # fmt: skip


def main() -> int:
    cache = Path(sys.argv[1])
    rows = decode(cache, sys.argv[2:] or list(SETS))
    for key, n in sorted(measure(rows).items()):
        print(f"{key}: {n}")
    gaps(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
