"""Pieces of the app on their own: the background-task helper on real threads, the string
table, the settings file, atomic recordings, the delivery gauges."""

from __future__ import annotations

import ast
import threading
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QComboBox, QLabel

from simulator.app import i18n
from simulator.app.practice.views.turn_feedback import TurnFeedback
from simulator.app.services.settings import Settings, SettingsStore
from simulator.app.strings import CATEGORIES, STRINGS
from simulator.app.tasks import SyncTaskRunner, TaskRunner
from simulator.app.widgets import Gauge, fill_devices
from simulator.core.records import TurnRecord
from simulator.core.schema import CATEGORIES as GRADER_CATEGORIES
from simulator.store.recordings import RecordingStore, sha256_file

APP = Path(__file__).resolve().parents[2] / "simulator" / "app"


def test_task_runner_runs_off_the_ui_thread_and_delivers_on_it(qtbot):
    runner = TaskRunner()
    ui = threading.get_ident()
    seen: dict = {}
    progress: list = []

    def work(progress):
        seen["worker"] = threading.get_ident()
        seen["name"] = QThread.currentThread().objectName()
        progress("half")
        return 42

    def done(value):
        seen["done_on"] = threading.get_ident()
        seen["value"] = value

    runner.run("model", work, done, on_progress=progress.append)
    errors = []
    runner.run("db", lambda: 1 / 0, None, errors.append)
    qtbot.waitUntil(lambda: "value" in seen and bool(errors), timeout=5000)
    assert seen["worker"] != ui and seen["done_on"] == ui and seen["value"] == 42
    assert seen["name"] == "simulator-model"
    assert progress == ["half"]
    assert isinstance(errors[0], ZeroDivisionError)
    order = []
    for i in range(5):
        runner.run("db", lambda i=i: order.append(i))
    runner.shutdown()  # waits for queued tasks, then quit()s and wait()s the threads
    assert order == [0, 1, 2, 3, 4]
    assert all(not lane.thread.isRunning() for lane in runner._lanes.values())
    with pytest.raises(RuntimeError):
        runner.run("db", lambda: None)


def test_sync_runner_runs_at_once():
    runner = SyncTaskRunner()
    out = []
    runner.run("db", lambda: 5, out.append)
    runner.run("model", lambda: 1 / 0, None, out.append)
    assert out[0] == 5 and isinstance(out[1], ZeroDivisionError)


def _used_keys() -> set[str]:
    keys = set()
    for path in APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", "") == "tr"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                keys.add(node.args[0].value)
    return keys


def test_every_string_is_translated():
    used = _used_keys()
    assert len(used) > 100
    assert i18n.missing_keys(sorted(used)) == []
    for key, (zh, en) in STRINGS.items():
        assert zh.strip() and en.strip(), key
        assert set(_fields(zh)) == set(_fields(en)), key
    for key in (
        "set.language",
        "set.mic",
        "set.model_base",
        "mood.angry",
        "phase.listening",
        "measure.rate_cpm",
        "mode.typed",
        "status.stopped",
        "line.noisy",
    ):
        assert key in STRINGS


def _fields(text: str) -> list[str]:
    import string

    return [f for _, f, _, _ in string.Formatter().parse(text) if f]


def test_every_category_is_named():
    assert set(CATEGORIES) == set(GRADER_CATEGORIES) | {"timing"}  # timing: the app's notes
    assert i18n.category_name("timing") == "时间节奏"


def test_language_switch():
    try:
        i18n.set_language("en")
        assert i18n.tr("nav.history") == "History"
        assert i18n.tr("call.turn_n", n=3) == "Turn 3"
        assert i18n.category_name("sarcastic") == "Sarcasm"
        assert i18n.category_name("timing") == "Timing"
        i18n.set_language("xx")
        assert i18n.language() == "zh" and i18n.tr("nav.history") == "历史记录"
        assert i18n.tr("no.such.key") == "no.such.key"
    finally:
        i18n.set_language("zh")


