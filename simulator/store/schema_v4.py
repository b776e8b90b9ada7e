"""Schema version 4: people's quizzes and proctored certification exams.

* ``self_assessments`` — each self-assessment (seed 002) with its answers, total and band;
* ``quiz_sessions`` / ``quiz_answers`` — practice quizzes: the draw, then every answer given;
* ``drill_answers`` — a failed call turn answered again as a short drill;
* ``review_cards`` / ``review_log`` — the spaced-review queue (FSRS cards) per trainee;
* ``proctor_pins`` — a proctor's Argon2-hashed PIN (resuming an attempt after a crash);
* ``exam_attempts`` — one proctored attempt: state, the candidate's draw and paper (the exam
  definition and drawn questions as they were, so it is graded and re-marked as it was set),
  the time used;
* ``exam_answers`` / ``exam_time_adjustments`` — every answer and added minute, as given;
* ``exam_results`` — the sealed result with the signed audit head; ``exam_ratings`` — second
  ratings of oral items by a person; ``certificates`` — issued certificates.

Records of what happened are append-only (triggers). ``exam_attempts`` may change while the
attempt runs, but a completed attempt never returns to an incomplete state, its draw never
changes once made, and a sealed attempt never changes again.
"""

from __future__ import annotations

import sqlite3

COMPLETED = ("finished", "terminated", "cancelled", "graded", "sealed")
_DONE = ", ".join(f"'{s}'" for s in COMPLETED)
STATES = ("awaiting", "authorised", "active", "paused", "interrupted", *COMPLETED)
_STATES = ", ".join(f"'{s}'" for s in STATES)


