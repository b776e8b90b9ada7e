"""Spoken verdict against typed verdict on a folder of rendered replies, Whisper run once.

Two steps, so the grader can be changed and re-measured many times without decoding again:

    # decode every clip once through the app's speech path (beam 5) and cache what was heard
    python tools/speech_flips.py decode --index /work/lab/long_k_audio/replies.jsonl \
        --cache /work/lab/long_k.jsonl
    # grade the cached hearings and the typed texts with the current grader
    python tools/speech_flips.py report --cache /work/lab/long_k.jsonl [--flips] [--json OUT]
    # every filler heard, its confidence, and whether the written reply says it
    python tools/speech_flips.py fillers --cache /work/lab/long_k.jsonl [--cache ...]

The index is what tools/tts/make_reply_fixtures.py writes (text, scenario, turn, label, and the
clean and phone files). ``report`` corrects each raw transcript again with the
current hotline correction (``--as-decoded``: as corrected when decoded) and prints, per band, spoken = typed, agreement with the labels
(typed and spoken), replies a speech verdict lets through or charges extra, and with ``--flips``
every reply whose spoken verdict differs from the typed one, with the findings that differ and
a guess at the cause (tools/flip_causes.py). The cache is simulator.speech.decode_cache's, the
one scripts/measure_filler_timing.py uses too; ``convert`` turns this tool's older pickled
caches into it. Run from the repository root with the app's python.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulator.speech.decode_cache import (  # noqa: E402
    KINDS,
    DecodeCache,
    Decoded,
    decode_missing,
    index_clips,
    load_average,
)
from tools.flip_causes import classify, differing  # noqa: E402


def decode(args: argparse.Namespace) -> int:
    from simulator.core.catalog import load_catalog
    from simulator.core.grader import Grader
    from simulator.speech.grading import SpeechGrader

    cache = DecodeCache(args.cache)
    speech = SpeechGrader(Grader(load_catalog()), model=args.model, beam_size=args.beam)
    clips = [c for c in index_clips(args.index, ROOT) if args.kind in (None, c[1])]
    if args.options or args.prompt is not None:
        # a decode-option experiment: the same transcriber with other Whisper options or prompt
        t = speech.transcriber
        t.options.update(json.loads(args.options or "{}"))
        if args.prompt is not None:
            t.prompt = args.prompt
    done = decode_missing(
        cache,
        clips,
        speech.transcriber,
        lambda e: print(f"{e.key} {e.seconds:.2f}s {e.text}", flush=True),
    )
    print(f"{done} decoded, {len(cache)} cached in {args.cache}; load {load_average():.2f}")
    return 0


def cer(args: argparse.Namespace) -> int:
    """Character error rate per band, Han characters and digits only, of the raw transcripts
    and of the corrected ones (what the grader reads), over one or more caches."""
    import re

    from simulator.speech.cer import edit_distance

    keep = re.compile(r"[^\u4e00-\u9fff0-9]")
    edits = {k: [0, 0, 0] for k in KINDS}  # raw edits, corrected edits, reference characters
    for path in args.cache:
        for tr in DecodeCache(path):
            said = keep.sub("", tr.item["text"])
            row = edits[tr.kind]
            row[0] += edit_distance(said, keep.sub("", tr.raw_text))
            row[1] += edit_distance(said, keep.sub("", tr.text))
            row[2] += len(said)
    for kind, (raw, fixed, n) in edits.items():
        if n:
            print(f"{kind:>5}: CER raw {raw / n:.1%}, corrected {fixed / n:.1%} ({n} characters)")
    return 0


def convert(args: argparse.Namespace) -> int:
    """An older pickled cache of this tool ({key: {item, kind, transcription, measures,
    seconds}}) into the decode cache."""
    import pickle

    cache = DecodeCache(args.cache)
    old = pickle.loads(args.pickle.read_bytes())
    for key in sorted(old):
        e = old[key]
        if key not in cache:
            cache.add(
                Decoded.of(e["item"], e["kind"], e["transcription"], e["measures"], e["seconds"])
            )
    print(f"{len(cache)} clips in {args.cache}")
    return 0


def report(args: argparse.Namespace) -> int:
    from simulator.core.catalog import load_catalog
    from simulator.core.grader import Grader

    cache = DecodeCache(args.cache)
    catalog = load_catalog()
    grader = Grader(catalog)
    corrector = None
    if not args.as_decoded:
        from simulator.speech.loader import hotline_corrector

        corrector = hotline_corrector(catalog)
    typed: dict[str, object] = {}
    rows: dict[str, dict] = {k: {"n": 0, "agree": 0, "label": 0, "typed_label": 0} for k in KINDS}
    flips = []
    for tr in cache:
        key, item, kind = tr.key, tr.item, tr.kind
        if item["id"] not in typed:
            typed[item["id"]] = grader.grade(item["scenario"], item.get("turn"), item["text"])
        t = typed[item["id"]]
        heard = tr.text if corrector is None else corrector.correct(tr.raw_text)[0]
        s = grader.grade(
            item["scenario"],
            item.get("turn"),
            heard,
            delivery=tr.measures,
            unsure=tr.unsure,
            hearing=tr.hearing,
        )
        row = rows[kind]
        row["n"] += 1
        row["agree"] += s.passed == t.passed
        row["label"] += s.passed == item["passed"]
        row["typed_label"] += t.passed == item["passed"]
        row.setdefault("let_through", 0)
        row.setdefault("charged_extra", 0)
        row["let_through"] += s.passed and not t.passed
        row["charged_extra"] += t.passed and not s.passed
        if s.passed != t.passed:
            only_typed, only_spoken = differing(t, s)
            flips.append(
                {
                    "key": key,
                    "typed_passed": t.passed,
                    "label": item["passed"],
                    "text": item["text"],
                    "heard": heard,
                    "heard_raw": tr.raw_text,
                    "only_typed": only_typed,
                    "only_spoken": only_spoken,
                    "cause": classify(item["text"], heard, only_typed, only_spoken, s),
                }
            )
    causes: dict[str, int] = {}
    for f in flips:
        causes[f["cause"]] = causes.get(f["cause"], 0) + 1
    for kind, row in rows.items():
        n = max(1, row["n"])
        print(
            f"{kind:>5}: n={row['n']} spoken = typed {row['agree']} ({row['agree'] / n:.1%}); "
            f"= label spoken {row['label']} ({row['label'] / n:.1%}), typed "
            f"{row['typed_label']} ({row['typed_label'] / n:.1%}); spoken passes a typed fail "
            f"{row.get('let_through', 0)}, fails a typed pass {row.get('charged_extra', 0)}"
        )
    print("causes:", ", ".join(f"{k} {v}" for k, v in sorted(causes.items(), key=lambda x: -x[1])))
    if args.flips:
        for f in flips:
            print(
                f"\n{f['key']} typed {'pass' if f['typed_passed'] else 'FAIL'} "
                f"(label {'pass' if f['label'] else 'fail'}) cause: {f['cause']}\n"
                f"  said : {f['text']}\n  heard: {f['heard']}\n"
                + (f"  raw  : {f['heard_raw']}\n" if f["heard_raw"] != f["heard"] else "")
                + f"  only typed : {f['only_typed']}\n  only spoken: {f['only_spoken']}"
            )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {"rows": rows, "causes": causes, "flips": flips}, ensure_ascii=False, indent=1
            ),
            "utf-8",
        )
    return 0


def leniency(args: argparse.Namespace) -> int:
    """The other direction: replies that fail typed, graded as if heard (every character sure,
    then ``--unsure`` random Han characters unsure); none should pass."""
    import random

    from simulator.core.catalog import load_catalog
    from simulator.core.grader import Grader
    from simulator.core.heard import Hearing
    from simulator.core.normalize import is_han

    grader = Grader(load_catalog())
    rng = random.Random(args.seed)
    items = [
        json.loads(x)
        for path in args.source
        for x in path.read_text("utf-8").splitlines()
        if x.strip()
    ]
    if args.limit:
        items = rng.sample(items, min(args.limit, len(items)))
    n = sure_pass = unsure_pass = 0
    for item in items:
        text, sid, turn = item["text"], item["scenario"], item.get("turn")
        if grader.grade(sid, turn, text).passed:
            continue
        n += 1
        sure = Hearing((1.0,) * len(text), tuple(0.1 * i for i in range(len(text))))
        if grader.grade(sid, turn, text, hearing=sure).passed:
            sure_pass += 1
            print("passes heard surely:", item["id"], text)
        han = [i for i, ch in enumerate(text) if is_han(ch)]
        doubt = set(rng.sample(han, min(args.unsure, len(han))))
        probs = tuple(0.3 if i in doubt else 0.95 for i in range(len(text)))
        if grader.grade(sid, turn, text, hearing=Hearing(probs, sure.at)).passed:
            unsure_pass += 1
            print(f"passes with {args.unsure} unsure:", item["id"], text)
    print(
        f"{n} replies fail typed; pass heard surely {sure_pass}; pass with {args.unsure} "
        f"random unsure characters {unsure_pass}"
    )
    return 0


def fillers(args: argparse.Namespace) -> int:
    """Every filler finding on what was heard (counted, a note not counted, or a warning), with
    the least confidence of its characters and whether the reply as written says it: the
    evidence for how surely a filler must be heard to be charged (core/heard.py)."""
    import re

    from simulator.core.catalog import load_catalog
    from simulator.core.grader import Grader
    from simulator.core.normalize import normalize
    from simulator.speech.loader import hotline_corrector

    catalog = load_catalog()
    grader, corrector = Grader(catalog), hotline_corrector(catalog)
    han = re.compile(r"[^\u4e00-\u9fff]")
    tally: dict[str, list[int]] = {}
    for path in args.cache:
        for tr in DecodeCache(path):
            item = tr.item
            heard = corrector.correct(tr.raw_text)[0]
            s = grader.grade(
                item["scenario"], item.get("turn"), heard, unsure=tr.unsure, hearing=tr.hearing
            )
            display = normalize(heard).display
            for v in s.violations:
                if v.category != "filler":
                    continue
                said = han.sub("", v.text) in han.sub("", item["text"])
                probs = tr.hearing.on(heard, display).probability if tr.hearing else ()
                sure = min(probs[v.start : v.end], default=1.0)
                kind = "pet phrase" if len(han.sub("", v.text)) >= 3 else "particle"
                row = tally.setdefault(f"{kind} {v.severity}", [0, 0])
                row[0] += 1
                row[1] += said
                print(f"{tr.key} {v.severity} {v.text} {sure:.2f} {'said' if said else 'NOT SAID'}")
    for key, (n, said) in sorted(tally.items()):
        print(f"{key}: {n} heard, {said} said")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("decode", help="decode every clip of an index once and cache it")
    d.add_argument("--index", type=Path, required=True)
    d.add_argument("--cache", type=Path, required=True)
    d.add_argument("--model", default=None)
    d.add_argument("--beam", type=int, default=5)
    d.add_argument("--kind", choices=KINDS, help="decode only this band")
    d.add_argument("--options", help="Whisper decode options to change, as JSON (experiments)")
    d.add_argument("--prompt", help="another initial prompt (experiments; '' for none)")
    d.set_defaults(func=decode)
    e = sub.add_parser("cer", help="character error rate per band of cached hearings")
    e.add_argument("--cache", type=Path, required=True, action="append")
    e.set_defaults(func=cer)
    r = sub.add_parser("report", help="grade the cached hearings against the typed texts")
    r.add_argument("--cache", type=Path, required=True)
    r.add_argument("--flips", action="store_true", help="list every reply that flips")
    r.add_argument("--json", help="write the figures and flips to this file")
    r.add_argument(
        "--as-decoded",
        action="store_true",
        help="grade the transcript as corrected at decode time (default: the raw transcript "
        "corrected again with the current hotline correction)",
    )
    r.set_defaults(func=report)
    c = sub.add_parser("convert", help="an older pickled cache into the decode cache")
    c.add_argument("--pickle", type=Path, required=True)
    c.add_argument("--cache", type=Path, required=True)
    c.set_defaults(func=convert)
    le = sub.add_parser("leniency", help="typed fails graded as if heard: none may pass")
    le.add_argument("--source", type=Path, action="append", required=True)
    le.add_argument("--unsure", type=int, default=3)
    le.add_argument("--limit", type=int, default=0, help="a random sample of this many")
    le.add_argument("--seed", type=int, default=15)
    le.set_defaults(func=leniency)
    fi = sub.add_parser("fillers", help="every filler heard: confidence, counted, said")
    fi.add_argument("--cache", type=Path, required=True, action="append")
    fi.set_defaults(func=fillers)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
