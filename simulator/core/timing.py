"""Turn timing from the scenario seeds (``turn.timing``): how long the caller stays silent
after a reply, and whether the trainee left the pause the seed asks for before speaking."""

from __future__ import annotations

from simulator.core.records import TimingNote

TOLERANCE_S = 0.5


def wait_after(timing) -> float:
    """Seconds of caller silence after the reply: the lower end of ``wait_after_s``."""
    if timing is None or not timing.wait_after_s:
        return 0.0
    return float(min(timing.wait_after_s))


def timing_notes(
    timing, onset_s: float | None, silence_before_s: float | None = None
) -> list[TimingNote]:
    """Findings about when the trainee started speaking (voice replies only).

    ``onset_s``: seconds from the end of the caller's line to the trainee's first word;
    ``silence_before_s``: seconds since the trainee's previous reply ended (the pause the seeds
    mean by ``wait_before_s``), or None on the first turn.
    """
    if timing is None or onset_s is None:
        return []
    notes = []
    tip, tip_en = timing.note or "", getattr(timing, "note_en", "") or ""
    silence = onset_s + (silence_before_s or 0.0)
    if timing.wait_before_s and silence < timing.wait_before_s - TOLERANCE_S:
        notes.append(TimingNote("too_soon", float(timing.wait_before_s), silence, tip, tip_en))
    if timing.max_latency_s and onset_s > timing.max_latency_s:
        notes.append(TimingNote("too_late", float(timing.max_latency_s), onset_s, tip, tip_en))
    return notes
