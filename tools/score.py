"""Score labelled sets (numbers only: misses are never printed here) with the p95 grading time.

Run from the worktree: PYTHONPATH=. python tools/score.py SETNAME...
"""

import json
import os
import sys
import time

from simulator.core.agreement import describe, load_registry, score_set
from simulator.core.grader import Grader

reg = load_registry()
g = Grader()
g.warm_up()
times: list[float] = []
_grade, _phrase = g.grade, g.grade_phrase


def timed(fn):
    def run(*a, **k):
        t0 = time.perf_counter()
        out = fn(*a, **k)
        times.append(time.perf_counter() - t0)
        return out

    return run


g.grade, g.grade_phrase = timed(_grade), timed(_phrase)
for s in reg.sets:
    if s.name in sys.argv[1:]:
        times.clear()
        n = score_set(g, s)
        ts = sorted(times)
        p95 = ts[int(0.95 * (len(ts) - 1))] * 1000 if ts else 0
        print(
            s.name,
            s.status,
            json.dumps(n),
            describe(s, n),
            f"p95 {p95:.0f} ms (load {os.getloadavg()[0]:.1f})",
            flush=True,
        )
