"""Dashboards as files: CSV tables (UTF-8 with a byte-order mark, so spreadsheet programs read
the Chinese) or a PDF report (``dashboard_pdf``). Every file is written atomically."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from simulator.fileutil import atomic_write_bytes


def _csv(header: list[str], rows: list[list]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8-sig")


def team_tables(d) -> dict[str, bytes]:
    """A team dashboard's tables: pass rates, the heat map, the frequent violations."""
    rates = _csv(
        ["scenario", "title", "attempts", "passed", "pass_rate", "mean_score"],
        [[r.scenario_id, r.title, r.attempts, r.passed, round(r.rate, 4), round(r.mean_score, 1)]
         for r in d.pass_rates],
    )  # fmt: skip
    heat = _csv(
        ["category", *d.heat.scenarios],
        [[c, *row] for c, row in zip(d.heat.categories, d.heat.counts, strict=True)],
    )
    frequent = _csv(
        ["rule", "category", "count", "explanation", "example_text", "example_reply",
         "example_scenario", "example_trainee", "example_at"],
        [[v.rule, v.category, v.count, v.explanation, e.text, e.transcript, e.scenario_id,
          e.trainee, e.at] for v in d.frequent for e in (v.examples or [_NoExample()])],
    )  # fmt: skip
    return {"pass_rates.csv": rates, "heat_map.csv": heat, "violations.csv": frequent}


class _NoExample:
    text = transcript = scenario_id = trainee = at = ""


def trainee_tables(d) -> dict[str, bytes]:
    """A trainee dashboard's tables: assignments, score trend, weakest categories, recent."""
    return {
        "assignments.csv": _csv(
            ["assignment", "title", "status", "done", "total", "due_at", "threshold"],
            [[p.assignment_id, p.title, p.status, p.done, p.total, p.due_at, p.threshold]
             for p in d.assignments],
        ),
        "trend.csv": _csv(
            ["at", "scenario", "score", "passed"],
            [[t.at, t.scenario_id, t.score, int(t.passed)] for t in d.trend],
        ),
        "weakest.csv": _csv(
            ["category", "count", "per_attempt"],
            [[w.category, w.count, round(w.per_attempt, 4)] for w in d.weakest],
        ),
        "recent.csv": _csv(
            ["attempt", "scenario", "title", "started_at", "status", "score", "passed"],
            [[a.id, a.scenario_id, a.title, a.started_at, a.status, a.score, int(a.passed)]
             for a in d.recent],
        ),
    }  # fmt: skip


def write_export(dashboard, out: Path, kind: str, title: Callable[[str], str]) -> Path:
    """``kind`` csv: a folder ``out`` of CSV files; pdf: the report at ``out``."""
    from simulator.services.dashboard import TeamDashboard

    team = isinstance(dashboard, TeamDashboard)
    if kind == "csv":
        out.mkdir(parents=True, exist_ok=True)
        for name, data in (team_tables(dashboard) if team else trainee_tables(dashboard)).items():
            atomic_write_bytes(out / name, data)
        return out
    if kind != "pdf":
        raise ValueError(f"unknown export kind {kind!r} (csv or pdf)")
    from simulator.services import dashboard_pdf

    data = (dashboard_pdf.team_report if team else dashboard_pdf.trainee_report)(dashboard, title)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out, data)
    return out