def test_settings_round_trip(tmp_path):
    store = SettingsStore(tmp_path)
    assert store.load() == Settings()
    s = Settings(language="en", input_device="USB Mic", model="/models/x", auto_next_s=2)
    store.save(s)
    assert store.load() == s
    (tmp_path / "settings.json").write_text('{"language": 5, "bogus": 1, "auto_next_s": 3}')
    loaded = store.load()
    assert loaded.language == "zh" and loaded.auto_next_s == 3.0
    # the old hands-free default (4 s) is not carried over: feedback waits for the trainee
    (tmp_path / "settings.json").write_text('{"auto_continue_s": 4.0}')
    assert store.load().auto_next_s == 0.0
    (tmp_path / "settings.json").write_text("{not json")
    assert store.load() == Settings() and store.problem  # said, not silent
    store.save(Settings(language="en"))  # the unreadable file is kept aside, not lost
    assert (tmp_path / "settings.json.unreadable").read_text() == "{not json"
    assert store.load().language == "en" and store.problem == ""


def test_recordings_are_atomic_and_hashed(tmp_path):
    rec = RecordingStore(tmp_path)
    saved = rec.save_wav(
        np.sin(np.linspace(0, 100, 16000)).astype(np.float32) * 0.3, 16000, "a/1.wav"
    )
    assert saved.relpath == "recordings/a/1.wav" and abs(saved.duration_s - 1.0) < 1e-6
    assert sha256_file(saved.path) == saved.sha256
    assert not list(tmp_path.rglob("*.tmp")) and not list(tmp_path.rglob("*.part"))
    assert rec.check(saved.relpath, saved.sha256)[0] == "ok"
    other = tmp_path / "elsewhere.wav"
    other.write_bytes(saved.path.read_bytes())
    adopted = rec.adopt(other, "a/2.wav")
    assert adopted.sha256 == saved.sha256 and not other.exists()
    (tmp_path / "recordings" / "a" / "3.wav.part").write_bytes(b"x")
    orphans = rec.orphans({saved.relpath})
    assert [p.name for p in orphans] == ["2.wav", "3.wav.part"]


def test_delivery_gauges_use_the_band_and_read_old_turns(qtbot):
    new = {"measure": "rate_cpm", "label": "语速", "value": 150, "norm": "100–120"}
    new |= {"lo": 100.0, "hi": 120.0, "ok": False, "tip": "慢一点"}
    old = {"measure": "latency_s", "label": "回应", "value": 0.8, "norm": "≤ 3"}
    old |= {"ok": True, "tip": "好"}  # saved before findings carried lo/hi
    res = {"turn": 1, "score": 80, "passed": True, "transcript": "您好", "violations": []}
    res["delivery"] = {"measures": {}, "findings": [new, old]}
    view = TurnFeedback()
    qtbot.addWidget(view)
    view.show_turn(TurnRecord.from_stored(res, seq=1, caller_text="", mode="voice"))
    gauges = view.findChildren(Gauge)
    assert [(g.value, g.lo, g.hi, g.ok) for g in gauges] == [
        (150, 100.0, 120.0, False),
        (0.8, None, 3.0, True),
    ]


def test_timing_notes_show_their_category(qtbot):
    res = {"turn": 1, "score": 80, "passed": True, "transcript": "您好", "violations": []}
    res["notes"] = [
        {"kind": "too_late", "limit_s": 3, "got_s": 4.5, "tip": "客户说完就回应"},
        {"explanation": "回应太慢", "suggestion": "早点开口"},  # stored before notes had kinds
    ]
    view = TurnFeedback()
    qtbot.addWidget(view)
    view.show_turn(TurnRecord.from_stored(res, seq=1, caller_text="", mode="voice"))
    texts = [lab.text() for lab in view.findChildren(QLabel)]
    assert sum("<b>时间节奏</b>" in text for text in texts) == 2, texts
    assert "回应太慢：应在 3 秒内开口，你用了 4.5 秒。" in texts
    assert "回应太慢" in texts and "提示：早点开口" in texts


def test_device_list_selects_the_saved_device_quietly(qtbot):
    combo = QComboBox()
    qtbot.addWidget(combo)
    changes = []
    combo.currentIndexChanged.connect(changes.append)
    fill_devices(combo, ["USB Mic", "Headset"], "Headset")
    assert [combo.itemData(i) for i in range(combo.count())] == ["", "USB Mic", "Headset"]
    assert combo.itemText(0) == "系统默认" and combo.currentData() == "Headset"
    fill_devices(combo, ["USB Mic"], "Headset")  # unplugged: still the choice, marked so
    assert [combo.itemData(i) for i in range(combo.count())] == ["", "USB Mic", "Headset"]
    assert combo.currentText() == "Headset（未连接）" and combo.currentData() == "Headset"
    fill_devices(combo, ["USB Mic"], "")
    assert combo.count() == 2 and combo.currentIndex() == 0 and changes == []
