"""Start-up work the app controller hands to the db lane: the catalog and its grader, and
where the recordings a start-up recovered lie."""

from __future__ import annotations

from pathlib import Path


def load_catalog_and_grader(root):
    from simulator.core.catalog import load_catalog
    from simulator.core.grader import Grader

    catalog = load_catalog(root)
    return catalog, Grader(catalog)


def folder_of(paths: list[str], root: Path) -> Path:
    """The one folder holding all ``paths`` (a call's), else ``root`` (several calls')."""
    parents = {Path(p).parent for p in paths}
    return parents.pop() if len(parents) == 1 else root
