"""Schema version 5: trainers (issue 13) — packs, groups and assignments, review overrides,
calibration, the team's statistics and the privacy of voice recordings.

* ``trainer_packs`` — a trainer's pack in ``<data>/packs/<pack-id>/``: author, the template it
  was copied from, the sha256 of its ``pack.yaml`` as last saved, deleted (moved to the trash);
* ``groups`` / ``group_members`` — trainee groups; a member removed is ``active = 0`` (the row
  stays, so "last edit wins" can be applied by the training-room sync through ``updated_at``);
* ``assignments`` — a pack or one scenario assigned to a trainee or a group, due date, pass
  threshold, attempts needed; edits update the row (``updated_at``), archiving hides it;
* ``overrides`` — a trainer overruling the grader on a turn (the verdict, one violation, one
  missing element) with a comment: append-only, the effective verdict is computed;
* ``calibration_sets`` / ``calibration_items`` / ``calibration_grades`` — reference turns that
  trainers grade blind; a grade is final (append-only, one per rater and item);
* ``recording_consents`` — consent to keep voice recordings, given or revoked (append-only;
  the latest entry of an account decides); ``recording_deletions`` — every recording deleted
  (retention, the owner, an admin, consent revoked), append-only; ``centre_settings`` — the
  centre's settings (the retention period);
* ``turns.recording_deleted_at`` / ``recording_deleted_reason`` — a turn whose recording was
  deleted says when and why (its transcript and score stay);
* ``stat_*`` — the team dashboard's daily aggregates, kept by triggers on ``attempts``,
  ``turns`` and ``violations`` (whatever writes them: the practice store, a migration, the
  training-room sync). They are derived data (small integer keys, no UUID, never synced) and
  can be rebuilt from the rows (``rebuild_stats``). Keyed scenario first (and rule), so the
  dashboard's GROUP BY reads them in order without sorting.
"""

from __future__ import annotations

import sqlite3

# days since 1970-01-01 of a stored UTC timestamp (0 for an unreadable one: never NULL, since
# a NULL key would make the trigger, and so the practice write, fail)
_DAY = "COALESCE(CAST(julianday(substr({0}, 1, 10)) - 2440587.5 AS INTEGER), 0)"
_USER = "(SELECT k FROM stat_users WHERE user_id = COALESCE({0}, ''))"
_SCENARIO = "(SELECT k FROM stat_scenarios WHERE scenario_id = {0})"


def _day(expr: str) -> str:
    return _DAY.format(expr)


