"""The centre's checks of two kinds of record before they are written: an audit entry must hash
right and follow its predecessor; a sealed exam result must match its hash, the seat's Ed25519
signature (the key registered when the seat joined) and its audit anchor. A record that fails is
refused (``Refusal``), never stored altered."""

from __future__ import annotations

import hashlib

import psycopg

from simulator.core.credential import unb64url
from simulator.store.audit import entry_hash


class Refusal(Exception):
    """This row is refused; ``str()`` says why (kept, audited, told to the seat)."""


def check_audit(conn: psycopg.Connection, r: dict, flags: list[str]) -> None:
    """An audit entry must hash right and follow the entry before it (when the centre has
    it; otherwise it is flagged ``chain_gap``)."""
    try:
        digest = entry_hash(
            str(r["seat_id"]), int(r["seq"]), r["at"], r["actor_id"], r["actor_name"],
            r["actor_role"], r["action"], r["subject"], r["detail"], r["prev_hash"],
        )  # fmt: skip
    except (KeyError, TypeError, ValueError) as exc:
        raise Refusal(f"audit entry incomplete: {exc}") from None
    if digest != r["hash"]:
        raise Refusal(
            f"审计记录 {r['seq']} 被改动过 / audit entry {r['seq']} was altered on the seat"
        )
    if int(r["seq"]) > 1:
        prev = conn.execute(
            "SELECT hash FROM audit WHERE seat_id=%s AND seq=%s", [r["seat_id"], r["seq"] - 1]
        ).fetchone()
        if prev is None:
            flags.append("chain_gap")
        elif prev["hash"] != r["prev_hash"]:
            raise Refusal(
                f"审计记录 {r['seq']} 与前一条不相连 / audit entry {r['seq']} does not follow "
                "the entry before it"
            )


def check_result(conn: psycopg.Connection, r: dict, public_key: str) -> None:
    """A sealed result must still match its hash, the seat's signature and (when the centre
    has it) the audit entry it was sealed with."""
    from simulator.services.exam_grading import seal_message
    from simulator.store.keys import load_public_key

    detail = r.get("detail") or ""
    if hashlib.sha256(detail.encode("utf-8")).hexdigest() != r.get("result_sha256"):
        raise Refusal("封存成绩被改动过 / the sealed result was altered after it was sealed")
    try:
        public = load_public_key(public_key.encode("ascii"))
        public.verify(unb64url(r["signature"]), seal_message(r))
    except Exception:
        raise Refusal(
            "封存成绩的签名不符 / the sealed result's signature does not match this seat's key"
        ) from None
    head = conn.execute(
        "SELECT hash FROM audit WHERE seat_id=%s AND seq=%s", [r["head_seat"], r["head_seq"]]
    ).fetchone()
    if head is not None and head["hash"] != r["head_hash"]:
        raise Refusal("封存成绩的审计锚点不符 / the sealed result's audit anchor does not match")
