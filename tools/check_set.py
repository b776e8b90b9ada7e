"""Check a writer's labelled set before it is registered: each line names what is wrong.

    python tools/check_set.py FILE.jsonl [--kind replies|phrases]

Replies: valid JSON; scenario and turn exist in the packs; passed is a bool; a failing reply has
a known category and its bad_span (when given) is a substring of the text; a passing one has
neither; element names are the catalog's. Phrases: sector, kind forbidden/approved, a category
for a forbidden one only. Exit status 1 when any line is wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from simulator.core.catalog import load_catalog
from simulator.core.grader import PRIORITY

# the categories a label may name: those the grader can name first, but for delivery (audio only)
CATEGORIES = frozenset(PRIORITY) - {"delivery"}


def check_reply(item: dict, catalog, elements: set[str]) -> list[str]:
    errors = []
    try:
        scenario = catalog.scenario(item["scenario"])
        scenario.turn(int(item.get("turn") or 1))
    except Exception as exc:  # noqa: BLE001 - any lookup failure is the line's error
        errors.append(f"scenario/turn {item.get('scenario')}:{item.get('turn')}: {exc}")
    if not isinstance(item.get("passed"), bool):
        errors.append("passed is not true/false")
    text = item.get("text") or ""
    if not text.strip():
        errors.append("empty text")
    if item.get("passed"):
        if item.get("category") or item.get("bad_span"):
            errors.append("a passing reply has a category or bad_span")
    else:
        if item.get("category") not in CATEGORIES:
            errors.append(f"unknown category {item.get('category')!r}")
        span = item.get("bad_span")
        if span and span not in text:
            errors.append(f"bad_span {span!r} is not in the text")
    unknown = [e for e in item.get("elements") or [] if e not in elements]
    if unknown:
        errors.append(f"unknown elements {unknown}")
    return errors


def check_phrase(item: dict) -> list[str]:
    errors = []
    if item.get("kind") not in ("forbidden", "approved"):
        errors.append(f"kind {item.get('kind')!r} is not forbidden/approved")
    if not (item.get("text") or "").strip():
        errors.append("empty text")
    if not item.get("sector"):
        errors.append("no sector")
    cat = item.get("category")
    if item.get("kind") == "forbidden" and cat not in CATEGORIES:
        errors.append(f"unknown category {cat!r}")
    if item.get("kind") == "approved" and cat:
        errors.append("an approved phrase has a category")
    return errors


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("file", type=Path)
    ap.add_argument("--kind", choices=("replies", "phrases"), default="replies")
    args = ap.parse_args()
    catalog = load_catalog()
    elements = {e.name for e in catalog.elements.elements}
    bad = ids = 0
    seen: set[str] = set()
    for n, line in enumerate(args.file.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            print(f"{args.file}:{n}: not JSON ({exc})")
            bad += 1
            ids += 1
            continue
        errors = (
            check_phrase(item) if args.kind == "phrases" else check_reply(item, catalog, elements)
        )
        if item.get("id") in seen:
            errors.append(f"duplicate id {item.get('id')}")
        seen.add(item.get("id"))
        ids += 1
        for e in errors:
            print(f"{args.file}:{n} ({item.get('id')}): {e}")
        bad += bool(errors)
    print(f"{args.file}: {ids} items, {bad} with errors")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