def _tables() -> str:
    from simulator.store.migrations import SYNC_COLUMNS, _append_only

    return f"""
CREATE TABLE trainer_packs (
    id TEXT PRIMARY KEY,
    pack_id TEXT NOT NULL UNIQUE,
    author_id TEXT REFERENCES users(id),
    author_name TEXT NOT NULL DEFAULT '',
    copied_from TEXT,
    sha256 TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,{SYNC_COLUMNS}
);

CREATE TABLE groups (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    description TEXT NOT NULL DEFAULT '',
    created_by TEXT REFERENCES users(id),
    archived INTEGER NOT NULL DEFAULT 0,{SYNC_COLUMNS}
);
CREATE UNIQUE INDEX groups_name ON groups(name COLLATE NOCASE) WHERE archived = 0;

CREATE TABLE group_members (
    id TEXT PRIMARY KEY,
    group_id TEXT NOT NULL REFERENCES groups(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    active INTEGER NOT NULL DEFAULT 1,
    changed_by TEXT REFERENCES users(id),{SYNC_COLUMNS},
    UNIQUE (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members(user_id, active);

CREATE TABLE assignments (
    id TEXT PRIMARY KEY,
    pack_id TEXT NOT NULL,
    scenario_id TEXT,
    user_id TEXT REFERENCES users(id),
    group_id TEXT REFERENCES groups(id),
    due_at TEXT,
    threshold INTEGER NOT NULL CHECK (threshold BETWEEN 0 AND 100),
    min_attempts INTEGER NOT NULL DEFAULT 1 CHECK (min_attempts >= 1),
    note TEXT NOT NULL DEFAULT '',
    assigned_by TEXT REFERENCES users(id),
    archived INTEGER NOT NULL DEFAULT 0,{SYNC_COLUMNS},
    CHECK ((user_id IS NULL) <> (group_id IS NULL))
);
CREATE INDEX assignments_user ON assignments(user_id);
CREATE INDEX assignments_group ON assignments(group_id);

CREATE TABLE overrides (
    id TEXT PRIMARY KEY,
    turn_id TEXT NOT NULL REFERENCES turns(id),
    attempt_id TEXT NOT NULL REFERENCES attempts(id),
    trainee_id TEXT REFERENCES users(id),
    scenario_id TEXT NOT NULL,
    turn_no INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('verdict', 'violation', 'element')),
    rule TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT '',
    span_start INTEGER,
    span_end INTEGER,
    element TEXT NOT NULL DEFAULT '',
    decision TEXT NOT NULL CHECK (decision IN
        ('pass', 'fail', 'not_violation', 'recategorise', 'present', 'grader')),
    new_category TEXT,
    comment TEXT NOT NULL CHECK (length(trim(comment)) > 0),
    by_id TEXT NOT NULL REFERENCES users(id),
    by_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    seat_id TEXT NOT NULL
);
CREATE INDEX overrides_turn ON overrides(turn_id, created_at);
CREATE INDEX overrides_created ON overrides(created_at);
{_append_only("overrides")}

CREATE TABLE calibration_sets (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    description TEXT NOT NULL DEFAULT '',
    created_by TEXT REFERENCES users(id),
    archived INTEGER NOT NULL DEFAULT 0,{SYNC_COLUMNS}
);

CREATE TABLE calibration_items (
    id TEXT PRIMARY KEY,
    set_id TEXT NOT NULL REFERENCES calibration_sets(id),
    turn_id TEXT NOT NULL REFERENCES turns(id),
    position INTEGER NOT NULL,
    removed INTEGER NOT NULL DEFAULT 0,
    added_by TEXT REFERENCES users(id),{SYNC_COLUMNS},
    UNIQUE (set_id, turn_id)
);

CREATE TABLE calibration_grades (
    id TEXT PRIMARY KEY,
    item_id TEXT NOT NULL REFERENCES calibration_items(id),
    set_id TEXT NOT NULL REFERENCES calibration_sets(id),
    rater_id TEXT NOT NULL REFERENCES users(id),
    rater_name TEXT NOT NULL,
    passed INTEGER NOT NULL,
    category TEXT,
    comment TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    seat_id TEXT NOT NULL,
    UNIQUE (item_id, rater_id),
    CHECK ((passed = 1 AND category IS NULL) OR (passed = 0 AND category IS NOT NULL))
);
CREATE INDEX calibration_grades_set ON calibration_grades(set_id);
{_append_only("calibration_grades")}

CREATE TABLE recording_consents (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    action TEXT NOT NULL CHECK (action IN ('given', 'revoked')),
    notice TEXT NOT NULL,
    by_id TEXT REFERENCES users(id),
    created_at TEXT NOT NULL,
    seat_id TEXT NOT NULL
);
CREATE INDEX recording_consents_user ON recording_consents(user_id, created_at);
{_append_only("recording_consents")}

CREATE TABLE recording_deletions (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    row_id TEXT NOT NULL DEFAULT '',
    user_id TEXT,
    path TEXT NOT NULL,
    sha256 TEXT,
    reason TEXT NOT NULL CHECK (reason IN ('retention', 'owner', 'admin', 'consent_revoked')),
    by_id TEXT,
    created_at TEXT NOT NULL,
    seat_id TEXT NOT NULL
);
CREATE INDEX recording_deletions_row ON recording_deletions(source, row_id);
{_append_only("recording_deletions")}

CREATE TABLE centre_settings (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    value TEXT NOT NULL,
    changed_by TEXT REFERENCES users(id),{SYNC_COLUMNS}
);

ALTER TABLE turns ADD COLUMN recording_deleted_at TEXT;
ALTER TABLE turns ADD COLUMN recording_deleted_reason TEXT;
CREATE INDEX turns_created ON turns(created_at) WHERE recording IS NOT NULL;
CREATE INDEX violations_rule ON violations(rule, created_at);

CREATE TABLE stat_users (k INTEGER PRIMARY KEY, user_id TEXT NOT NULL UNIQUE);
CREATE TABLE stat_scenarios (k INTEGER PRIMARY KEY, scenario_id TEXT NOT NULL UNIQUE);
CREATE TABLE stat_rules (
    k INTEGER PRIMARY KEY, rule TEXT NOT NULL, category TEXT NOT NULL, UNIQUE (rule, category)
);
CREATE TABLE stat_attempts (
    s INTEGER NOT NULL, day INTEGER NOT NULL, u INTEGER NOT NULL,
    attempts INTEGER NOT NULL, passed INTEGER NOT NULL, score_sum INTEGER NOT NULL,
    PRIMARY KEY (s, day, u)
) WITHOUT ROWID;
CREATE INDEX stat_attempts_user ON stat_attempts(u, day);
CREATE TABLE stat_violations (
    s INTEGER NOT NULL, r INTEGER NOT NULL, day INTEGER NOT NULL, u INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (s, r, day, u)
) WITHOUT ROWID;
CREATE INDEX stat_violations_user ON stat_violations(u, day);
"""


