"""A fail-severity off-protocol finding placed on a word of a transcript (tests of core.heard)."""

from simulator.core.result import Violation


def off_protocol_at(display: str, word: str, by: str = "rules", nth: int = 0) -> Violation:
    """The finding on the ``nth`` occurrence of ``word`` in ``display``, made ``by`` rules or model."""
    at = -1
    for _ in range(nth + 1):
        at = display.index(word, at + 1)
    return Violation(
        rule=f"{'opinion' if by == 'model' else 'scenario'}.off_protocol",
        category="off_protocol",
        severity="fail",
        text=word,
        start=at,
        end=at + len(word),
        explanation="",
        suggestion="",
        by=by,
    )
