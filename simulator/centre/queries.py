"""What trainers and proctors read over the whole room when connected: the team dashboard
(every trainee's practice, the most frequent problems), a trainee's history from every seat,
one attempt's turns and violations, and the sealed exam results.

Orders are the centre's receive order, never a seat's clock (``recv_seq``).
"""

from __future__ import annotations

from datetime import datetime

import psycopg

from simulator.centre.db import NotFound, iso, plain_row
from simulator.centre.schema_v2 import NOBODY, VIEWS
from simulator.sync.records import CategoryCount, TeamDashboard, TraineeSummary


def team_dashboard(conn: psycopg.Connection, since: str | None = None) -> TeamDashboard:
    """Practice per trainee (attempts, mean score, pass rate, last attempt), violation
    categories and seats, over attempts started on or after the day of ``since`` (all when
    None), read from the summaries as of their last refresh (``refresh_dashboard``)."""
    day = (since or "")[:10]
    rows = conn.execute(
        "SELECT s.*, u.username, u.display_name FROM (SELECT user_key, SUM(attempts)::bigint AS n, "
        "SUM(score_sum)::bigint AS score_sum, SUM(scored)::bigint AS scored, "
        "SUM(passed)::bigint AS passed, "
        "MAX(last_at) AS last_at FROM dash_trainees WHERE day >= %s GROUP BY user_key) s "
        "LEFT JOIN users u ON u.id = s.user_key ORDER BY u.username NULLS LAST",
        [day],
    ).fetchall()
    trainees = tuple(
        TraineeSummary(
            None if str(r["user_key"]) == NOBODY else str(r["user_key"]),
            r["username"] or "",
            r["display_name"] or "",
            int(r["n"]),
            r["score_sum"] / r["scored"] if r["scored"] else None,
            r["passed"] / r["n"],
            r["last_at"],
        )  # fmt: skip
        for r in rows
    )
    categories = conn.execute(
        "SELECT category, SUM(n)::bigint AS n FROM dash_categories WHERE day >= %s "
        "GROUP BY category ORDER BY n DESC, category",
        [day],
    ).fetchall()
    seats = conn.execute(
        "SELECT COUNT(DISTINCT seat_id) AS n FROM dash_seats WHERE day >= %s", [day]
    ).fetchone()["n"]
    as_of = conn.execute("SELECT value FROM centre_meta WHERE key = 'dashboard_as_of'").fetchone()
    return TeamDashboard(
        attempts=sum(t.attempts for t in trainees),
        trainees=trainees,
        categories=tuple(CategoryCount(r["category"], int(r["n"])) for r in categories),
        seats=seats,
        as_of=(as_of["value"] or None) if as_of else None,
    )


def refresh_dashboard(conn: psycopg.Connection, now: datetime) -> None:
    """Recompute the dashboard's summaries (readers keep reading the previous ones meanwhile)."""
    for view in VIEWS:
        conn.execute(f"REFRESH MATERIALIZED VIEW CONCURRENTLY {view}")
    conn.execute("UPDATE centre_meta SET value = %s WHERE key = 'dashboard_as_of'", [iso(now)])


def changes(conn: psycopg.Connection) -> int:
    """A counter that moves when practice rows are written (for refreshing only when needed)."""
    return conn.execute(
        "SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0)::bigint AS n "
        "FROM pg_stat_user_tables WHERE relname IN ('attempts', 'turns', 'violations')"
    ).fetchone()["n"]


def history(conn: psycopg.Connection, user_id: str, limit: int = 500) -> list[dict]:
    """A trainee's practice attempts from every seat, the latest received first."""
    rows = conn.execute(
        "SELECT id AS attempt_id, seat_id, scenario_id, title, mode, started_at, status, score, "
        "passed::boolean AS passed, turn_count, recv_seq AS received_seq FROM attempts "
        "WHERE user_id = %s AND kind = 'practice' AND turn_count > 0 "
        "ORDER BY recv_seq DESC LIMIT %s",
        [user_id, limit],
    ).fetchall()
    return [plain_row(r) for r in rows]


def attempt_detail(conn: psycopg.Connection, attempt_id: str) -> dict:
    """One attempt as its seat wrote it: the attempt, its turns (every column that travels,
    with the grader's result: transcript, verdict, findings), its violations and the
    overrides trainers made of its turns (centre schema 6)."""
    attempt = conn.execute("SELECT * FROM attempts WHERE id = %s", [attempt_id]).fetchone()
    if attempt is None:
        raise NotFound(f"中心没有这次练习 / no attempt {attempt_id} at the centre")
    turns = conn.execute(
        "SELECT * FROM turns WHERE attempt_id = %s ORDER BY seq, recv_seq", [attempt_id]
    ).fetchall()
    violations = conn.execute(
        "SELECT turn_id, category, severity, rule, text FROM violations WHERE attempt_id = %s "
        "ORDER BY recv_seq",
        [attempt_id],
    ).fetchall()
    overrides = []
    if conn.execute("SELECT to_regclass('overrides') IS NOT NULL AS x").fetchone()["x"]:
        overrides = conn.execute(
            "SELECT * FROM overrides WHERE attempt_id = %s ORDER BY created_at, id", [attempt_id]
        ).fetchall()
    drop = {"txid", "received_at", "src_seq", "recv_seq"}

    def travel(row) -> dict:
        return {k: v for k, v in plain_row(row).items() if k not in drop}

    return {
        "attempt": travel(attempt),
        "turns": [travel(t) for t in turns],
        "violations": [plain_row(v) for v in violations],
        "overrides": [travel(o) for o in overrides],
    }


def exam_results(conn: psycopg.Connection, exam_id: str | None = None) -> list[dict]:
    """Sealed results (summary), in the order the centre received them."""
    rows = conn.execute(
        "SELECT r.attempt_id, r.exam_id, r.candidate_id, u.username, "
        "COALESCE(a.candidate_name, u.display_name) AS candidate, r.score, "
        "r.passed::boolean AS passed, r.created_at AS sealed_at, r.seat_id, r.flags, "
        "r.recv_seq AS received_seq FROM exam_results r JOIN exam_attempts a ON "
        "a.id = r.attempt_id LEFT JOIN users u ON u.id = r.candidate_id "
        "WHERE (%s::text IS NULL OR r.exam_id = %s) ORDER BY r.recv_seq",
        [exam_id, exam_id],
    ).fetchall()
    return [plain_row(r) for r in rows]
