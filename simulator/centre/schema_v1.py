"""The centre's schema, version 1 (PostgreSQL 15).

The seats' records are mirrored column for column (the seat's text timestamps kept as written,
so hashes and signatures check byte for byte) with ids as ``uuid``, foreign keys between them,
and what the centre adds to each row: ``src_seq`` (the seat's queue position of the copy it
holds), ``recv_seq`` (the centre's receive order — what "later" means here, never a seat's
clock), ``received_at``, ``txid`` (the transaction that last wrote it: the pull feed's
position) and ``flags`` (e.g. ``account_disabled``, ``recording_missing``).

Append-only tables refuse UPDATE and DELETE (trigger); an exam attempt never reopens, never
changes its draw or owner, and never changes once sealed; a sealed result is append-only.
"""

from __future__ import annotations

from simulator.centre.schema_v1_records import DONE, EXAMS, PRACTICE, append_only, touched

FUNCTIONS = f"""
CREATE SEQUENCE recv_seq;

CREATE FUNCTION sim_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, lower(TG_OP)
    USING ERRCODE = 'integrity_constraint_violation';
END $$;

CREATE FUNCTION sim_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.txid := pg_current_xact_id();
  RETURN NEW;
END $$;

CREATE FUNCTION sim_owner_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.seat_id IS DISTINCT FROM OLD.seat_id THEN
    RAISE EXCEPTION '%: a row stays with the seat that wrote it', TG_TABLE_NAME
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;

CREATE FUNCTION sim_exam_attempt_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state = 'sealed' THEN
    RAISE EXCEPTION 'exam_attempts: a sealed attempt cannot change'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF OLD.state IN ({DONE}) AND NEW.state NOT IN ({DONE}) THEN
    RAISE EXCEPTION 'exam_attempts: a completed attempt never returns to an incomplete state'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NEW.seed IS DISTINCT FROM OLD.seed OR NEW.draw IS DISTINCT FROM OLD.draw
     OR NEW.draw_sha256 IS DISTINCT FROM OLD.draw_sha256 OR NEW.paper IS DISTINCT FROM OLD.paper
     OR NEW.candidate_id IS DISTINCT FROM OLD.candidate_id THEN
    RAISE EXCEPTION 'exam_attempts: the draw and candidate of an attempt never change'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;
"""

CENTRE_TABLES = f"""
CREATE TABLE centre_meta (key text PRIMARY KEY, value text NOT NULL);

CREATE TABLE centre_audit (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    actor text NOT NULL DEFAULT '',
    seat_id uuid,
    action text NOT NULL,
    subject text NOT NULL DEFAULT '',
    detail jsonb NOT NULL DEFAULT '{{}}'
);
CREATE INDEX centre_audit_action ON centre_audit (action, at);

CREATE TABLE users (
    id uuid PRIMARY KEY,
    username text NOT NULL CHECK (length(username) BETWEEN 1 AND 64),
    display_name text NOT NULL,
    role text NOT NULL CHECK (role IN ('trainee', 'trainer', 'proctor', 'admin')),
    password_hash text NOT NULL,
    disabled integer NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    disabled_at timestamptz,
    failed_logins integer NOT NULL DEFAULT 0,
    locked_until timestamptz,
    created_at text NOT NULL,
    updated_at text NOT NULL,
    seat_id text NOT NULL,
    recv_seq bigint NOT NULL DEFAULT nextval('recv_seq'),
    txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    CHECK ((disabled = 1) = (disabled_at IS NOT NULL))
);
CREATE UNIQUE INDEX users_username ON users (lower(username));
CREATE INDEX users_txid ON users (txid, id);
{touched("users")}
CREATE TABLE seats (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    token_sha256 text NOT NULL UNIQUE,
    public_key text NOT NULL,
    enrolled_at timestamptz NOT NULL,
    revoked_at timestamptz,
    last_heartbeat_at timestamptz,
    last_push_at timestamptz,
    clock_offset_ms bigint NOT NULL DEFAULT 0,
    queued integer NOT NULL DEFAULT 0
);

CREATE TABLE seat_users (
    seat_id uuid NOT NULL REFERENCES seats(id),
    user_id uuid NOT NULL REFERENCES users(id),
    since timestamptz NOT NULL,
    PRIMARY KEY (seat_id, user_id)
);

CREATE TABLE enrol_codes (
    id uuid PRIMARY KEY,
    code_sha256 text NOT NULL UNIQUE,
    note text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    seat_id uuid REFERENCES seats(id),
    CHECK ((used_at IS NULL) = (seat_id IS NULL))
);

CREATE TABLE staff_tokens (
    token_sha256 text PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users(id),
    seat_id uuid REFERENCES seats(id),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);

CREATE TABLE recordings (
    sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{{64}}$'),
    size bigint NOT NULL CHECK (size >= 0),
    codec text NOT NULL DEFAULT 'zlib',
    data bytea NOT NULL,
    seat_id uuid NOT NULL REFERENCES seats(id),
    received_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE push_batches (
    seat_id uuid NOT NULL REFERENCES seats(id),
    batch_id uuid NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    entries integer NOT NULL,
    outcome jsonb NOT NULL DEFAULT '{{}}',
    PRIMARY KEY (seat_id, batch_id)
);

CREATE TABLE sync_rejections (
    id bigserial PRIMARY KEY,
    seat_id uuid NOT NULL REFERENCES seats(id),
    tbl text NOT NULL,
    row_id text NOT NULL,
    src_seq bigint NOT NULL,
    reason text NOT NULL,
    row_data jsonb NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE exam_live (
    attempt_id uuid PRIMARY KEY,
    seat_id uuid NOT NULL REFERENCES seats(id),
    exam_id text NOT NULL,
    candidate_id uuid,
    candidate_name text NOT NULL DEFAULT '',
    state text NOT NULL,
    remaining_ms bigint NOT NULL,
    answered integer NOT NULL DEFAULT 0,
    items integer NOT NULL DEFAULT 0,
    heartbeat_at timestamptz NOT NULL
);

CREATE TABLE seat_gaps (
    id bigserial PRIMARY KEY,
    seat_id uuid NOT NULL REFERENCES seats(id),
    started_at timestamptz NOT NULL,
    ended_at timestamptz NOT NULL,
    seconds double precision NOT NULL,
    CHECK (ended_at >= started_at)
);
"""

SQL = (
    FUNCTIONS + CENTRE_TABLES + PRACTICE + EXAMS + append_only("centre_audit")
    + append_only("recordings")
)  # fmt: skip
