"""Character error rate: Levenshtein edits (rapidfuzz) between a reference and a transcript."""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein


def edit_distance(reference: str, hypothesis: str) -> int:
    """Insertions + deletions + substitutions turning ``reference`` into ``hypothesis``."""
    return Levenshtein.distance(reference, hypothesis)


def char_error_rate(reference: str, hypothesis: str) -> float:
    """Edits per reference character (0 for two empty strings)."""
    return edit_distance(reference, hypothesis) / max(1, len(reference))
