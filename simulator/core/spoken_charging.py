"""Charging a spoken reply: the grader's findings on what Whisper heard, with those a
recognition error may explain kept as notes, not counted (:func:`simulator.core.heard.uncounted`).

The judgement of each finding may ask how another reading of the reply grades: the reply without
a doubtful particle, or with its unsure characters read by sound as the likelier words. Several
findings often lead to the same reading, so each reading is graded once per reply
(:class:`Readings`). Typed replies never come here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.core.clauses import analyse
from simulator.core.combine import apply_tones
from simulator.core.heard import Hearing, uncounted
from simulator.core.normalize import normalize
from simulator.core.result import Violation
from simulator.core.schema import Turn

if TYPE_CHECKING:
    from simulator.core.grader import Grader


class Readings:
    """Another reading of one spoken reply, graded by the rules (and the second opinion), each
    reading once: ``hits`` are the elements found in what was heard, the second opinion's
    context for the reading."""

    def __init__(self, grader: Grader, turn: Turn, hits: dict[str, tuple[bool, str]]):
        self.grader, self.turn, self.hits = grader, turn, hits
        self._found: dict[str, list[Violation]] = {}
        self._places: dict[str, set[tuple[str, int, int]]] = {}

    def found(self, reading: str) -> list[Violation]:
        """The rules' and the turn's off-protocol findings in ``reading``, overlaps resolved."""
        if reading not in self._found:
            norm = normalize(reading)
            self._found[reading] = self.grader.findings(norm, self.turn, analyse(norm))
        return self._found[reading]

    def categories_failed(self, reading: str) -> set[str]:
        """The categories the rules still charge in ``reading``."""
        return {v.category for v in self.found(reading) if v.severity == "fail"}

    def wording(self, v: Violation) -> str:
        """The characters of the patterns of the rule or the turn's move that found ``v``."""
        for m in self.grader.matchers:
            if m.id == v.rule:
                return "".join(p.source for p in m.patterns)
        for op in self.turn.off_protocol:
            if v.rule == f"off.{op.id}":
                return "".join(op.patterns)
        return ""

    def charged_places(self, reading: str) -> set[tuple[str, int, int]]:
        """Where the rules and the second opinion charge a category in ``reading``."""
        if reading not in self._places:
            found = self.found(reading)
            grader = self.grader
            if grader.opinion is not None:
                norm = normalize(reading)
                read = grader.opinion.read(norm.display, {n: f for n, (f, _w) in self.hits.items()})
                found = apply_tones(
                    found, read, grader.policy.opinion, grader.rank, grader.seed_listed
                )
            self._places[reading] = {
                (v.category, v.start, v.end) for v in found if v.severity == "fail"
            }
        return self._places[reading]


def charge_spoken(
    grader: Grader,
    violations: list[Violation],
    transcript: str,
    display: str,
    unsure: set[int],
    hearing: Hearing | None,
    turn: Turn,
    hits: dict[str, tuple[bool, str]],
) -> list[Violation]:
    """The findings of a spoken reply (``display``, the normalised ``transcript``), those a
    recognition error may explain turned into notes. ``unsure``: positions in ``display``
    Whisper doubted; ``hearing``: its confidence and timing per character of ``transcript``."""
    readings = Readings(grader, turn, hits)
    return uncounted(
        violations,
        display,
        unsure,
        hearing.on(transcript, display) if hearing is not None else None,
        readings.categories_failed,
        readings.charged_places,
        readings.wording,
        readings.found,
    )
