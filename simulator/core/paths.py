"""Where the repository's data folders are (scenarios/, exams/, assets/, and seeds/: a copy of
the training manuals in ../shared/seeds/, so a clean checkout has them), and the one check that
a path written in a data file stays inside its folder.

A shipped scenario pack names its audio as ``assets/audio/<scenario>/t1.ogg`` (under the
repository); a trainer's pack in the data folder as ``audio/<scenario>/t1.ogg`` (under its own
folder, ``<data>/packs/<pack-id>/``). Such a reference is only ever turned into a file through
:func:`audio_file` or :func:`pack_audio_file`, which refuse anything that could reach outside
the audio folder: ``..``, an absolute path, a backslash, a drive letter, and a symbolic link on
the way that leads elsewhere.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

REPO_ROOT = Path(__file__).resolve().parents[2]
AUDIO_PREFIX = "assets/audio/"
PACK_AUDIO_PREFIX = "audio/"  # a trainer's pack: relative to the pack's own folder
AUDIO_SUFFIXES = (".ogg", ".flac", ".opus", ".wav", ".mp3")
_DRIVE = re.compile(r"^[A-Za-z]:")


class UnsafePath(ValueError):
    """A path from a data file that is malformed or leads outside its folder; ``str()`` is
    one line naming the path and what is wrong with it."""


def repo_root() -> Path:
    return Path(os.environ.get("SIMULATOR_REPO", REPO_ROOT))


def scenarios_dir() -> Path:
    return repo_root() / "scenarios"


def exams_dir() -> Path:
    return repo_root() / "exams"


def audio_dir() -> Path:
    return repo_root() / "assets" / "audio"


def seeds_dir() -> Path:
    """The training manuals (``SIMULATOR_SEEDS`` overrides): the repository's copy in seeds/,
    kept identical to ../shared/seeds/ (a test checks it wherever both exist)."""
    env = os.environ.get("SIMULATOR_SEEDS")
    return Path(env) if env else repo_root() / "seeds"


def shared_seeds_dir() -> Path:
    """The manuals' source of truth beside the repository (absent on some machines)."""
    return repo_root().parent / "shared" / "seeds"


def check_relative(path: str, what: str = "path") -> str:
    """``path`` if it is a plain relative posix path (no ``..``, ``.`` or empty parts, not
    absolute, no backslash, no drive letter, no control characters); else :class:`UnsafePath`
    whose message starts with ``what``."""
    if not isinstance(path, str) or not path:
        raise UnsafePath(f"{what} is empty")
    if "\\" in path:
        raise UnsafePath(f"{what} must use '/', not a backslash: {path!r}")
    if _DRIVE.match(path):
        raise UnsafePath(f"{what} must be relative, not on a drive: {path!r}")
    if path.startswith("/"):
        raise UnsafePath(f"{what} must be relative, not absolute: {path!r}")
    if any(ord(c) < 32 for c in path):
        raise UnsafePath(f"{what} holds a control character: {path!r}")
    parts = path.split("/")
    if ".." in parts:
        raise UnsafePath(f"{what} must not contain '..': {path!r}")
    if any(p in ("", ".") for p in parts):
        raise UnsafePath(f"{what} has an empty or '.' part: {path!r}")
    return path


def check_audio_ref(ref: str, prefix: str = AUDIO_PREFIX) -> str:
    """``ref`` if it is a well-formed audio reference of a data file (``prefix…``, by default
    ``assets/audio/…``, with an audio suffix, see :func:`check_relative`); else
    :class:`UnsafePath`."""
    check_relative(ref, "audio path")
    if not ref.startswith(prefix) or ref == prefix:
        raise UnsafePath(f"audio path must be under {prefix}: {ref!r}")
    if PurePosixPath(ref).suffix.lower() not in AUDIO_SUFFIXES:
        raise UnsafePath(f"audio path must end in one of {', '.join(AUDIO_SUFFIXES)}: {ref!r}")
    return ref


def inside(folder: str | os.PathLike, rel: str, what: str = "path", shown: str = "") -> Path:
    """``folder / rel`` once ``rel`` passes :func:`check_relative` and the path, symbolic links
    resolved, is still inside ``folder``; else :class:`UnsafePath` (naming ``shown``, default
    ``rel``). The file need not exist."""
    check_relative(rel, what)
    shown = shown or rel
    base = Path(folder)
    path = base / rel
    try:
        real, real_base = path.resolve(), base.resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise UnsafePath(f"{what} cannot be resolved ({exc}): {shown!r}") from exc
    if not real.is_relative_to(real_base):
        raise UnsafePath(f"{what} leads outside {base} (to {real}): {shown!r}")
    return path


def audio_file(ref: str, root: str | os.PathLike | None = None) -> Path:
    """The file a pack's audio reference names: ``root/assets/audio/…`` (``root`` defaults to
    the repository; it is the folder that holds ``scenarios/`` and ``assets/``). Raises
    :class:`UnsafePath` when the reference is malformed or leads outside ``assets/audio/``."""
    check_audio_ref(ref)
    base = Path(root) if root is not None else repo_root()
    folder = base / AUDIO_PREFIX.rstrip("/")
    return inside(folder, ref[len(AUDIO_PREFIX) :], "audio path", shown=ref)


def pack_audio_file(ref: str, pack_dir: str | os.PathLike) -> Path:
    """The file a trainer's pack names as ``audio/…``: inside ``pack_dir/audio`` (symbolic
    links resolved), else :class:`UnsafePath`."""
    check_audio_ref(ref, PACK_AUDIO_PREFIX)
    folder = Path(pack_dir) / PACK_AUDIO_PREFIX.rstrip("/")
    return inside(folder, ref[len(PACK_AUDIO_PREFIX) :], "audio path", shown=ref)
