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

_CENTRE = """,
    src_seq bigint NOT NULL DEFAULT 0,
    recv_seq bigint NOT NULL DEFAULT nextval('recv_seq'),
    received_at timestamptz NOT NULL DEFAULT now(),
    txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    flags text[] NOT NULL DEFAULT '{}'"""
_SYNC = """,
    created_at text NOT NULL,
    updated_at text NOT NULL,
    seat_id uuid NOT NULL"""
_ONCE = """,
    created_at text NOT NULL,
    seat_id uuid NOT NULL"""
_DONE = "'finished', 'terminated', 'cancelled', 'graded', 'sealed'"


def _append_only(table: str) -> str:
    return (
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION sim_append_only();\n"
    )


def _touched(table: str) -> str:
    return (
        f"CREATE TRIGGER {table}_touch BEFORE UPDATE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION sim_touch();\n"
    )


def _owned(table: str) -> str:
    return (
        _touched(table) + f"CREATE TRIGGER {table}_owner BEFORE UPDATE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION sim_owner_fixed();\n"
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION sim_append_only();\n"
    )


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
  IF OLD.state IN ({_DONE}) AND NEW.state NOT IN ({_DONE}) THEN
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

CENTRE_TABLES = """
CREATE TABLE centre_meta (key text PRIMARY KEY, value text NOT NULL);

CREATE TABLE centre_audit (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    actor text NOT NULL DEFAULT '',
    seat_id uuid,
    action text NOT NULL,
    subject text NOT NULL DEFAULT '',
    detail jsonb NOT NULL DEFAULT '{}'
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
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION sim_touch();

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
    sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
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
    outcome jsonb NOT NULL DEFAULT '{}',
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

PRACTICE = f"""
CREATE TABLE attempts (
    id uuid PRIMARY KEY,
    user_id uuid REFERENCES users(id),
    kind text NOT NULL,
    scenario_id text NOT NULL,
    pack_id text NOT NULL,
    title text NOT NULL,
    title_en text NOT NULL,
    mode text NOT NULL,
    started_at text NOT NULL,
    finished_at text,
    status text NOT NULL,
    score integer,
    passed integer NOT NULL,
    turn_count integer NOT NULL,
    next_turn integer{_SYNC}{_CENTRE}
);
CREATE INDEX attempts_user ON attempts (user_id, started_at);
CREATE INDEX attempts_txid ON attempts (txid, id);
{_owned("attempts")}
CREATE TABLE turns (
    id uuid PRIMARY KEY,
    attempt_id uuid NOT NULL REFERENCES attempts(id),
    seq integer NOT NULL,
    turn_id integer NOT NULL,
    caller_text text NOT NULL,
    transcript text NOT NULL,
    score integer NOT NULL,
    passed integer NOT NULL,
    outcome text,
    next_turn integer,
    mode text NOT NULL,
    superseded integer NOT NULL,
    recording text,
    recording_sha256 text,
    recording_size bigint,
    recording_mtime_ns bigint,
    recording_status text,
    duration_s double precision,
    latency_s double precision,
    feedback_s double precision,
    result_json text NOT NULL{_SYNC}{_CENTRE}
);
CREATE INDEX turns_attempt ON turns (attempt_id, seq);
{_owned("turns")}
CREATE TABLE violations (
    id uuid PRIMARY KEY,
    turn_id uuid NOT NULL REFERENCES turns(id),
    attempt_id uuid NOT NULL REFERENCES attempts(id),
    scenario_id text NOT NULL,
    category text NOT NULL,
    severity text NOT NULL,
    rule text NOT NULL,
    text text NOT NULL{_ONCE}{_CENTRE}
);
CREATE INDEX violations_attempt ON violations (attempt_id);
CREATE INDEX violations_category ON violations (category);
{_append_only("violations")}
CREATE TABLE self_assessments (
    id uuid PRIMARY KEY,
    user_id uuid REFERENCES users(id),
    bank_id text NOT NULL,
    answers text NOT NULL,
    total integer NOT NULL,
    band text NOT NULL{_SYNC}{_CENTRE}
);
{_append_only("self_assessments")}
CREATE TABLE quiz_sessions (
    id uuid PRIMARY KEY,
    user_id uuid REFERENCES users(id),
    topics text NOT NULL,
    seed bigint NOT NULL,
    draw text NOT NULL{_SYNC}{_CENTRE}
);
{_append_only("quiz_sessions")}
CREATE TABLE quiz_answers (
    id uuid PRIMARY KEY,
    session_id uuid NOT NULL REFERENCES quiz_sessions(id),
    user_id uuid REFERENCES users(id),
    item integer NOT NULL,
    question_id text NOT NULL,
    topic text NOT NULL,
    type text NOT NULL,
    answer text NOT NULL,
    correct integer NOT NULL,
    transcript text,
    recording text,
    recording_sha256 text,
    result_json text{_SYNC}{_CENTRE}
);
CREATE INDEX quiz_answers_question ON quiz_answers (question_id, correct);
{_append_only("quiz_answers")}
CREATE TABLE drill_answers (
    id uuid PRIMARY KEY,
    user_id uuid REFERENCES users(id),
    scenario_id text NOT NULL,
    turn_id integer NOT NULL,
    transcript text NOT NULL,
    score integer NOT NULL,
    passed integer NOT NULL,
    recording text,
    recording_sha256 text,
    result_json text NOT NULL{_SYNC}{_CENTRE}
);
{_append_only("drill_answers")}
CREATE TABLE review_cards (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users(id),
    kind text NOT NULL CHECK (kind IN ('question', 'drill')),
    item text NOT NULL,
    card text NOT NULL,
    due_at text NOT NULL,
    misses integer NOT NULL,
    reviews integer NOT NULL{_SYNC}{_CENTRE},
    UNIQUE (user_id, kind, item)
);
CREATE INDEX review_cards_txid ON review_cards (txid, id);
{_touched("review_cards")}
CREATE TABLE review_log (
    id uuid PRIMARY KEY,
    card_id uuid NOT NULL,
    user_id uuid NOT NULL REFERENCES users(id),
    rating integer NOT NULL,
    log text NOT NULL{_ONCE}{_CENTRE}
);
{_append_only("review_log")}
"""

EXAMS = f"""
CREATE TABLE exam_attempts (
    id uuid PRIMARY KEY,
    exam_id text NOT NULL,
    exam_sha256 text NOT NULL,
    paper text NOT NULL,
    candidate_id uuid NOT NULL REFERENCES users(id),
    registered_by uuid REFERENCES users(id),
    proctor_id uuid REFERENCES users(id),
    state text NOT NULL CHECK (state IN ('awaiting', 'authorised', 'active', 'paused',
                                         'interrupted', {_DONE})),
    seed bigint NOT NULL,
    draw text NOT NULL,
    draw_sha256 text NOT NULL,
    candidate_name text,
    id_hash text,
    limit_ms bigint NOT NULL,
    extra_ms bigint NOT NULL,
    used_ms bigint NOT NULL,
    authorised_at text,
    started_at text,
    last_seen_at text,
    ended_at text,
    end_reason text{_SYNC}{_CENTRE}
);
CREATE INDEX exam_attempts_candidate ON exam_attempts (candidate_id, exam_id);
{_owned("exam_attempts")}
CREATE TRIGGER exam_attempts_guard BEFORE UPDATE ON exam_attempts
  FOR EACH ROW EXECUTE FUNCTION sim_exam_attempt_guard();