def _sql() -> str:
    from simulator.store.migrations import SYNC_COLUMNS, _append_only

    return f"""
CREATE TABLE self_assessments (
    id TEXT PRIMARY KEY,
    user_id TEXT REFERENCES users(id),
    bank_id TEXT NOT NULL,
    answers TEXT NOT NULL,
    total INTEGER NOT NULL,
    band TEXT NOT NULL,{SYNC_COLUMNS}
);
CREATE INDEX self_assessments_user ON self_assessments(user_id, created_at);
{_append_only("self_assessments")}

CREATE TABLE quiz_sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT REFERENCES users(id),
    topics TEXT NOT NULL,
    seed INTEGER NOT NULL,
    draw TEXT NOT NULL,{SYNC_COLUMNS}
);
{_append_only("quiz_sessions")}

CREATE TABLE quiz_answers (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES quiz_sessions(id),
    user_id TEXT REFERENCES users(id),
    item INTEGER NOT NULL,
    question_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    type TEXT NOT NULL,
    answer TEXT NOT NULL,
    correct INTEGER NOT NULL,
    transcript TEXT,
    recording TEXT,
    recording_sha256 TEXT,
    result_json TEXT,{SYNC_COLUMNS}
);
CREATE INDEX quiz_answers_question ON quiz_answers(question_id, correct);
CREATE INDEX quiz_answers_user ON quiz_answers(user_id, created_at);
{_append_only("quiz_answers")}

CREATE TABLE drill_answers (
    id TEXT PRIMARY KEY,
    user_id TEXT REFERENCES users(id),
    scenario_id TEXT NOT NULL,
    turn_id INTEGER NOT NULL,
    transcript TEXT NOT NULL,
    score INTEGER NOT NULL,
    passed INTEGER NOT NULL,
    recording TEXT,
    recording_sha256 TEXT,
    result_json TEXT NOT NULL,{SYNC_COLUMNS}
);
{_append_only("drill_answers")}

CREATE TABLE review_cards (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL CHECK (kind IN ('question', 'drill')),
    item TEXT NOT NULL,
    card TEXT NOT NULL,
    due_at TEXT NOT NULL,
    misses INTEGER NOT NULL DEFAULT 0,
    reviews INTEGER NOT NULL DEFAULT 0,{SYNC_COLUMNS},
    UNIQUE (user_id, kind, item)
);
CREATE INDEX review_cards_due ON review_cards(user_id, due_at);

CREATE TABLE review_log (
    id TEXT PRIMARY KEY,
    card_id TEXT NOT NULL REFERENCES review_cards(id),
    user_id TEXT NOT NULL,
    rating INTEGER NOT NULL,
    log TEXT NOT NULL,
    created_at TEXT NOT NULL,
    seat_id TEXT NOT NULL
);
{_append_only("review_log")}

CREATE TABLE proctor_pins (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL UNIQUE REFERENCES users(id),
    pin_hash TEXT NOT NULL,
    failed INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,{SYNC_COLUMNS}
);

CREATE TABLE exam_attempts (
    id TEXT PRIMARY KEY,
    exam_id TEXT NOT NULL,
    exam_sha256 TEXT NOT NULL,
    paper TEXT NOT NULL,
    candidate_id TEXT NOT NULL REFERENCES users(id),
    registered_by TEXT REFERENCES users(id),
    proctor_id TEXT REFERENCES users(id),
    state TEXT NOT NULL CHECK (state IN ({_STATES})),
    seed INTEGER NOT NULL,
    draw TEXT NOT NULL,
    draw_sha256 TEXT NOT NULL,
    candidate_name TEXT,
    id_hash TEXT,
    limit_ms INTEGER NOT NULL,
    extra_ms INTEGER NOT NULL DEFAULT 0,
    used_ms INTEGER NOT NULL DEFAULT 0,
    authorised_at TEXT,
    started_at TEXT,
    last_seen_at TEXT,
    ended_at TEXT,
    end_reason TEXT,{SYNC_COLUMNS}
);
CREATE INDEX exam_attempts_candidate ON exam_attempts(candidate_id, exam_id);
CREATE INDEX exam_attempts_state ON exam_attempts(state);
CREATE TRIGGER exam_attempts_one_way BEFORE UPDATE OF state ON exam_attempts
WHEN OLD.state IN ({_DONE}) AND NEW.state NOT IN ({_DONE})
BEGIN SELECT RAISE(ABORT, 'a completed exam attempt never returns to an incomplete state'); END;
CREATE TRIGGER exam_attempts_sealed BEFORE UPDATE ON exam_attempts WHEN OLD.state = 'sealed'
BEGIN SELECT RAISE(ABORT, 'exam_attempts: a sealed attempt cannot change'); END;
CREATE TRIGGER exam_attempts_draw BEFORE UPDATE OF seed, draw, draw_sha256, paper ON exam_attempts
WHEN NEW.seed IS NOT OLD.seed OR NEW.draw IS NOT OLD.draw OR NEW.draw_sha256 IS NOT OLD.draw_sha256
  OR NEW.paper IS NOT OLD.paper
BEGIN SELECT RAISE(ABORT, 'exam_attempts: the draw of an attempt never changes'); END;
CREATE TRIGGER exam_attempts_no_delete BEFORE DELETE ON exam_attempts
BEGIN SELECT RAISE(ABORT, 'exam_attempts: attempts are never deleted'); END;

CREATE TABLE exam_answers (
    id TEXT PRIMARY KEY,
    attempt_id TEXT NOT NULL REFERENCES exam_attempts(id),
    item INTEGER NOT NULL,
    part TEXT NOT NULL CHECK (part IN ('written', 'oral')),
    answer TEXT NOT NULL,
    recording TEXT,
    recording_sha256 TEXT,
    recording_size INTEGER,
    duration_s REAL,
    used_ms INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    seat_id TEXT NOT NULL
);
CREATE INDEX exam_answers_attempt ON exam_answers(attempt_id, item);
{_append_only("exam_answers")}

CREATE TABLE exam_time_adjustments (
    id TEXT PRIMARY KEY,
    attempt_id TEXT NOT NULL REFERENCES exam_attempts(id),
    delta_ms INTEGER NOT NULL,
    reason TEXT NOT NULL,
    proctor_id TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    seat_id TEXT NOT NULL
);
{_append_only("exam_time_adjustments")}

CREATE TABLE exam_results (
    id TEXT PRIMARY KEY,
    attempt_id TEXT NOT NULL UNIQUE REFERENCES exam_attempts(id),
    exam_id TEXT NOT NULL,
    candidate_id TEXT NOT NULL REFERENCES users(id),
    score INTEGER NOT NULL,
    passed INTEGER NOT NULL,
    detail TEXT NOT NULL,
    result_sha256 TEXT NOT NULL,
    head_seat TEXT NOT NULL,
    head_seq INTEGER NOT NULL,
    head_hash TEXT NOT NULL,
    key_id TEXT NOT NULL,
    signature TEXT NOT NULL,{SYNC_COLUMNS}
);
CREATE INDEX exam_results_exam ON exam_results(exam_id, created_at);
{_append_only("exam_results")}

CREATE TABLE exam_ratings (
    id TEXT PRIMARY KEY,
    result_id TEXT NOT NULL REFERENCES exam_results(id),
    attempt_id TEXT NOT NULL REFERENCES exam_attempts(id),
    item INTEGER NOT NULL,
    rater_id TEXT NOT NULL REFERENCES users(id),
    rater_name TEXT NOT NULL,
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    passed INTEGER NOT NULL,
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    created_at TEXT NOT NULL,
    seat_id TEXT NOT NULL
);
{_append_only("exam_ratings")}

CREATE TABLE certificates (
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    short_code TEXT NOT NULL UNIQUE,
    attempt_id TEXT NOT NULL UNIQUE REFERENCES exam_attempts(id),
    result_id TEXT NOT NULL REFERENCES exam_results(id),
    candidate_id TEXT NOT NULL REFERENCES users(id),
    exam_id TEXT NOT NULL,
    score INTEGER NOT NULL,
    credential TEXT NOT NULL,
    qr TEXT NOT NULL,
    pdf TEXT,
    pdf_sha256 TEXT,
    created_at TEXT NOT NULL,
    seat_id TEXT NOT NULL
);
{_append_only("certificates")}
"""


def v4(conn: sqlite3.Connection) -> None:
    from simulator.store.migrations import run_script

    run_script(conn, _sql())
