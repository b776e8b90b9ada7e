"""Render caller lines to telephone-quality OGG files and keep ``manifest.json`` in step.

A *line* is a mapping (or an object with the same attributes)::

    {"text": "你们怎么回事啊！…",             # what the caller says; '' or '（无声）' = silent call
     "persona": {"gender": "male", "age": 45, "mood": "angry",
                 "dialect": "mandarin", "line_quality": "clear"},
     "path": "assets/audio/angry-caller/t1.ogg",  # .ogg; see below ("audio" also accepted)
     "recorded": False}                       # optional: True = a trainer's own recording

``path`` is relative to the audio dir (``out_dir``), posix style; a leading
``assets/audio/`` (the form of ``CallerLine.audio`` in scenario packs) is dropped when
locating the file, so ``render_lines(lines, AUDIO_DIR)`` writes to the repo's assets/audio.
Manifest keys are the paths exactly as given (normalized), so the app can look up
``manifest[turn.caller.audio]``.

Public API::

    render_lines(lines, out_dir=AUDIO_DIR, tts_python=DEFAULT_TTS_PYTHON, force=False)
    stale_lines(lines, manifest, audio_dir=AUDIO_DIR)
    voice_hash(text, persona, recorded=False)
    load_manifest(audio_dir) / save_manifest(manifest, audio_dir)

``manifest.json`` (in the audio dir) maps each path to
``{"sha256_text_voice", "sha256_file", "source": "tts"|"silent"|"recorded", "duration_s"}``.
``sha256_text_voice`` covers text, normalized persona and :data:`voices.VOICE_VERSION`, so
editing a line or the effect chain marks it stale; ``sha256_file`` catches files replaced
or edited by hand. Vorbis files are not byte-reproducible (random Ogg stream serial), so
only stale lines are rendered unless ``force=True``, which keeps git diffs small.

TTS runs in a separate venv (``tools/tts/setup.sh`` creates ``.venv-tts``) through
``tools/tts/synth_worker.py``; silent and recorded lines never need it. Stage directions in
full-width or ASCII brackets, e.g. '（粤语）' or '（杂音）', are not spoken.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from simulator.authoring import voices
from simulator.core.paths import AUDIO_PREFIX, check_audio_ref, check_relative, inside
from simulator.fileutil import atomic_file, atomic_write_bytes

REPO_ROOT = Path(__file__).resolve().parents[2]
AUDIO_DIR = REPO_ROOT / "assets" / "audio"
MANIFEST_NAME = "manifest.json"
DEFAULT_TTS_PYTHON = REPO_ROOT / ".venv-tts" / "bin" / "python"
WORKER = REPO_ROOT / "tools" / "tts" / "synth_worker.py"

_STAGE_DIRECTION = re.compile(r"（[^）]*）|\([^)]*\)")


class TTSUnavailableError(RuntimeError):
    """The TTS venv is missing or its worker cannot start."""


class RenderError(RuntimeError):
    """Some lines failed; ``results`` holds every line's outcome (manifest already saved)."""

    def __init__(self, message: str, results: list[dict]):
        super().__init__(message)
        self.results = results


# --------------------------------------------------------------------------- helpers


def _field(line: Any, key: str, default: Any = None) -> Any:
    if isinstance(line, Mapping):
        return line.get(key, default)
    return getattr(line, key, default)


def _line_parts(line: Any) -> tuple[str, dict, str, bool]:
    text = _field(line, "text") or ""
    persona = _field(line, "persona") or {}
    if not isinstance(persona, Mapping):  # e.g. a pydantic model
        persona = persona.model_dump() if hasattr(persona, "model_dump") else vars(persona)
    path = _field(line, "path") or _field(line, "audio")
    if not path:
        raise ValueError(f"line without a target path: {text[:30]!r}")
    return str(text), dict(persona), _check_path(str(path)), bool(_field(line, "recorded", False))


def _check_path(path: str) -> str:
    """``path`` if it is a safe audio reference (the core's check, :mod:`simulator.core.paths`),
    written either as in the packs (``assets/audio/…``) or relative to the audio dir."""
    ref = path if path.startswith(AUDIO_PREFIX) else AUDIO_PREFIX + path
    check_relative(path, "audio path")
    check_audio_ref(ref)
    return path


def _locate(audio_dir: str | os.PathLike, path: str) -> Path:
    """File for manifest key ``path`` inside ``audio_dir`` (drops a leading assets/audio/);
    :class:`~simulator.core.paths.UnsafePath` if it (a symbolic link on the way) leads out."""
    rel = path[len(AUDIO_PREFIX) :] if path.startswith(AUDIO_PREFIX) else path
    return inside(audio_dir, rel, "audio path", shown=path)


def spoken_text(text: str) -> str:
    """``text`` without bracketed stage directions like '（粤语）' or '（杂音）'."""
    return _STAGE_DIRECTION.sub("", text or "").strip()


