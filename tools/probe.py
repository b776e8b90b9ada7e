"""Grade a few replies and print the findings (a quick look while tuning rules).

PYTHONPATH=. python tools/probe.py [--rules] SCENARIO[:TURN] TEXT ...  ("-" as the scenario:
the text is graded as a phrase on its own).
"""

import sys

from simulator.core.grader import Grader

g = Grader(use_opinion="--rules" not in sys.argv)
args = [a for a in sys.argv[1:] if a != "--rules"]
for where, text in zip(args[::2], args[1::2], strict=True):
    if where == "-":
        r = g.grade_phrase(text)
    else:
        scenario, _, turn = where.partition(":")
        r = g.grade(scenario, int(turn) if turn else None, text)
    missing = [k for k, v in r.elements.items() if not v]
    print(r.passed, [(v.rule, v.severity, v.text) for v in r.violations], missing)
