"""Trainee recordings on disk: written atomically, identified by sha256, reconciled at start.

Order that keeps the database honest: the WAV is written atomically (a temporary file, fsynced,
renamed to ``name.wav``, the folder fsynced); only then does the caller insert the database row
that points at it. At start-up, files no row points at are not deleted but kept in
``<data dir>/recovered``, where no row will ever point at them (``salvage``): the ``.part`` of a
take a crash interrupted (its audio made a complete WAV) and a finished take whose row was never
written (e.g. the app died while grading it). Only the app's own temporary files and empty
takes are deleted.
"""

from __future__ import annotations

import os
import shutil
import stat
import time
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from simulator.audio.levels import to_int16
from simulator.audio.recorder import read_part, recover_part, wav_bytes
from simulator.fileutil import (
    TMP_SUFFIX,
    atomic_file,
    atomic_write_bytes,
    fsync_dir,
    sha256_file,  # noqa: F401 - part of this module's API
)

PART_SUFFIX = ".part"
_OURS = (".wav", PART_SUFFIX, TMP_SUFFIX)  # what the app writes in the recordings folder


@dataclass(frozen=True)
class SavedRecording:
    path: Path  # absolute
    relpath: str  # relative to the data folder, posix style (what the database stores)
    sha256: str
    size: int
    duration_s: float
    mtime_ns: int  # with ``size``, lets start-up skip re-hashing an untouched file


