"""What trainers and proctors read over the whole room when connected: the team dashboard
(every trainee's practice, the most frequent problems), a trainee's history from every seat,
one attempt's turns and violations, and the sealed exam results.

Orders are the centre's receive order, never a seat's clock (``recv_seq``).
"""

from __future__ import annotations

import psycopg

from simulator.centre.db import NotFound, plain_row
from simulator.sync.records import CategoryCount, TeamDashboard, TraineeSummary


def team_dashboard(conn: psycopg.Connection, since: str | None = None) -> TeamDashboard:
    """Practice per trainee (attempts, mean score, pass rate, last attempt) and violation
    categories, over attempts started at or after ``since`` (all when None)."""
    where = "a.kind = 'practice' AND a.turn_count > 0"
    params: list = []
    if since:
        where += " AND a.started_at >= %s"
        params.append(since)
    rows = conn.execute(
        "SELECT s.user_id, u.username, u.display_name, s.n, s.average, s.pass_rate, s.last_at "
        "FROM (SELECT a.user_id, COUNT(*) AS n, AVG(a.score)::float8 AS average, "
        "AVG(a.passed)::float8 AS pass_rate, MAX(a.started_at) AS last_at "
        f"FROM attempts a WHERE {where} GROUP BY a.user_id) s "
        "LEFT JOIN users u ON u.id = s.user_id ORDER BY u.username NULLS LAST",
        params,
    ).fetchall()
    trainees = tuple(
        TraineeSummary(str(r["user_id"]) if r["user_id"] else None, r["username"] or "",
                       r["display_name"] or "", r["n"], r["average"], r["pass_rate"], r["last_at"])
        for r in rows
    )  # fmt: skip
    categories = conn.execute(
        "SELECT v.category, COUNT(*) AS n FROM violations v JOIN turns t ON t.id = v.turn_id "
        f"JOIN attempts a ON a.id = v.attempt_id WHERE t.superseded = 0 AND {where} "
        "GROUP BY v.category ORDER BY n DESC, v.category",
        params,
    ).fetchall()
    seats = conn.execute(f"SELECT COUNT(DISTINCT a.seat_id) FROM attempts a WHERE {where}", params)
    return TeamDashboard(
        attempts=sum(t.attempts for t in trainees),
        trainees=trainees,
        categories=tuple(CategoryCount(r["category"], r["n"]) for r in categories),
        seats=seats.fetchone()["count"],
    )


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
    attempt = conn.execute("SELECT * FROM attempts WHERE id = %s", [attempt_id]).fetchone()
    if attempt is None:
        raise NotFound(f"中心没有这次练习 / no attempt {attempt_id} at the centre")
    turns = conn.execute(
        "SELECT id, seq, turn_id, caller_text, transcript, score, passed, superseded, recording, "
        "recording_sha256, flags FROM turns WHERE attempt_id = %s ORDER BY seq, recv_seq",
        [attempt_id],
    ).fetchall()
    violations = conn.execute(
        "SELECT turn_id, category, severity, rule, text FROM violations WHERE attempt_id = %s "
        "ORDER BY recv_seq",
        [attempt_id],
    ).fetchall()
    drop = {"txid", "received_at", "src_seq"}
    return {
        "attempt": {k: v for k, v in plain_row(attempt).items() if k not in drop},
        "turns": [plain_row(t) for t in turns],
        "violations": [plain_row(v) for v in violations],
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
