"""The app opens a pack's audio only through the core's path check: a reference that leads
outside assets/audio/ (here through a symbolic link) is never played."""

from __future__ import annotations

from simulator.app.context import AppContext


def _context(root) -> AppContext:
    return AppContext(
        runner=None,
        services=None,
        audio=None,
        speech=None,
        settings=None,
        settings_store=None,
        scenarios_root=root / "scenarios",
    )


def test_audio_path_stays_inside_the_audio_folder(tmp_path, caplog):
    audio = tmp_path / "assets" / "audio"
    (audio / "call").mkdir(parents=True)
    (audio / "call" / "t1.ogg").write_bytes(b"x")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "t1.ogg").write_bytes(b"x")
    (audio / "evil").symlink_to(outside, target_is_directory=True)
    (tmp_path / "t1.ogg").write_bytes(b"x")
    ctx = _context(tmp_path)
    assert ctx.audio_path("assets/audio/call/t1.ogg") == audio / "call" / "t1.ogg"
    assert ctx.audio_path("assets/audio/call/missing.ogg") is None
    assert ctx.audio_path(None) is None
    for bad in ("assets/audio/evil/t1.ogg", "assets/audio/../../t1.ogg", str(outside / "t1.ogg")):
        assert ctx.audio_path(bad) is None, bad
    assert "leads outside" in caplog.text and "'..'" in caplog.text
