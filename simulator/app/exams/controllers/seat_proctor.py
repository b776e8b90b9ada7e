"""The proctor at the candidate's seat: they sign in with their own user name and password
(``services.accounts.sign_in``: a session of their own, the candidate stays signed in) and
pause, resume, add time to or terminate the attempt on the screen through ``services.exams``.
A trainee's password, a wrong one or a missing reason is refused in the service's words."""

from __future__ import annotations

from collections.abc import Callable


def at_seat(
    ctx, attempt_id: str, credentials: tuple[str, str], action: str, minutes: float,
    reason: str, done: Callable, refused: Callable,
) -> None:  # fmt: skip
    services = ctx.services
    exams = services.exams

    def act():
        proctor = services.accounts.sign_in(*credentials)
        if action == "pause":
            return exams.pause(proctor, attempt_id, reason)
        if action == "resume":
            return exams.resume(proctor, attempt_id)
        if action == "add_time":
            return exams.add_time(proctor, attempt_id, minutes, reason)
        return exams.terminate(proctor, attempt_id, reason)

    lane = "model" if action == "terminate" else "db"  # terminating grades the attempt
    ctx.runner.run(lane, act, done, refused, name=f"exam_{action}")
