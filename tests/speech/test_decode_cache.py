"""The decode cache of the measuring tools (speech.decode_cache): each clip decoded once, kept
whole across a reload, a missing file skipped, a damaged line named (a fake transcriber; no
Whisper)."""

import json

import numpy as np
import pytest
import soundfile as sf

from simulator.core.heard import Hearing
from simulator.speech.decode_cache import DecodeCache, clip_path, decode_missing, index_clips
from simulator.speech.transcriber import Transcription, Word


class FakeTranscriber:
    load_s = 0.0

    def __init__(self):
        self.calls = 0

    def transcribe(self, samples, checkpoint=None):
        self.calls += 1
        words = [Word("您好", 0.1, 0.5, 0.9), Word("像", 0.5, 0.7, 0.3)]
        return Transcription(
            text="您好向",
            raw_text="您好像",
            words=words,
            unsure=[2],
            hearing=Hearing((0.9, 0.9, 0.3), (0.1, 0.1, 0.5), (0.5, 0.5, 0.7)),
            pieces=2,
        )


def _clip(path):
    t = np.arange(8000) / 16000
    sf.write(str(path), (0.1 * np.sin(2 * np.pi * 220 * t)).astype(np.float32), 16000)
    return path


def test_each_clip_decoded_once_and_kept_whole(tmp_path):
    item = {"id": "R-1", "scenario": "s", "turn": 2, "text": "您好向您道歉", "passed": True}
    clips = [
        (item, "clean", _clip(tmp_path / "R-1-clean.wav")),
        (item, "phone", tmp_path / "R-1-phone.wav"),  # not rendered yet: skipped
    ]
    cache = DecodeCache(tmp_path / "decodes.jsonl")
    fake = FakeTranscriber()
    assert decode_missing(cache, clips, fake) == 1
    assert decode_missing(cache, clips, fake) == 0 and fake.calls == 1

    again = DecodeCache(tmp_path / "decodes.jsonl")
    [entry] = list(again)
    assert entry.key == "R-1:clean" and entry.item == item
    assert (entry.text, entry.raw_text, entry.unsure, entry.pieces) == ("您好向", "您好像", (2,), 2)
    assert entry.hearing == Hearing((0.9, 0.9, 0.3), (0.1, 0.1, 0.5), (0.5, 0.5, 0.7))
    assert entry.words[1] == Word("像", 0.5, 0.7, 0.3)
    assert entry.measures["duration_s"] == pytest.approx(0.5, abs=0.01)

    _clip(tmp_path / "R-1-phone.wav")
    assert decode_missing(again, clips, fake) == 1 and len(DecodeCache(again.path)) == 2


def test_a_damaged_line_is_named(tmp_path):
    path = tmp_path / "decodes.jsonl"
    path.write_text('{"item": {"id": "R-1"}}\n', "utf-8")
    with pytest.raises(ValueError, match=r"decodes\.jsonl:1"):
        DecodeCache(path)


def test_clip_paths_absolute_in_the_repository_or_beside_the_index(tmp_path):
    index = tmp_path / "set" / "replies.jsonl"
    assert clip_path(str(tmp_path / "a.ogg"), index, tmp_path) == tmp_path / "a.ogg"
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "b.ogg").write_bytes(b"")
    assert clip_path("data/b.ogg", index, tmp_path) == tmp_path / "data" / "b.ogg"
    assert clip_path("elsewhere/c.ogg", index, tmp_path) == tmp_path / "set" / "c.ogg"


def test_the_bench_takes_a_rendered_folder_by_its_index(tmp_path):
    from simulator.speech.bench import load_fixtures, rendered_sets

    folder = tmp_path / "long_v"
    folder.mkdir()
    row = {"id": "V-1", "clean": str(folder / "V-1-clean.ogg"), "phone": str(folder / "x.ogg")}
    # a folder moved after rendering: its index names clips it no longer holds there
    moved = {"id": "V-2", "clean": "/gone/V-2-clean.ogg".lstrip("/"), "phone": "V-2-phone.ogg"}
    lines = [json.dumps(r) for r in (row, moved)]
    (folder / "replies.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    sets = rendered_sets([str(folder)])
    assert sets == {"dir:long_v": str(folder / "replies.jsonl")}
    assert load_fixtures(sets["dir:long_v"]) == [
        row,
        {
            "id": "V-2",
            "clean": str(folder / "V-2-clean.ogg"),
            "phone": str(folder / "V-2-phone.ogg"),
        },
    ]
    with pytest.raises(FileNotFoundError, match="replies.jsonl"):
        rendered_sets([str(tmp_path / "not_rendered")])


def test_index_clips_name_every_band_the_index_has(tmp_path):
    index = tmp_path / "set" / "replies.jsonl"
    index.parent.mkdir()
    rows = [
        {"id": "a", "clean": "a-clean.ogg", "phone": "a-phone.ogg"},
        {"id": "b", "clean": "b.ogg"},
    ]
    index.write_text("\n".join(json.dumps(r) for r in rows), "utf-8")
    clips = index_clips(index, tmp_path)
    assert [(item["id"], kind, path.name) for item, kind, path in clips] == [
        ("a", "clean", "a-clean.ogg"),
        ("a", "phone", "a-phone.ogg"),
        ("b", "clean", "b.ogg"),
    ]
    assert all(path.parent == index.parent for _item, _kind, path in clips)


def test_the_bench_grades_each_typed_reply_once_for_all_its_rows():
    from simulator.speech.bench import TypedVerdicts

    calls = []

    class Grader:
        def grade(self, scenario, turn, text):
            calls.append(text)
            return type("R", (), {"passed": "滚" not in text})()

    typed = TypedVerdicts(Grader())
    good = {"scenario": "s", "turn": 1, "text": "您好，请讲"}
    bad = {"scenario": "s", "turn": 1, "text": "滚"}
    assert [typed(good), typed(bad), typed(good), typed(dict(bad))] == [True, False, True, False]
    assert calls == ["您好，请讲", "滚"]
