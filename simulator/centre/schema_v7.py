"""The centre's schema, version 7: trainers' scenario packs, so that a pack written on one seat
reaches every seat (and an assignment of it opens wherever the trainee sits).

``trainer_packs`` mirrors the seat's table (``store/schema_v5``: one row per pack id, author,
the template it was copied from, the sha256 of its ``pack.yaml``, deleted) and adds the file
itself (``content``, the ``pack.yaml`` text). Any trainer may edit a pack on any seat, offline
too: the latest ``updated_at`` wins, the seat's clock corrected by its offset
(``effective_at``), and every seat pulls every row (``sync/registry.py``). The sha256 is
checked here against the content (a constraint), on the seat before it is sent, and on the
seat that pulls it, which also validates the pack before writing it into ``<data>/packs/``.
A deleted pack keeps its row (``deleted = 1``, no content) so the deletion travels too.
The pack's audio files stay on the seat that recorded them for now.
"""

from __future__ import annotations

from simulator.centre.schema_v1_records import CENTRE, SYNC, touched

SQL = f"""
CREATE TABLE trainer_packs (
    id uuid PRIMARY KEY,
    pack_id text NOT NULL UNIQUE CHECK (pack_id ~ '^[a-z0-9][a-z0-9-]*$'),
    author_id uuid,
    author_name text NOT NULL DEFAULT '',
    copied_from text,
    sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{{64}}$'),
    deleted integer NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    content text{SYNC}{CENTRE},
    effective_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (pack_id, sha256),
    CHECK (deleted = 1 OR content IS NOT NULL),
    CHECK (content IS NULL OR encode(sha256(convert_to(content, 'UTF8')), 'hex') = sha256)
);
CREATE INDEX trainer_packs_txid ON trainer_packs (txid, id);
{touched("trainer_packs")}"""
