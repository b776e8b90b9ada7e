"""The trainer's pack list and editor through the real app: a pack copied from a shipped
template, a turn edited with invalid values (the problem at the field, the save refused),
fixed, saved and read back; unsaved changes asked about on leaving; a caller line recorded
with the fake microphone, trimmed and saved into the pack; a bad zip refused with nothing
changed; an export / import round trip; the preview plays the caller lines in order."""

from __future__ import annotations

import zipfile

import pytest
import yaml

from simulator.app import i18n
from simulator.app.trainer.controllers.caller_audio import tts_unavailable
from simulator.core.catalog import PACK_FILE, load_catalog
from simulator.services import Role, Services
from simulator.services.pack_audio import decode
from tests.app.conftest import KEYS, press
from tests.app.test_app_calls import start
from tests.trainer.helpers import fingerprint, small_pack

TEMPLATE = "service-basics"


@pytest.fixture(autouse=True)
def _no_modal_questions(monkeypatch):
    """A test that fails with unsaved changes must not wait on a dialog at tear-down."""
    from simulator.app.trainer.views.pack_editor import PackEditorView

    monkeypatch.setattr(PackEditorView, "ask_unsaved", lambda self: "discard")


@pytest.fixture
def trainer(tmp_path):
    """A trainer's session on the data folder the app will open."""
    services = Services.open(tmp_path / "data")
    admin = services.accounts.create_first_admin("admin", "管理员", "s3cret-pass")
    services.accounts.create_user(admin, "trainer", "Trainer", Role.TRAINER, "password-1")
    who = services.accounts.sign_in("trainer", "password-1")
    services.close()
    return who


def open_list(ctl, window):
    ctl.navigate("packs")
    assert window.current_page() == "packs"
    return ctl.packs.view


def copy_template(ctl, window, new_id: str = "my-basics"):
    view = open_list(ctl, window)
    view.select(TEMPLATE)
    view.ask_new_id = lambda _title, _suggested: new_id
    view.buttons["copy"].click()
    assert new_id in [p.pack_id for p in view.packs], view.status_text
    return view


def open_pack(ctl, window, pack_id: str):
    view = ctl.packs.view
    view.select(pack_id)
    view.buttons["open"].click()
    assert window.current_page() == "pack_editor"
    return ctl.packs.editor


def click_node(editor, node: tuple) -> None:
    tree = editor.view.tree
    tree.setCurrentItem(editor.view._items[node])
    assert editor.view.node == node


def on_disk(ctx, pack_id: str) -> dict:
    path = ctx.services.packs.files.yaml_path(pack_id)
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_packs_page_is_for_trainers_and_admins(make_app, trainer):
    ctx, window, ctl = make_app(session=trainer)
    assert "packs" in window.nav_shown()
    ctx.session = ctx.session.__class__.anonymous()
    ctl.accounts._show_user()
    assert "packs" not in window.nav_shown()