CREATE TABLE exam_answers (
    id uuid PRIMARY KEY,
    attempt_id uuid NOT NULL REFERENCES exam_attempts(id),
    item integer NOT NULL,
    part text NOT NULL CHECK (part IN ('written', 'oral')),
    answer text NOT NULL,
    recording text,
    recording_sha256 text,
    recording_size bigint,
    duration_s double precision,
    used_ms bigint NOT NULL{_ONCE}{_CENTRE}
);
CREATE INDEX exam_answers_attempt ON exam_answers (attempt_id, item);
{_append_only("exam_answers")}
CREATE TABLE exam_time_adjustments (
    id uuid PRIMARY KEY,
    attempt_id uuid NOT NULL REFERENCES exam_attempts(id),
    delta_ms bigint NOT NULL,
    reason text NOT NULL,
    proctor_id uuid NOT NULL REFERENCES users(id){_ONCE}{_CENTRE}
);
{_append_only("exam_time_adjustments")}
CREATE TABLE exam_results (
    id uuid PRIMARY KEY,
    attempt_id uuid NOT NULL UNIQUE REFERENCES exam_attempts(id),
    exam_id text NOT NULL,
    candidate_id uuid NOT NULL REFERENCES users(id),
    score integer NOT NULL,
    passed integer NOT NULL,
    detail text NOT NULL,
    result_sha256 text NOT NULL,
    head_seat text NOT NULL,
    head_seq bigint NOT NULL,
    head_hash text NOT NULL,
    key_id text NOT NULL,
    signature text NOT NULL{_SYNC}{_CENTRE}
);
CREATE INDEX exam_results_exam ON exam_results (exam_id, recv_seq);
{_append_only("exam_results")}
CREATE TABLE exam_ratings (
    id uuid PRIMARY KEY,
    result_id uuid NOT NULL REFERENCES exam_results(id),
    attempt_id uuid NOT NULL REFERENCES exam_attempts(id),
    item integer NOT NULL,
    rater_id uuid NOT NULL REFERENCES users(id),
    rater_name text NOT NULL,
    score integer NOT NULL CHECK (score BETWEEN 0 AND 100),
    passed integer NOT NULL,
    reason text NOT NULL CHECK (length(trim(reason)) > 0){_ONCE}{_CENTRE}
);
{_append_only("exam_ratings")}
CREATE TABLE certificates (
    id uuid PRIMARY KEY,
    number text NOT NULL UNIQUE,
    short_code text NOT NULL UNIQUE,
    attempt_id uuid NOT NULL UNIQUE REFERENCES exam_attempts(id),
    result_id uuid NOT NULL REFERENCES exam_results(id),
    candidate_id uuid NOT NULL REFERENCES users(id),
    exam_id text NOT NULL,
    score integer NOT NULL,
    credential text NOT NULL,
    qr text NOT NULL,
    pdf text,
    pdf_sha256 text{_ONCE}{_CENTRE}
);
{_append_only("certificates")}
CREATE TABLE audit (
    id uuid PRIMARY KEY,
    seat_id uuid NOT NULL,
    seq bigint NOT NULL CHECK (seq > 0),
    at text NOT NULL,
    actor_id uuid,
    actor_name text NOT NULL,
    actor_role text NOT NULL,
    action text NOT NULL,
    subject text NOT NULL,
    detail text NOT NULL,
    prev_hash text NOT NULL,
    hash text NOT NULL{_CENTRE},
    UNIQUE (seat_id, seq)
);
{_append_only("audit")}
CREATE TABLE exam_bookings (
    id uuid PRIMARY KEY,
    exam_id text NOT NULL,
    candidate_id uuid NOT NULL REFERENCES users(id),
    seat_id uuid NOT NULL REFERENCES seats(id),
    scheduled_at text,
    note text NOT NULL DEFAULT '',
    cancelled integer NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
    created_by uuid REFERENCES users(id),
    created_at text NOT NULL,
    updated_at text NOT NULL,
    recv_seq bigint NOT NULL DEFAULT nextval('recv_seq'),
    txid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
{_touched("exam_bookings")}
CREATE TABLE proctor_commands (
    id uuid PRIMARY KEY,
    seat_id uuid NOT NULL REFERENCES seats(id),
    attempt_id uuid NOT NULL,
    kind text NOT NULL CHECK (kind IN ('pause', 'resume', 'add_time', 'terminate')),
    args text NOT NULL DEFAULT '{{}}',
    issued_by uuid NOT NULL REFERENCES users(id),
    issued_by_name text NOT NULL DEFAULT '',
    issued_at text NOT NULL,
    applied_at text,
    outcome text CHECK (outcome IN ('applied', 'refused')),
    detail text NOT NULL DEFAULT '',
    created_at text NOT NULL,
    updated_at text NOT NULL,
    acked_at timestamptz,
    recv_seq bigint NOT NULL DEFAULT nextval('recv_seq'),
    txid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX proctor_commands_seat ON proctor_commands (seat_id, txid);
{_touched("proctor_commands")}
"""

SQL = (
    FUNCTIONS
    + CENTRE_TABLES
    + PRACTICE
    + EXAMS
    + _append_only("centre_audit")
    + _append_only("recordings")
)
