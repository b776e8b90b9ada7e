"""The seat's sync: one ``run_once`` sends a heartbeat, pushes what is queued (recordings first,
then the rows that point at them), pulls what changed at the centre, applies the proctor
console's commands and pushes their acknowledgements. Qt-free; the app runs it on a thread it
owns (``SyncLoop``), never on the UI thread.

Exactly once: every row has a stable id and the centre's writes are idempotent upserts keyed
by it; a batch's id is derived from the queue positions it covers, so the same batch sent again
(after a timeout, a crash, a duplicate delivery) is recognised whole; each table's push cursor
moves only after the centre answered that it committed. Nothing is ever ordered by the seat's
clock: the centre orders by what it received.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
import uuid
from collections.abc import Callable

from simulator.core.exam_attempt import ExamError
from simulator.store.db import utc_now
from simulator.sync import exam_link
from simulator.sync.client import CentreClient, SyncError
from simulator.sync.local_apply import apply_rows
from simulator.sync.outbox import Entry, Outbox
from simulator.sync.pack_files import TABLE as PACKS
from simulator.sync.pack_files import PackRefused, PackSync
from simulator.sync.records import Rejection, SyncReport, SyncState, TableQueue
from simulator.sync.registry import REGISTRY, SyncTable
from simulator.sync.wire import pack_recordings

log = logging.getLogger(__name__)
BATCH_NS = uuid.UUID("6f1c2a52-52f4-4c8e-a3c4-3d2a8f0e9b17")


class SyncEngine:
    def __init__(
        self,
        services,
        client: CentreClient | None = None,
        *,
        registry: tuple[SyncTable, ...] = REGISTRY,
        batch_rows: int = 500,
        upload_bytes: int = 4 << 20,
        pull_rows: int = 1000,
        seat_clock: Callable[[], str] = utc_now,
        apply_commands: bool = True,
        run_on_db_lane: exam_link.Runner | None = None,
        on_sign_out: Callable[[list[str]], None] | None = None,
    ):
        if client is None:
            from simulator.sync.join import client_for

            client = client_for(services)
        self.services = services
        self.db = services.db
        self.client = client
        self.registry = registry
        self.outbox = Outbox(self.db, registry)
        self.batch_rows = batch_rows
        self.upload_bytes = upload_bytes
        self.pull_rows = pull_rows
        self.seat_clock = seat_clock
        self.apply_commands = apply_commands
        self.run_on_db_lane = run_on_db_lane
        self.on_sign_out = on_sign_out
        self._centre_tables: set[str] | None = None
        self._by_name = {t.name: t for t in registry}
        self._unsent: list[tuple[Entry, str]] = []  # rows this seat refused to send (why)

    # ------------------------------------------------------------------ one run
    def run_once(self, stop: threading.Event | None = None) -> SyncReport:
        """Heartbeat, push, pull, commands; the first error stops the run and is kept in
        words (``state().last_error``); nothing queued is lost by a failed run."""
        report = SyncReport()
        started = utc_now()
        try:
            self.outbox.install()  # tables a newer version of the app added
            if self._centre_tables is None:
                self._centre_tables = set(self.client.status().get("tables", []))
            self.heartbeat(report)
            self.push(report, stop)
            self.pull(report, stop)
            if self.apply_commands and not _stopped(stop):
                report.commands = exam_link.apply_pending(self.services, self.run_on_db_lane)
                if report.commands:
                    self.push(report, stop)
                    self.heartbeat(report)  # the console sees the commands' effect at once
        except SyncError as exc:
            report.error = str(exc)
            self._centre_tables = None  # ask again next time: the centre may have been upgraded
        except (sqlite3.Error, OSError, ExamError) as exc:
            log.exception("sync run failed on the seat")
            report.error = f"本座席同步出错 / the seat could not sync: {exc}"
        report.signed_out = sorted(set(report.signed_out))
        self._record(report, started)
        if report.signed_out and self.on_sign_out is not None:
            self.on_sign_out(list(report.signed_out))
        return report

    def _record(self, report: SyncReport, started: str) -> None:
        values: dict[str, str | None] = {"last_attempt_at": started}
        if report.ok:
            values.update(last_sync_at=utc_now(), last_error=None, last_error_at=None)
        else:
            values.update(last_error=report.error, last_error_at=utc_now())
        if report.signed_out:
            values["signed_out"] = json.dumps(sorted(set(report.signed_out)))
        try:
            self.outbox.set(**values)
        except sqlite3.Error:
            log.exception("the sync state could not be saved")

    def _tables(self, pushed: bool) -> list[SyncTable]:
        centre = self._centre_tables or set()
        return [
            t
            for t in self.outbox.local_tables()
            if (t.pushed if pushed else t.pulled) and t.name in centre
        ]

    # ------------------------------------------------------------------ heartbeat
    def heartbeat(self, report: SyncReport) -> None:
        now = self.seat_clock()
        payload = {
            "seat_now": now,
            "queued": sum(self.outbox.queued().values()),
            "exams": exam_link.exam_snapshot(self.db, now),
        }
        self.client.heartbeat(payload)
        report.heartbeat = True

    # ------------------------------------------------------------------ push
    def push(self, report: SyncReport, stop: threading.Event | None = None) -> None:
        names = [t.name for t in self._tables(pushed=True)]
        while not _stopped(stop):
            entries = self.outbox.pending(self.batch_rows, names)
            if not entries:
                return
            self._unsent = []
            items = self._items(entries)
            self._upload(items, report)
            batch_id = uuid.uuid5(BATCH_NS, f"{self.db.seat_id}:{entries[0].seq}:{entries[-1].seq}")
            reply = self.client.push(
                {"batch_id": str(batch_id), "seat_now": self.seat_clock(), "entries": items}
            )
            upto: dict[str, int] = {}
            for e in entries:
                upto[e.table] = max(upto.get(e.table, 0), e.seq)
            with self.db.tx() as conn:
                for r in reply.get("rejected", []):
                    self.outbox.reject(conn, r["t"], r["id"], r["seq"], r["reason"])
                for e, why in self._unsent:
                    self.outbox.reject(conn, e.table, e.row_id, e.seq, why)
                self.outbox.advance(conn, upto)
                self.outbox.put(conn, last_push_at=utc_now())
            for item in items:
                report.pushed[item["t"]] = report.pushed.get(item["t"], 0) + 1
            for r in reply.get("rejected", []):
                report.rejected.append(Rejection(r["t"], r["id"], r["reason"]))
            for e, why in self._unsent:
                report.rejected.append(Rejection(e.table, e.row_id, why))
            report.signed_out += reply.get("signed_out", [])

    def _items(self, entries: list[Entry]) -> list[dict]:
        """The batch's rows as they are now, each once, at its first position (parents stay
        before children) and carrying its last queue position (the centre keeps the latest)."""
        last: dict[tuple[str, str], int] = {}
        ids: dict[str, list[str]] = {}
        for e in entries:
            key = (e.table, e.row_id)
            if key not in last:
                ids.setdefault(e.table, []).append(e.row_id)
            last[key] = e.seq
        rows = {table: self.outbox.rows(table, wanted) for table, wanted in ids.items()}
        items, seen = [], set()
        for e in entries:
            key = (e.table, e.row_id)
            if key in seen:
                continue
            seen.add(key)
            row = rows[e.table].get(e.row_id)
            if row is None:
                continue  # deleted since it was queued
            skip = self._by_name[e.table].local_only
            row = {k: v for k, v in row.items() if k not in skip}
            if e.table == PACKS:  # the pack's file travels with its row
                try:
                    row = self._packs().outgoing(row)
                except PackRefused as exc:
                    log.warning("pack not sent: %s", exc)
                    self._unsent.append((Entry(last[key], e.table, e.row_id), str(exc)))
                    continue
            items.append({"t": e.table, "seq": last[key], "row": row})
        return items

    def _upload(self, items: list[dict], report: SyncReport) -> None:
        """Recordings before the rows that point at them: the ones the centre lacks are read,
        checked against the sha256 in their row, compressed and uploaded; a file that is gone
        or changed is named in its row's entry (the centre keeps the row, flagged)."""
        wanted: dict[str, list[tuple[str, dict]]] = {}
        for item in items:
            for path_col, sha_col in self._by_name[item["t"]].recordings:
                path, sha = item["row"].get(path_col), item["row"].get(sha_col)
                if path and sha:
                    wanted.setdefault(sha, []).append((path, item))
        if not wanted:
            return
        missing = self.client.missing_recordings(sorted(wanted))
        frames: list[tuple[str, bytes]] = []
        size = 0
        for sha in missing:
            path, _ = wanted[sha][0]
            try:
                data = self.services.recordings.absolute(path).read_bytes()
                ok = hashlib.sha256(data).hexdigest() == sha
            except OSError:
                ok = False
            if not ok:
                log.warning("recording %s is missing or changed: its row goes without it", path)
                for _, item in wanted[sha]:
                    item.setdefault("missing", []).append(sha)
                continue
            frames.append((sha, data))
            size += len(data)
            if size >= self.upload_bytes:
                self._send(frames, report)
                frames, size = [], 0
        if frames:
            self._send(frames, report)

    def _send(self, frames: list[tuple[str, bytes]], report: SyncReport) -> None:
        body = pack_recordings(frames)
        self.client.upload_recordings(body)
        report.recordings += len(frames)
        report.recording_bytes += len(body)

    # ------------------------------------------------------------------ pull
    def pull(self, report: SyncReport, stop: threading.Event | None = None) -> None:
        tables = self._tables(pushed=False)
        if not tables:
            return
        seat = self.db.seat_id
        while not _stopped(stop):
            cursors = {t.name: self.outbox.cursor(t.name, "pull") or "" for t in tables}
            reply = self.client.pull(cursors, self.pull_rows)
            more = False
            for t in tables:
                part = reply.get("tables", {}).get(t.name)
                if part is None:
                    continue
                pending = self.outbox.queued_ids(t.name) if t.pushed else set()
                rows, packs_changed = part["rows"], False
                with self.db.tx() as conn, self.outbox.applying(conn):
                    if t.name == PACKS and rows:  # files first: only good packs are applied
                        got = self._packs().receive(conn, rows, pending)
                        rows, packs_changed = got.rows, got.changed
                        for row_id, why in got.refused:
                            self.outbox.reject(conn, t.name, row_id, 0, why)
                            report.rejected.append(Rejection(t.name, row_id, why))
                    applied = apply_rows(conn, t, rows, seat, pending)
                    self.outbox.set_cursor(conn, t.name, "pull", part["cursor"])
                if packs_changed:
                    self.services.resources.packs_changed()  # the catalog reads them again
                    report.packs_changed = True  # the app takes the new catalog (not mid-call)
                if applied.rows:
                    report.pulled[t.name] = report.pulled.get(t.name, 0) + applied.rows
                report.signed_out += applied.disabled
                more = more or bool(part.get("more"))
            if not more:
                self.outbox.set(last_pull_at=utc_now())
                return

    def _packs(self) -> PackSync:
        resources = self.services.resources
        return PackSync(self.services.packs.files, lambda: resources.catalog)

    # ------------------------------------------------------------------ state
    def state(self) -> SyncState:
        return sync_state(self.services)


def sync_state(services) -> SyncState:
    """The seat's sync state from its database (no network)."""
    outbox = Outbox(services.db)
    status = outbox.status()
    try:
        signed_out = tuple(json.loads(status.get("signed_out", "[]")))
    except ValueError:
        signed_out = ()
    return SyncState(
        joined="centre_url" in status,
        seat_id=services.db.seat_id,
        seat_name=status.get("seat_name", ""),
        centre_url=status.get("centre_url"),
        centre_name=status.get("centre_name", ""),
        last_sync_at=status.get("last_sync_at"),
        last_attempt_at=status.get("last_attempt_at"),
        last_error=status.get("last_error"),
        last_error_at=status.get("last_error_at"),
        queued=tuple(TableQueue(t, n) for t, n in outbox.queued().items()),
        rejected=len(outbox.rejected()),
        signed_out=signed_out,
    )


def _stopped(stop: threading.Event | None) -> bool:
    return stop is not None and stop.is_set()