def test_copy_edit_invalid_fix_save_reload(make_app, trainer):
    ctx, window, ctl = make_app(session=trainer)
    view = copy_template(ctl, window)
    info = {p.pack_id: p for p in view.packs}
    assert info[TEMPLATE].kind == "shipped" and not info[TEMPLATE].editable
    assert info["my-basics"].copied_from == TEMPLATE
    editor = open_pack(ctl, window, "my-basics")
    ev = editor.view
    assert ev.save_button.isVisible() and not ev.copy_button.isVisible()
    click_node(editor, ("turn", 0, 0))
    before = on_disk(ctx, "my-basics")

    wait = ev.field("scenarios[0].turns[0].timing.wait_before_s")
    wait.set_text("-1")
    assert wait.error_text == "应大于或等于 0"  # the schema's problem, worded in Chinese
    assert editor.draft.dirty and ev.dirty_label.text()
    ev.save_button.click()
    assert "scenarios[0].turns[0].timing.wait_before_s" in ev.status_text  # the reason
    assert on_disk(ctx, "my-basics") == before  # nothing written
    wait.set_text("1.5")
    assert wait.error_text == ""
    # the links are checked once the schema holds: an unknown element at its field
    required = ev.field("scenarios[0].turns[0].required")
    required.set_text("回应感谢\n不存在的要素")
    assert "未知的要素“不存在的要素”" in required.error_text
    assert "⚠" in ev._items[("turn", 0, 0)].text(0)
    ev.save_button.click()
    assert "scenarios[0].turns[0].required" in ev.status_text
    assert on_disk(ctx, "my-basics") == before
    required.set_text("回应感谢")
    assert required.error_text == ""
    assert not ev.problem_label.isVisibleTo(ev)
    answer = ev.field("scenarios[0].turns[0].model_answers[0].text")
    answer.set_text("不客气，这是我们应该做的，欢迎再来电。")
    ev.save_button.click()
    assert not editor.draft.dirty, ev.status_text

    saved = on_disk(ctx, "my-basics")
    turn = saved["scenarios"][0]["turns"][0]
    assert turn["timing"] == {"wait_before_s": 1.5}
    assert turn["model_answers"][0]["text"] == "不客气，这是我们应该做的，欢迎再来电。"
    # reloaded: the service's pack and the editor show the same data
    ev.back_button.click()
    assert window.current_page() == "packs"
    editor = open_pack(ctl, window, "my-basics")
    reloaded = ctx.services.packs.pack(ctx.session, "my-basics").model_dump(mode="json")
    assert editor.draft.data == reloaded
    click_node(editor, ("turn", 0, 0))
    assert editor.view.field("scenarios[0].turns[0].timing.wait_before_s").value() == 1.5
    # the practice catalog has the trainer's pack
    assert "my-basics" in ctx.catalog.packs


def test_unsaved_changes_are_asked_about(make_app, trainer):
    ctx, window, ctl = make_app(session=trainer)
    copy_template(ctl, window)
    editor = open_pack(ctl, window, "my-basics")
    before = on_disk(ctx, "my-basics")
    editor.view.field("title").set_text("改过的名称")
    answers = []

    def ask(answer):
        def asked() -> str:
            answers.append(answer)
            return answer

        return asked

    editor.view.ask_unsaved = ask("cancel")
    ctl.navigate("home")
    assert window.current_page() == "pack_editor" and editor.draft.dirty
    editor.view.ask_unsaved = ask("save")
    ctl.navigate("home")
    assert window.current_page() == "home"
    assert on_disk(ctx, "my-basics")["title"] == "改过的名称"
    editor = open_pack(ctl, window, "my-basics")
    editor.view.field("title").set_text("再改一次")
    editor.view.ask_unsaved = ask("discard")
    editor.view.back_button.click()
    assert window.current_page() == "packs"
    assert on_disk(ctx, "my-basics")["title"] == "改过的名称"
    assert answers == ["cancel", "save", "discard"]
    assert before["title"] != "改过的名称"
    # closing the window asks too
    editor = open_pack(ctl, window, "my-basics")
    editor.view.field("title").set_text("关窗前的修改")
    editor.view.ask_unsaved = ask("cancel")
    window.close()
    assert window.isVisible() and editor.draft.dirty and answers[-1] == "cancel"
    editor.view.ask_unsaved = ask("discard")


