"""The repository's copy of the training manuals (seeds/) is the source of truth's, byte for
byte, wherever ../shared/seeds/ exists; the copy itself is always there."""

from simulator.core.paths import seeds_dir, shared_seeds_dir


def test_every_manual_is_in_the_repository():
    names = sorted(p.name for p in seeds_dir().glob("*.txt"))
    assert len(names) == 5 and all(n[:3] in ("000", "001", "002", "003", "004") for n in names)


def test_the_copy_matches_the_shared_manuals_when_present():
    shared = shared_seeds_dir()
    if not shared.is_dir():  # CI's clean checkout may not have the folder beside it
        return
    for src in shared.glob("*.txt"):
        assert (seeds_dir() / src.name).read_bytes() == src.read_bytes(), src.name
