"""A separate process that runs exam attempts through the services, one JSON command per line
on stdin, one JSON reply per line on stdout; the kill test SIGKILLs it mid-exam and starts it
again on the same data folder. Its monotonic clock only moves when told (``advance``), so the
times are exact.

    python tests/exams/tools/exam_driver.py DATA_DIR EXAMS_DIR
"""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))


def main() -> int:
    from simulator.core.exam_def import load_exams
    from simulator.core.grader import Grader
    from simulator.core.quiz_draw import DrawnQuestion
    from simulator.core.quiz_grading import expected
    from simulator.services import Role, Services
    from tests.exams.fixtures import FakeSpeech, MonoClock, make_banks

    data, exams_dir = Path(sys.argv[1]), Path(sys.argv[2])
    grader = Grader()
    banks = make_banks(grader.catalog.scenario("angry-caller").turn(1).model_answers[0].text)
    clock = MonoClock()
    services = Services.open(
        data, monotonic=clock, speech=FakeSpeech(), grader=grader, banks=banks,
        exams=load_exams(exams_dir, banks, grader.catalog),
    )  # fmt: skip
    sessions: dict = {}

    def who(name: str):
        if name not in sessions:
            password = "s3cret-pass" if name == "admin" else "password-1"
            sessions[name] = services.accounts.sign_in(name, password)
        return sessions[name]

    def status(s) -> dict:
        return {"state": s.state, "used_ms": s.used_ms, "remaining_ms": s.remaining_ms}

    def run(cmd: dict) -> dict:
        op = cmd["op"]
        if op == "setup":
            admin = services.accounts.create_first_admin("admin", "管理员", "s3cret-pass")
            sessions["admin"] = admin
            for name, role in (("proctor", Role.PROCTOR), ("alice", Role.TRAINEE),
                               ("bob", Role.TRAINEE)):  # fmt: skip
                services.accounts.create_user(admin, name, name.title(), role, "password-1")
            for name in ("alice", "bob"):  # agreed to keep recordings (the oral part)
                services.privacy.give_consent(who(name))
            services.pins.set_pin(who("proctor"), "135790")
            return {}
        if op == "begin":
            ex = services.exams
            rec = ex.register(who("proctor"), "fixture-exam", who(cmd["as"]).user_id)
            ex.authorise(who("proctor"), rec.id, cmd["as"].title(), "11010519491231002X", True)
            ex.start(who(cmd["as"]), rec.id)
            return {"attempt": rec.id, "seed": rec.seed}
        if op == "advance":
            clock.advance(cmd["s"])
            return {"now": clock.now}
        attempt = cmd.get("attempt")
        if op == "right":
            rec = services.exams._attempt(attempt)
            item = rec.draw.item(cmd["item"])
            assert isinstance(item, DrawnQuestion)
            question = services.exams._question(rec, item.question_id)
            value = (
                question.model_answer if question.type == "rewrite" else expected(item, question)
            )
            saved = services.exams.save_answer(who(cmd["as"]), attempt, item.index, value)
            return {"answer": value, **status(saved.time)}
        if op == "heartbeat":
            return status(services.exams.heartbeat(who(cmd["as"]), attempt))
        if op == "sweep":
            report = services.exams.sweep()
            return {"interrupted": sorted(report.interrupted), "closed": sorted(report.closed)}
        if op == "recover":
            return status(
                services.exams.recover(who(cmd["as"]), attempt, cmd["proctor"], cmd["pin"])
            )
        if op == "paper":
            paper = services.exams.paper(who(cmd["as"]), attempt)
            return {
                "written": [[q.question_id, list(q.options), list(q.steps)] for q in paper.written],
                "oral": [[t.scenario_id, t.turn_id] for t in paper.oral],
                "answered": {str(k): v for k, v in sorted(paper.answered.items())},
                **status(paper.time),
            }
        raise ValueError(f"unknown op {op!r}")

    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        cmd = json.loads(line)
        try:
            reply = {"ok": True, **run(cmd)}
        except Exception as exc:
            reply = {"ok": False, "type": type(exc).__name__, "error": str(exc)}
            traceback.print_exc(file=sys.stderr)
        print(json.dumps(reply, ensure_ascii=False), flush=True)
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
