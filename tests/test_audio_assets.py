"""Every caller line and model answer with an audio path has a current rendered file."""

from simulator.authoring.cli import scenario_lines
from simulator.authoring.render import load_manifest, stale_lines
from simulator.core.paths import audio_dir


def test_every_line_has_fresh_audio():
    lines = scenario_lines()
    assert len(lines) >= 60
    stale = stale_lines(lines, load_manifest(audio_dir()), audio_dir())
    assert not stale, "run `simulator render-audio`: " + ", ".join(s["path"] for s in stale[:10])


def test_editing_a_line_makes_it_stale():
    lines = scenario_lines(["angry-caller"])
    edited = [dict(lines[0], text=lines[0]["text"] + "！")]
    assert stale_lines(edited, load_manifest(audio_dir()), audio_dir()) == edited
