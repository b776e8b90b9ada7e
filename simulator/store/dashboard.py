"""The dashboards' queries. Team figures come from the daily aggregates (``stat_attempts``,
``stat_violations``; kept by triggers, see ``schema_v5``) so they stay fast over 100,000
attempts; a trainee's own figures and the examples come from the rows."""

from __future__ import annotations

from datetime import date

from simulator.store.db import Database

EPOCH = date(1970, 1, 1)


def day_number(when: date) -> int:
    return (when - EPOCH).days


def _filters(since: date | None, until: date | None, group_id: str | None) -> tuple[str, list]:
    """``since``/``until`` inclusive days; the group's current members."""
    sql, params = "", []
    if since is not None:
        sql += " AND x.day >= ?"
        params.append(day_number(since))
    if until is not None:
        sql += " AND x.day <= ?"
        params.append(day_number(until))
    if group_id is not None:  # "+": read the table in key order, members checked per row
        sql += (
            " AND +x.u IN (SELECT su.k FROM stat_users su JOIN group_members gm "
            "ON gm.user_id = su.user_id WHERE gm.group_id = ? AND gm.active = 1)"
        )
        params.append(group_id)
    return sql, params


class DashboardStore:
    def __init__(self, db: Database):
        self.db = db

    def pass_rates(self, since=None, until=None, group_id=None) -> list[dict]:
        where, params = _filters(since, until, group_id)
        return self.db.query(
            "SELECT ss.scenario_id, t.attempts, t.passed, t.score_sum FROM ("
            "SELECT x.s, SUM(x.attempts) AS attempts, SUM(x.passed) AS passed, "
            f"SUM(x.score_sum) AS score_sum FROM stat_attempts x WHERE 1=1{where} GROUP BY x.s"
            ") t JOIN stat_scenarios ss ON ss.k = t.s WHERE t.attempts > 0",
            params,
        )

    def violation_counts(self, since=None, until=None, group_id=None) -> list[dict]:
        """Findings per scenario and rule (with its category)."""
        where, params = _filters(since, until, group_id)
        return self.db.query(
            "SELECT ss.scenario_id, sr.rule, sr.category, t.n FROM ("
            f"SELECT x.s, x.r, SUM(x.n) AS n FROM stat_violations x WHERE 1=1{where} "
            "GROUP BY x.s, x.r) t JOIN stat_scenarios ss ON ss.k = t.s "
            "JOIN stat_rules sr ON sr.k = t.r WHERE t.n > 0",
            params,
        )

    def examples(
        self, rule: str, category: str, since=None, until=None, group_id=None, limit: int = 3
    ) -> list[dict]:
        """The latest findings of one rule: the words, the reply, whose and when."""
        sql = (
            "SELECT v.text, v.scenario_id, t.transcript, a.user_id, u.display_name, "
            "a.started_at, a.id AS attempt_id, t.id AS turn_id FROM violations v "
            "JOIN turns t ON t.id = v.turn_id JOIN attempts a ON a.id = v.attempt_id "
            "LEFT JOIN users u ON u.id = a.user_id "
            "WHERE v.rule = ? AND v.category = ? AND t.superseded = 0 AND a.kind = 'practice'"
        )
        params: list = [rule, category]
        if since is not None:
            sql += " AND a.started_at >= ?"
            params.append(since.isoformat())
        if until is not None:
            sql += " AND a.started_at < ?"
            params.append(date.fromordinal(until.toordinal() + 1).isoformat())
        if group_id is not None:
            sql += (
                " AND a.user_id IN (SELECT user_id FROM group_members WHERE group_id = ? "
                "AND active = 1)"
            )
            params.append(group_id)
        return self.db.query(sql + " ORDER BY v.created_at DESC LIMIT ?", [*params, limit])

    # ------------------------------------------------------------------ one trainee
    def user_key(self, user_id: str) -> int | None:
        return self.db.scalar("SELECT k FROM stat_users WHERE user_id = ?", [user_id])

    def user_categories(self, user_id: str) -> tuple[int, list[dict]]:
        """A trainee's counted attempts and findings per category."""
        key = self.user_key(user_id)
        if key is None:
            return 0, []
        attempts = self.db.scalar(
            "SELECT COALESCE(SUM(attempts), 0) FROM stat_attempts WHERE u = ?", [key]
        )
        rows = self.db.query(
            "SELECT sr.category, SUM(x.n) AS n FROM stat_violations x "
            "JOIN stat_rules sr ON sr.k = x.r WHERE x.u = ? GROUP BY sr.category "
            "HAVING SUM(x.n) > 0",
            [key],
        )
        return int(attempts or 0), rows

    def score_series(self, user_id: str, limit: int = 200) -> list[dict]:
        return list(
            reversed(
                self.db.query(
                    "SELECT id, scenario_id, started_at, score, passed FROM attempts "
                    "WHERE user_id = ? AND kind = 'practice' AND turn_count > 0 "
                    "AND score IS NOT NULL ORDER BY started_at DESC LIMIT ?",
                    [user_id, limit],
                )
            )
        )
