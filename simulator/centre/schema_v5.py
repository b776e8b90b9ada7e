"""The centre's schema, version 5: groups, their members and assignments, so that what a
trainer assigns follows the trainee to every seat.

The seat's trainer tables (local schema 5) were registered for sync from the start
(``sync/registry.py``: both ways, the latest ``updated_at`` wins, every seat pulls them); until
the centre had them a joined seat kept their changes queued. With these tables in, those
queued rows are pushed at the next sync and every seat pulls the room's groups and
assignments. The centre keeps the seat-corrected time of the winning edit in
``effective_at``. Calibration sets and overrides stay on their seat for now.
"""

from __future__ import annotations

from simulator.centre.schema_v1_records import CENTRE, SYNC, touched

_LATEST = """,
    effective_at timestamptz NOT NULL DEFAULT now()"""

SQL = f"""
CREATE TABLE groups (
    id uuid PRIMARY KEY,
    name text NOT NULL CHECK (length(trim(name)) > 0),
    description text NOT NULL DEFAULT '',
    created_by uuid,
    archived integer NOT NULL DEFAULT 0{SYNC}{CENTRE}{_LATEST}
);
CREATE INDEX groups_txid ON groups (txid, id);
CREATE TABLE group_members (
    id uuid PRIMARY KEY,
    group_id uuid NOT NULL REFERENCES groups(id),
    user_id uuid NOT NULL REFERENCES users(id),
    active integer NOT NULL DEFAULT 1,
    changed_by uuid{SYNC}{CENTRE}{_LATEST}
);
CREATE INDEX group_members_txid ON group_members (txid, id);
CREATE INDEX group_members_user ON group_members (user_id);
CREATE TABLE assignments (
    id uuid PRIMARY KEY,
    pack_id text NOT NULL,
    scenario_id text,
    user_id uuid REFERENCES users(id),
    group_id uuid REFERENCES groups(id),
    due_at text,
    threshold integer NOT NULL CHECK (threshold BETWEEN 0 AND 100),
    min_attempts integer NOT NULL DEFAULT 1 CHECK (min_attempts >= 1),
    note text NOT NULL DEFAULT '',
    assigned_by uuid,
    archived integer NOT NULL DEFAULT 0{SYNC}{CENTRE}{_LATEST},
    CHECK ((user_id IS NULL) <> (group_id IS NULL))
);
CREATE INDEX assignments_txid ON assignments (txid, id);
CREATE INDEX assignments_user ON assignments (user_id);
{touched("groups")}{touched("group_members")}{touched("assignments")}"""
