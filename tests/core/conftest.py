import pytest

from simulator.core.catalog import load_catalog
from simulator.core.grader import Grader


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(scope="session")
def grader(catalog):
    return Grader(catalog)


@pytest.fixture(scope="session")
def rules(catalog):
    """The rules alone, without the second opinion (tests of rule families)."""
    return Grader(catalog, use_opinion=False)
