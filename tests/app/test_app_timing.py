"""Turn timing from the seeds: the silent call keeps the caller silent for ``wait_after_s``
before the next line and before hanging up; ``wait_before_s`` findings."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from simulator.app.services.audio_ports import NullPort
from simulator.core.timing import timing_notes, wait_after
from tests.app.conftest import KEYS, phase, press, shown, wait_phase
from tests.app.test_app_calls import start
from tests.app.test_app_modes import type_reply


@pytest.mark.slow  # the caller's silences are real: several seconds
def test_silent_call_is_paced_by_the_seeds(make_app, qtbot):
    ctx, window, _ = make_app(port=NullPort())
    scenario = ctx.catalog.scenario("silent-call")
    t1 = scenario.turn(1)
    pause = wait_after(t1.timing)
    assert pause >= 3
    start(qtbot, window, "silent-call")
    press(qtbot, window, KEYS["space"])
    type_reply(qtbot, window, "您好，您的电话已接通，请讲。")
    wait_phase(qtbot, window, "feedback")
    assert shown(window).passed
    press(qtbot, window, KEYS["n"])
    assert phase(window) == "waiting"  # the caller stays silent …
    qtbot.wait(int((pause - 0.5) * 1000))
    assert phase(window) == "waiting"  # … for the seeds' pause (a busy machine only adds)
    wait_phase(qtbot, window, "listening", timeout=20000)
    type_reply(qtbot, window, "对不起，听不到您的声音，请您换一部电话再拨，谢谢，再见。")
    wait_phase(qtbot, window, "feedback")
    press(qtbot, window, KEYS["n"])
    assert phase(window) == "waiting"  # a few seconds before hanging up
    qtbot.waitUntil(lambda: window.current_page() == "summary", timeout=20000)


def test_timing_notes():
    timing = SimpleNamespace(
        wait_before_s=3.0, wait_after_s=[3, 5], max_latency_s=None, note="停3秒"
    )
    assert timing_notes(timing, None) == []
    (soon,) = timing_notes(timing, 1.0, 0.5)
    assert (soon.kind, soon.limit_s, soon.got_s, soon.tip) == ("too_soon", 3.0, 1.5, "停3秒")
    assert timing_notes(timing, 1.0, 2.0) == []
    slow = SimpleNamespace(wait_before_s=None, wait_after_s=None, max_latency_s=2.0, note="")
    (late,) = timing_notes(slow, 4.2)
    assert (late.kind, late.limit_s, late.got_s) == ("too_late", 2.0, 4.2)
    assert timing_notes(slow, 1.0) == []
    assert wait_after(None) == 0.0
