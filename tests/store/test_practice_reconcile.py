"""Start-up reconciliation of the database with the recordings on disk: untouched files are
not re-read, changed ones are caught, a missing file is marked (never unlinked) and re-linked when
it is back, and a take a crash interrupted or a finished take whose row was never written is kept
rather than deleted, unless a take is being recorded into it meanwhile."""

from __future__ import annotations

import os
import time
import wave
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from simulator.core.records import TurnRecord
from simulator.core.result import result_from_dict
from simulator.store import recordings
from simulator.store.db import Database
from simulator.store.practice import PracticeStore, ReconcileReport
from simulator.store.recordings import RecordingStore
from tests.audio.audio_helpers import crashed_part

RESULT = {"turn": 1, "scenario": "s", "score": 90, "passed": True, "transcript": "好的"}


@pytest.fixture
def hashes(monkeypatch):
    """The files hashed so far (sha256_file still does its work)."""
    seen: list[str] = []
    real = recordings.sha256_file

    def counting(path):
        seen.append(os.fspath(path))
        return real(path)

    monkeypatch.setattr(recordings, "sha256_file", counting)
    return seen


def open_store(tmp_path) -> PracticeStore:
    data = tmp_path / "data"
    return PracticeStore(Database(data), RecordingStore(data))


def _store_with_turn(tmp_path) -> tuple[PracticeStore, TurnRecord, str]:
    store = open_store(tmp_path)
    attempt = store.start_attempt(None, "s", "p", "标题", "Title", "voice")
    audio = np.sin(np.linspace(0, 300, 16000)).astype(np.float32) * 0.3
    saved = store.recordings.save_wav(audio, 16000, "k/01-t1-1.wav")
    record = TurnRecord(1, result_from_dict(RESULT), "喂？", "voice")
    store.record_turn(attempt, record, saved)
    (row,) = store.attempt_turns(attempt)
    return store, row, attempt


def _row(store, attempt) -> dict:
    return store.db.one("SELECT * FROM turns WHERE attempt_id=?", [attempt])


EMPTY = ReconcileReport()


def _shift_mtime(path, seconds: int) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + seconds * 1_000_000_000))


def test_unchanged_recording_is_not_hashed_again(tmp_path, hashes):
    store, row, attempt = _store_with_turn(tmp_path)
    hashes.clear()
    assert store.reconcile() == EMPTY
    assert hashes == []  # size and mtime as saved: trusted without reading the file
    assert store.attempt_turns(attempt)[0].recording == row.recording
    store.db.close()


def test_touched_recording_is_hashed_once_then_trusted(tmp_path, hashes):
    store, row, attempt = _store_with_turn(tmp_path)
    path = row.recording
    _shift_mtime(Path(path), 5)  # e.g. the data folder was copied: same bytes, new mtime
    hashes.clear()
    assert store.reconcile() == EMPTY
    assert hashes == [str(path)]
    assert _row(store, attempt)["recording_mtime_ns"] == Path(path).stat().st_mtime_ns
    hashes.clear()
    store.reconcile()
    assert hashes == []
    store.db.close()


def test_changed_recording_is_marked_not_unlinked(tmp_path, hashes):
    store, row, attempt = _store_with_turn(tmp_path)
    path = Path(row.recording)
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF  # same size, one sample different
    path.write_bytes(bytes(data))
    _shift_mtime(path, 5)
    report = store.reconcile()
    assert report.changed == [row.id]
    (after,) = store.attempt_turns(attempt)
    assert after.recording == row.recording and after.recording_status == "mismatch"
    store.db.close()


def test_missing_recording_is_marked_then_relinked_when_back(tmp_path):
    store, row, attempt = _store_with_turn(tmp_path)
    path = Path(row.recording)
    moved = tmp_path / "elsewhere.wav"
    os.replace(path, moved)  # a moved or briefly unmounted folder
    report = store.reconcile()
    assert report.missing == [row.id]
    (after,) = store.attempt_turns(attempt)
    assert after.recording == row.recording and after.recording_status == "missing"
    assert store.reconcile() == ReconcileReport(lost=1)  # still missing: reported once, link kept
    os.replace(moved, path)
    report = store.reconcile()
    assert report.relinked == [row.id]
    (back,) = store.attempt_turns(attempt)
    assert back.recording_status == "ok"
    store.db.close()


def test_interrupted_take_is_recovered_not_deleted(tmp_path):
    store, row, attempt = _store_with_turn(tmp_path)
    folder = store.recordings.folder / "k"
    samples = (np.sin(np.linspace(0, 900, 24000)) * 9000).astype(np.int16)
    part = folder / "02-t2-1.wav.part"
    crashed_part(part, samples, flushed=8000)
    stray = folder / "02-t2-0.wav.1a2b3c4d.tmp"  # an atomic write that never finished
    stray.write_bytes(b"RIFF")
    report = store.reconcile()
    kept = tmp_path / "data" / "recovered" / "k" / "02-t2-1.wav"
    assert report.recovered == [str(kept)] and report.removed == [str(stray)]
    assert not part.exists() and not stray.exists()
    data, rate = sf.read(str(kept), dtype="int16")
    assert rate == 16000 and np.array_equal(data, samples[:-1])
    turns = store.attempt_turns(attempt, include_superseded=True)
    assert [t.recording for t in turns] == [row.recording]  # nothing points at it
    assert store.reconcile() == EMPTY
    assert kept.is_file() and Path(row.recording).is_file()
    store.db.close()


