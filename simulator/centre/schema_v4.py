"""The centre's schema, version 4: consent to keep recordings and recordings deleted on seats.

* ``recording_consents`` — a trainee's consent, given or revoked on any seat (append-only, as on
  the seat); pulled by the other seats the trainee signs in on, so consent follows the person.
* ``recording_deletions`` — every recording a seat deleted (retention, its owner, an
  administrator, consent withdrawn), with its reason (append-only). Recording the deletion
  deletes the recording's bytes at the centre too, once no row still keeps them (recordings are
  content-addressed: the same bytes may back several rows); the centre's audit log says so.
  ``recordings`` is no longer strictly append-only: its rows never change, and one leaves only
  when a deletion of its sha256 is on record (trigger).
"""

from __future__ import annotations

from simulator.centre.schema_v1_records import CENTRE, append_only

_STILL_KEPT = """
  SELECT 1 FROM {table} r WHERE r.recording_sha256 = NEW.sha256 AND r.recording IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM recording_deletions d
                    WHERE d.source = '{table}' AND d.row_id = r.id::text)"""

SQL = f"""
CREATE TABLE recording_consents (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users(id),
    action text NOT NULL CHECK (action IN ('given', 'revoked')),
    notice text NOT NULL,
    by_id uuid,
    created_at text NOT NULL,
    seat_id uuid NOT NULL{CENTRE}
);
CREATE INDEX recording_consents_user ON recording_consents (user_id, created_at);
CREATE INDEX recording_consents_txid ON recording_consents (txid, id);
{append_only("recording_consents")}
CREATE TABLE recording_deletions (
    id uuid PRIMARY KEY,
    source text NOT NULL,
    row_id text NOT NULL DEFAULT '',
    user_id uuid,
    path text NOT NULL,
    sha256 text,
    reason text NOT NULL CHECK (reason IN ('retention', 'owner', 'admin', 'consent_revoked')),
    by_id uuid,
    created_at text NOT NULL,
    seat_id uuid NOT NULL{CENTRE}
);
CREATE INDEX recording_deletions_row ON recording_deletions (source, row_id);
CREATE INDEX recording_deletions_sha ON recording_deletions (sha256);
CREATE INDEX recording_deletions_txid ON recording_deletions (txid, id);
{append_only("recording_deletions")}
CREATE FUNCTION sim_recording_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.sha256 IS NULL OR EXISTS ({_STILL_KEPT.format(table="turns")})
     OR EXISTS ({_STILL_KEPT.format(table="quiz_answers")})
     OR EXISTS ({_STILL_KEPT.format(table="drill_answers")})
     OR EXISTS ({_STILL_KEPT.format(table="exam_answers")}) THEN
    RETURN NEW;
  END IF;
  DELETE FROM recordings WHERE sha256 = NEW.sha256;
  IF FOUND THEN
    INSERT INTO centre_audit (action, seat_id, subject, detail) VALUES
      ('recording.deleted', NEW.seat_id, NEW.sha256,
       jsonb_build_object('reason', NEW.reason, 'source', NEW.source, 'row_id', NEW.row_id,
                          'deletion', NEW.id));
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER recording_deletions_purge AFTER INSERT ON recording_deletions
  FOR EACH ROW EXECUTE FUNCTION sim_recording_deleted();

CREATE FUNCTION sim_recording_delete_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM recording_deletions d WHERE d.sha256 = OLD.sha256) THEN
    RAISE EXCEPTION 'recordings: a recording leaves the centre only with its deletion on record'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN OLD;
END $$;
DROP TRIGGER recordings_append_only ON recordings;
CREATE TRIGGER recordings_no_update BEFORE UPDATE ON recordings
  FOR EACH ROW EXECUTE FUNCTION sim_append_only();
CREATE TRIGGER recordings_delete_guard BEFORE DELETE ON recordings
  FOR EACH ROW EXECUTE FUNCTION sim_recording_delete_guard();
"""