def _keys(row: str) -> str:
    """Statements that make sure the user and scenario of attempt row ``row`` (NEW/OLD) have
    their small keys."""
    return f"""
  INSERT OR IGNORE INTO stat_users(user_id) VALUES (COALESCE({row}.user_id, ''));
  INSERT OR IGNORE INTO stat_scenarios(scenario_id) VALUES ({row}.scenario_id);"""


def _attempt_delta(row: str, sign: str) -> str:
    """Add (``sign`` '+') or take away ('-') attempt row ``row`` in ``stat_attempts``."""
    return f"""
  INSERT INTO stat_attempts(day, u, s, attempts, passed, score_sum) VALUES (
    {_day(row + ".started_at")}, {_USER.format(row + ".user_id")},
    {_SCENARIO.format(row + ".scenario_id")}, {sign}1, {sign}{row}.passed,
    {sign}COALESCE({row}.score, 0))
  ON CONFLICT (s, day, u) DO UPDATE SET attempts = attempts + excluded.attempts,
    passed = passed + excluded.passed, score_sum = score_sum + excluded.score_sum;"""


def _violations_delta(attempt_row: str, sign: str, where: str) -> str:
    """Add or take away the counted violations ``where`` selects (``v`` violations, ``t`` its
    turn), filed under attempt row ``attempt_row``'s day and user."""
    return f"""
  INSERT OR IGNORE INTO stat_scenarios(scenario_id)
    SELECT DISTINCT v.scenario_id FROM violations v JOIN turns t ON t.id = v.turn_id
    WHERE {where};
  INSERT OR IGNORE INTO stat_rules(rule, category)
    SELECT DISTINCT v.rule, v.category FROM violations v JOIN turns t ON t.id = v.turn_id
    WHERE {where};
  INSERT INTO stat_violations(day, u, s, r, n)
    SELECT {_day(attempt_row + ".started_at")}, {_USER.format(attempt_row + ".user_id")},
           ss.k, sr.k, {sign}COUNT(*)
    FROM violations v JOIN turns t ON t.id = v.turn_id
      JOIN stat_scenarios ss ON ss.scenario_id = v.scenario_id
      JOIN stat_rules sr ON sr.rule = v.rule AND sr.category = v.category
    WHERE {where}
    GROUP BY ss.k, sr.k
  ON CONFLICT (s, r, day, u) DO UPDATE SET n = n + excluded.n;"""


_ATTEMPT_COLUMNS = "user_id, kind, scenario_id, started_at, passed, score, turn_count"
_COUNTED = "{0}.kind = 'practice' AND {0}.turn_count > 0"


def _triggers() -> str:
    new_counted, old_counted = _COUNTED.format("NEW"), _COUNTED.format("OLD")
    moved = (
        "OLD.user_id IS NOT NEW.user_id OR OLD.started_at IS NOT NEW.started_at "
        "OR OLD.kind IS NOT NEW.kind"
    )
    kind_of = "(SELECT kind FROM attempts WHERE id = NEW.attempt_id)"
    return f"""
CREATE TRIGGER stat_attempts_insert AFTER INSERT ON attempts WHEN {new_counted}
BEGIN{_keys("NEW")}{_attempt_delta("NEW", "+")}
END;
CREATE TRIGGER stat_attempts_update_old AFTER UPDATE OF {_ATTEMPT_COLUMNS} ON attempts
WHEN {old_counted}
BEGIN{_keys("OLD")}{_attempt_delta("OLD", "-")}
END;
CREATE TRIGGER stat_attempts_update_new AFTER UPDATE OF {_ATTEMPT_COLUMNS} ON attempts
WHEN {new_counted}
BEGIN{_keys("NEW")}{_attempt_delta("NEW", "+")}
END;
CREATE TRIGGER stat_violations_insert AFTER INSERT ON violations
WHEN {kind_of} = 'practice'
  AND (SELECT superseded FROM turns WHERE id = NEW.turn_id) = 0
BEGIN
  INSERT OR IGNORE INTO stat_users(user_id)
    SELECT COALESCE(user_id, '') FROM attempts WHERE id = NEW.attempt_id;
  INSERT OR IGNORE INTO stat_scenarios(scenario_id) VALUES (NEW.scenario_id);
  INSERT OR IGNORE INTO stat_rules(rule, category) VALUES (NEW.rule, NEW.category);
  INSERT INTO stat_violations(day, u, s, r, n)
    SELECT {_day("a.started_at")}, {_USER.format("a.user_id")},
           {_SCENARIO.format("NEW.scenario_id")},
           (SELECT k FROM stat_rules WHERE rule = NEW.rule AND category = NEW.category), 1
    FROM attempts a WHERE a.id = NEW.attempt_id
  ON CONFLICT (s, r, day, u) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER stat_turns_superseded AFTER UPDATE OF superseded ON turns
WHEN OLD.superseded IS NOT NEW.superseded AND {kind_of} = 'practice'
BEGIN
  INSERT OR IGNORE INTO stat_users(user_id)
    SELECT COALESCE(user_id, '') FROM attempts WHERE id = NEW.attempt_id;
{_violations_delta_turn()}
END;
CREATE TRIGGER stat_violations_move_old AFTER UPDATE OF user_id, started_at, kind ON attempts
WHEN ({moved}) AND OLD.kind = 'practice'
BEGIN{_keys("OLD")}{_violations_delta("OLD", "-", "v.attempt_id = NEW.id AND t.superseded = 0")}
END;
CREATE TRIGGER stat_violations_move_new AFTER UPDATE OF user_id, started_at, kind ON attempts
WHEN ({moved}) AND NEW.kind = 'practice'
BEGIN{_keys("NEW")}{_violations_delta("NEW", "+", "v.attempt_id = NEW.id AND t.superseded = 0")}
END;
"""


