"""benchmarks/data/sets.yaml: every labelled set exists and parses, and every untouched set has
its first-look number recorded (the one score taken before anyone read its misses)."""

from __future__ import annotations

import json

from simulator.core.agreement import load_registry
from simulator.core.paths import repo_root


def test_every_set_exists_and_parses():
    registry = load_registry()
    names = [s.name for s in registry.sets]
    assert len(names) == len(set(names))
    for labelled in registry.sets:
        lines = (repo_root() / labelled.path).read_text("utf-8").splitlines()
        items = [json.loads(line) for line in lines if line.strip()]
        assert items, labelled.name
        key = "text" if labelled.kind == "replies" else None
        assert key is None or all(i.get(key) for i in items), labelled.name


def test_untouched_sets_have_a_first_look_number():
    registry = load_registry()
    looked = {f.set for f in registry.first_look}
    assert {f.set for f in registry.first_look} <= {s.name for s in registry.sets}
    for labelled in registry.sets:
        if labelled.status == "untouched":
            assert labelled.name in looked, labelled.name
