"""``simulator quotes SEEDS``: the seed passage behind each model answer (``ModelAnswer.quote``).

A model answer is the seeds' approved phrasing with its placeholders filled in for the scenario
("很抱歉！王先生，我理解您的心情……"); the feedback shows, beside it, the manual's title and the
passage as the manual words it ("*先生/小姐，我理解您的心情……"). This finds that passage in the
cited seed (``simulator.core.seeds.find_passage``), reports answers whose recorded quote is
missing or no longer in the seed, and with ``--write`` adds the missing ones to the pack files
(a ``quote:`` line after the answer's ``source:``, comments and layout untouched).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from simulator.core.catalog import load_catalog
from simulator.core.seeds import find_passage, read_seeds


@dataclass(frozen=True)
class QuoteCheck:
    pack_file: Path
    scenario: str
    turn: int
    text: str
    source: str
    quote: str  # recorded in the pack
    found: str | None  # the passage found in the seed now

    @property
    def ok(self) -> bool:
        return bool(self.quote) and self.quote == self.found


def check_quotes(seeds_dir: Path, root: Path | None = None) -> list[QuoteCheck]:
    catalog = load_catalog(root)
    seeds = read_seeds(seeds_dir)
    packs = {p.pack: p for p in catalog.packs.values()}
    files = {
        pack_id: path
        for path in sorted((catalog.root / "packs").glob("*.y*ml"))
        for pack_id in packs
        if re.search(rf"^pack:\s*{re.escape(pack_id)}\s*$", path.read_text("utf-8"), re.M)
    }
    out = []
    for sc_id, sc in catalog.scenarios.items():
        path = files.get(catalog.scenario_pack[sc_id])
        for turn in sc.turns:
            for answer in turn.model_answers:
                seed = seeds.get(answer.source)
                found = find_passage(seed, answer.text) if seed else None
                out.append(
                    QuoteCheck(
                        path, sc_id, turn.id, answer.text, answer.source, answer.quote, found
                    )
                )
    return out


def write_quotes(checks: list[QuoteCheck]) -> int:
    """Add a ``quote:`` after each answer that has none and whose passage was found; returns
    how many were written."""
    written = 0
    by_file: dict[Path, list[QuoteCheck]] = {}
    for c in checks:
        if not c.quote and c.found and c.pack_file is not None:
            by_file.setdefault(c.pack_file, []).append(c)
    for path, todo in by_file.items():
        lines = path.read_text("utf-8").split("\n")
        for c in todo:
            written += _insert(lines, c)
        path.write_text("\n".join(lines), "utf-8")
    return written


def _insert(lines: list[str], c: QuoteCheck) -> int:
    """Insert the quote of every answer item whose text is ``c.text`` and has no quote yet."""
    count = 0
    i = 0
    while i < len(lines):
        m = re.match(r"^(\s*)- text: (.*)$", lines[i])
        if not m or _scalar(m.group(2)) != c.text:
            i += 1
            continue
        indent = m.group(1) + "  "
        j = i + 1
        last = i
        has_quote = False
        while (
            j < len(lines) and lines[j].startswith(indent) and not lines[j].strip().startswith("-")
        ):
            has_quote |= lines[j].strip().startswith("quote:")
            last = j
            j += 1
        if not has_quote:
            lines.insert(last + 1, f"{indent}quote: {json.dumps(c.found, ensure_ascii=False)}")
            count += 1
        i = j
    return count


def _scalar(raw: str) -> str:
    raw = raw.strip()
    if raw[:1] in "\"'":
        return yaml.safe_load(raw)
    return raw