def _violations_delta_turn() -> str:
    """A turn superseded (a retry) takes its violations away; un-superseded adds them back."""
    sign = "CASE WHEN NEW.superseded THEN -1 ELSE 1 END * "
    return f"""
  INSERT OR IGNORE INTO stat_scenarios(scenario_id)
    SELECT DISTINCT scenario_id FROM violations WHERE turn_id = NEW.id;
  INSERT OR IGNORE INTO stat_rules(rule, category)
    SELECT DISTINCT rule, category FROM violations WHERE turn_id = NEW.id;
  INSERT INTO stat_violations(day, u, s, r, n)
    SELECT {_day("a.started_at")}, {_USER.format("a.user_id")}, ss.k, sr.k, {sign}COUNT(*)
    FROM violations v JOIN attempts a ON a.id = v.attempt_id
      JOIN stat_scenarios ss ON ss.scenario_id = v.scenario_id
      JOIN stat_rules sr ON sr.rule = v.rule AND sr.category = v.category
    WHERE v.turn_id = NEW.id
    GROUP BY ss.k, sr.k
  ON CONFLICT (s, r, day, u) DO UPDATE SET n = n + excluded.n;"""


def rebuild_stats(conn: sqlite3.Connection) -> None:
    """Recompute the ``stat_*`` aggregates from the rows (inside the caller's transaction)."""
    counted = "a.kind = 'practice' AND a.turn_count > 0"
    conn.execute("DELETE FROM stat_attempts")
    conn.execute("DELETE FROM stat_violations")
    conn.execute(
        "INSERT OR IGNORE INTO stat_users(user_id) SELECT DISTINCT COALESCE(user_id, '') "
        "FROM attempts"
    )
    conn.execute(
        "INSERT OR IGNORE INTO stat_scenarios(scenario_id) SELECT DISTINCT scenario_id FROM "
        "attempts UNION SELECT DISTINCT scenario_id FROM violations"
    )
    conn.execute(
        "INSERT OR IGNORE INTO stat_rules(rule, category) SELECT DISTINCT rule, category "
        "FROM violations"
    )
    conn.execute(
        f"""INSERT INTO stat_attempts(day, u, s, attempts, passed, score_sum)
        SELECT {_day("a.started_at")} AS day, su.k, ss.k, COUNT(*), SUM(a.passed),
               SUM(COALESCE(a.score, 0))
        FROM attempts a JOIN stat_users su ON su.user_id = COALESCE(a.user_id, '')
          JOIN stat_scenarios ss ON ss.scenario_id = a.scenario_id
        WHERE {counted} GROUP BY day, su.k, ss.k"""
    )
    conn.execute(
        f"""INSERT INTO stat_violations(day, u, s, r, n)
        SELECT {_day("a.started_at")} AS day, su.k, ss.k, sr.k, COUNT(*)
        FROM violations v JOIN turns t ON t.id = v.turn_id JOIN attempts a ON a.id = v.attempt_id
          JOIN stat_users su ON su.user_id = COALESCE(a.user_id, '')
          JOIN stat_scenarios ss ON ss.scenario_id = v.scenario_id
          JOIN stat_rules sr ON sr.rule = v.rule AND sr.category = v.category
        WHERE a.kind = 'practice' AND t.superseded = 0 GROUP BY day, su.k, ss.k, sr.k"""
    )


def v5(conn: sqlite3.Connection) -> None:
    from simulator.store.migrations import run_script

    run_script(conn, _tables())
    run_script(conn, _triggers())
    rebuild_stats(conn)
