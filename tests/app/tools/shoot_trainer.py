"""Drive the real app under Xvfb through the trainer's screens and take screenshots (not a
test).

    Xvfb :99 -screen 0 1280x800x24 &
    DISPLAY=:99 .venv/bin/python tests/app/tools/shoot_trainer.py docs/screenshots [--lang en]

A fresh data folder: an administrator, two trainers and two trainees with a few practice
attempts (recorded), an assignment, a calibration set graded by the second trainer. The
trainer signs in (the consent question), assigns, reviews and overrules an attempt, reads the
override report, grades the calibration set blind and sees the agreement, opens the team's
and a trainee's dashboards; then the trainee sees the assignments on the home page, the
overruled turn in the history and the privacy section of the settings; last the
administrator sets how long recordings are kept (the privacy section's retention row).
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from tests.app.tools.accounts import PASSWORD, make_people  # noqa: E402
from tests.app.tools.launch import launch  # noqa: E402
from tests.app.tools.stepper import run_steps  # noqa: E402


def _prepare(ctx, en: bool) -> dict:
    """People, practice, assignments and a calibration set on the app's services."""
    from tests.trainer.helpers import GOOD, RUDE, RUDE_NI, call

    s = ctx.services
    people = (
        ("li", "李雷", "Li Lei", "trainer"),
        ("zhou", "周敏", "Zhou Min", "trainer"),
        ("wang", "王芳", "Wang Fang", "trainee"),
        ("chen", "陈晨", "Chen Chen", "trainee"),
    )
    ids = make_people(
        s,
        [(name, en_name if en else zh, role) for name, zh, en_name, role in people],
        admin_name="Ada Admin" if en else "系统管理员",
    )
    wang, chen = (s.accounts.sign_in(n, PASSWORD) for n in ("wang", "chen"))
    turns = []
    for who, replies in ((wang, (RUDE, GOOD, RUDE_NI)), (chen, (GOOD, RUDE, GOOD))):
        for text in replies:
            _a, (tid,) = call(s, None, who, text, record=True)
            turns.append(tid)
    zhou = s.accounts.sign_in("zhou", PASSWORD)
    catalog = s.resources.catalog
    pack = catalog.scenario_pack["praise"]
    group = s.assignments.create_group(zhou, "一班" if not en else "Class 1")
    s.assignments.add_members(zhou, group.id, [ids["wang"], ids["chen"]])
    s.assignments.assign(zhou, pack, scenario_id="praise", group_id=group.id,
                         due_at=date.today() + timedelta(days=5), threshold=80)  # fmt: skip
    s.assignments.assign(zhou, pack, user_id=ids["wang"],
                         due_at=date.today() - timedelta(days=1), threshold=70)  # fmt: skip
    cset = s.calibration.create_set(zhou, "十二月校准" if not en else "December calibration")
    s.calibration.add_items(zhou, cset.id, turns[:4])
    for item in s.calibration.items(zhou, cset.id):
        good = item.transcript in (GOOD, RUDE_NI)  # RUDE_NI: a disagreement with the grader
        s.calibration.submit(zhou, item.item_id, good, None if good else "interrogating")
    return ids


