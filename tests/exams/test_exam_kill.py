"""A real exam process is killed with SIGKILL mid-exam and started again: every saved answer
is there, each candidate keeps their own draw, the remaining time is the limit minus the time
saved before the kill, and the attempt goes on only with the proctor's PIN."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.exams.fixtures import write_exam

DRIVER = Path(__file__).parent / "tools" / "exam_driver.py"
LIMIT_MS = 10 * 60_000

pytestmark = pytest.mark.slow  # two processes that each load the grader


class Driver:
    def __init__(self, data: Path, exams: Path):
        self.proc = subprocess.Popen(
            [sys.executable, str(DRIVER), str(data), str(exams)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert json.loads(self.proc.stdout.readline()) == {"ready": True}

    def __call__(self, op: str, **args) -> dict:
        self.proc.stdin.write(json.dumps({"op": op, **args}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, self.proc.stderr.read()
        return json.loads(line)

    def ok(self, op: str, **args) -> dict:
        reply = self(op, **args)
        assert reply["ok"], reply
        return reply

    def kill(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        assert self.proc.returncode == -signal.SIGKILL

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def test_an_exam_survives_sigkill(tmp_path):
    data, exams = tmp_path / "data", tmp_path / "exams"
    write_exam(exams)
    first = Driver(data, exams)
    try:
        first.ok("setup")
        alice = first.ok("begin", **{"as": "alice"})["attempt"]
        bob = first.ok("begin", **{"as": "bob"})["attempt"]
        first.ok("right", attempt=alice, item=0, **{"as": "alice"})
        first.ok("advance", s=50)
        assert first.ok("heartbeat", attempt=alice, **{"as": "alice"})["used_ms"] == 50_000
        first.ok("right", attempt=alice, item=1, **{"as": "alice"})
        first.ok("advance", s=3)
        assert first.ok("right", attempt=alice, item=2, **{"as": "alice"})["used_ms"] == 53_000
        assert first.ok("right", attempt=bob, item=0, **{"as": "bob"})["used_ms"] == 53_000
        first.ok("advance", s=4)  # 4 s more, not saved yet: lost with the process (≤ 5 s)
        before = {a: first.ok("paper", attempt=a, **{"as": n}) for a, n in ((alice, "alice"),
                                                                           (bob, "bob"))}  # fmt: skip
    finally:
        first.kill()
    assert before[alice]["written"] != before[bob]["written"]

    second = Driver(data, exams)
    try:
        assert second.ok("sweep")["interrupted"] == sorted([alice, bob])
        refused = second("right", attempt=alice, item=3, **{"as": "alice"})
        assert not refused["ok"] and "PIN" in refused["error"]
        wrong = second("recover", attempt=alice, proctor="proctor", pin="000000", **{"as": "alice"})
        assert not wrong["ok"] and wrong["type"] == "PinRefused"
        status = second.ok("recover", attempt=alice, proctor="proctor", pin="135790",
                           **{"as": "alice"})  # fmt: skip
        assert (status["state"], status["remaining_ms"]) == ("active", LIMIT_MS - 53_000)
        second.ok("recover", attempt=bob, proctor="proctor", pin="135790", **{"as": "bob"})
        for attempt, name in ((alice, "alice"), (bob, "bob")):
            after = second.ok("paper", attempt=attempt, **{"as": name})
            assert after["written"] == before[attempt]["written"]  # the same draw, shuffles too
            assert after["oral"] == before[attempt]["oral"]
            assert after["answered"] == before[attempt]["answered"]  # every saved answer
        assert sorted(before[alice]["answered"]) == ["0", "1", "2"]
        assert sorted(before[bob]["answered"]) == ["0"]
        second.ok("advance", s=10)
        assert second.ok("heartbeat", attempt=alice, **{"as": "alice"})["remaining_ms"] == (
            LIMIT_MS - 63_000
        )
    finally:
        second.close()
