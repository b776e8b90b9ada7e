"""The self-assessment quiz (seed 002): a bank of 10–1 scale items and score bands.

Banks are YAML files under exams/, validated like the scenario packs.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from simulator.core.catalog import DataError, validate_file
from simulator.core.paths import exams_dir


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScaleItem(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    high: str = Field(min_length=1, description="the statement scored 10")
    low: str = Field(min_length=1, description="the statement scored 1")
    high_en: str | None = Field(default=None, min_length=1)
    low_en: str | None = Field(default=None, min_length=1)


class Band(_Strict):
    min: int = Field(ge=0)
    title: str
    advice: str
    title_en: str | None = None
    advice_en: str | None = None


class SelfAssessment(_Strict):
    id: str
    title: str
    title_en: str
    source: list[str] = Field(min_length=1)
    scale: tuple[int, int] = (1, 10)
    items: list[ScaleItem] = Field(min_length=1)
    bands: list[Band] = Field(min_length=1)

    @model_validator(mode="after")
    def _bands_cover_zero(self) -> SelfAssessment:
        if min(b.min for b in self.bands) != 0:
            raise ValueError("the lowest band must start at 0")
        return self

    def score(self, answers: dict[str, int]) -> tuple[int, Band]:
        """Total of the answers and the band it falls in; every item must be answered."""
        lo, hi = self.scale
        missing = [i.id for i in self.items if i.id not in answers]
        if missing:
            raise ValueError(f"unanswered items: {', '.join(missing)}")
        for key, value in answers.items():
            if not (isinstance(value, int) and lo <= value <= hi):
                raise ValueError(f"item {key!r}: {value!r} is not between {lo} and {hi}")
        total = sum(answers[i.id] for i in self.items)
        band = max((b for b in self.bands if total >= b.min), key=lambda b: b.min)
        return total, band

    def band(self, title: str) -> Band | None:
        """The band with this (Chinese) title, as a stored result names it."""
        return next((b for b in self.bands if b.title == title), None)

    def band_ranges(self) -> list[tuple[Band, int, int]]:
        """Each band with the totals it covers (lowest, highest), highest band first."""
        lo, hi = self.scale
        top = hi * len(self.items)
        out = []
        for band in sorted(self.bands, key=lambda b: -b.min):
            out.append((band, max(band.min, lo * len(self.items)), top))
            top = band.min - 1
        return out


def load_self_assessment(path: Path | None = None) -> SelfAssessment:
    path = path or exams_dir() / "self-assessment.yaml"
    bank, problems = validate_file(path, SelfAssessment)
    if problems or bank is None:
        raise DataError("; ".join(str(p) for p in problems))
    return bank
