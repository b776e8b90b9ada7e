"""Shared helpers of the trainer tests: a state fingerprint of a data folder (every file's
bytes and the database's rows), WAV bytes, a small valid pack, and practice turns."""

from __future__ import annotations

import hashlib
import io
import sqlite3
import wave
from pathlib import Path

import numpy as np

from simulator.core.records import TurnRecord

S001 = "001_ab75b4677eacef2d.txt"
RUDE = "你到底想干什么？"  # praise t1: iq.why (interrogating) [0, 7) + missing 回应感谢
RUDE_NI = "你到底想干什么？表扬你收到了。"  # + ad.ni (impolite_address) [10, 11)
GOOD = "不客气，这是我们应该做的。"


def fingerprint(data_dir: Path) -> str:
    """sha256 over every file of the data folder (the database's by its rows, since SQLite's
    shared-memory file changes on reads) — equal before and after: nothing changed."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(data_dir).rglob("*") if p.is_file()):
        if path.name.startswith("simulator.db"):
            continue
        digest.update(str(path.relative_to(data_dir)).encode())
        digest.update(path.read_bytes())
    conn = sqlite3.connect(f"file:{Path(data_dir) / 'simulator.db'}?mode=ro", uri=True)
    try:
        for line in conn.iterdump():
            digest.update(line.encode())
    finally:
        conn.close()
    return digest.hexdigest()


def wav(seconds_silence: float = 0.5, seconds_tone: float = 1.0, rate: int = 16000) -> bytes:
    """A WAV: silence, a 220 Hz tone with a little noise (speech-like energy), silence."""
    rng = np.random.default_rng(7)
    quiet = rng.normal(0, 0.001, int(seconds_silence * rate))
    t = np.arange(int(seconds_tone * rate)) / rate
    tone = 0.3 * np.sin(2 * np.pi * 220 * t) + rng.normal(0, 0.01, t.size)
    x = np.concatenate([quiet, tone, quiet])
    pcm = np.clip(np.round(x * 32767), -32768, 32767).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return buf.getvalue()


def small_pack(pack_id: str = "night-shift", audio: str | None = None) -> dict:
    """A two-turn pack in the trainer form: a thanking caller, then a goodbye."""
    caller = {"text": "谢谢你们帮我修好了线路！"}
    if audio:
        caller["audio"] = audio
    return {
        "pack": pack_id,
        "title": "夜班练习",
        "title_en": "Night shift practice",
        "source": [S001],
        "scenarios": [
            {
                "id": f"{pack_id}-thanks",
                "title": "客户致谢",
                "title_en": "A caller says thanks",
                "difficulty": 1,
                "source": [S001],
                "persona": {"gender": "male", "age": 60, "mood": "happy"},
                "turns": [
                    {
                        "id": 1,
                        "caller": caller,
                        "required": ["回应感谢"],
                        "model_answers": [{"text": "不客气，这是我们应该做的。", "source": S001}],
                        "next": {"passed": 2, "failed": 2},
                    },
                    {
                        "id": 2,
                        "caller": {"text": "好的，再见。"},
                        "required": ["结束语"],
                        "model_answers": [
                            {"text": "感谢您的来电，再见。", "source": S001},
                        ],
                    },
                ],
            }
        ],
    }


def turn(grader, scenario: str, turn_id: int, text: str, seq: int = 1) -> TurnRecord:
    """A typed reply graded by the real grader, as the call screen would save it."""
    result = grader.grade(scenario, turn_id, text)
    return TurnRecord(seq, result, "（来电）", "typed")


def call(services, grader, who, *replies: str, scenario: str = "praise", record: bool = False):
    """A completed call of turn-1 replies (one turn each, a new attempt); its turn ids."""
    pack = services.resources.catalog.scenario_pack[scenario]
    grader = services.resources.grader  # the seat's: with its trainers' packs
    if record and not services.privacy.may_record(who.user_id):
        services.privacy.give_consent(who)  # recordings are kept only with consent
    attempt = services.practice.start_attempt(who, scenario, pack, "表扬", "Praise", "voice")
    ids = []
    for seq, text in enumerate(replies, start=1):
        saved = None
        if record:
            saved = services.recordings.save_wav(
                np.zeros(1600, dtype=np.float32), 16000, f"{attempt}/{seq:02d}.wav"
            )
        ids.append(
            services.practice.record_turn(who, attempt, turn(grader, scenario, 1, text, seq), saved)
        )
    services.practice.finish_attempt(who, attempt, "completed")
    return attempt, ids