def main() -> int:
    tool = launch("shoot-trainer-")

    from PySide6.QtWidgets import QScrollArea

    ctx, window, ctl = tool.start()
    en = tool.en
    people: dict = {}
    shot = tool.shot

    def sign_in(name: str) -> None:
        if ctl.accounts.dialog is not None:
            ctl.accounts.dialog.done_ok()
        window.sign_in.fill(name, PASSWORD)
        window.sign_in.button.click()

    def consent(agree: bool) -> None:
        d = ctl.privacy.dialog
        (d.agree_button if agree else d.refuse_button).click()

    page = window.pages.get

    def assign_form() -> None:
        v = page("assign")
        v.fill_form(target=people["chen"], pack_id=ctx.catalog.scenario_pack["angry-caller"],
                    scenario_id="angry-caller", due=date.today() + timedelta(days=7),
                    threshold=75, note="本周完成" if not en else "this week")  # fmt: skip

    def review_attempt() -> None:
        v = page("review")
        v.select_trainee(people["wang"])

    def overrule() -> None:
        v = page("review")
        v.choose(0, "pass", "客户在表扬，语气可以接受" if not en else "The caller praised us: fine")
        v.turn.override_button.click()

    def overruled(n: int) -> bool:
        t = page("review").current_turn()
        return t is not None and len(t.verdict.overrides) == n

    def not_a_violation() -> None:
        v = page("review")
        index = next(i for i, t in enumerate(v.item_texts()) if "iq.why" in t)
        v.choose(
            index, "not_violation", "确认问题，不是质问" if not en else "A question, not a grill"
        )
        v.turn.override_button.click()

    def grade_blind() -> None:
        v = page("calibration")
        v.choose(0, passed=False, category="interrogating", comment="")

    def retention() -> None:
        window.privacy.retention.setValue(180)
        window.privacy.retention_button.click()

    def show_privacy() -> None:
        """The privacy section is low on the settings page: scroll it into view."""
        window.settings.findChild(QScrollArea).ensureWidgetVisible(window.privacy)

    idle = (lambda: True, lambda: None)
    steps = [
        (lambda: ctx.catalog is not None and ctl.accounts.dialog is not None, lambda: None),
        (lambda: True, lambda: people.update(_prepare(ctx, en))),
        (lambda: True, lambda: sign_in("li")),
        (lambda: ctl.privacy.dialog is not None, lambda: None),
        idle,
        (lambda: True, lambda: shot("consent")),
        (lambda: True, lambda: consent(True)),
        (lambda: True, lambda: ctl.navigate("assign")),
        (lambda: page("assign") is not None and page("assign").trainees, assign_form),
        (lambda: True, lambda: page("assign").assign_button.click()),
        (lambda: True, lambda: page("assign").select_row(0)),
        idle,
        (lambda: True, lambda: shot("trainer-assign")),
        (lambda: True, lambda: ctl.navigate("review")),
        (lambda: page("review") is not None and page("review").trainees, review_attempt),
        (
            lambda: bool(page("review").attempts),
            lambda: page("review").select_attempt(len(page("review").attempts) - 1),
        ),
        (lambda: page("review").current_turn() is not None, overrule),
        (lambda: overruled(1), not_a_violation),
        (lambda: overruled(2), lambda: None),
        idle,
        (lambda: True, lambda: shot("trainer-review")),
        (lambda: True, lambda: page("review").tabs.setCurrentIndex(1)),
        (lambda: page("review").report.data is not None, lambda: None),
        idle,
        (lambda: True, lambda: shot("trainer-override-report")),
        (lambda: True, lambda: ctl.navigate("calibration")),
        (lambda: page("calibration") is not None and page("calibration").items, grade_blind),
        idle,
        (lambda: True, lambda: shot("trainer-calibration-blind")),
        (lambda: True, lambda: page("calibration").submit_button.click()),
        (lambda: page("calibration").revealed is not None, lambda: None),
        idle,
        (lambda: True, lambda: shot("trainer-calibration-revealed")),
        (lambda: True, lambda: page("calibration").show_tab(1)),
        (lambda: page("calibration").data is not None, lambda: None),
        idle,
        (lambda: True, lambda: shot("trainer-calibration-agreement")),
        (lambda: True, lambda: ctl.navigate("dashboard")),
        (lambda: page("dashboard") is not None, lambda: page("dashboard").choose("team")),
        (lambda: True, lambda: page("dashboard").show_button.click()),
        (lambda: ctl.dashboard.shown is not None, lambda: None),
        idle,
        (lambda: True, lambda: shot("trainer-dashboard-team")),
        (lambda: True, lambda: page("dashboard").choose("trainee", people["wang"])),
        (lambda: True, lambda: page("dashboard").show_button.click()),
        (lambda: hasattr(ctl.dashboard.shown, "trend"), lambda: None),
        idle,
        (lambda: True, lambda: shot("trainer-dashboard-trainee")),
        (lambda: True, lambda: window.switch_button.click()),
        (lambda: window.current_page() == "login", lambda: sign_in("wang")),
        (lambda: ctx.session.username == "wang", lambda: None),
        idle,
        (lambda: True, lambda: shot("home-assignments")),
        (lambda: True, lambda: ctl.navigate("history")),
        (lambda: window.history is not None and window.history.rows, lambda: None),
        (lambda: True, lambda: window.history.table.selectRow(len(window.history.rows) - 1)),
        idle,
        (lambda: True, lambda: shot("history-overruled")),
        (lambda: True, lambda: ctl.navigate("settings")),
        (lambda: window.privacy.status_data is not None, show_privacy),
        idle,
        (lambda: True, lambda: shot("settings-privacy")),
        (lambda: True, lambda: window.switch_button.click()),
        (lambda: window.current_page() == "login", lambda: sign_in("admin")),
        (lambda: ctl.privacy.dialog is not None, lambda: consent(True)),
        (lambda: True, lambda: ctl.navigate("settings")),
        (lambda: window.privacy.retention_row.isVisibleTo(window.privacy), retention),
        (lambda: window.privacy.note_text() != "", show_privacy),
        idle,
        (lambda: True, lambda: shot("settings-privacy-admin")),
        (lambda: True, lambda: window.close()),
    ]
    code = run_steps(
        tool.app, window, ctl, steps, tick_ms=300, limit_ms=300000, agree_to_consent=False
    )
    return code


if __name__ == "__main__":
    sys.exit(main())
