"""The centre's schema, version 2: the team dashboard's summaries.

Three materialized views, per day, over practice attempts that have a turn: per trainee
(attempts, score total and count, passes, last attempt), per violation category (turns not
superseded), and which seats sent practice. The dashboard reads these (a few thousand rows for
a year of a room) instead of joining every attempt, turn and violation; the service refreshes
them in the background (``REFRESH … CONCURRENTLY``: readers never wait), so the dashboard is
as old as the last refresh (``TeamDashboard.as_of``).
"""

from __future__ import annotations

NOBODY = "00000000-0000-0000-0000-000000000000"
COUNTED = "a.kind = 'practice' AND a.turn_count > 0"

SQL = f"""
CREATE MATERIALIZED VIEW dash_trainees AS
SELECT COALESCE(a.user_id, '{NOBODY}'::uuid) AS user_key, a.user_id,
       left(a.started_at, 10) AS day, COUNT(*)::bigint AS attempts,
       COALESCE(SUM(a.score), 0)::bigint AS score_sum, COUNT(a.score)::bigint AS scored,
       SUM(a.passed)::bigint AS passed, MAX(a.started_at) AS last_at
FROM attempts a WHERE {COUNTED}
GROUP BY 1, 2, 3;
CREATE UNIQUE INDEX dash_trainees_key ON dash_trainees (user_key, day);

CREATE MATERIALIZED VIEW dash_categories AS
SELECT left(a.started_at, 10) AS day, v.category, COUNT(*)::bigint AS n
FROM violations v JOIN turns t ON t.id = v.turn_id JOIN attempts a ON a.id = v.attempt_id
WHERE t.superseded = 0 AND {COUNTED}
GROUP BY 1, 2;
CREATE UNIQUE INDEX dash_categories_key ON dash_categories (day, category);

CREATE MATERIALIZED VIEW dash_seats AS
SELECT DISTINCT a.seat_id, left(a.started_at, 10) AS day FROM attempts a WHERE {COUNTED};
CREATE UNIQUE INDEX dash_seats_key ON dash_seats (seat_id, day);

INSERT INTO centre_meta (key, value) VALUES ('dashboard_as_of', '');
"""

VIEWS = ("dash_trainees", "dash_categories", "dash_seats")
