"""Drive the real app under Xvfb through the trainer's pack list and editor and take
screenshots (not a test).

    Xvfb :99 -screen 0 1280x800x24 &
    DISPLAY=:99 .venv/bin/python tests/app/tools/shoot_packs.py docs/screenshots [--lang en]

A trainer copies a shipped template, opens a turn and types an invalid value (the problem at
the field), fixes it, records the caller line with the fake microphone and trims it, saves
it into the pack, looks at the preview, and imports a bad zip (refused).
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))


def _bad_zip(path: Path) -> Path:
    import yaml

    from tests.trainer.helpers import small_pack

    data = small_pack("night-shift")
    data["scenarios"][0]["turns"][0]["caller"]["volume"] = 3
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("pack.yaml", yaml.safe_dump(data, allow_unicode=True))
    return path


from tests.app.tools.accounts import signed_in  # noqa: E402
from tests.app.tools.launch import launch  # noqa: E402
from tests.app.tools.stepper import run_steps  # noqa: E402


def main() -> int:
    tool = launch("shoot-packs-")
    who = signed_in(tool.data, ("li", "李雷", "trainer"), admin_name="管理员")

    from simulator.app.services.device_port import DevicePort
    from simulator.audio.fake import FileAudioBackend
    from tests.app.fakes import reply

    port = DevicePort(
        FileAudioBackend(speed=8.0, trailing_silence_s=2.0),
        sources=[reply("angry-good-t1")],
        recordings_dir=tool.tmp / "takes",
    )
    ctx, window, ctl = tool.start(port=port, session=who)
    shot = tool.shot

    packs = ctl.packs
    editor = packs.editor
    turn = "scenarios[0].turns[0]"

    def copy_template() -> None:
        packs.view.select("service-basics")
        packs.view.ask_new_id = lambda _title, _suggested: "my-basics"
        packs.view.buttons["copy"].click()

    def open_mine() -> None:
        packs.view.select("my-basics")
        packs.view.buttons["open"].click()

    def node(n: tuple) -> None:
        editor.view.tree.setCurrentItem(editor.view._items[n])

    def field(path: str):
        return editor.view.field(path)

    def import_bad() -> None:
        packs.view.ask_open_zip = lambda: str(_bad_zip(tool.tmp / "night-shift.zip"))
        packs.view.buttons["import"].click()

    idle = (lambda: True, lambda: None)
    steps = [
        (lambda: ctx.catalog is not None, lambda: ctl.navigate("packs")),
        (lambda: packs.view is not None and packs.view.packs, copy_template),
        (lambda: "my-basics" in [p.pack_id for p in packs.view.packs], lambda: None),
        idle,
        (lambda: True, lambda: shot("packs-list")),
        (lambda: True, open_mine),
        (lambda: window.current_page() == "pack_editor", lambda: node(("turn", 0, 0))),
        (lambda: True, lambda: field(f"{turn}.timing.wait_before_s").set_text("-1")),
        (lambda: True, lambda: editor.view.save_button.click()),
        idle,
        (lambda: True, lambda: shot("pack-editor-invalid")),
        (lambda: True, lambda: field(f"{turn}.timing.wait_before_s").set_text("1")),
        (lambda: True, lambda: editor.view.save_button.click()),
        (lambda: not editor.draft.dirty, lambda: node(("turn", 0, 1))),
        (lambda: True, lambda: editor.view.caller_audio.buttons["record"].click()),
        (lambda: editor.caller_audio.samples is not None, lambda: None),
        (
            lambda: True,
            lambda: editor.view.caller_audio.set_trim(
                editor.caller_audio.trim[0] + 0.1, editor.caller_audio.trim[1] - 0.1
            ),
        ),
        idle,
        (lambda: True, lambda: shot("pack-editor-caller-audio")),
        (lambda: True, lambda: editor.view.caller_audio.buttons["save_take"].click()),
        idle,
        (lambda: True, lambda: node(("scenario", 0))),
        idle,
        (lambda: True, lambda: shot("pack-editor-scenario")),
        (lambda: True, lambda: editor.view.back_button.click()),
        (lambda: window.current_page() == "packs", import_bad),
        idle,
        (lambda: True, lambda: shot("packs-import-refused")),
        (lambda: True, lambda: window.close()),
    ]
    code = run_steps(tool.app, window, ctl, steps, tick_ms=300, limit_ms=120000)
    return code


if __name__ == "__main__":
    sys.exit(main())
