"""The seat's exams as the proctor console sees them, and the console's commands applied here.

``exam_snapshot`` is what a heartbeat reports: every attempt on this seat that is open or
changed in the last two hours (candidate, state, time left as last saved, answers given).
``apply_pending`` applies the commands pulled from the centre through the seat's own
``ExamService`` (so the clock, the audit and the one-way state machine are the usual ones),
as the proctor who issued them, once each: a command applied before a crash is recognised
(the state is already there, or the added time carries the command's tag) rather than
applied twice. The acknowledgement is written to the command's row and pushed back.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import timedelta

from simulator.core.exam_attempt import ExamError
from simulator.services.session import PermissionDenied, Role, Session
from simulator.store.accounts import AccountStore
from simulator.store.db import parse_time, utc_now
from simulator.store.schema_v4 import COMPLETED

log = logging.getLogger(__name__)
OPEN = ("awaiting", "authorised", "active", "paused", "interrupted")
RECENT = timedelta(hours=2)


def exam_snapshot(db, now: str) -> list[dict]:
    since = parse_time(now) - RECENT
    since_text = since.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    marks = ",".join("?" for _ in OPEN)
    rows = db.query(
        "SELECT a.id, a.exam_id, a.candidate_id, "
        "COALESCE(a.candidate_name, u.display_name, '') AS candidate_name, a.state, a.limit_ms, "
        "a.extra_ms, a.used_ms, a.draw, a.last_seen_at, "
        "(SELECT COUNT(DISTINCT e.item) FROM exam_answers e WHERE e.attempt_id = a.id) AS answered "
        "FROM exam_attempts a LEFT JOIN users u ON u.id = a.candidate_id "
        f"WHERE a.seat_id = ? AND (a.state IN ({marks}) OR a.updated_at >= ?) "
        "ORDER BY a.created_at",
        [db.seat_id, *OPEN, since_text],
    )
    out = []
    for r in rows:
        try:
            items = len(json.loads(r["draw"])["items"])
        except (ValueError, KeyError, TypeError):
            items = 0
        out.append(
            {
                "attempt_id": r["id"],
                "exam_id": r["exam_id"],
                "candidate_id": r["candidate_id"],
                "candidate_name": r["candidate_name"],
                "state": r["state"],
                "remaining_ms": r["limit_ms"] + r["extra_ms"] - r["used_ms"],
                "answered": r["answered"],
                "items": items,
                "last_seen_at": r["last_seen_at"],
            }
        )
    return out


Runner = Callable[[Callable[[], tuple[str, str]]], tuple[str, str]]


def apply_pending(services, run: Runner | None = None) -> int:
    """Apply the console's commands not yet applied here, oldest first (centre time);
    ``run`` executes each on the lane that owns the exam service (default: here)."""
    run = run or (lambda fn: fn())
    rows = services.db.query(
        "SELECT * FROM proctor_commands WHERE applied_at IS NULL AND seat_id = ? "
        "ORDER BY issued_at, id",
        [services.db.seat_id],
    )
    for row in rows:
        try:
            outcome, detail = run(lambda row=row: apply_command(services, row))
        except Exception as exc:  # the command stays unapplied and is tried again next run
            log.exception("proctor command %s failed", row["id"])
            raise ExamError(f"监考指令未能执行 / a proctor command failed: {exc}") from exc
        with services.db.tx() as conn:
            services.db.update(
                conn, "proctor_commands", row["id"],
                {"applied_at": utc_now(), "outcome": outcome, "detail": detail},
            )  # fmt: skip
    return len(rows)


def apply_command(services, cmd: dict) -> tuple[str, str]:
    """``("applied" | "refused", detail)`` for one command."""
    user = AccountStore(services.db).by_id(cmd["issued_by"])
    if user is None or user.disabled or user.role not in (Role.PROCTOR, Role.ADMIN):
        return "refused", "发出指令的账号不是本座席可用的监考员 / the issuer is not a proctor here"
    proctor = Session(user.id, user.username, user.display_name, Role(user.role))
    try:
        args = json.loads(cmd["args"] or "{}")
    except ValueError:
        args = {}
    exams = services.exams
    attempt_id = cmd["attempt_id"]
    rec = exams.store.attempt(attempt_id)
    if rec is None:
        return "refused", f"本座席没有这场考试 / no attempt {attempt_id} on this seat"
    tag = f"[console {cmd['id'][:8]}]"
    reason = f"{(args.get('reason') or '').strip()} {tag}".strip()
    kind = cmd["kind"]
    try:
        if kind == "pause":
            if rec.state == "paused":
                return "applied", "already paused"
            exams.pause(proctor, attempt_id, reason)
        elif kind == "resume":
            if rec.state == "active":
                return "applied", "already running"
            exams.resume(proctor, attempt_id)
        elif kind == "add_time":
            if any(tag in a.reason for a in exams.store.adjustments(attempt_id)):
                return "applied", "already added"
            exams.add_time(proctor, attempt_id, float(args.get("minutes", 0)), reason)
        elif kind == "terminate":
            if rec.state in COMPLETED:
                return "applied", f"already {rec.state}"
            exams.terminate(proctor, attempt_id, reason)
        else:
            return "refused", f"unknown command {kind}"
    except (ExamError, PermissionDenied, ValueError, TypeError) as exc:
        return "refused", str(exc)
    return "applied", ""
