"""`simulator bench --dashboard`: generate many practice attempts in a temporary data folder and
time the team dashboard (the target: 100,000 attempts in at most 300 ms) and a trainee's.

The generator writes rows straight into the seat database (attempts, turns, violations, as the
practice store would, some retries superseded) so the daily aggregates are kept by the same
triggers; it is also how the dashboard tests make a small dataset. Timings are printed, never
asserted in tests."""

from __future__ import annotations

import json
import os
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from simulator.store.db import Database, new_id


@dataclass(frozen=True)
class Generated:
    users: list[str]
    groups: dict[str, list[str]]  # group id → member user ids
    attempts: int
    start: date
    end: date


def generate(
    db: Database,
    scenarios: list[str],
    rules: list[tuple[str, str]],
    attempts: int,
    users: int = 200,
    days: int = 180,
    seed: int = 1,
    end: date | None = None,
) -> Generated:
    """``attempts`` practice attempts by ``users`` trainees (two groups, half each) over
    ``days`` days ending ``end``; 1–3 turns each (a few superseded retries), violations drawn
    from ``rules`` ((rule, category) pairs) on failing turns."""
    rng = random.Random(seed)
    end = end or datetime.now(UTC).date()
    start = end - timedelta(days=days - 1)
    seat, now = db.seat_id, "2026-01-01T00:00:00.000Z"

    def sync(row: dict) -> dict:
        return {"id": new_id(), "created_at": now, "updated_at": now, "seat_id": seat, **row}

    user_rows = [sync({"username": f"bench{i:04d}", "display_name": f"学员{i:04d}",
                       "role": "trainee", "password_hash": "-"}) for i in range(users)]  # fmt: skip
    ids = [u["id"] for u in user_rows]
    group_ids = [new_id(), new_id()]
    members = {group_ids[0]: ids[: users // 2], group_ids[1]: ids[users // 2 :]}
    a_rows, t_rows, v_rows = [], [], []
    for _ in range(attempts):
        day = start + timedelta(days=rng.randrange(days))
        stamp = f"{day.isoformat()}T{rng.randrange(8, 20):02d}:{rng.randrange(60):02d}:00.000Z"
        aid, scenario = new_id(), rng.choice(scenarios)
        n_turns, scores = rng.randint(1, 3), []
        for seq in range(1, n_turns + 1):
            takes = 2 if rng.random() < 0.05 else 1
            for take in range(takes):
                passed = rng.random() < 0.65
                score = rng.randint(70, 100) if passed else rng.randint(20, 59)
                superseded = int(take < takes - 1)
                tid = new_id()
                t_rows.append(sync({"id": tid, "attempt_id": aid, "seq": seq, "turn_id": seq,
                                    "transcript": "您好，请问有什么可以帮您？", "score": score,
                                    "passed": int(passed), "mode": "typed",
                                    "superseded": superseded, "created_at": stamp,
                                    "result_json": json.dumps({"score": score})}))  # fmt: skip
                if not superseded:
                    scores.append((score, passed))
                for _v in range(0 if passed else rng.randint(1, 2)):
                    rule, category = rng.choice(rules)
                    v_rows.append({"id": new_id(), "turn_id": tid, "attempt_id": aid,
                                   "scenario_id": scenario, "category": category,
                                   "severity": "fail", "rule": rule, "text": "这个",
                                   "created_at": stamp, "seat_id": seat})  # fmt: skip
        a_rows.append(sync({"id": aid, "user_id": rng.choice(ids), "kind": "practice",
                            "scenario_id": scenario, "mode": "typed", "started_at": stamp,
                            "finished_at": stamp, "status": "completed",
                            "score": round(sum(s for s, _p in scores) / len(scores)),
                            "passed": int(all(p for _s, p in scores)),
                            "turn_count": len(scores)}))  # fmt: skip
    with db.tx() as conn:
        for table, rows in (("users", user_rows), ("attempts", a_rows), ("turns", t_rows),
                            ("violations", v_rows)):  # fmt: skip
            if rows:
                names = list(rows[0])
                conn.executemany(
                    f"INSERT INTO {table} ({', '.join(names)}) VALUES "
                    f"({', '.join('?' for _ in names)})",
                    [[r[n] for n in names] for r in rows],
                )
        for gid, (name, uids) in zip(group_ids, (("A 组", members[group_ids[0]]),
                                                 ("B 组", members[group_ids[1]])), strict=True):  # fmt: skip
            conn.execute(
                "INSERT INTO groups (id, name, created_at, updated_at, seat_id) VALUES (?,?,?,?,?)",
                [gid, f"{name} {gid[:4]}", now, now, seat],
            )
            conn.executemany(
                "INSERT INTO group_members (id, group_id, user_id, created_at, updated_at, "
                "seat_id) VALUES (?,?,?,?,?,?)",
                [[new_id(), gid, uid, now, now, seat] for uid in uids],
            )
    return Generated(ids, members, attempts, start, end)


def _time(fn, runs: int) -> tuple[float, float]:
    fn()  # warm the page cache and the statement cache
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), max(samples)


def bench_dashboard(attempts: int = 100_000, runs: int = 15) -> int:
    from simulator.core.catalog import load_catalog
    from simulator.machine import cpu_model
    from simulator.services import Role, Services

    catalog = load_catalog()
    rules = [(r.id, r.category) for r in catalog.rules.rules]
    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as tmp:
        services = Services.open(Path(tmp), catalog=catalog)
        try:
            admin = services.accounts.create_first_admin("admin", "管理员", "bench-pass-1")
            services.accounts.create_user(admin, "bench-trainer", "培训师", Role.TRAINER,
                                          "bench-pass-1")  # fmt: skip
            trainer = services.accounts.sign_in("bench-trainer", "bench-pass-1")
            conn = services.db.conn  # a throw-away database: no fsync, a big page cache
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute("PRAGMA cache_size=-262144")
            t0 = time.perf_counter()
            made = generate(services.db, sorted(catalog.scenarios), rules, attempts)
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA cache_size=-2000")  # the default again for the timings
            counts = services.db.one(
                "SELECT (SELECT COUNT(*) FROM attempts) a, (SELECT COUNT(*) FROM turns) t, "
                "(SELECT COUNT(*) FROM violations) v, (SELECT COUNT(*) FROM stat_attempts) sa, "
                "(SELECT COUNT(*) FROM stat_violations) sv"
            )
            print(
                f"dashboard data: {counts['a']} attempts, {counts['t']} turns, {counts['v']} "
                f"violations (aggregate rows {counts['sa']} + {counts['sv']}) generated in "
                f"{time.perf_counter() - t0:.1f} s"
            )
            group = next(iter(made.groups))
            month = made.end - timedelta(days=29)
            cases = [
                ("team, all dates", lambda: services.dashboards.team(trainer)),
                ("team, one group", lambda: services.dashboards.team(trainer, group_id=group)),
                ("team, last 30 days", lambda: services.dashboards.team(trainer, since=month,
                                                                        until=made.end)),
                ("trainee", lambda: services.dashboards.trainee(trainer, made.users[0])),
            ]  # fmt: skip
            for name, fn in cases:
                median, worst = _time(fn, runs)
                print(f"dashboard {name}: median {median:.0f} ms, max {worst:.0f} ms "
                      f"over {runs} runs (target ≤ 300 ms for the team)")  # fmt: skip
            load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"machine: {cpu_model()}; load average {load}")
        finally:
            services.close()
    return 0