@pytest.mark.slow
def test_record_trim_and_save_a_caller_line(make_app, trainer, qtbot):
    ctx, window, ctl = make_app(["angry-good-t1", "angry-good-t1"], session=trainer)
    view = open_list(ctl, window)
    view.ask_new_id = lambda _t, _s: "night-shift"
    view.buttons["new"].click()
    editor = ctl.packs.editor
    assert window.current_page() == "pack_editor"
    click_node(editor, ("turn", 0, 0))
    assert "〔无录音〕" in editor.view._items[("turn", 0, 0)].text(0)
    panel, audio = editor.view.caller_audio, editor.caller_audio
    assert panel.isVisibleTo(editor.view)
    assert "无录音" in panel.state.text()
    why = tts_unavailable()  # rendering needs the authoring extra and the TTS environment
    assert panel.buttons["render"].isEnabled() == (why is None)
    if why is not None:
        assert i18n.tr(why) in panel.length.text() and panel.buttons["render"].toolTip()
    panel.buttons["record"].click()
    assert panel.recording
    qtbot.waitUntil(lambda: audio.samples is not None or panel.note_text.startswith("录音失败"),
                    timeout=30000)  # fmt: skip
    assert audio.samples is not None, panel.note_text
    total = audio.duration
    first, last = audio.trim
    assert 0 <= first < last <= total and len(panel.wave.envelope) > 0
    panel.set_trim(first + 0.1, last - 0.1)
    kept = last - first - 0.2
    assert audio.trim == pytest.approx((first + 0.1, last - 0.1))
    panel.buttons["hear_take"].click()
    panel.buttons["save_take"].click()
    assert "录音已保存" in panel.note_text, panel.note_text
    sid = editor.draft.data["scenarios"][0]["id"]
    turn = on_disk(ctx, "night-shift")["scenarios"][0]["turns"][0]
    assert turn["caller"] == {**turn["caller"], "audio": f"audio/{sid}/t1.wav", "recorded": True}
    wav = ctx.services.packs.files.folder("night-shift") / turn["caller"]["audio"]
    samples, rate, _suffix = decode(wav.read_bytes())
    assert samples.size / rate == pytest.approx(kept, abs=0.01)
    assert not editor.draft.dirty
    assert "〔无录音〕" not in editor.view._items[("turn", 0, 0)].text(0)
    assert "本人录制" in panel.state.text()
    # the pack is valid for `simulator validate` and its call plays the recording
    catalog = load_catalog(None, ctx.services.data_dir / "packs")
    assert "night-shift" in catalog.packs
    assert not [p for p in catalog.problems if "night-shift" in p.file]
    played = []
    real_play = ctx.audio.play
    ctx.audio.play = lambda path, token: (played.append(path), real_play(path, token))[1]
    ctl.navigate("home")
    start(qtbot, window, sid)
    press(qtbot, window, KEYS["space"])
    qtbot.waitUntil(lambda: wav in played, timeout=10000)


def test_a_turn_must_be_saved_before_it_gets_audio(make_app, trainer):
    ctx, window, ctl = make_app(["angry-good-t1"], session=trainer)
    copy_template(ctl, window)
    editor = open_pack(ctl, window, "my-basics")
    click_node(editor, ("turn", 0, 0))
    editor.view.field("scenarios[0].turns[0].caller.text").set_text("改过的来电")
    editor.view.caller_audio.buttons["record"].click()
    assert not editor.view.caller_audio.recording
    assert "请先保存" in editor.view.caller_audio.note_text


def _bad_zip(path):
    data = small_pack("night-shift")
    data["bogus"] = 1
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(PACK_FILE, yaml.safe_dump(data, allow_unicode=True))
    return path


def test_a_bad_zip_is_refused_and_nothing_changes(make_app, trainer, tmp_path):
    ctx, window, ctl = make_app(session=trainer)
    view = open_list(ctl, window)
    before = fingerprint(tmp_path / "data")
    listed = [p.pack_id for p in view.packs]
    view.ask_open_zip = lambda: str(_bad_zip(tmp_path / "bad.zip"))
    view.buttons["import"].click()
    assert "pack.yaml" in view.status_text and "bogus" in view.status_text
    assert "未做任何更改" in view.status_text
    assert fingerprint(tmp_path / "data") == before
    assert [p.pack_id for p in view.packs] == listed


