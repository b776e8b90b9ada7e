"""How often a heard Han character is wrong, by the probability Whisper gave its word.

Reads decode caches (simulator/speech/decode_cache.py, JSON Lines) of rendered spoken sets, aligns
each transcript with the reply as written (Simplified, Han characters only) and counts, per
probability band, the characters that are not in the written reply. This is the evidence behind
core/heard.py's rule that low confidence alone is no recognition error.

Run from the worktree: PYTHONPATH=. python tools/heard_calibration.py CACHE.jsonl...
"""

import collections
import difflib
import json
import sys

from simulator.core.normalize import to_simplified

EDGES = (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7, 0.9, 1.01)


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def band_counts(paths: list[str]) -> dict[float, list[int]]:
    """Upper band edge → [characters, wrong characters]."""
    bands: dict[float, list[int]] = collections.defaultdict(lambda: [0, 0])
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                rec = json.loads(line)
                heard, probs = rec["text"], rec["hearing"][0]
                if len(probs) != len(heard):
                    continue
                written = "".join(c for c in to_simplified(rec["item"]["text"]) if is_han(c))
                places = [i for i, c in enumerate(heard) if is_han(c)]
                hyp = "".join(to_simplified(heard[i]) for i in places)
                right = [False] * len(places)
                matcher = difflib.SequenceMatcher(None, hyp, written, autojunk=False)
                for tag, a1, a2, _b1, _b2 in matcher.get_opcodes():
                    if tag == "equal":
                        right[a1:a2] = [True] * (a2 - a1)
                for k, i in enumerate(places):
                    edge = next(e for e in EDGES if probs[i] < e)
                    bands[edge][0] += 1
                    bands[edge][1] += not right[k]
    return bands


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    bands = band_counts(paths)
    low = 0.0
    for edge in EDGES:
        n, wrong = bands[edge]
        rate = wrong / n if n else 0.0
        print(f"p {low:.2f}–{min(edge, 1.0):.2f}: {n:6d} characters, {wrong:5d} wrong ({rate:.1%})")
        low = edge
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
