"""The centre's schema, version 3: a turn says why its recording was deleted on the seat.

A seat at local schema 5 (the trainer's privacy rules: consent, retention, deletion by the
owner or an admin) clears a turn's ``recording`` and fills ``recording_deleted_at`` and
``recording_deleted_reason``; the turn is the seat's row (``turns`` is seat-owned), so the
change travels like any other and the centre keeps the same two columns. The transcript and
score stay, as on the seat.
"""

from __future__ import annotations

SQL = """
ALTER TABLE turns ADD COLUMN recording_deleted_at text;
ALTER TABLE turns ADD COLUMN recording_deleted_reason text;
"""