def test_unreadable_part_is_kept_as_it_is_and_empty_one_dropped(tmp_path):
    store = open_store(tmp_path)
    folder = store.recordings.folder / "k"
    folder.mkdir(parents=True)
    (folder / "01-t1-1.wav.part").write_bytes(b"half written")
    (folder / "01-t1-2.wav.part").write_bytes(b"")
    report = store.reconcile()
    kept = tmp_path / "data" / "recovered" / "k" / "01-t1-1.wav.part"
    assert report.recovered == [str(kept)] and kept.read_bytes() == b"half written"
    assert report.removed == [str(folder / "01-t1-2.wav.part")]
    assert store.recordings.files() == []
    store.db.close()


def test_take_begun_during_reconcile_is_left_alone(tmp_path, monkeypatch):
    store, row, _attempt = _store_with_turn(tmp_path)
    _shift_mtime(Path(row.recording), 5)  # so that reconcile hashes it, when the take starts
    live = store.recordings.folder / "k" / "02-t2-1.wav.part"
    real = recordings.sha256_file

    def hash_while_a_take_starts(p):
        live.write_bytes(b"RIFF....WAVE")  # the recorder has just opened it
        return real(p)

    monkeypatch.setattr(recordings, "sha256_file", hash_while_a_take_starts)
    report = store.reconcile()
    assert report.recovered == [] and report.removed == []
    assert live.read_bytes() == b"RIFF....WAVE"
    store.db.close()


def _wav(path, frames: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\x01\x02" * frames)


def test_finished_take_without_a_row_is_recovered_not_deleted(tmp_path):
    store, row, attempt = _store_with_turn(tmp_path)
    audio = np.cos(np.linspace(0, 400, 16000)).astype(np.float32) * 0.3
    # The app died while grading: the recorder finalised the take, no row was written.
    unsaved = store.recordings.save_wav(audio, 16000, "k/02-t2-1.wav")
    content = unsaved.path.read_bytes()
    earlier = tmp_path / "data" / "recovered" / "k" / "02-t2-1.wav"
    earlier.parent.mkdir(parents=True)
    earlier.write_bytes(b"recovered at an earlier start")
    folder = store.recordings.folder / "k"
    (folder / "02-t2-2.wav").write_bytes(b"")  # nothing recorded: not worth keeping
    _wav(folder / "02-t2-3.wav", 0)  # a header, no audio
    (folder / "03-t3-1.wav.9f8e7d6c.tmp").write_bytes(b"RIFF half")  # the app's temporary file
    (folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")  # not the app's: left where it is
    report = store.reconcile()
    kept = earlier.with_name("02-t2-1-2.wav")
    assert report.missing == [] and report.recovered == [str(kept)]
    assert sorted(report.removed) == [
        str(folder / name) for name in ("02-t2-2.wav", "02-t2-3.wav", "03-t3-1.wav.9f8e7d6c.tmp")
    ]
    assert kept.read_bytes() == content and not unsaved.path.exists()
    assert earlier.read_bytes() == b"recovered at an earlier start"
    assert [p.name for p in store.recordings.files()] == [".DS_Store", "01-t1-1.wav"]
    turns = store.attempt_turns(attempt, include_superseded=True)
    assert [t.recording for t in turns] == [row.recording]  # nothing points at it
    assert store.reconcile() == EMPTY
    assert kept.read_bytes() == content
    store.db.close()


def test_listed_take_still_being_recorded_is_left_alone(tmp_path, monkeypatch):
    store, row, _attempt = _store_with_turn(tmp_path)
    _shift_mtime(Path(row.recording), 5)  # hashed: the take goes on meanwhile
    folder = store.recordings.folder / "k"
    live = folder / "02-t2-1.wav.part"
    live.write_bytes(b"RIFF....WAVE")
    finishing = folder / "03-t3-1.wav.part"
    _wav(finishing, 800)
    real = recordings.sha256_file

    def hash_while_takes_go_on(p):
        time.sleep(0.05)  # past the file system's clock granularity
        with open(live, "ab") as fh:  # the recorder writes another block
            fh.write(b"\0" * 640)
        os.replace(finishing, finishing.with_suffix(""))  # the recorder finalises its take
        return real(p)

    monkeypatch.setattr(recordings, "sha256_file", hash_while_takes_go_on)
    report = store.reconcile()
    assert report == EMPTY
    assert live.stat().st_size == 12 + 640 and (folder / "03-t3-1.wav").is_file()
    assert not (tmp_path / "data" / "recovered").exists()
    store.db.close()
