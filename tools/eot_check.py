"""Where the app's end-of-turn detector ends rendered replies: cuts and lag per set and band.

    PYTHONPATH=. python tools/eot_check.py /work/lab/stop24/long_au /work/lab/stop24/short_av
    PYTHONPATH=. python tools/eot_check.py --all-lab --list      # every rendered set, each cut
    PYTHONPATH=. python tools/eot_check.py DIR --param margin_db=9   # a detector setting tried

A set is a folder with ``replies.jsonl`` (rows with ``id``, ``clean``, ``phone``) or a
benchmarks/data speech index (same rows). Each clip is replayed by
:func:`simulator.audio.turn_replay.replay_turn` (recorder blocks, a lead-in and a tail of the
line's room tone); where the speech ends is read from the clean clip of the same reply.
A cut: the turn ended before the reply was over. Lag: end of speech → end of turn.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from simulator.audio.files import load_audio
from simulator.audio.levels import PauseDetector
from simulator.audio.turn_replay import LEAD_IN_S, SAMPLE_RATE, replay_turn

LAB = Path("/work/lab/stop24")
LAB_SETS = (
    "long_au",
    "long_ap",
    "long_ak",
    "long_af",
    "long_v",
    "short_av",
    "short_al",
    "short_aq",
)


def rows(index: Path) -> list[dict]:
    return [json.loads(x) for x in index.read_text("utf-8").splitlines() if x.strip()]


def index_of(arg: str) -> Path:
    p = Path(arg)
    return p / "replies.jsonl" if p.is_dir() else p


def resolve(path: str, base: Path) -> Path:
    p = Path(path)
    return p if p.is_absolute() or p.exists() else base / p


def clip(path: str, base: Path) -> np.ndarray:
    return load_audio(resolve(path, base))


def pct(values: list[float], q: float) -> str:
    return f"{np.percentile(values, q):.2f}" if values else "—"


def parse_params(items: list[str]) -> dict[str, float]:
    out = {}
    for item in items:
        key, _, value = item.partition("=")
        out[key] = float(value)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("sets", nargs="*", help="set folders or replies.jsonl indexes")
    ap.add_argument("--all-lab", action="store_true", help=f"every rendered set under {LAB}")
    ap.add_argument("--band", choices=("clean", "phone", "both"), default="both")
    ap.add_argument("--lead-in", type=float, default=LEAD_IN_S, help="seconds of room tone first")
    ap.add_argument("--param", action="append", default=[], help="detector keyword=value")
    ap.add_argument("--list", action="store_true", help="print each cut or never-ended clip")
    args = ap.parse_args(argv)
    sets = list(args.sets) + ([str(LAB / s) for s in LAB_SETS] if args.all_lab else [])
    if not sets:
        ap.error("no set given")
    params = parse_params(args.param)
    bands = ("clean", "phone") if args.band == "both" else (args.band,)

    def make():
        return PauseDetector(sample_rate=SAMPLE_RATE, **params)

    total_cut = 0
    overall: dict[str, list] = {band: [0, 0, []] for band in bands}  # cuts, never, lags
    for s in sets:
        index = index_of(s)
        items = [
            r
            for r in rows(index)
            if all(resolve(r[b], index.parent).exists() for b in {"clean", *bands})
        ]
        name = index.parent.name if index.name == "replies.jsonl" else index.stem
        if not items:
            print(f"{name:12s} no clips on disk")
            continue
        refs = {}
        for band in bands:
            cuts, never, lags = [], [], []
            for row in items:
                if row["id"] not in refs:
                    refs[row["id"]] = clip(row["clean"], index.parent)
                ref = refs[row["id"]]
                audio = ref if band == "clean" else clip(row[band], index.parent)
                r = replay_turn(audio, reference=ref, detector=make, lead_in_s=args.lead_in)
                if r.ended_s is None:
                    never.append(row["id"])
                elif r.cut:
                    cuts.append((row["id"], r.ended_s, r.speech_end_s))
                else:
                    lags.append(r.lag_s)
            total_cut += len(cuts)
            overall[band][0] += len(cuts)
            overall[band][1] += len(never)
            overall[band][2] += lags
            print(
                f"{name:12s} {band:5s} n={len(items):3d} cut={len(cuts):2d} never={len(never)}"
                f" lag p50={pct(lags, 50)} p95={pct(lags, 95)} max={pct(lags, 100)}"
            )
            if args.list:
                for rid, ended, end in cuts:
                    print(f"    cut {rid}: ended at {ended:.2f} s of a reply ending at {end:.2f} s")
                for rid in never:
                    print(f"    never ended: {rid}")
    for band, (cut, never, lags) in overall.items():
        print(
            f"{'all':12s} {band:5s} cut={cut} never={never}"
            f" lag p50={pct(lags, 50)} p95={pct(lags, 95)} max={pct(lags, 100)}"
        )
    return 1 if total_cut else 0


if __name__ == "__main__":
    sys.exit(main())
