"""Render a small demo set of caller lines and report timings (run in the app venv).

    .venv/bin/python tools/tts/demo.py [OUT_DIR]        # default /tmp/tts_demo

Needs .venv-tts (bash tools/tts/setup.sh) and the authoring extras. If faster-whisper and
its model are available, each line is transcribed as a rough intelligibility check.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from simulator.authoring.render import render_lines  # noqa: E402

DEMO_LINES = [
    {
        "text": "你们怎么回事啊！我家宽带断了三天了，打了好几次电话都没人管，你们到底还想不想干了！",
        "persona": {"gender": "male", "age": 45, "mood": "angry"},
        "path": "angry_male_45.ogg",
    },
    {
        "text": "我建议你们周末也安排人上门维修，上班族平时根本没时间在家。",
        "persona": {"gender": "female", "age": 30, "mood": "calm"},
        "path": "calm_female_30.ogg",
    },
    {
        "text": "我想问一下，我们小区老旧电表改造，政府到底怎么补贴？",
        "persona": {"gender": "male", "age": 70, "mood": "calm"},
        "path": "elderly_male_70.ogg",
    },
    {
        "text": "喂？……我想问一下……（杂音）……这个月电费……怎么……",
        "persona": {"gender": "female", "age": 50, "mood": "anxious", "line_quality": "noisy"},
        "path": "noisy_line.ogg",
    },
    {
        "text": "（无声）",
        "persona": {"gender": "male", "age": 40, "mood": "silent", "line_quality": "silent"},
        "path": "silent.ogg",
    },
    {
        "text": "（粤语）喂，我屋企部电视冇信号啊，你哋几时派人嚟整啊？",
        "persona": {"gender": "male", "age": 55, "mood": "anxious", "dialect": "cantonese"},
        "path": "cantonese_male_55.ogg",
    },
]


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path("/tmp/tts_demo")
    t0 = time.perf_counter()
    results = render_lines(DEMO_LINES, out, force=True, log=print)
    wall = time.perf_counter() - t0
    print(json.dumps(results, ensure_ascii=False, indent=1))
    print(f"total wall time {wall:.2f} s for {len(results)} lines (includes TF start-up)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