class RecordingStore:
    """Files under ``<data dir>/recordings``; paths in the database are relative to data dir."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.folder = self.data_dir / "recordings"
        self.recovered = self.data_dir / "recovered"

    def absolute(self, relpath: str) -> Path:
        return self.data_dir / Path(relpath)

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.data_dir).as_posix()

    def save_wav(self, audio: np.ndarray, sample_rate: int, name: str) -> SavedRecording:
        """Write float audio as 16-bit mono WAV atomically; returns where and its sha256."""
        target = self.folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        pcm = to_int16(np.asarray(audio).reshape(-1))
        atomic_write_bytes(target, wav_bytes(pcm, sample_rate))
        return self._saved(target, pcm.size / float(sample_rate))

    def adopt(self, path: Path, name: str, duration_s: float = 0.0) -> SavedRecording:
        """Take a file the audio backend already finalised: move it in place, fsync, hash."""
        path = Path(path)
        target = self.folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.resolve() != target.resolve():
            try:
                os.replace(path, target)
            except OSError:  # another file system: copy, then drop the original
                with open(path, "rb") as src, atomic_file(target) as dst:
                    shutil.copyfileobj(src, dst)
                path.unlink(missing_ok=True)
        with open(target, "rb") as fh:
            os.fsync(fh.fileno())
        fsync_dir(target.parent)
        return self._saved(target, duration_s or wav_duration(target))

    def existing(self, relpath: str) -> SavedRecording | None:
        """A file already in place (a take a failed write left behind), hashed; None if it is
        not there."""
        target = self.absolute(relpath)
        if not target.is_file():
            return None
        return self._saved(target, wav_duration(target))

    def _saved(self, target: Path, duration_s: float) -> SavedRecording:
        digest = sha256_file(target)
        st = target.stat()
        return SavedRecording(
            target, self._relative(target), digest, st.st_size, duration_s, st.st_mtime_ns
        )

    def check(
        self,
        relpath: str,
        sha256: str | None,
        size: int | None = None,
        mtime_ns: int | None = None,
    ) -> tuple[str, tuple[int, int] | None]:
        """``"ok"``, ``"missing"`` or ``"mismatch"`` for a file a row points at, and the file's
        current ``(size, mtime_ns)``.

        Like the model store, it trusts a file whose size and mtime are the ones recorded and
        hashes only when they differ, so start-up does not read every recording each time.
        """
        path = self.absolute(relpath)
        try:
            st = path.stat()
        except OSError:
            return "missing", None
        if not stat.S_ISREG(st.st_mode):
            return "missing", None
        stamp = (st.st_size, st.st_mtime_ns)
        if not sha256 or stamp == (size, mtime_ns):
            return "ok", stamp
        if size is not None and st.st_size != size:
            return "mismatch", stamp
        return ("ok" if sha256_file(path) == sha256 else "mismatch"), stamp

    def files(self) -> list[Path]:
        """Every file under the recordings folder, sorted."""
        if not self.folder.is_dir():
            return []
        return sorted(path for path in self.folder.rglob("*") if path.is_file())

    def orphans(self, referenced: set[str], files: list[Path] | None = None) -> list[Path]:
        """The app's files (default: all now) no row points at: takes, ``.part`` leftovers and
        temporary files. Anything else (say a file manager's ``.DS_Store``) is not the app's
        to move or delete."""
        files = self.files() if files is None else files
        return [
            path
            for path in files
            if path.name.endswith(_OURS) and self._relative(path) not in referenced
        ]

    def settled(self, path: Path, since_ns: int) -> bool:
        """False if ``path`` is gone or was written after ``since_ns`` (and not in the future,
        as a skewed clock can make it): a take being recorded now, to be left alone."""
        try:
            mtime = path.stat().st_mtime_ns
        except OSError:
            return False
        return not since_ns <= mtime <= time.time_ns()

    def salvage(self, path: Path) -> Path | None:
        """Keep an orphan (a file no row points at) under ``recovered/``: a ``.part`` as a
        complete WAV, anything else unchanged. Returns where it went, or ``None`` if it was
        deleted instead: the app's own temporary file, or a take with no audio in it."""
        if path.name.endswith(TMP_SUFFIX):  # an atomic write that never finished
            path.unlink(missing_ok=True)
            return None
        if path.name.endswith(PART_SUFFIX):
            return self.recover(path)
        if not _holds_audio(path):
            path.unlink(missing_ok=True)
            return None
        return _move(path, self.recovered / path.relative_to(self.folder))

    def discard(self, path: Path) -> None:
        """Delete a take the app chose not to keep (its turn is not saved)."""
        Path(path).unlink(missing_ok=True)

    def recover(self, part: Path) -> Path | None:
        """Keep the audio of a take a crash interrupted (``name.wav.part``) as
        ``recovered/…/name.wav``; ``None`` if it held nothing. A part that cannot be read as
        a WAV is moved there unchanged."""
        rel = part.relative_to(self.folder)
        target = _free(self.recovered / rel.with_name(rel.name.removesuffix(PART_SUFFIX)))
        try:
            return recover_part(part, target)
        except ValueError:
            if part.stat().st_size == 0:
                part.unlink()
                return None
            return _move(part, target.with_name(part.name))


def _move(path: Path, target: Path) -> Path:
    """Rename ``path`` to ``target`` (or ``name-2.ext`` … if taken), both folders fsynced so a
    crash can neither lose it nor bring the original back. Returns where it went."""
    target = _free(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(path, target)  # the same data folder: a rename, never a copy
    fsync_dir(target.parent)
    fsync_dir(path.parent)
    return target


def _holds_audio(path: Path) -> bool:
    """False for an empty file or a WAV with no samples after its header (whatever sizes the
    header claims); True for anything else, unreadable files included: what cannot be judged
    is kept."""
    if path.stat().st_size == 0:
        return False
    try:
        samples, _rate = read_part(path)
    except ValueError:
        return True
    return samples.size > 0


def _free(path: Path) -> Path:
    """``path``, or ``name-2.ext``, ``name-3.ext`` … if it is taken."""
    n = 1
    out = path
    while out.exists():
        n += 1
        out = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return out


def wav_duration(path: Path) -> float:
    try:
        with wave.open(str(path), "rb") as wav:
            return wav.getnframes() / float(wav.getframerate())
    except (OSError, wave.Error, EOFError, ZeroDivisionError):
        return 0.0
