"""The centre's schema, version 1: the seats' records mirrored column for column (see
``schema_v1``), with the centre's own columns and the triggers each kind of record needs."""

from __future__ import annotations

CENTRE = """,
    src_seq bigint NOT NULL DEFAULT 0,
    recv_seq bigint NOT NULL DEFAULT nextval('recv_seq'),
    received_at timestamptz NOT NULL DEFAULT now(),
    txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
    flags text[] NOT NULL DEFAULT '{}'"""
SYNC = """,
    created_at text NOT NULL,
    updated_at text NOT NULL,
    seat_id uuid NOT NULL"""
ONCE = """,
    created_at text NOT NULL,
    seat_id uuid NOT NULL"""
DONE = "'finished', 'terminated', 'cancelled', 'graded', 'sealed'"


def append_only(table: str) -> str:
    return (
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION sim_append_only();\n"
    )


def touched(table: str) -> str:
    return (
        f"CREATE TRIGGER {table}_touch BEFORE UPDATE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION sim_touch();\n"
    )


def owned(table: str) -> str:
    return (
        touched(table) + f"CREATE TRIGGER {table}_owner BEFORE UPDATE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION sim_owner_fixed();\n"
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION sim_append_only();\n"
    )


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
    next_turn integer{SYNC}{CENTRE}
);
CREATE INDEX attempts_user ON attempts (user_id, started_at);
CREATE INDEX attempts_txid ON attempts (txid, id);
{owned("attempts")}
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
    result_json text NOT NULL{SYNC}{CENTRE}
);
CREATE INDEX turns_attempt ON turns (attempt_id, seq);
{owned("turns")}
CREATE TABLE violations (
    id uuid PRIMARY KEY,
    turn_id uuid NOT NULL REFERENCES turns(id),
    attempt_id uuid NOT NULL REFERENCES attempts(id),
    scenario_id text NOT NULL,
    category text NOT NULL,
    severity text NOT NULL,
    rule text NOT NULL,
    text text NOT NULL{ONCE}{CENTRE}
);
CREATE INDEX violations_attempt ON violations (attempt_id);
CREATE INDEX violations_category ON violations (category);
{append_only("violations")}
CREATE TABLE self_assessments (
    id uuid PRIMARY KEY,
    user_id uuid REFERENCES users(id),
    bank_id text NOT NULL,
    answers text NOT NULL,
    total integer NOT NULL,
    band text NOT NULL{SYNC}{CENTRE}
);
{append_only("self_assessments")}
CREATE TABLE quiz_sessions (
    id uuid PRIMARY KEY,
    user_id uuid REFERENCES users(id),
    topics text NOT NULL,
    seed bigint NOT NULL,
    draw text NOT NULL{SYNC}{CENTRE}
);
{append_only("quiz_sessions")}
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
    result_json text{SYNC}{CENTRE}
);
CREATE INDEX quiz_answers_question ON quiz_answers (question_id, correct);
{append_only("quiz_answers")}
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
    result_json text NOT NULL{SYNC}{CENTRE}
);
{append_only("drill_answers")}
CREATE TABLE review_cards (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users(id),
    kind text NOT NULL CHECK (kind IN ('question', 'drill')),
    item text NOT NULL,
    card text NOT NULL,
    due_at text NOT NULL,
    misses integer NOT NULL,
    reviews integer NOT NULL{SYNC}{CENTRE},
    UNIQUE (user_id, kind, item)
);
CREATE INDEX review_cards_txid ON review_cards (txid, id);
{touched("review_cards")}
CREATE TABLE review_log (
    id uuid PRIMARY KEY,
    card_id uuid NOT NULL,
    user_id uuid NOT NULL REFERENCES users(id),
    rating integer NOT NULL,
    log text NOT NULL{ONCE}{CENTRE}
);
{append_only("review_log")}
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
                                         'interrupted', {DONE})),
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
    end_reason text{SYNC}{CENTRE}
);
CREATE INDEX exam_attempts_candidate ON exam_attempts (candidate_id, exam_id);
{owned("exam_attempts")}
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
    used_ms bigint NOT NULL{ONCE}{CENTRE}
);
CREATE INDEX exam_answers_attempt ON exam_answers (attempt_id, item);
{append_only("exam_answers")}
CREATE TABLE exam_time_adjustments (
    id uuid PRIMARY KEY,
    attempt_id uuid NOT NULL REFERENCES exam_attempts(id),
    delta_ms bigint NOT NULL,
    reason text NOT NULL,
    proctor_id uuid NOT NULL REFERENCES users(id){ONCE}{CENTRE}
);
{append_only("exam_time_adjustments")}
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
    signature text NOT NULL{SYNC}{CENTRE}
);
CREATE INDEX exam_results_exam ON exam_results (exam_id, recv_seq);
{append_only("exam_results")}
CREATE TABLE exam_ratings (
    id uuid PRIMARY KEY,
    result_id uuid NOT NULL REFERENCES exam_results(id),
    attempt_id uuid NOT NULL REFERENCES exam_attempts(id),
    item integer NOT NULL,
    rater_id uuid NOT NULL REFERENCES users(id),
    rater_name text NOT NULL,
    score integer NOT NULL CHECK (score BETWEEN 0 AND 100),
    passed integer NOT NULL,
    reason text NOT NULL CHECK (length(trim(reason)) > 0){ONCE}{CENTRE}
);
{append_only("exam_ratings")}
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
    pdf_sha256 text{ONCE}{CENTRE}
);
{append_only("certificates")}
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
    hash text NOT NULL{CENTRE},
    UNIQUE (seat_id, seq)
);
{append_only("audit")}
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
{touched("exam_bookings")}
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
{touched("proctor_commands")}
"""
