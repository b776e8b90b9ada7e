"""The app hands its loaded catalog and grader to the services (quizzes grade with them)
instead of the services loading a second copy; once something is loaded it is kept."""

from __future__ import annotations

from simulator.services.resources import Resources


class _Grader:
    def __init__(self, catalog):
        self.catalog = catalog


class _Catalog:
    trainer_dir = None  # no trainers' packs: nothing to swap in


def test_provided_catalog_and_grader_are_used():
    catalog = _Catalog()
    grader = _Grader(catalog)
    resources = Resources()
    resources.provide(catalog, grader)
    assert resources.catalog is catalog and resources.grader is grader


def test_provide_does_not_replace_what_is_in_use():
    first = _Grader(_Catalog())
    resources = Resources(grader=first)
    resources.provide(_Catalog(), _Grader(_Catalog()))
    assert resources.grader is first and resources.catalog is first.catalog
