"""The change feed a seat pulls: per table, the rows changed since the seat's cursor that the
seat may see.

Every write at the centre stamps the row with its transaction id (``txid``). A cursor is
``txid:id``; a pull returns rows after it whose transaction had finished before the pull began
(below the snapshot's ``xmin``), ordered by ``(txid, id)``, so a transaction that commits late
is never skipped; when a table is drained the cursor moves to that ``xmin``. Rows may come
twice (a row written again); applying them is idempotent.
"""

from __future__ import annotations

import psycopg

from simulator.centre.db import BadRequest, CentreDB, plain_row
from simulator.sync.registry import Scope, SyncTable

ZERO = "00000000-0000-0000-0000-000000000000"
MAX_ROWS = 5000


def _cursor(text: str) -> tuple[str, str]:
    if not text:
        return "0", ZERO
    txid, _, row_id = text.partition(":")
    if not txid.isdigit():
        raise BadRequest(f"pull: bad cursor {text!r}")
    return txid, row_id or ZERO


def pull(
    db: CentreDB,
    conn: psycopg.Connection,
    seat_id: str,
    tables: list[SyncTable],
    cursors: dict,
    limit: int,
) -> dict:
    limit = max(1, min(int(limit or 1000), MAX_ROWS))
    xmin = conn.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS x").fetchone()["x"]
    out = {}
    for t in tables:
        txid, after = _cursor(str(cursors.get(t.name) or ""))
        cols = db.public_columns(conn, t.name, t.local_only)
        select = [f"x.{c}" for c in cols]
        params: list = []
        if t.name == "users":  # the hash only for seats the account has signed in on
            select[cols.index("password_hash")] = (
                "CASE WHEN EXISTS (SELECT 1 FROM seat_users su WHERE su.seat_id = %s AND "
                "su.user_id = x.id) THEN x.password_hash END AS password_hash"
            )
            params.append(seat_id)
        where = "(x.txid, x.id) > (%s::xid8, %s::uuid) AND x.txid < %s::xid8"
        params += [txid, after, xmin]
        if t.scope is Scope.SEAT:
            where += " AND x.seat_id = %s"
            params.append(seat_id)
        elif t.scope is Scope.SEAT_USERS:
            where += f" AND x.{t.whose} IN (SELECT user_id FROM seat_users WHERE seat_id = %s)"
            params.append(seat_id)
            if t.owned:
                where += " AND x.seat_id <> %s"  # the seat has its own already
                params.append(seat_id)
        rows = conn.execute(
            f"SELECT {', '.join(select)}, x.txid::text AS _txid FROM {t.name} x WHERE {where} "
            "ORDER BY x.txid, x.id LIMIT %s",
            [*params, limit + 1],
        ).fetchall()
        more = len(rows) > limit
        rows = rows[:limit]
        if more:
            cursor = f"{rows[-1]['_txid']}:{rows[-1]['id']}"
        else:
            cursor = f"{xmin}:{ZERO}"
        out[t.name] = {"rows": [plain_row(r, cols) for r in rows], "cursor": cursor, "more": more}
    return {"tables": out}