def test_export_import_round_trip(make_app, trainer, tmp_path):
    ctx, window, ctl = make_app(session=trainer)
    view = copy_template(ctl, window)
    view.select("my-basics")
    out = tmp_path / "out" / "my-basics.zip"
    out.parent.mkdir()
    view.ask_save_zip = lambda _name: str(out)
    view.buttons["export"].click()
    assert out.is_file() and str(out) in view.status_text
    view.ask_open_zip = lambda: str(out)
    view.ask_new_id = lambda _title, suggested: suggested  # the id is taken: the one offered
    view.buttons["import"].click()
    imported = [p for p in view.packs if p.pack_id == "my-basics-2"]
    assert imported, view.status_text
    a = ctx.services.packs.pack(ctx.session, "my-basics")
    b = ctx.services.packs.pack(ctx.session, "my-basics-2")
    assert [[t.caller for t in s.turns] for s in a.scenarios] == [
        [t.caller for t in s.turns] for s in b.scenarios
    ]
    assert [s.title for s in a.scenarios] == [s.title for s in b.scenarios]


def test_delete_asks_first(make_app, trainer):
    ctx, window, ctl = make_app(session=trainer)
    view = copy_template(ctl, window)
    view.select("my-basics")
    view.ask_delete = lambda _pid, _title: False
    view.buttons["delete"].click()
    assert "my-basics" in [p.pack_id for p in view.packs]
    view.ask_delete = lambda _pid, _title: True
    view.buttons["delete"].click()
    assert "my-basics" not in [p.pack_id for p in view.packs]
    assert (ctx.services.data_dir / "trash" / "packs").is_dir()


@pytest.mark.slow
def test_preview_plays_the_caller_lines_in_order(make_app, trainer, qtbot):
    ctx, window, ctl = make_app(session=trainer)
    view = open_list(ctl, window)
    view.select(TEMPLATE)
    view.buttons["open"].click()
    editor = ctl.packs.editor
    assert not editor.view.save_button.isVisible() and editor.view.copy_button.isVisible()
    played = []
    real_play = ctx.audio.play
    ctx.audio.play = lambda path, token: (played.append(path), real_play(path, token))[1]
    click_node(editor, ("scenario", 0))
    preview = editor.preview
    expected = [p for p in preview.paths if p is not None]
    assert preview.lines and expected
    editor.view.preview.play_button.click()
    qtbot.waitUntil(lambda: preview.index is None, timeout=30000)
    assert played == expected
    assert [line.turn_id for line in preview.lines][0] == 1


def test_problems_are_worded_in_the_ui_language():
    from simulator.app.trainer.pack_editor_wording import problem_text

    said = "Input should be greater than or equal to 0"
    assert problem_text(said) == "应大于或等于 0"
    assert problem_text("something new") == "something new"  # shown, never hidden
    i18n.set_language("en")
    try:
        assert problem_text(said) == said
    finally:
        i18n.set_language("zh")


def test_the_pages_are_english_in_english(make_app, trainer):
    from tests.app.test_app_english import chinese_left

    ctx, window, ctl = make_app(session=trainer, language="en")
    try:
        view = open_list(ctl, window)
        assert chinese_left(view) == []
        view.select(TEMPLATE)
        view.buttons["open"].click()
        assert chinese_left(ctl.packs.editor.view.caller_audio) == []
        assert "Shipped template" in ctl.packs.editor.view.heading.text()
    finally:
        i18n.set_language("zh")


