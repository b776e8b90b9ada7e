"""Applying a seat's pushed batch at the centre, exactly once.

A batch is recorded under its id first: the same batch again (a retry after a lost reply, a
duplicate delivery, a seat that crashed before moving its cursor) gets the first outcome back
and changes nothing. Each row is written by its table's rule (``simulator.sync.registry``) as an
idempotent upsert keyed by its id (or natural key), in the order the seat wrote them. Rows are
applied a run at a time; if a run fails (a foreign key, a trigger refusing an altered sealed
record) the batch is applied again row by row, each in a savepoint, and only the rows that fail
are refused: each refusal is kept (``sync_rejections``), audited and reported to the seat, which
shows it and moves on. A transient failure (a deadlock, a cancelled statement, the database
going away) refuses nothing: the whole batch rolls back and the seat sends it again. Nothing a seat sends is ever ordered by the seat's clock.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import psycopg

from simulator.centre.db import BadRequest, CentreDB, Conflict, audit
from simulator.centre.enrol import Seat
from simulator.centre.push_checks import Refusal, check_audit, check_result
from simulator.store.db import parse_time
from simulator.sync.registry import Direction, Rule, SyncTable

log = logging.getLogger(__name__)


@dataclass
class Item:
    t: SyncTable
    seq: int
    row: dict
    missing: set[str]
    flags: list[str] = field(default_factory=list)
    cols: tuple[str, ...] = ()
    refused: str | None = None


@dataclass
class Outcome:
    accepted: int = 0
    unchanged: int = 0
    rejected: list[dict] = field(default_factory=list)
    signed_out: set[str] = field(default_factory=set)
    flagged: int = 0

    def to_dict(self) -> dict:
        return {
            "accepted": self.accepted,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "signed_out": sorted(self.signed_out),
            "flagged": self.flagged,
        }


class Pusher:
    """One batch from one seat, inside the caller's transaction."""

    def __init__(self, db: CentreDB, conn: psycopg.Connection, seat: Seat, tables: dict,
                 now: datetime, offset: timedelta):  # fmt: skip
        self.db = db
        self.conn = conn
        self.seat = seat
        self.tables = tables  # name → SyncTable the centre has
        self.now = now
        self.offset = offset  # centre time minus seat time
        self.out = Outcome()
        self._disabled: dict[str, datetime] = {}

    # ------------------------------------------------------------------ entry point
    def run(self, batch: dict) -> dict:
        try:
            batch_id = str(uuid.UUID(str(batch["batch_id"])))
            raw = batch["entries"]
            if not isinstance(raw, list):
                raise TypeError("entries must be a list")
        except (KeyError, ValueError, TypeError) as exc:
            raise BadRequest(f"push: {exc}") from None
        first = self.conn.execute(
            "INSERT INTO push_batches (seat_id, batch_id, entries, received_at) "
            "VALUES (%s,%s,%s,%s) ON CONFLICT DO NOTHING RETURNING 1",
            [self.seat.id, batch_id, len(raw), self.now],
        ).fetchone()
        if first is None:
            stored = self.conn.execute(
                "SELECT outcome FROM push_batches WHERE seat_id=%s AND batch_id=%s",
                [self.seat.id, batch_id],
            ).fetchone()["outcome"]
            return {**stored, "duplicate": True}
        items = [self._item(e) for e in raw]
        self._require_recordings(items)
        self._disabled = {
            str(r["id"]): r["disabled_at"]
            for r in self.conn.execute("SELECT id, disabled_at FROM users WHERE disabled = 1")
        }
        for item in items:
            if item.refused is None:
                self._check(item)
        live = [i for i in items if i.refused is None]
        try:
            with self.conn.transaction():
                for run in _runs(live):
                    self._write(run)
        except psycopg.OperationalError:
            raise  # transient (a deadlock, a cancel, the server going away): the seat retries
        except psycopg.Error as exc:  # isolate the rows that fail
            log.info("batch from %s: a run failed (%s); applying row by row", self.seat.id, exc)
            self.out = Outcome(signed_out=self.out.signed_out)
            for item in live:
                try:
                    with self.conn.transaction():
                        self._write([item])
                except psycopg.OperationalError:
                    raise  # never refuse a row for what a retry would get through
                except psycopg.Error as row_exc:
                    item.refused = _words(row_exc)
        for item in items:
            if item.refused is not None:
                self._refuse(item)
        self.out.flagged = sum(1 for i in items if i.flags and i.refused is None)
        outcome = self.out.to_dict()
        self.conn.execute(
            "UPDATE push_batches SET outcome=%s WHERE seat_id=%s AND batch_id=%s",
            [json.dumps(outcome), self.seat.id, batch_id],
        )
        self.conn.execute("UPDATE seats SET last_push_at=%s WHERE id=%s", [self.now, self.seat.id])
        return outcome

    # ------------------------------------------------------------------ checks
    def _item(self, entry) -> Item:
        if not isinstance(entry, dict) or not isinstance(entry.get("row"), dict):
            raise BadRequest("push: every entry needs a table, a sequence and a row")
        name, row = entry.get("t"), entry["row"]
        t = self.tables.get(name)
        item = Item(t, int(entry.get("seq") or 0), row, set(entry.get("missing") or ()))
        if t is None or not t.pushed:
            item.t = SyncTable(str(name), Direction.PUSH, Rule.APPEND_ONLY, True)
            item.refused = f"中心不接收表 {name} / the centre does not take table {name}"
            return item
        cols = self.db.public_columns(self.conn, t.name)
        unknown = sorted(set(row) - set(cols))
        if unknown or "id" not in row:
            item.refused = (
                f"中心缺少字段 {unknown}，请升级中心 / columns the centre lacks: {unknown} "
                "(migrate the centre)"
                if unknown
                else "no id"
            )
            return item
        item.cols = tuple(c for c in cols if c in row)
        return item

    def _require_recordings(self, items: list[Item]) -> None:
        """A row may point only at a recording the centre already holds (uploaded first), or
        name it as gone from the seat."""
        need: set[str] = set()
        for item in items:
            if item.refused is None:
                for _, sha_col in item.t.recordings:
                    sha = item.row.get(sha_col)
                    if sha and sha not in item.missing:
                        need.add(sha)
        if not need:
            return
        have = {
            r["sha256"]
            for r in self.conn.execute(
                "SELECT sha256 FROM recordings WHERE sha256 = ANY(%s)", [sorted(need)]
            )
        }
        lacking = sorted(need - have)
        if lacking:
            raise Conflict(
                f"先上传录音 / upload the recordings first: {', '.join(lacking[:5])}"
                + (f" (+{len(lacking) - 5})" if len(lacking) > 5 else "")
            )
        for item in items:
            if item.missing:
                item.flags.append("recording_missing")

    def _check(self, item: Item) -> None:
        t, row = item.t, item.row
        if t.owned and str(row.get("seat_id")) != self.seat.id:
            item.refused = "不是本座席的记录 / not this seat's record"
            return
        if t.rule is Rule.CENTRE_WINS:
            item.refused = "中心的记录不能由座席修改 / the centre's records are read-only"
            return
        user = row.get(t.user_column) if t.user_column else None
        if user and str(user) in self._disabled:
            self.out.signed_out.add(str(user))
            when = parse_time(row.get(t.time_column))
            if when is None or when + self.offset >= self._disabled[str(user)]:
                item.flags.append("account_disabled")
        try:
            if t.name == "audit":
                check_audit(self.conn, item.row, item.flags)
            elif t.name == "exam_results":
                check_result(self.conn, item.row, self.seat.public_key)
        except Refusal as exc:
            item.refused = str(exc)

    # ------------------------------------------------------------------ writes
    def _write(self, run: list[Item]) -> None:
        t, cols = run[0].t, run[0].cols
        names = [*cols, "src_seq", "flags"]
        values = [[*(i.row[c] for c in cols), i.seq, i.flags] for i in run]
        marks = ",".join(["%s"] * len(names))
        insert = f"INSERT INTO {t.name} ({','.join(names)}) VALUES ({marks})"
        rule = t.rule
        if rule is Rule.COMMAND_ACK:
            self._ack(run)
            return
        if rule is Rule.APPEND_ONLY:
            sql = f"{insert} ON CONFLICT (id) DO NOTHING RETURNING id"
        else:
            keep = set(t.key) | {"id", "seat_id", "created_at"}
            changing = [c for c in cols if c not in keep]
            sets = ",".join(f"{c}=EXCLUDED.{c}" for c in [*changing, "src_seq", "flags"])
            differs = (
                f"({','.join(f'x.{c}' for c in changing)}) IS DISTINCT FROM "
                f"({','.join(f'EXCLUDED.{c}' for c in changing)})"
                if changing
                else "false"
            )
            if rule is Rule.MORE_REVIEWS:
                cond = f"EXCLUDED.reviews >= x.reviews AND {differs}"
                target = f"({','.join(t.key)})"
            elif rule is Rule.LATEST_UPDATED_AT:
                return self._latest(run, insert)
            else:  # SEAT_OWNED, EXAM_STATE: the owner's later change
                cond = (
                    f"x.seat_id = EXCLUDED.seat_id AND x.src_seq <= EXCLUDED.src_seq AND {differs}"
                )
                target = "(id)"
            sql = (
                f"INSERT INTO {t.name} AS x ({','.join(names)}) VALUES ({marks}) "
                f"ON CONFLICT {target} DO UPDATE SET {sets} WHERE {cond} RETURNING id"
            )
        written = self._many(sql, values)
        self._settle(run, written)

    def _many(self, sql: str, values: list[list]) -> list[bool]:
        """Run ``sql`` for each set of values; whether each one wrote its row (in order)."""
        cur = self.conn.cursor()
        cur.executemany(sql, values, returning=True)
        written: list[bool] = []
        while True:
            written.append(cur.fetchone() is not None)
            if not cur.nextset():
                break
        return written

    def _settle(self, run: list[Item], written: list[bool]) -> None:
        """Rows not written: an identical copy or an older change (fine), or a refusal."""
        t = run[0].t
        rest = [i for i, done in zip(run, written, strict=True) if not done]
        self.out.accepted += len(run) - len(rest)
        if not rest:
            return
        cols = list(rest[0].cols)
        stored = {
            str(r["id"]): r
            for r in self.conn.execute(
                f"SELECT {','.join(cols)} FROM {t.name} WHERE id = ANY(%s)",
                [[str(i.row["id"]) for i in rest]],
            )
        }
        for item in rest:
            have = stored.get(str(item.row["id"]))
            if t.rule is Rule.MORE_REVIEWS:
                self.out.unchanged += 1  # fewer reviews than the centre's copy: it stands
            elif have is None:
                item.refused = f"{t.name} {item.row['id']}: not written"
            elif t.rule is Rule.APPEND_ONLY:
                if _same(have, item.row, cols):
                    self.out.unchanged += 1
                else:
                    item.refused = (
                        f"{t.name} 的记录在写入后被改动 / a {t.name} record was altered after it "
                        "was recorded (the centre keeps the original)"
                    )
            elif str(have["seat_id"]) != str(item.row["seat_id"]):
                item.refused = "这条记录属于另一座席 / this record belongs to another seat"
            else:
                self.out.unchanged += 1

    def _ack(self, run: list[Item]) -> None:
        for item in run:
            r = item.row
            cur = self.conn.execute(
                "UPDATE proctor_commands SET applied_at=%s, outcome=%s, detail=%s, updated_at=%s, "
                "acked_at=%s WHERE id=%s AND seat_id=%s AND acked_at IS NULL",
                [r.get("applied_at"), r.get("outcome"), r.get("detail") or "", r.get("updated_at"),
                 self.now, r["id"], self.seat.id],
            )  # fmt: skip
            if cur.rowcount:
                self.out.accepted += 1
                continue
            known = self.conn.execute(
                "SELECT seat_id FROM proctor_commands WHERE id=%s", [r["id"]]
            ).fetchone()
            if known is None or str(known["seat_id"]) != self.seat.id:
                item.refused = "不是给本座席的指令 / not a command for this seat"
            else:
                self.out.unchanged += 1

    def _latest(self, run: list[Item], insert: str) -> None:
        """Latest ``updated_at`` wins, the seat's clock corrected by its offset; the centre
        keeps the corrected time in ``effective_at`` (a tie: the later arrival)."""
        for item in run:
            when = parse_time(item.row.get("updated_at")) or self.now
            effective = when + self.offset
            t, cols = item.t, item.cols
            changing = [c for c in cols if c not in ("id", "created_at")]
            sets = ",".join(f"{c}=EXCLUDED.{c}" for c in [*changing, "src_seq", "flags"])
            names = [*cols, "src_seq", "flags", "effective_at"]
            sql = (
                f"INSERT INTO {t.name} AS x ({','.join(names)}) VALUES "
                f"({','.join(['%s'] * len(names))}) ON CONFLICT (id) DO UPDATE SET {sets}, "
                "effective_at=EXCLUDED.effective_at WHERE EXCLUDED.effective_at >= x.effective_at "
                "RETURNING id"
            )
            row = self.conn.execute(
                sql, [*(item.row[c] for c in cols), item.seq, item.flags, effective]
            ).fetchone()
            if row is None:
                self.out.unchanged += 1  # the centre's copy is newer: the seat's is replaced
            else:
                self.out.accepted += 1

    # ------------------------------------------------------------------ refusals
    def _refuse(self, item: Item) -> None:
        row_id = str(item.row.get("id", ""))
        self.out.rejected.append(
            {"t": item.t.name, "id": row_id, "seq": item.seq, "reason": item.refused}
        )
        self.conn.execute(
            "INSERT INTO sync_rejections (seat_id, tbl, row_id, src_seq, reason, row_data, at) "
            "VALUES (%s,%s,%s,%s,%s,%s,%s)",
            [self.seat.id, item.t.name, row_id, item.seq, item.refused,
             json.dumps(item.row, ensure_ascii=False, default=str), self.now],
        )  # fmt: skip
        audit(self.conn, "sync.rejected", seat_id=self.seat.id, subject=row_id,
              detail={"table": item.t.name, "reason": item.refused}, at=self.now)  # fmt: skip


def _runs(items: list[Item]) -> list[list[Item]]:
    """Consecutive items of the same table and columns (order kept)."""
    runs: list[list[Item]] = []
    for item in items:
        if runs and runs[-1][0].t.name == item.t.name and runs[-1][0].cols == item.cols:
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _same(stored: dict, sent: dict, cols: list[str]) -> bool:
    for c in cols:
        a, b = stored[c], sent[c]
        if isinstance(a, uuid.UUID):
            a = str(a)
        if a != b and not (a is not None and b is not None and str(a) == str(b)):
            return False
    return True


def _words(exc: psycopg.Error) -> str:
    diag = getattr(exc, "diag", None)
    primary = getattr(diag, "message_primary", None) if diag else None
    return f"中心拒收 / refused by the centre: {primary or str(exc).splitlines()[0]}"