def voice_hash(text: str, persona: Mapping | None, recorded: bool = False) -> str:
    """sha256 of the canonical JSON of (text, normalized persona, voice version, source).

    Stable across key order, Python runs and machines.
    """
    payload = {
        "text": (text or "").strip(),
        "persona": voices.normalize_persona(dict(persona or {})),
        "voice_version": voices.VOICE_VERSION,
        "source": "recorded" if recorded else "tts",
    }
    canon = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()


def file_sha256(path: str | os.PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def load_manifest(audio_dir: str | os.PathLike = AUDIO_DIR) -> dict:
    """The manifest in ``audio_dir`` ({} if there is none)."""
    p = Path(audio_dir) / MANIFEST_NAME
    if not p.exists():
        return {}
    return json.loads(p.read_text(encoding="utf-8"))


def save_manifest(manifest: Mapping, audio_dir: str | os.PathLike = AUDIO_DIR) -> Path:
    p = Path(audio_dir) / MANIFEST_NAME
    p.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(dict(sorted(manifest.items())), ensure_ascii=False, indent=2) + "\n"
    atomic_write_bytes(p, text.encode("utf-8"))
    return p


def stale_lines(
    lines: Iterable[Any], manifest: Mapping, audio_dir: str | os.PathLike = AUDIO_DIR
) -> list[Any]:
    """Lines whose audio file is missing, has no manifest entry, or whose text/voice hash or
    file hash no longer matches the manifest. Returns the line objects themselves, in order.
    """
    out = []
    for line in lines:
        text, persona, path, recorded = _line_parts(line)
        entry = manifest.get(path)
        target = _locate(audio_dir, path)
        if (
            entry is None
            or not target.is_file()
            or entry.get("sha256_text_voice") != voice_hash(text, persona, recorded)
            or entry.get("sha256_file") != file_sha256(target)
        ):
            out.append(line)
    return out


# --------------------------------------------------------------------------- TTS worker


class TTSWorker:
    """``synth_worker.py`` in the TTS venv, started on first use, one request at a time."""

    def __init__(self, tts_python: Path):
        self.tts_python = Path(tts_python)
        self.proc: subprocess.Popen | None = None
        self.stderr = None

    def check(self) -> None:
        if not self.tts_python.exists():
            raise TTSUnavailableError(
                f"TTS venv not found ({self.tts_python}). Create it once with:\n"
                f"    bash {WORKER.parent / 'setup.sh'}\n"
                "(only needed to render caller audio; the app and tests never need it)"
            )

    def _start(self) -> None:
        self.check()
        self.stderr = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        env = dict(os.environ, PYTHONIOENCODING="utf-8", TF_CPP_MIN_LOG_LEVEL="2")
        env.pop("PYTHONPATH", None)
        env.pop("VIRTUAL_ENV", None)
        try:
            self.proc = subprocess.Popen(
                [str(self.tts_python), str(WORKER)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self.stderr,
                text=True,
                encoding="utf-8",
                env=env,
                cwd=str(REPO_ROOT),
            )
        except OSError as exc:
            raise TTSUnavailableError(
                f"cannot start the TTS worker with {self.tts_python}: {exc}\n"
                f"Re-create the venv with: bash {WORKER.parent / 'setup.sh'}"
            ) from exc

    def _stderr_tail(self) -> str:
        if self.stderr is None:
            return ""
        self.stderr.seek(0)
        return "".join(self.stderr.readlines()[-15:])

    def synth(self, text: str, out_wav: str, engine: str, variant: str | None) -> dict:
        if self.proc is None:
            self._start()
        assert self.proc is not None and self.proc.stdin and self.proc.stdout
        req = {"text": text, "out_wav": out_wav, "engine": engine}
        if variant:
            req["variant"] = variant
        try:
            self.proc.stdin.write(json.dumps(req, ensure_ascii=False) + "\n")
            self.proc.stdin.flush()
            reply = self.proc.stdout.readline()
        except (BrokenPipeError, OSError):
            reply = ""
        if not reply:
            raise TTSUnavailableError("TTS worker exited unexpectedly:\n" + self._stderr_tail())
        return json.loads(reply)

    def close(self) -> None:
        if self.proc is not None:
            try:
                if self.proc.stdin:
                    self.proc.stdin.close()
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None
        if self.stderr is not None:
            self.stderr.close()
            self.stderr = None


# --------------------------------------------------------------------------- rendering


def write_ogg(audio, target: Path) -> None:
    import soundfile as sf

    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(target) as fh:
        sf.write(fh, audio, voices.OUT_SR, format="OGG", subtype="VORBIS")


def _read_wav(path: str):
    import soundfile as sf

    audio, sr = sf.read(path, dtype="float32", always_2d=False)
    return audio, sr


def render_lines(
    lines: Iterable[Any],
    out_dir: str | os.PathLike = AUDIO_DIR,
    tts_python: str | os.PathLike = DEFAULT_TTS_PYTHON,
    force: bool = False,
    log: Callable[[str], None] | None = None,
) -> list[dict]:
    """Render the stale lines (all lines if ``force``) into ``out_dir`` and update its manifest.

    * TTS lines: worker -> :func:`voices.apply_voice` (seeded by the voice hash) -> OGG
      Vorbis, 16 kHz mono, at ``out_dir/path``.
    * Silent lines (text '' or '（无声）'): faint line hiss from :func:`voices.render_silent`;
      no TTS.
    * Recorded lines (``recorded`` true): the file at ``out_dir/path`` is the trainer's own
      recording; it is never overwritten, only hashed into the manifest (must exist).

    Returns one dict per input line: ``path``, ``status`` ('rendered' | 'silent' |
    'recorded' | 'up-to-date' | 'error'), and where known ``duration_s``, ``bytes``,
    ``synth_s`` (TTS time), ``total_s``, ``error``, ``warnings`` (e.g. unspoken Latin letters). The manifest is saved even if some lines
    fail; then :class:`RenderError` is raised. Raises :class:`TTSUnavailableError` (before
    writing anything) if a line needs TTS and ``tts_python`` does not exist.
    """
    out_dir = Path(out_dir)
    lines = list(lines)
    parsed = [_line_parts(line) for line in lines]
    seen: dict[str, str] = {}
    for text, persona, path, recorded in parsed:
        h = voice_hash(text, persona, recorded)
        if seen.setdefault(path, h) != h:
            raise ValueError(f"two different lines share the audio path {path}")
    manifest = load_manifest(out_dir)
    todo = {id(x) for x in (lines if force else stale_lines(lines, manifest, out_dir))}
    needs_tts = any(
        id(line) in todo and not rec and not voices.is_silent_text(text)
        for line, (text, persona, _p, rec) in zip(lines, parsed, strict=True)
    )
    worker = TTSWorker(Path(tts_python))  # started lazily, on the first TTS line
    if needs_tts:
        worker.check()  # fail before writing anything if the TTS venv is missing
    say = log or (lambda _msg: None)
    results: list[dict] = []
    try:
        with tempfile.TemporaryDirectory(prefix="render-") as tmp:
            for i, (line, (text, persona, path, recorded)) in enumerate(
                zip(lines, parsed, strict=True)
            ):
                target = _locate(out_dir, path)
                res: dict[str, Any] = {"path": path}
                if id(line) not in todo:
                    res["status"] = "up-to-date"
                    results.append(res)
                    continue
                t0 = time.perf_counter()
                vhash = voice_hash(text, persona, recorded)
                try:
                    if recorded:
                        if not target.is_file():
                            raise FileNotFoundError(f"recording missing: {target}")
                        res["status"], source = "recorded", "recorded"
                        res["duration_s"] = _duration(target)
                    else:
                        if not path.endswith(".ogg"):
                            raise ValueError(f"rendered audio must be .ogg: {path}")
                        seed = int(vhash[:8], 16)
                        if voices.is_silent_text(text):
                            audio = voices.render_silent(seed)
                            res["status"], source = "silent", "silent"
                        else:
                            params = voices.voice_params(persona)
                            wav = os.path.join(tmp, f"{i}.wav")
                            rep = worker.synth(
                                spoken_text(text), wav, params.engine, params.espeak_variant
                            )
                            if not rep.get("ok"):
                                raise RuntimeError(f"TTS failed: {rep.get('error')}")
                            res["synth_s"] = rep.get("synth_s")
                            if rep.get("warnings"):
                                res["warnings"] = rep["warnings"]
                            raw, sr = _read_wav(wav)
                            audio = voices.apply_voice(raw, sr, persona, seed)
                            res["status"], source = "rendered", "tts"
                        write_ogg(audio, target)
                        res["duration_s"] = round(len(audio) / voices.OUT_SR, 3)
                    res["bytes"] = target.stat().st_size
                    manifest[path] = {
                        "sha256_text_voice": vhash,
                        "sha256_file": file_sha256(target),
                        "source": source,
                        "duration_s": res["duration_s"],
                    }
                except TTSUnavailableError:
                    raise
                except Exception as exc:
                    res["status"], res["error"] = "error", f"{type(exc).__name__}: {exc}"
                res["total_s"] = round(time.perf_counter() - t0, 3)
                say(
                    f"{res['status']:>10} {path} {res.get('duration_s', '')}"
                    f"{' ' + res['error'] if 'error' in res else ''}"
                    f"{' (' + '; '.join(res['warnings']) + ')' if 'warnings' in res else ''}"
                )
                results.append(res)
    finally:
        worker.close()
        save_manifest(manifest, out_dir)
    failed = [r for r in results if r["status"] == "error"]
    if failed:
        raise RenderError(
            f"{len(failed)} line(s) failed: "
            + "; ".join(f"{r['path']}: {r['error']}" for r in failed),
            results,
        )
    return results


def _duration(path: Path) -> float:
    import soundfile as sf

    info = sf.info(str(path))
    return round(info.frames / info.samplerate, 3)
