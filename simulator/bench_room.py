"""`simulator bench --room`: the training room at scale, on this machine.

A throwaway PostgreSQL (fsync on) and the centre's service in a process of its own; then

* many simulated seats (threads, each its own data folder, joined with its own code) push a
  backlog of practice attempts with their recordings concurrently: the time, rows and
  recordings per second, retries, and a check that the centre's totals equal the seats' totals
  with no row twice;
* one seat drains a backlog of ``backlog`` attempts alone;
* the team dashboard's query over ``dashboard`` attempts already in PostgreSQL.

Numbers are printed, never asserted (they depend on the machine and its load).
"""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from simulator.machine import cpu_model

TABLES = ("attempts", "turns", "violations")


def _wav(seed: int, seconds: float) -> bytes:
    from simulator.audio.recorder import wav_bytes

    rng = np.random.default_rng(seed)
    t = np.arange(int(16000 * seconds)) / 16000.0
    audio = 0.3 * np.sin(2 * np.pi * (180 + seed % 200) * t) + 0.02 * rng.standard_normal(t.size)
    return wav_bytes((audio * 32767).astype(np.int16), 16000)


def _sample():
    """A realistic graded turn (result JSON and violations) to copy into the generated rows."""
    from simulator.core.grader import Grader

    grader = Grader()
    result = grader.grade("angry-caller", 1, "喂，你吵什么吵，又不是我弄坏的，你自己去查")
    return json.dumps(result.to_dict(), ensure_ascii=False), result


def fill(services, user_id: str, n: int, seconds: float, sample, start: int = 0) -> int:
    """``n`` finished practice attempts, each with a graded turn, its recording on disk and
    its violations, written in one transaction (the outbox triggers queue them)."""
    from simulator.store.db import utc_now

    result_json, result = sample
    db = services.db
    folder = services.recordings.folder / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    with db.tx() as conn:
        for i in range(start, start + n):
            seed = int.from_bytes(hashlib.sha256(f"{db.seat_id}:{i}".encode()).digest()[:4])
            data = _wav(seed, seconds)
            path = folder / f"{i}.wav"
            path.write_bytes(data)
            size += len(data)
            now = utc_now()
            attempt = db.insert(conn, "attempts", {
                "user_id": user_id, "scenario_id": "angry-caller", "pack_id": "bench",
                "title": "愤怒", "title_en": "Angry", "mode": "voice", "started_at": now,
                "finished_at": now, "status": "completed", "score": result.score,
                "passed": int(result.passed), "turn_count": 1,
            })  # fmt: skip
            turn = db.insert(conn, "turns", {
                "attempt_id": attempt, "seq": 1, "turn_id": 1, "caller_text": "你们怎么回事",
                "transcript": result.transcript, "score": result.score,
                "passed": int(result.passed), "mode": "voice", "result_json": result_json,
                "recording": path.relative_to(services.data_dir).as_posix(),
                "recording_sha256": hashlib.sha256(data).hexdigest(), "recording_size": len(data),
                "recording_status": "ok", "duration_s": seconds,
            })  # fmt: skip
            for v in result.violations:
                db.insert(conn, "violations", {
                    "turn_id": turn, "attempt_id": attempt, "scenario_id": "angry-caller",
                    "category": v.category, "severity": v.severity, "rule": v.rule,
                    "text": v.text,
                })  # fmt: skip
    return size


