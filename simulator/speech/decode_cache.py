"""What Whisper heard on a rendered spoken set, decoded once and kept (a JSON Lines file).

Measuring the grader on speech is slow only because of the decode; grading what was heard is
quick. So every measuring tool (tools/speech_flips.py, scripts/measure_filler_timing.py, and
``simulator bench`` could read it too) decodes each clip of a rendered set's index
(``replies.jsonl``, as tools/tts/make_reply_fixtures.py writes it) once through the app's
speech path and keeps, per clip (reply id and band), the reply as labelled and what the
grader needs: the corrected and raw transcript, the unsure positions, the per-character
:class:`Hearing`, the recognised words, the delivery measures, and how long the decode took.
A rerun decodes only what is missing; a line is written as soon as its clip is decoded, so an
interrupted run loses nothing.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from simulator.core.heard import Hearing
from simulator.speech.transcriber import Transcription, Word

KINDS = ("clean", "phone")


@dataclass(frozen=True)
class Decoded:
    """One clip as heard: ``item`` is the reply's index row (text, scenario, turn, label)."""

    item: dict
    kind: str
    text: str
    raw_text: str
    unsure: tuple[int, ...] = ()
    hearing: Hearing | None = None
    words: tuple[Word, ...] = ()
    pieces: int = 1
    measures: dict = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def key(self) -> str:
        return f"{self.item['id']}:{self.kind}"

    @classmethod
    def of(cls, item: dict, kind: str, heard: Transcription, measures: dict, seconds: float):
        return cls(
            item=item,
            kind=kind,
            text=heard.text,
            raw_text=heard.raw_text or heard.text,
            unsure=tuple(heard.unsure),
            hearing=heard.hearing,
            words=tuple(Word(*w) for w in heard.words),
            pieces=heard.pieces,
            measures=measures,
            seconds=seconds,
        )

    def to_json(self) -> str:
        h = self.hearing
        row = {
            "item": self.item,
            "kind": self.kind,
            "text": self.text,
            "raw_text": self.raw_text,
            "unsure": list(self.unsure),
            "hearing": None if h is None else [h.probability, h.at, h.until],
            "words": [list(w) for w in self.words],
            "pieces": self.pieces,
            "measures": self.measures,
            "seconds": round(self.seconds, 3),
        }
        return json.dumps(row, ensure_ascii=False)

    @classmethod
    def from_json(cls, line: str) -> Decoded:
        row = json.loads(line)
        h = row.get("hearing")
        return cls(
            item=row["item"],
            kind=row["kind"],
            text=row["text"],
            raw_text=row.get("raw_text", row["text"]),
            unsure=tuple(row.get("unsure", ())),
            hearing=None if h is None else Hearing(tuple(h[0]), tuple(h[1]), tuple(h[2])),
            words=tuple(Word(*w) for w in row.get("words", ())),
            pieces=row.get("pieces", 1),
            measures=row.get("measures", {}),
            seconds=row.get("seconds", 0.0),
        )


class DecodeCache:
    """The decodes of one or more sets in one file, keyed ``id:kind``."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.entries: dict[str, Decoded] = {}
        if self.path.exists():
            for n, line in enumerate(self.path.read_text("utf-8").splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    entry = Decoded.from_json(line)
                except (ValueError, KeyError, TypeError) as exc:
                    raise ValueError(f"{self.path}:{n}: not a decoded clip ({exc})") from None
                self.entries[entry.key] = entry

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return iter(self.entries[k] for k in sorted(self.entries))

    def add(self, entry: Decoded) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(entry.to_json() + "\n")
        self.entries[entry.key] = entry


def load_index(path: Path) -> list[dict]:
    """A rendered set's ``replies.jsonl``."""
    return [json.loads(x) for x in Path(path).read_text("utf-8").splitlines() if x.strip()]


def clip_path(file: str, index: Path, root: Path) -> Path:
    """A clip named in an index: absolute, relative to the repository, or beside the index."""
    p = Path(file)
    if p.is_absolute():
        return p
    return root / p if (root / p).exists() else Path(index).parent / p.name


def index_clips(index: Path, root: Path) -> list[tuple[dict, str, Path]]:
    """(item, kind, audio file) for every band a rendered set's index names a clip for."""
    return [
        (item, kind, clip_path(item[kind], index, root))
        for item in load_index(index)
        for kind in KINDS
        if item.get(kind)
    ]


def decode_missing(
    cache: DecodeCache,
    clips: Iterable[tuple[dict, str, Path]],
    transcriber,
    on_decoded: Callable[[Decoded], None] | None = None,
) -> int:
    """Decode every (item, kind, audio file) not yet in ``cache`` with ``transcriber`` (the
    app's :class:`Transcriber`, or one with a scripted decoder) and the delivery measures, and
    add it; files that do not exist are skipped. Returns how many were decoded."""
    from simulator.speech.pipeline import transcribe_and_measure

    done = 0
    for item, kind, path in clips:
        if f"{item['id']}:{kind}" in cache or not Path(path).exists():
            continue
        t0 = time.perf_counter()
        heard, measures, _timings = transcribe_and_measure(transcriber, path)
        entry = Decoded.of(item, kind, heard, measures, time.perf_counter() - t0)
        cache.add(entry)
        done += 1
        if on_decoded is not None:
            on_decoded(entry)
    return done


def load_average() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