def test_add_and_remove_turns_and_answers(make_app, trainer):
    ctx, window, ctl = make_app(session=trainer)
    view = open_list(ctl, window)
    view.ask_new_id = lambda _t, _s: "night-shift"
    view.buttons["new"].click()
    editor = ctl.packs.editor
    ev = editor.view
    click_node(editor, ("scenario", 0))
    add_turn = next(b for b in ev.scroll.widget().findChildren(type(ev.save_button))
                    if b.text() == i18n.tr("ed.add_turn"))  # fmt: skip
    add_turn.click()
    assert ev.node == ("turn", 0, 1) and editor.draft.dirty
    answer = ev.field("scenarios[0].turns[1].model_answers[0].text")
    assert answer.error_text == "至少 2 个字"  # a new turn's empty model answer
    assert ev.field("scenarios[0].turns[0].next.passed") is None  # only this node's fields
    answer.set_text("感谢您的来电，再见。")
    ev.field("scenarios[0].turns[1].caller.text").set_text("好的，再见。")
    ev.add_item.emit("scenarios[0].turns[1].model_answers")
    assert ev.field("scenarios[0].turns[1].model_answers[1].text").error_text
    ev.remove_item.emit("scenarios[0].turns[1].model_answers", 1)
    assert ev.field("scenarios[0].turns[1].model_answers[1].text") is None
    click_node(editor, ("turn", 0, 0))
    ev.field("scenarios[0].turns[0].next.passed").set_text("2")
    assert not editor.problems
    ev.save_button.click()
    assert not editor.draft.dirty, ev.status_text
    turns = on_disk(ctx, "night-shift")["scenarios"][0]["turns"]
    assert [t["id"] for t in turns] == [1, 2] and turns[0]["next"] == {"passed": 2}
    assert turns[1]["model_answers"] == [
        {"text": "感谢您的来电，再见。", "source": "001_ab75b4677eacef2d.txt"}
    ]
    click_node(editor, ("turn", 0, 1))
    ev.remove_turn.emit(0, 1)
    assert ev.node == ("scenario", 0)
    # the branch to the removed turn: the problem on the scenario, the save refused
    assert ev.node_error.text() == "第 1 轮：next.passed = 2 不是本情景的轮次"
    ev.save_button.click()
    assert (
        "scenarios[0]" in ev.status_text
        and len(on_disk(ctx, "night-shift")["scenarios"][0]["turns"]) == 2
    )


def test_packs_pulled_by_a_sync_reach_practice_after_the_call(make_app, trainer):
    """A sync whose report says it pulled packs (``packs_changed``: the services swapped the
    catalog) makes the app take the new catalog (practice lists it), but not in the middle of
    a call: then after the next sync. A report without the flag changes nothing."""
    from simulator.sync.records import SyncReport

    ctx, window, ctl = make_app(session=trainer)
    before = ctx.catalog
    ctx.services.packs.create(trainer, small_pack())  # what a pull does: files + a new catalog
    assert ctx.catalog is before  # nothing told the app yet
    ctl.settings.room.synced.emit(SyncReport(pulled={"attempts": 3}))
    assert ctx.catalog is before  # a sync that pulled no packs: the app keeps its catalog
    ctl.call.active = lambda: True
    ctl.settings.room.synced.emit(SyncReport(pulled={"trainer_packs": 1}, packs_changed=True))
    assert ctx.catalog is before  # a call in progress keeps its catalog
    del ctl.call.active
    ctl.settings.room.synced.emit(SyncReport())  # the next sync, with nothing new
    assert ctx.catalog is ctx.services.resources.catalog and "night-shift" in ctx.catalog.packs
    assert ctx.grader.catalog is ctx.catalog


def test_a_move_can_be_given_the_tone_it_is_said_in(make_app, trainer):
    """An off-protocol move's tone (推诿 …) is chosen in the editor, saved, and read back;
    "(none)" takes it off again."""
    ctx, window, ctl = make_app(session=trainer)
    copy_template(ctl, window)
    editor = open_pack(ctl, window, "my-basics")
    data = editor.draft.data
    s, t = next(
        (i, j)
        for i, sc in enumerate(data["scenarios"])
        for j, turn in enumerate(sc["turns"])
        if turn.get("off_protocol")
    )
    click_node(editor, ("turn", s, t))
    path = f"scenarios[{s}].turns[{t}].off_protocol[0].tone"
    tone = editor.view.field(path)
    tone.choose("shirking")
    assert tone.value() == "shirking" and editor.draft.dirty
    editor.view.save_button.click()
    assert not editor.draft.dirty, editor.view.status_text
    move = on_disk(ctx, "my-basics")["scenarios"][s]["turns"][t]["off_protocol"][0]
    assert move["tone"] == "shirking"
    assert ctx.catalog.scenario(data["scenarios"][s]["id"]).turns[t].off_protocol[0].tone == (
        "shirking"
    )
    tone.choose(None)
    assert tone.value() is None
    editor.view.save_button.click()
    move = on_disk(ctx, "my-basics")["scenarios"][s]["turns"][t]["off_protocol"][0]
    assert move.get("tone") is None
