"""The centre's schema, version 6: trainers' overrides of the grader and calibration grades.

* ``overrides`` — a trainer overruling the grader on a practice turn (the seat's table, column
  for column; append-only). It points at the turn and attempt it is about, which are at the
  centre: the seat holding the attempt pushed them, and a trainer on another seat overrules
  only what it read from the centre. Pulled by the seats the trainee signed in on
  (``sync/registry.py``: by ``trainee_id``), so an overruled verdict follows the trainee.
* ``calibration_grades`` — a trainer's grade of a calibration item (append-only, one per rater
  and item). The calibration sets and items stay on their seat for now, so the item is not a
  foreign key here: the grade is kept as a record of what the rater decided.

The same row again is a no-op; a different row under an id the centre holds is refused and
audited, like every append-only record (``centre/push.py``).
"""

from __future__ import annotations

from simulator.centre.schema_v1_records import CENTRE, append_only

SQL = f"""
CREATE TABLE overrides (
    id uuid PRIMARY KEY,
    turn_id uuid NOT NULL REFERENCES turns(id),
    attempt_id uuid NOT NULL REFERENCES attempts(id),
    trainee_id uuid REFERENCES users(id),
    scenario_id text NOT NULL,
    turn_no integer NOT NULL,
    kind text NOT NULL CHECK (kind IN ('verdict', 'violation', 'element')),
    rule text NOT NULL DEFAULT '',
    category text NOT NULL DEFAULT '',
    span_start integer,
    span_end integer,
    element text NOT NULL DEFAULT '',
    decision text NOT NULL CHECK (decision IN
        ('pass', 'fail', 'not_violation', 'recategorise', 'present', 'grader')),
    new_category text,
    comment text NOT NULL CHECK (length(trim(comment)) > 0),
    by_id uuid NOT NULL REFERENCES users(id),
    by_name text NOT NULL,
    created_at text NOT NULL,
    seat_id uuid NOT NULL{CENTRE}
);
CREATE INDEX overrides_turn ON overrides (turn_id, created_at);
CREATE INDEX overrides_trainee ON overrides (trainee_id);
CREATE INDEX overrides_txid ON overrides (txid, id);
{append_only("overrides")}
CREATE TABLE calibration_grades (
    id uuid PRIMARY KEY,
    item_id uuid NOT NULL,
    set_id uuid NOT NULL,
    rater_id uuid NOT NULL REFERENCES users(id),
    rater_name text NOT NULL,
    passed integer NOT NULL,
    category text,
    comment text NOT NULL DEFAULT '',
    created_at text NOT NULL,
    seat_id uuid NOT NULL{CENTRE},
    UNIQUE (item_id, rater_id),
    CHECK ((passed = 1 AND category IS NULL) OR (passed = 0 AND category IS NOT NULL))
);
CREATE INDEX calibration_grades_txid ON calibration_grades (txid, id);
{append_only("calibration_grades")}"""
