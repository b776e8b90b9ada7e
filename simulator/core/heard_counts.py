"""Make scenarios/models/bigrams.json, the character-pair counts of hotline speech that
:mod:`simulator.core.heard` reads a same-sounding reading against.

Counted from the training manuals (seeds/) and the labelled training and tuning sets of
benchmarks/data/sets.yaml — never from an untouched or frozen set, nor from a set added after
the counts (``EXCLUDED``), so no measured set is in the counts:
    python -m simulator.core.heard_counts
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path

from simulator.core.agreement import load_registry
from simulator.core.heard import BIGRAMS_FILE, forget_bigrams
from simulator.core.normalize import is_han
from simulator.core.opinion import models_dir
from simulator.core.paths import repo_root, seeds_dir
from simulator.core.seeds import read_seeds

# Tuning sets measured through speech (benchmarks/data/speech_long), and sets that became tuning
# after the counts were made (stops 19 to 25): kept out of the counts.
EXCLUDED = frozenset(
    {
        "long-k",
        "fresh-l",
        "fresh-m",
        "fresh-n",
        "fresh-org-p",
        "fresh-q",
        "fresh-org-r",
        "fresh-x",
        "long-v",
        "short-w",
        "fresh-z",
        "fresh-aa",
        "fresh-org-y",
        "fresh-org-ab",
        "fresh-ac",
        "fresh-ad",
        "fresh-org-ae",
        "long-af",
        "fresh-ah",
        "fresh-ai",
        "fresh-org-aj",
        "long-ak",
        "short-al",
        "fresh-am",
        "fresh-an",
        "fresh-org-ao",
        "long-ap",
        "short-aq",
        "fresh-ar",
        "fresh-as",
        "fresh-org-at",
        "long-au",
        "short-av",
        "fresh-aw",
        "fresh-ax",
        "long-az",
        "short-ba",
        "fresh-bb",
        "fresh-bc",
        "long-be",
        "long-bi",
        "fresh-org-bk",
    }
)


def count_bigrams(texts: Iterable[str]) -> dict[str, int]:
    """Pairs of adjacent Han characters in ``texts``, counted (pairs seen once are dropped)."""
    counts: dict[str, int] = {}
    for text in texts:
        for a, b in zip(text, text[1:], strict=False):
            if is_han(a) and is_han(b):
                counts[a + b] = counts.get(a + b, 0) + 1
    return {k: v for k, v in sorted(counts.items()) if v > 1}


def write_bigrams(texts: Iterable[str], sources: list[str], path: Path) -> int:
    """Count the pairs of ``texts`` into ``path`` (JSON: the sources and the pairs)."""
    pairs = count_bigrams(texts)
    data = {"sources": sources, "pairs": pairs}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", "utf-8")
    forget_bigrams()
    return len(pairs)


def sources() -> list[tuple[str, list[str]]]:
    """(name, texts) of every source the counts are made of."""
    out = [(f"seeds/{name}", [text]) for name, text in sorted(read_seeds(seeds_dir()).items())]
    for s in load_registry().sets:
        if s.status == "untouched" or s.frozen or s.name in EXCLUDED:
            continue
        lines = (repo_root() / s.path).read_text("utf-8").splitlines()
        out.append((s.path, [json.loads(x)["text"] for x in lines if x.strip()]))
    return out


def main() -> int:
    found = sources()
    path = models_dir() / BIGRAMS_FILE
    n = write_bigrams((t for _name, texts in found for t in texts), [n for n, _ in found], path)
    print(f"{n} character pairs from {len(found)} sources written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
