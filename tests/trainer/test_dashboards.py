"""Dashboards: the team's figures (read from the trigger-kept aggregates) equal the same figures
counted from the rows on a small generated dataset, for every date range and group tried; the
aggregates stay right through the practice store's writes (retries, the pre-accounts history
given to someone); a trainee's dashboard; CSV and PDF exports; roles."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date, timedelta

import pytest

from simulator.bench_dashboard import generate
from simulator.services import PermissionDenied, Session
from simulator.store.schema_v5 import rebuild_stats
from tests.trainer.helpers import GOOD, RUDE, RUDE_NI, call, turn

END = date(2026, 11, 30)


@pytest.fixture
def dataset(services, people):
    catalog = services.resources.catalog
    rules = [(r.id, r.category) for r in catalog.rules.rules][:12]
    made = generate(services.db, sorted(catalog.scenarios)[:6], rules, attempts=400, users=12,
                    days=60, seed=3, end=END)  # fmt: skip
    return made


def _brute(services, since: date | None, until: date | None, members: list[str] | None):
    """The team figures counted straight from the rows."""
    sql = "SELECT * FROM attempts WHERE kind='practice' AND turn_count > 0"
    rows = [
        a
        for a in services.db.query(sql)
        if (since is None or a["started_at"][:10] >= since.isoformat())
        and (until is None or a["started_at"][:10] <= until.isoformat())
        and (members is None or a["user_id"] in members)
    ]
    rates = {}
    for a in rows:
        n, p = rates.get(a["scenario_id"], (0, 0))
        rates[a["scenario_id"]] = (n + 1, p + a["passed"])
    ok = {a["id"] for a in services.db.query("SELECT id, started_at, user_id FROM attempts "
                                             "WHERE kind='practice'")
          if (since is None or a["started_at"][:10] >= since.isoformat())
          and (until is None or a["started_at"][:10] <= until.isoformat())
          and (members is None or a["user_id"] in members)}  # fmt: skip
    cells, per_rule = Counter(), Counter()
    for v in services.db.query(
        "SELECT v.* FROM violations v JOIN turns t ON t.id = v.turn_id WHERE t.superseded = 0"
    ):
        if v["attempt_id"] in ok:
            cells[(v["category"], v["scenario_id"])] += 1
            per_rule[(v["rule"], v["category"])] += 1
    return rates, cells, per_rule


@pytest.mark.parametrize(
    ("since", "until", "group"),
    [
        (None, None, None),
        (END - timedelta(days=9), END, None),
        (END - timedelta(days=40), END - timedelta(days=20), None),
        (None, None, 0),
        (END - timedelta(days=30), None, 1),
    ],
)
def test_team_figures_equal_the_rows(services, people, dataset, since, until, group):
    group_id = None if group is None else list(dataset.groups)[group]
    members = None if group_id is None else dataset.groups[group_id]
    d = services.dashboards.team(people["trainer"], since, until, group_id, top=5)
    rates, cells, per_rule = _brute(services, since, until, members)
    assert {r.scenario_id: (r.attempts, r.passed) for r in d.pass_rates} == rates
    assert d.attempts == sum(n for n, _p in rates.values())
    assert [r.rate for r in d.pass_rates] == sorted(r.rate for r in d.pass_rates)
    heat = {(c, s): d.heat.cell(c, s) for c in d.heat.categories for s in d.heat.scenarios}
    assert {k: v for k, v in heat.items() if v} == dict(cells)
    top = sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    assert [((v.rule, v.category), v.count) for v in d.frequent] == top
    for v in d.frequent:
        assert 1 <= len(v.examples) <= 3 and all(e.text for e in v.examples)
        for e in v.examples:  # the examples come from the same attempts
            a = services.db.one("SELECT * FROM attempts WHERE id=?", [e.attempt_id])
            assert members is None or a["user_id"] in members
            assert since is None or a["started_at"][:10] >= since.isoformat()
            assert e.trainee.startswith("学员")
    if group_id is not None:
        assert d.group_name.endswith(group_id[:4])


def test_aggregates_follow_the_practice_stores_writes(services, people, grader):
    alice, bob = people["alice"], people["bob"]
    attempt, _ = call(services, grader, alice, RUDE, GOOD)
    # a retry supersedes the first take (its findings leave the figures)
    retry = services.practice.start_attempt(alice, "praise", "service-basics", "表扬", "P", "typed")
    services.practice.record_turn(alice, retry, turn(grader, "praise", 1, RUDE_NI))
    services.practice.record_turn(alice, retry, turn(grader, "praise", 1, GOOD), retry=True)
    call(services, grader, bob, RUDE)
    # the pre-accounts history, then given to bob
    nobody = Session.anonymous()
    old = services.practice.start_attempt(nobody, "praise", "service-basics", "表扬", "P", "typed")
    services.practice.record_turn(nobody, old, turn(grader, "praise", 1, RUDE))
    services.accounts.assign_unowned_history(people["admin"], bob.user_id)
    live = _stats(services)
    with services.db.tx() as conn:
        rebuild_stats(conn)
    assert _stats(services) == live
    d = services.dashboards.team(people["trainer"])
    (praise,) = d.pass_rates
    assert (praise.attempts, praise.passed) == (4, 1)  # alice ×2, bob ×2 (one from nobody)
    assert {v.rule: v.count for v in d.frequent} == {"iq.why": 3, "element.回应感谢": 3}


def _stats(services) -> tuple:
    def rows(sql):
        return sorted(tuple(r.values()) for r in services.db.query(sql))

    return (
        rows("SELECT su.user_id, ss.scenario_id, day, attempts, passed, score_sum FROM "
             "stat_attempts x JOIN stat_users su ON su.k=x.u JOIN stat_scenarios ss ON ss.k=x.s "
             "WHERE attempts != 0"),
        rows("SELECT su.user_id, ss.scenario_id, sr.rule, day, n FROM stat_violations x "
             "JOIN stat_users su ON su.k=x.u JOIN stat_scenarios ss ON ss.k=x.s "
             "JOIN stat_rules sr ON sr.k=x.r WHERE n != 0"),
    )  # fmt: skip


def test_a_trainees_dashboard(services, people, grader):
    trainer, alice = people["trainer"], people["alice"]
    services.assignments.assign(trainer, "service-basics", scenario_id="praise",
                                user_id=alice.user_id)  # fmt: skip
    call(services, grader, alice, RUDE, RUDE_NI)
    call(services, grader, alice, GOOD)
    mine = services.dashboards.trainee(alice)
    theirs = services.dashboards.trainee(trainer, alice.user_id)
    assert mine == theirs
    assert mine.name == "Alice" and len(mine.assignments) == 1
    assert mine.assignments[0].status == "done"
    assert [t.score for t in mine.trend] == [a.score for a in reversed(mine.recent)]
    assert len(mine.recent) == 2 and mine.recent[0].passed
    weakest = {w.category: w for w in mine.weakest}
    assert weakest["interrogating"].count == 2 and weakest["impolite_address"].count == 1
    assert weakest["interrogating"].per_attempt == pytest.approx(1.0)
    assert mine.weakest[0].per_attempt >= mine.weakest[-1].per_attempt
    with pytest.raises(PermissionDenied):
        services.dashboards.trainee(people["bob"], alice.user_id)


def test_exports_as_csv_and_pdf(services, people, dataset, tmp_path):
    trainer = people["trainer"]
    d = services.dashboards.team(trainer, top=3)
    folder = services.dashboards.export(trainer, d, tmp_path / "team-csv", "csv")
    with open(folder / "pass_rates.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["scenario"]: int(r["attempts"]) for r in rows} == {
        r.scenario_id: r.attempts for r in d.pass_rates
    }
    heat = list(csv.reader(io.StringIO((folder / "heat_map.csv").read_text("utf-8-sig"))))
    assert heat[0] == ["category", *d.heat.scenarios] and len(heat) == 1 + len(d.heat.categories)
    assert (folder / "violations.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    pdf = services.dashboards.export(trainer, d, tmp_path / "team.pdf", "pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 2000
    who = dataset.users[0]
    t = services.dashboards.trainee(trainer, who)
    assert services.dashboards.export(trainer, t, tmp_path / "t.pdf").read_bytes()[:4] == b"%PDF"
    services.dashboards.export(trainer, t, tmp_path / "t-csv", "csv")
    assert {p.name for p in (tmp_path / "t-csv").iterdir()} == {
        "assignments.csv", "trend.csv", "weakest.csv", "recent.csv",
    }  # fmt: skip
    assert len(services.audit.entries(action="dashboard.exported")) == 4


def test_trainees_do_not_see_the_team(services, people, dataset):
    alice = people["alice"]
    before = len(services.audit.entries(action="permission.denied"))
    with pytest.raises(PermissionDenied):
        services.dashboards.team(alice)
    with pytest.raises(PermissionDenied):
        services.dashboards.trainee(alice, dataset.users[0])
    d = services.dashboards.team(people["admin"])
    with pytest.raises(PermissionDenied):
        services.dashboards.export(alice, d, "x.pdf")
    assert len(services.audit.entries(action="permission.denied")) == before + 3
