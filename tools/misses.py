"""Print the misses of tuning sets (refuses frozen and untouched sets: nobody reads their misses).

Run from the worktree: PYTHONPATH=. python tools/misses.py SETNAME...
"""

import json
import sys

from simulator.core.agreement import (
    load_labelled,
    load_registry,
    measure_agreement,
    measure_phrases,
)
from simulator.core.grader import Grader

reg = load_registry()
g = Grader()
for s in reg.sets:
    if s.name not in sys.argv[1:]:
        continue
    if s.frozen or s.status == "untouched":
        sys.exit(
            f"{s.name} is {s.status}{' and frozen' if s.frozen else ''}: its misses stay unread"
        )
    items = load_labelled(s.path)
    if s.kind == "phrases":
        out = measure_phrases(g, items)
        print(s.name, {k: v for k, v in out.items() if k != "misses"})
        misses = out["misses"]
    else:
        report = measure_agreement(g, items)
        print(s.name, report.summary())
        misses = report.misses
    for m in misses:
        print("MISS", json.dumps(m, ensure_ascii=False))
