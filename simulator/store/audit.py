"""The append-only, hash-chained audit log.

Every entry carries its seat's running sequence number and the hash of the entry before it
(``prev_hash``); its own ``hash`` is the SHA-256 of its canonical JSON. The table refuses UPDATE
and DELETE (triggers). ``verify`` walks each seat's chain and names the first entry that is
missing, out of order or altered. Because a forger with the database file could rewrite the
whole chain consistently, sealed results and certificates carry the chain head at that moment
(``head``), signed with the centre's key; ``verify(anchors=…)`` checks those heads are still
in the chain, so a rewritten chain is detected too.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass

from simulator.store.db import Database, new_id, utc_now

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    id: str
    seat_id: str
    seq: int
    at: str
    actor_id: str | None
    actor_name: str
    actor_role: str
    action: str
    subject: str
    detail: dict
    prev_hash: str
    hash: str

    @classmethod
    def from_row(cls, row: dict) -> AuditEntry:
        try:
            detail = json.loads(row["detail"] or "{}")
        except ValueError:
            detail = {"unreadable": row["detail"]}
        return cls(
            id=row["id"],
            seat_id=row["seat_id"],
            seq=int(row["seq"]),
            at=row["at"],
            actor_id=row["actor_id"],
            actor_name=row["actor_name"] or "",
            actor_role=row["actor_role"] or "",
            action=row["action"],
            subject=row["subject"] or "",
            detail=detail,
            prev_hash=row["prev_hash"],
            hash=row["hash"],
        )


@dataclass(frozen=True)
class ChainHead:
    """Where a seat's chain stood when a result was sealed or a certificate issued."""

    seat_id: str
    seq: int
    hash: str

    def to_dict(self) -> dict:
        return {"seat_id": self.seat_id, "seq": self.seq, "hash": self.hash}


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    checked: int
    problem: str = ""  # the first broken or missing entry, in words
    seat_id: str = ""
    seq: int | None = None


def canonical(obj) -> str:
    """JSON with sorted keys and no spaces: the same bytes on every machine."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(
    seat_id: str,
    seq: int,
    at: str,
    actor_id: str | None,
    actor_name: str,
    actor_role: str,
    action: str,
    subject: str,
    detail_json: str,
    prev_hash: str,
) -> str:
    body = canonical(
        [
            seat_id,
            seq,
            at,
            actor_id,
            actor_name,
            actor_role,
            action,
            subject,
            detail_json,
            prev_hash,
        ]
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


class AuditLog:
    def __init__(self, db: Database):
        self.db = db

    def append(
        self,
        conn: sqlite3.Connection,
        action: str,
        *,
        actor_id: str | None = None,
        actor_name: str = "",
        actor_role: str = "",
        subject: str = "",
        detail: dict | None = None,
    ) -> AuditEntry:
        """Add an entry inside the caller's transaction (so the entry and the change it records
        commit together)."""
        seat = self.db.seat_id
        last = conn.execute(
            "SELECT seq, hash FROM audit WHERE seat_id=? ORDER BY seq DESC LIMIT 1", [seat]
        ).fetchone()
        seq = (last["seq"] if last else 0) + 1
        prev = last["hash"] if last else GENESIS
        at = utc_now()
        detail_json = canonical(detail or {})
        digest = entry_hash(
            seat, seq, at, actor_id, actor_name, actor_role, action, subject, detail_json, prev
        )
        entry_id = new_id()
        conn.execute(
            "INSERT INTO audit (id, seat_id, seq, at, actor_id, actor_name, actor_role, action,"
            " subject, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                entry_id,
                seat,
                seq,
                at,
                actor_id,
                actor_name,
                actor_role,
                action,
                subject,
                detail_json,
                prev,
                digest,
            ],
        )
        return AuditEntry(
            entry_id,
            seat,
            seq,
            at,
            actor_id,
            actor_name,
            actor_role,
            action,
            subject,
            detail or {},
            prev,
            digest,
        )

    def record(self, action: str, **kwargs) -> AuditEntry:
        """Add an entry in a transaction of its own."""
        with self.db.tx() as conn:
            return self.append(conn, action, **kwargs)

    def head(self, seat_id: str | None = None) -> ChainHead:
        seat = seat_id or self.db.seat_id
        row = self.db.one(
            "SELECT seq, hash FROM audit WHERE seat_id=? ORDER BY seq DESC LIMIT 1", [seat]
        )
        return ChainHead(seat, row["seq"], row["hash"]) if row else ChainHead(seat, 0, GENESIS)

    def entries(
        self, seat_id: str | None = None, action: str | None = None, subject: str | None = None
    ) -> list[AuditEntry]:
        sql, params = "SELECT * FROM audit WHERE 1=1", []
        for column, value in (("seat_id", seat_id), ("action", action), ("subject", subject)):
            if value is not None:
                sql += f" AND {column}=?"
                params.append(value)
        rows = self.db.query(sql + " ORDER BY seat_id, seq", params)
        return [AuditEntry.from_row(r) for r in rows]

    def verify(self, anchors: list[ChainHead] = ()) -> VerifyReport:
        """Walk every seat's chain; the first problem found, in words, or ok."""
        rows = self.db.query("SELECT * FROM audit ORDER BY seat_id, seq, rowid")
        by_seat: dict[str, list[dict]] = {}
        for row in rows:
            by_seat.setdefault(row["seat_id"], []).append(row)
        checked = 0
        hashes: dict[tuple[str, int], str] = {}
        for seat, chain in by_seat.items():
            prev = GENESIS
            for expected, row in enumerate(chain, start=1):
                checked += 1
                seq = row["seq"]
                if seq != expected:
                    what = "missing" if seq > expected else "duplicated"
                    return VerifyReport(
                        False, checked, f"seat {seat}: entry {expected} is {what}", seat, expected
                    )
                recomputed = entry_hash(
                    seat,
                    seq,
                    row["at"],
                    row["actor_id"],
                    row["actor_name"],
                    row["actor_role"],
                    row["action"],
                    row["subject"],
                    row["detail"],
                    row["prev_hash"],
                )
                if recomputed != row["hash"]:
                    return VerifyReport(
                        False, checked, f"seat {seat}: entry {seq} was altered", seat, seq
                    )
                if row["prev_hash"] != prev:
                    return VerifyReport(
                        False,
                        checked,
                        f"seat {seat}: entry {seq} does not follow entry {seq - 1} "
                        "(entries removed or reordered)",
                        seat,
                        seq,
                    )
                prev = row["hash"]
                hashes[(seat, seq)] = row["hash"]
        for anchor in anchors:
            if anchor.seq == 0:
                continue
            got = hashes.get((anchor.seat_id, anchor.seq))
            if got is None:
                return VerifyReport(
                    False,
                    checked,
                    f"seat {anchor.seat_id}: entry {anchor.seq}, sealed in a signed record, "
                    "is missing",
                    anchor.seat_id,
                    anchor.seq,
                )
            if got != anchor.hash:
                return VerifyReport(
                    False,
                    checked,
                    f"seat {anchor.seat_id}: entry {anchor.seq} differs from the head sealed in a "
                    "signed record (the chain was rewritten)",
                    anchor.seat_id,
                    anchor.seq,
                )
        return VerifyReport(True, checked)