class Centre:
    """PostgreSQL and the centre's service (a separate process), for the benchmark."""

    def __init__(self, pool: int):
        import psycopg

        from simulator.centre.pgserver import TempServer, free_port
        from simulator.centre.schema import migrate

        self.pg = TempServer(durable=True)
        self.pg.start()
        with psycopg.connect(self.pg.url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE centre")
        self.db_url = self.pg.url("centre")
        migrate(self.db_url, "bench")
        port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "simulator", "server", "serve", "--db", self.db_url,
             "--listen", f"127.0.0.1:{port}", "--pool", str(pool)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        line = self.proc.stdout.readline()
        if not line.startswith("listening"):
            raise RuntimeError(f"the centre's service did not start: {line!r}")
        self.url = f"http://127.0.0.1:{port}"

    def sql(self, query: str, params=()):
        import psycopg

        with psycopg.connect(self.db_url, autocommit=True) as conn:
            return conn.execute(query, params).fetchall()

    def code(self) -> str:
        from datetime import UTC, datetime

        import psycopg

        from simulator.centre.enrol import make_code

        with psycopg.connect(self.db_url) as conn:
            return make_code(conn, datetime.now(UTC))

    def user(self, name: str) -> str:
        from datetime import UTC, datetime

        import psycopg
        from psycopg.rows import dict_row

        from simulator.centre.accounts import add_user

        with psycopg.connect(self.db_url, row_factory=dict_row) as conn:
            return add_user(conn, name, name, "trainee", "password-1", datetime.now(UTC))

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(60)
        self.pg.close()


def _drain(engine, stop_after: float = 3600.0) -> tuple[float, int]:
    """Run the engine until its queue is empty; (seconds, failed runs)."""
    started = time.perf_counter()
    failures = 0
    while time.perf_counter() - started < stop_after:
        report = engine.run_once()
        if report.ok and not engine.outbox.queued():
            break
        if not report.ok:
            failures += 1
            time.sleep(0.5)
    return time.perf_counter() - started, failures


def bench_room(
    seats: int = 50,
    attempts: int = 10_000,
    backlog: int = 1_000,
    dashboard: int = 100_000,
    seconds: float = 0.25,
    pool: int = 16,
) -> None:
    from simulator.services import Services
    from simulator.sync.engine import SyncEngine

    print(f"training room (CPU: {cpu_model()}, {os.cpu_count()} cores)")
    centre = Centre(pool)
    try:
        print(f"  PostgreSQL: {centre.sql('SHOW server_version')[0][0]} (fsync on)")
        sample = _sample()
        with tempfile.TemporaryDirectory(prefix="simulator-room-") as tmp:
            opened = []
            per_seat = attempts // seats
            total_bytes = 0
            t0 = time.perf_counter()
            for i in range(seats):
                services = Services.open(Path(tmp) / f"seat{i:02d}")
                opened.append(services)
                user = centre.user(f"trainee{i:02d}")
                services.room.join(None, centre.url, centre.code(), f"seat{i:02d}")
                SyncEngine(services).run_once()  # the accounts arrive
                total_bytes += fill(services, user, per_seat, seconds, sample)
            print(f"  {seats} seats joined and filled with {per_seat * seats:,} attempts "
                  f"({total_bytes / 1e6:.0f} MB of recordings) in {time.perf_counter() - t0:.0f} s")  # fmt: skip
            rows = sum(_queued_rows(s) for s in opened)
            engines = [SyncEngine(s) for s in opened]
            results: list[tuple[float, int]] = [(0.0, 0)] * seats
            threads = [
                threading.Thread(target=lambda k=k: results.__setitem__(k, _drain(engines[k])))
                for k in range(seats)
            ]
            t0 = time.perf_counter()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - t0
            retries = sum(r[1] for r in results)
            print(f"  {seats} seats pushing at once: {rows:,} rows and {per_seat * seats:,} "
                  f"recordings in {wall:.1f} s — {rows / wall:,.0f} rows/s, "
                  f"{per_seat * seats / wall:,.0f} attempts/s, {total_bytes / 1e6 / wall:.1f} MB/s "
                  f"of audio; {retries} runs retried (the centre busy)")  # fmt: skip
            _check_totals(centre, opened)
            one = opened[0]
            user = one.db.scalar("SELECT user_id FROM attempts LIMIT 1")
            fill(one, user, backlog, seconds, sample, start=per_seat)
            took, failed = _drain(SyncEngine(one))
            print(f"  a backlog of {backlog:,} attempts on one seat drained in {took:.1f} s "
                  f"({backlog / took:,.0f} attempts/s; {failed} retries)")  # fmt: skip
            for s in opened:
                s.close()
        _bench_dashboard(centre, dashboard)
    finally:
        centre.close()


def _queued_rows(services) -> int:
    return int(services.db.scalar("SELECT COUNT(DISTINCT tbl || row_id) FROM sync_outbox") or 0)


def _check_totals(centre: Centre, opened) -> None:
    ok = True
    for table in TABLES:
        seat_total = sum(
            s.db.scalar(f"SELECT COUNT(*) FROM {table} WHERE seat_id = ?", [s.db.seat_id])
            for s in opened
        )
        there, distinct = centre.sql(f"SELECT COUNT(*), COUNT(DISTINCT id) FROM {table}")[0]
        ok = ok and seat_total == there == distinct
        print(f"    {table}: seats {seat_total:,}, centre {there:,} ({distinct:,} distinct)")
    taken = set()
    for s in opened:
        taken |= {r["recording_sha256"] for r in s.db.query(
            "SELECT recording_sha256 FROM turns WHERE recording IS NOT NULL")}  # fmt: skip
    there = centre.sql("SELECT COUNT(*) FROM recordings")[0][0]
    ok = ok and there == len(taken)
    print(f"    recordings (by content): seats {len(taken):,}, centre {there:,}")
    print("  totals " + ("equal: nothing lost, nothing twice" if ok else "DIFFER"))


def _bench_dashboard(centre: Centre, n: int) -> None:
    """``n`` practice attempts (one turn, two violations each) over 200 trainees and 50 seats,
    written straight into PostgreSQL; then the dashboard's query, timed."""
    from datetime import UTC, datetime

    import psycopg
    from psycopg.rows import dict_row

    from simulator.centre.queries import refresh_dashboard, team_dashboard

    with psycopg.connect(centre.db_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO users (id, username, display_name, role, password_hash, created_at, "
            "updated_at, seat_id) SELECT gen_random_uuid(), 'd' || g, 'D' || g, 'trainee', 'x', "
            "'t', 't', 'centre' FROM generate_series(1, 200) g"
        )
        conn.execute(
            "CREATE TEMP TABLE u AS SELECT id, row_number() OVER () AS k FROM users "
            "WHERE username LIKE 'd%'"
        )
        conn.execute(
            "INSERT INTO attempts (id, user_id, kind, scenario_id, pack_id, title, title_en, mode,"
            " started_at, status, score, passed, turn_count, created_at, updated_at, seat_id) "
            "SELECT gen_random_uuid(), u.id, 'practice', 's' || (g %% 40), 'p', 't', 't', 'voice',"
            " to_char(timestamp '2026-01-01' + g * interval '1 minute', "
            "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), 'completed', g %% 101, (g %% 3 = 0)::int, 1, "
            "'t', 't', ('00000000-0000-4000-8000-' || lpad((g %% 50)::text, 12, '0'))::uuid "
            "FROM generate_series(1, %s) g JOIN u ON u.k = 1 + g %% 200",
            [n],
        )
        conn.execute(
            "INSERT INTO turns (id, attempt_id, seq, turn_id, caller_text, transcript, score, "
            "passed, mode, superseded, result_json, created_at, updated_at, seat_id) "
            "SELECT gen_random_uuid(), a.id, 1, 1, '', '', a.score, a.passed, 'voice', 0, '{}', "
            "'t', 't', a.seat_id FROM attempts a WHERE a.pack_id = 'p'"
        )
        conn.execute(
            "INSERT INTO violations (id, turn_id, attempt_id, scenario_id, category, severity, "
            "rule, text, created_at, seat_id) SELECT gen_random_uuid(), t.id, t.attempt_id, 's', "
            "(ARRAY['rhetorical','commanding','shirking','filler','impolite_address'])"
            "[1 + (k + abs(hashtext(t.id::text))) % 5], 'fail', 'r', '', 't', t.seat_id "
            "FROM turns t CROSS JOIN generate_series(1, 2) k"
        )
        conn.execute("ANALYZE")
        total = conn.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]
    times = []
    with psycopg.connect(centre.db_url, row_factory=dict_row, autocommit=True) as conn:
        refreshes = []
        for _ in range(3):
            t = time.perf_counter()
            refresh_dashboard(conn, datetime.now(UTC))
            refreshes.append((time.perf_counter() - t) * 1000)
        team_dashboard(conn)  # warm the cache
        for _ in range(7):
            t = time.perf_counter()
            dash = team_dashboard(conn)
            times.append((time.perf_counter() - t) * 1000)
    print(f"  team dashboard over {total:,} attempts ({len(dash.trainees)} trainees, "
          f"{sum(c.count for c in dash.categories):,} violations): median "
          f"{statistics.median(times):.0f} ms (min {min(times):.0f}, max {max(times):.0f}; "
          "target ≤ 300 ms)")  # fmt: skip
    print(f"    (its summaries recomputed in the background, when practice was written: "
          f"median {statistics.median(refreshes):.0f} ms each time)")  # fmt: skip
