"""The proctor console's side at the centre: seats' heartbeats (each stamped with the centre's
own clock — a seat's clock only gives its offset), the gaps when a seat went quiet, the feed of
every seat's exams with alerts for the silent ones, and the commands a proctor queues for a
seat (pulled, applied and acknowledged by that seat).
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime

import psycopg

from simulator.centre.db import BadRequest, NotFound, audit, iso
from simulator.services.session import Session
from simulator.store.db import parse_time
from simulator.sync.records import (
    Alert,
    CommandRecord,
    ConsoleFeed,
    Gap,
    LiveExam,
    SeatStatus,
)

KINDS = ("pause", "resume", "add_time", "terminate")
WATCHED = ("authorised", "active", "paused")  # an exam in these states must keep reporting


def offset_ms(now: datetime, seat_now: str | None) -> int | None:
    seat = parse_time(seat_now)
    return None if seat is None else round((now - seat).total_seconds() * 1000)


def heartbeat(
    conn: psycopg.Connection, seat_id: str, body: dict, now: datetime, silence_s: float
) -> dict:
    prev = conn.execute(
        "SELECT last_heartbeat_at FROM seats WHERE id=%s FOR UPDATE", [seat_id]
    ).fetchone()["last_heartbeat_at"]
    if prev is not None and (now - prev).total_seconds() > silence_s:
        conn.execute(
            "INSERT INTO seat_gaps (seat_id, started_at, ended_at, seconds) VALUES (%s,%s,%s,%s)",
            [seat_id, prev, now, (now - prev).total_seconds()],
        )
    offset = offset_ms(now, body.get("seat_now"))
    conn.execute(
        "UPDATE seats SET last_heartbeat_at=%s, queued=%s, "
        "clock_offset_ms=COALESCE(%s, clock_offset_ms) WHERE id=%s",
        [now, int(body.get("queued") or 0), offset, seat_id],
    )
    exams = body.get("exams") or []
    if not isinstance(exams, list):
        raise BadRequest("heartbeat: exams must be a list")
    for e in exams:
        try:
            attempt = str(uuid.UUID(str(e["attempt_id"])))
            candidate = str(uuid.UUID(str(e["candidate_id"]))) if e.get("candidate_id") else None
            values = [attempt, seat_id, str(e["exam_id"]), candidate,
                      str(e.get("candidate_name") or ""), str(e["state"]),
                      int(e["remaining_ms"]), int(e.get("answered") or 0),
                      int(e.get("items") or 0), now]  # fmt: skip
        except (KeyError, ValueError, TypeError) as exc:
            raise BadRequest(f"heartbeat: bad exam entry: {exc}") from None
        conn.execute(
            "INSERT INTO exam_live (attempt_id, seat_id, exam_id, candidate_id, candidate_name, "
            "state, remaining_ms, answered, items, heartbeat_at) VALUES "
            "(%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) ON CONFLICT (attempt_id) DO UPDATE SET "
            "seat_id=EXCLUDED.seat_id, state=EXCLUDED.state, remaining_ms=EXCLUDED.remaining_ms, "
            "answered=EXCLUDED.answered, items=EXCLUDED.items, "
            "candidate_name=EXCLUDED.candidate_name, heartbeat_at=EXCLUDED.heartbeat_at",
            values,
        )
    return {"server_time": iso(now), "clock_offset_ms": offset}


def feed(conn: psycopg.Connection, now: datetime, silence_s: float) -> ConsoleFeed:
    seats = conn.execute(
        "SELECT id, name, last_heartbeat_at, queued, clock_offset_ms FROM seats "
        "WHERE revoked_at IS NULL ORDER BY name, id"
    ).fetchall()
    names = {str(s["id"]): s["name"] for s in seats}

    def silent(at: datetime | None) -> float | None:
        return None if at is None else max(0.0, (now - at).total_seconds())

    statuses = tuple(
        SeatStatus(str(s["id"]), s["name"], iso(s["last_heartbeat_at"]) if s["last_heartbeat_at"]
                   else None, silent(s["last_heartbeat_at"]), s["queued"], s["clock_offset_ms"])
        for s in seats
    )  # fmt: skip
    seat_beat = {str(s["id"]): s["last_heartbeat_at"] for s in seats}
    exams = []
    alerts = []
    for e in conn.execute(
        "SELECT * FROM exam_live WHERE state IN ('awaiting', 'authorised', 'active', 'paused', "
        "'interrupted') OR heartbeat_at > %s - interval '2 hours' ORDER BY heartbeat_at DESC",
        [now],
    ):
        seat = str(e["seat_id"])
        beat = seat_beat.get(seat) or e["heartbeat_at"]
        quiet = silent(beat) or 0.0
        exams.append(
            LiveExam(str(e["attempt_id"]), seat, names.get(seat, ""), e["exam_id"],
                     str(e["candidate_id"] or ""), e["candidate_name"], e["state"],
                     e["remaining_ms"], e["answered"], e["items"], iso(beat), quiet)
        )  # fmt: skip
        if e["state"] in WATCHED and quiet > silence_s:
            alerts.append(
                Alert(seat, names.get(seat, ""), str(e["attempt_id"]),
                      f"座席 {names.get(seat, seat)} 已 {quiet:.0f} 秒无响应（考生 "
                      f"{e['candidate_name']}）/ seat {names.get(seat, seat)} silent for "
                      f"{quiet:.0f} s (candidate {e['candidate_name']})")
            )  # fmt: skip
    gaps = tuple(
        Gap(str(g["seat_id"]), names.get(str(g["seat_id"]), ""), iso(g["started_at"]),
            iso(g["ended_at"]), g["seconds"])
        for g in conn.execute("SELECT * FROM seat_gaps ORDER BY ended_at DESC LIMIT 50")
    )  # fmt: skip
    commands = tuple(
        _command(c)
        for c in conn.execute(
            "SELECT * FROM proctor_commands WHERE acked_at IS NULL "
            "OR recv_seq > (SELECT COALESCE(MAX(recv_seq), 0) - 200 FROM proctor_commands) "
            "ORDER BY recv_seq DESC LIMIT 100"
        )
    )
    return ConsoleFeed(iso(now), statuses, tuple(exams), tuple(alerts), gaps, commands)


def _command(c: dict) -> CommandRecord:
    return CommandRecord(
        str(c["id"]), str(c["seat_id"]), str(c["attempt_id"]), c["kind"], json.loads(c["args"]),
        str(c["issued_by"]), c["issued_at"], c["applied_at"], c["outcome"], c["detail"],
    )  # fmt: skip


def queue_command(
    conn: psycopg.Connection, who: Session, attempt_id: str, kind: str, args: dict,
    now: datetime,
) -> CommandRecord:  # fmt: skip
    if kind not in KINDS:
        raise BadRequest(f"未知指令 / unknown command {kind!r}")
    if kind in ("add_time", "terminate") and not str(args.get("reason") or "").strip():
        raise BadRequest("请填写原因 / give the reason")
    if kind == "add_time":
        try:
            minutes = float(args.get("minutes"))
        except (TypeError, ValueError):
            raise BadRequest("加时须给出分钟数 / added time needs minutes") from None
        if not 0 < minutes <= 240:
            raise BadRequest("加时须在 0–240 分钟之间 / added time must be 0–240 minutes")
    try:
        attempt_id = str(uuid.UUID(str(attempt_id)))
    except ValueError:
        raise BadRequest(f"bad attempt id {attempt_id!r}") from None
    where = conn.execute(
        "SELECT seat_id FROM exam_live WHERE attempt_id=%s UNION ALL "
        "SELECT seat_id FROM exam_attempts WHERE id=%s LIMIT 1",
        [attempt_id, attempt_id],
    ).fetchone()
    if where is None:
        raise NotFound(f"中心不知道这场考试 / the centre does not know attempt {attempt_id}")
    command_id = str(uuid.uuid4())
    stamp = iso(now)
    conn.execute(
        "INSERT INTO proctor_commands (id, seat_id, attempt_id, kind, args, issued_by, "
        "issued_by_name, issued_at, created_at, updated_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
        [command_id, where["seat_id"], attempt_id, kind, json.dumps(args, ensure_ascii=False),
         who.user_id, who.username, stamp, stamp, stamp],
    )  # fmt: skip
    audit(conn, f"console.{kind}", actor=who.username, seat_id=str(where["seat_id"]),
          subject=attempt_id, detail=args, at=now)  # fmt: skip
    return CommandRecord(command_id, str(where["seat_id"]), attempt_id, kind, args,
                         str(who.user_id), stamp)  # fmt: skip
