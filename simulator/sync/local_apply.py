"""Applying pulled rows to the seat's SQLite, table by table, by the registry's rules.

Runs inside a transaction opened with ``Outbox.applying`` (so nothing applied here is queued to
be pushed back). A row this seat changed and has not pushed yet is left as it is: its change
goes to the centre first, the centre decides, and the next pull brings the winner.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from simulator.sync.registry import Rule, SyncTable


@dataclass
class Applied:
    rows: int = 0
    disabled: list[str] = field(default_factory=list)  # accounts that became disabled


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})").fetchall()]


def _upsert(conn: sqlite3.Connection, table: str, row: dict, names: list[str]) -> None:
    # an UPDATE, else an INSERT, rather than INSERT … ON CONFLICT DO UPDATE: the outer
    # statement's conflict handling overrides the one inside the triggers it fires, and the
    # seat's own triggers (the dashboard's stat_* keys) rely on their INSERT OR IGNORE
    others = [n for n in names if n != "id"]
    if others:
        sets = ",".join(f"{n}=?" for n in others)
        cur = conn.execute(
            f"UPDATE {table} SET {sets} WHERE id=?", [*(row[n] for n in others), row["id"]]
        )
        if cur.rowcount:
            return
    elif conn.execute(f"SELECT 1 FROM {table} WHERE id=?", [row["id"]]).fetchone():
        return
    marks = ",".join("?" for _ in names)
    conn.execute(
        f"INSERT INTO {table} ({','.join(names)}) VALUES ({marks})", [row[n] for n in names]
    )


def apply_rows(
    conn: sqlite3.Connection,
    t: SyncTable,
    rows: list[dict],
    seat_id: str,
    pending: set[str],
) -> Applied:
    """Apply ``rows`` of ``t`` from the centre; ``pending`` are this table's row ids still
    queued for pushing."""
    out = Applied()
    local = columns(conn, t.name)
    allowed = [c for c in local if c not in t.local_only]
    for row in rows:
        names = [c for c in allowed if c in row]
        if t.name == "users":
            _user(conn, row, names, out)
        elif t.rule is Rule.MORE_REVIEWS:
            if not _review_card(conn, t, row, names, pending):
                continue
        elif t.rule is Rule.COMMAND_ACK:
            cur = conn.execute(
                f"INSERT INTO {t.name} ({','.join(names)}) VALUES ({','.join('?' for _ in names)})"
                " ON CONFLICT (id) DO NOTHING",
                [row[n] for n in names],
            )
            if cur.rowcount == 0:
                continue  # known here: the seat's own acknowledgement state stands
        else:
            if t.owned and row.get("seat_id") == seat_id:
                continue  # this seat's own row: its copy is the truth
            if row["id"] in pending:
                continue
            if t.append_only:  # a record never changes: the same row again is a no-op
                if not _parents_here(conn, t.name, row):
                    continue  # about a record this seat does not hold (an override of a turn
                    # made on another seat): it stays at the centre
                conn.execute(
                    f"INSERT INTO {t.name} ({','.join(names)}) "
                    f"VALUES ({','.join('?' for _ in names)}) ON CONFLICT (id) DO NOTHING",
                    [row[n] for n in names],
                )
            else:
                _upsert(conn, t.name, row, names)
        out.rows += 1
    return out


def _parents_here(conn: sqlite3.Connection, table: str, row: dict) -> bool:
    """Every row ``row`` points at (its foreign keys) is on this seat."""
    for fk in conn.execute(f"PRAGMA foreign_key_list({table})").fetchall():
        parent, column, target = fk[2], fk[3], fk[4] or "id"
        value = row.get(column)
        if value is None:
            continue
        found = conn.execute(f"SELECT 1 FROM {parent} WHERE {target}=?", [value]).fetchone()
        if found is None:
            return False
    return True


def _user(conn: sqlite3.Connection, row: dict, names: list[str], out: Applied) -> None:
    row = dict(row)
    existing = conn.execute(
        "SELECT password_hash, disabled FROM users WHERE id=?", [row["id"]]
    ).fetchone()
    if row.get("password_hash") is None:  # not for this seat: keep what it has, or nothing
        row["password_hash"] = existing["password_hash"] if existing else ""
        if "password_hash" not in names:
            names = [*names, "password_hash"]
    # the centre renamed someone (an account imported under a name already taken): make room
    conn.execute(
        "UPDATE users SET username = username || '#' || substr(id, 1, 8) "
        "WHERE username = ? COLLATE NOCASE AND id <> ?",
        [row["username"], row["id"]],
    )
    _upsert(conn, "users", row, names)
    if int(row.get("disabled") or 0) and not (existing and existing["disabled"]):
        out.disabled.append(row["id"])


def _review_card(
    conn: sqlite3.Connection, t: SyncTable, row: dict, names: list[str], pending: set[str]
) -> bool:
    """One card per (user, kind, item): the copy with more reviews wins (a tie: the centre's,
    which already settled ties by arrival)."""
    where = " AND ".join(f"{k}=?" for k in t.key)
    existing = conn.execute(
        f"SELECT id, reviews FROM {t.name} WHERE {where}", [row[k] for k in t.key]
    ).fetchone()
    if existing is None:
        _upsert(conn, t.name, row, names)
        return True
    if existing["id"] in pending or int(row["reviews"]) < int(existing["reviews"]):
        return False
    values = [n for n in names if n not in ("id", "seat_id", "created_at", *t.key)]
    conn.execute(
        f"UPDATE {t.name} SET {','.join(f'{n}=?' for n in values)} WHERE id=?",
        [*[row[n] for n in values], existing["id"]],
    )
    return True
