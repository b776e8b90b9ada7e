"""The `simulator` command line: list scenarios, grade replies, validate data, benchmarks.

Contract (scripted against by trainers' tools): see README.md. Errors in the input exit with
status 2 and one line on stderr that names what is wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from simulator.cli_exams import CliError
from simulator.core.catalog import DataError, load_catalog
from simulator.core.paths import scenarios_dir
from simulator.fileutil import atomic_write_bytes


class UsageError(Exception):
    """Bad input from the command line: exit 2 with this one-line message."""


def _print_json(obj: object) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def cmd_scenarios(args: argparse.Namespace) -> int:
    catalog = load_catalog()
    for p in catalog.problems:
        print(f"warning: skipped pack: {p}", file=sys.stderr)
    rows = []
    for sid, sc in catalog.scenarios.items():
        audio = [t.caller.audio for t in sc.turns]
        rows.append(
            {
                "id": sid,
                "title": sc.title,
                "title_en": sc.title_en,
                "pack": catalog.scenario_pack[sid],
                "difficulty": sc.difficulty,
                "turns": len(sc.turns),
                "audio": audio,
            }
        )
    if args.json:
        _print_json(rows)
    else:
        for r in rows:
            print(
                f"{r['id']:<26} {r['pack']:<18} 难度{r['difficulty']} {r['turns']}轮  {r['title']}"
            )
    return 0


def _read_batch(path: Path) -> list[tuple[int, dict | str]]:
    """Lines of a JSONL batch: (line number, object) or (line number, error message)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"batch file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read batch file {path}: {exc}") from None
    items: list[tuple[int, dict | str]] = []
    for no, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            items.append((no, f"line {no}: not valid JSON: {exc.msg}"))
            continue
        if not isinstance(obj, dict):
            items.append((no, f"line {no}: expected a JSON object"))
            continue
        items.append((no, obj))
    return items


def _check_item(no: int | None, obj: dict) -> None:
    where = f"line {no}: " if no is not None else ""
    if not isinstance(obj.get("scenario"), str):
        raise UsageError(f'{where}missing "scenario"')
    if "text" not in obj and "audio" not in obj:
        raise UsageError(f'{where}needs "text" or "audio"')
    if "text" in obj and not isinstance(obj["text"], str):
        raise UsageError(f'{where}"text" must be a string')
    turn = obj.get("turn")
    if turn is not None and (isinstance(turn, bool) or not isinstance(turn, int)):
        raise UsageError(f'{where}"turn" must be an integer')


class _BatchGrader:
    """Grades items of either kind, loading the speech model at most once per run."""

    def __init__(self, model: str | None, beam: int | None = None):
        from simulator.core.grader import Grader

        self.grader = Grader()
        self.model = model
        self.beam = beam
        self._speech = None

    def _speech_grader(self):
        if self._speech is None:
            from simulator.speech.grading import SpeechGrader

            self._speech = SpeechGrader(self.grader, model=self.model, beam_size=self.beam)
        return self._speech

    def grade(self, obj: dict) -> dict:
        if "audio" not in obj:
            return self.grader.grade(obj["scenario"], obj.get("turn"), obj["text"]).to_dict()
        from simulator.audio.files import AudioFileError
        from simulator.speech.model_store import ModelUnavailable

        self.grader.catalog.scenario(obj["scenario"])  # unknown scenario: before any model load
        try:
            return self._speech_grader().grade_file(obj["scenario"], obj.get("turn"), obj["audio"])
        except (AudioFileError, ModelUnavailable) as exc:
            raise UsageError(" ".join(str(exc).split())) from None


def cmd_grade(args: argparse.Namespace) -> int:
    batch = _BatchGrader(args.model, args.beam)
    if args.batch:
        items = _read_batch(Path(args.batch))
        total = len(items)
        for i, (no, obj) in enumerate(items, start=1):
            print(f"[{i}/{total}] line {no}", file=sys.stderr)
            if isinstance(obj, str):
                out = {"line": no, "error": obj}
            else:
                try:
                    _check_item(no, obj)
                    out = batch.grade(obj)
                except (UsageError, DataError, ValueError, OSError) as exc:
                    msg = str(exc)
                    out = {
                        "line": no,
                        "error": msg if msg.startswith("line ") else f"line {no}: {msg}",
                    }
            _emit(out, args.json)
        return 0
    if args.scenario is None:
        raise UsageError("grade needs --scenario ID with --text/--audio, or --batch FILE.jsonl")
    if (args.text is None) == (args.audio is None):
        raise UsageError("grade needs exactly one of --text or --audio")
    obj = {"scenario": args.scenario, "turn": args.turn}
    obj.update({"text": args.text} if args.text is not None else {"audio": args.audio})
    _emit(batch.grade(obj), args.json)
    return 0


def _emit(result: dict, as_json: bool) -> None:
    if as_json:
        _print_json(result)
        return
    if "error" in result:
        print(f"错误 error: {result['error']}")
        return
    verdict = "通过 PASS" if result["passed"] else "未通过 FAIL"
    print(f"{result['scenario']} 第{result['turn']}轮  {verdict}  得分 {result['score']}")
    print(f"  转写: {result['transcript']}")
    for v in result["violations"]:
        where = f"「{v['text']}」" if v["text"] else ""
        print(f"  [{v['category']}/{v['severity']}] {where}{v['explanation']}")
        print(f"      建议: {v.get('rewrite') or v['suggestion']}")
    for name, ok in result["elements"].items():
        print(f"  {'✓' if ok else '✗'} {name}")
    if result.get("closest_answer"):
        ca = result["closest_answer"]
        print(f"  规范话术 ({ca['similarity']:.0%}): {ca['text']}  —— {ca['source']}")


def cmd_validate(args: argparse.Namespace) -> int:
    from simulator.core.grader import Grader
    from simulator.core.quiz_bank import load_banks
    from simulator.core.quiz_checks import check_banks, read_seeds

    trainer_packs = Path(args.data_dir) / "packs" if args.data_dir else None
    catalog = load_catalog(Path(args.root) if args.root else None, trainer_packs)
    banks = load_banks(Path(args.banks) if args.banks else None)
    try:
        seeds = read_seeds(Path(args.seeds) if args.seeds else None)
    except DataError as exc:
        seeds = None
        print(f"warning: {exc}; evidence quotes not checked (--seeds DIR)", file=sys.stderr)
    from simulator.core.exam_def import load_exams

    # against the repository's banks; a folder of other banks (--banks) checks the exams' schema
    exams = load_exams(banks=None if args.banks else banks, catalog=catalog)
    problems = [
        *catalog.problems,
        *banks.problems,
        *check_banks(banks, catalog, Grader(catalog), seeds),
        *exams.problems,
    ]
    for p in catalog.warnings:
        print(f"warning: {p}", file=sys.stderr)
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{len(exams.exams)} exam definitions loaded")
    print(
        f"{len(catalog.packs)} packs, {len(catalog.scenarios)} scenarios, "
        f"{len(catalog.terms)} term lists, {len(banks.banks)} question banks "
        f"({len(banks)} questions) loaded; {len(problems)} problems"
    )
    return 1 if problems else 0


def cmd_bench(args: argparse.Namespace) -> int:
    if args.dashboard:
        from simulator.bench_dashboard import bench_dashboard

        return bench_dashboard(args.dashboard_attempts)
    if args.room:
        try:
            from simulator.bench_room import bench_room
        except ImportError as exc:
            raise UsageError(f"the room benchmark needs the centre extra ({exc})") from None
        from simulator.centre.pgserver import ServerUnavailable

        try:
            bench_room(seats=args.room_seats, attempts=args.room_attempts)
        except ServerUnavailable as exc:
            raise UsageError(str(exc)) from None
        return 0
    from simulator.bench import run_bench

    for d in args.speech_dir or []:
        if not (Path(d) / "replies.jsonl").is_file() and not Path(d).is_file():
            raise UsageError(
                f"--speech-dir {d}: no replies.jsonl there (render the set with "
                f"tools/tts/make_reply_fixtures.py --out {d})"
            )
    return run_bench(
        text_only=args.text_only,
        repeat=args.repeat,
        model=args.model,
        beams=args.beam,
        app_runs=args.app_runs,
        speech_sets=args.speech_sets.split(",") if args.speech_sets else None,
        speech_limit=args.speech_limit,
        speech_dirs=args.speech_dir,
    )


def cmd_train_opinion(args: argparse.Namespace) -> int:
    try:
        from simulator.core.opinion_train import main as train
    except ImportError as exc:
        raise UsageError(f"training needs the dev extra ({exc}); run ./test once") from None
    argv = [x for name in args.holdout for x in ("--holdout", name)]
    return train(argv + (["--out", args.out] if args.out else []))


def cmd_render_audio(args: argparse.Namespace) -> int:
    from simulator.authoring.cli import render_all

    return render_all(only=args.scenario, force=args.force, check=args.check)


def cmd_quotes(args: argparse.Namespace) -> int:
    from simulator.authoring.quotes import check_quotes, write_quotes

    seeds = Path(args.seeds)
    if not seeds.is_dir():
        raise UsageError(f"no seeds folder {seeds}")
    checks = check_quotes(seeds, Path(args.root) if args.root else None)
    if args.write:
        print(f"{write_quotes(checks)} quotes written")
        checks = check_quotes(seeds, Path(args.root) if args.root else None)
    bad = [c for c in checks if not c.ok]
    for c in bad:
        what = "no passage found" if c.found is None else "quote missing or not in the seed"
        print(f"{c.pack_file}: {c.scenario} turn {c.turn}: {what}: {c.text}", file=sys.stderr)
    print(f"{len(checks) - len(bad)} of {len(checks)} model answers quote their seed")
    return 1 if bad else 0


def cmd_terms(args: argparse.Namespace) -> int:
    from simulator.speech.correction import build_terms

    files = sorted(
        p for d in args.sources for p in (Path(d).glob("*.txt") if Path(d).is_dir() else [Path(d)])
    )
    missing = [str(f) for f in files if not f.is_file()]
    if not files or missing:
        raise UsageError(
            f"no manual text files found: {', '.join(missing) or ' '.join(args.sources)}"
        )
    out = Path(args.out) if args.out else scenarios_dir() / "lexicon" / "hotline-terms.yaml"
    manuals = []
    for f in files:
        try:
            manuals.append((f.name, f.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{f}: cannot read as UTF-8 text: {exc}") from None
    try:
        text = build_terms(manuals)
    except ImportError as exc:
        raise UsageError(f"word counts need jieba ({exc}); run ./run to install it") from None
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out, text.encode("utf-8"))
    import yaml

    print(f"{len(yaml.safe_load(text)['terms'])} terms from {len(files)} files written to {out}")
    return 0


def cmd_app(args: argparse.Namespace) -> int:
    try:
        from simulator.app.main import run_app
    except ImportError as exc:
        raise UsageError(
            f"the desktop app is not available ({exc}); run ./run to install it"
        ) from None
    return run_app([a for a in args.app_args if a != "--"])


def _beam(value: str) -> int:
    try:
        beam = int(value)
    except ValueError:
        beam = 0
    if not 1 <= beam <= 10:
        raise argparse.ArgumentTypeError(f"beam size must be 1–10, not {value!r}")
    return beam


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="simulator", description="坐席实训 — hotline agent trainer")
    sub = p.add_subparsers(dest="command")

    s = sub.add_parser("scenarios", help="list scenarios")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_scenarios)

    g = sub.add_parser("grade", help="grade a reply (text or audio) or a JSONL batch")
    g.add_argument("--scenario")
    g.add_argument("--turn", type=int)
    g.add_argument("--text")
    g.add_argument("--audio")
    g.add_argument("--batch")
    g.add_argument("--model", help="model size (base, small…) or a local model folder")
    g.add_argument(
        "--beam",
        type=_beam,
        help="beam size for speech (default 5, most accurate; 1 is the app's faster greedy)",
    )
    g.add_argument("--json", action="store_true")
    g.set_defaults(func=cmd_grade)

    v = sub.add_parser(
        "validate", help="check scenario packs, rule catalogs and quiz banks (with their seeds)"
    )
    v.add_argument("--root", help="a scenarios/ folder (default: the repository's)")
    v.add_argument("--banks", help="a folder of quiz banks (default: the repository's exams/banks)")
    v.add_argument("--seeds", help="the training manuals (default: ../shared/seeds)")
    v.add_argument("--data-dir", help="also check the trainers' packs in DATA_DIR/packs")
    v.set_defaults(func=cmd_validate)

    b = sub.add_parser("bench", help="measure grading speed and the speech pipeline")
    b.add_argument("--text-only", action="store_true", help="skip the speech benchmark")
    b.add_argument("--repeat", type=int, default=200)
    b.add_argument(
        "--app-runs",
        type=int,
        default=3,
        help="app start-ups to time (window shown, catalog, model; 0 skips them)",
    )
    b.add_argument("--model")
    b.add_argument(
        "--speech-sets",
        help="only these spoken sets, comma-separated: fixtures,tuning,missing,long "
        "(no text or app start-up figures then; default: everything)",
    )
    b.add_argument(
        "--speech-dir",
        action="append",
        metavar="DIR",
        help="a rendered spoken set: a folder with the replies.jsonl of "
        "tools/tts/make_reply_fixtures.py (repeatable; only the sets named then)",
    )
    b.add_argument(
        "--speech-limit",
        type=int,
        help="at most this many replies of each spoken set, a third of that replayed as live "
        "calls (every k-th reply; for a loaded machine)",
    )
    b.add_argument(
        "--room",
        action="store_true",
        help="only the training room: seats pushing to a PostgreSQL centre, the dashboard",
    )
    b.add_argument("--room-seats", type=int, default=50)
    b.add_argument("--room-attempts", type=int, default=10_000)
    b.add_argument(
        "--beam",
        type=_beam,
        action="append",
        help="beam size(s) to measure (default: 5, then 1 as the app uses)",
    )
    b.add_argument(
        "--dashboard",
        action="store_true",
        help="only the team dashboard: generate attempts in a temporary database and time it",
    )
    b.add_argument("--dashboard-attempts", type=int, default=100_000)
    b.set_defaults(func=cmd_bench)

    o = sub.add_parser(
        "train-opinion",
        help="train the grader's second opinion on the training sets (scenarios/models/)",
    )
    o.add_argument(
        "--holdout",
        action="append",
        default=[],
        help="leave this set out (a leave-one-writer-out fold; repeatable)",
    )
    o.add_argument("--out", help="save the model to this folder (default: scenarios/models/)")
    o.set_defaults(func=cmd_train_opinion)

    r = sub.add_parser("render-audio", help="render caller lines to assets/audio (authoring)")
    r.add_argument("--scenario", action="append")
    r.add_argument("--force", action="store_true")
    r.add_argument("--check", action="store_true", help="only list missing or stale audio")
    r.set_defaults(func=cmd_render_audio)

    q = sub.add_parser("quotes", help="check (or --write) the seed passage of each model answer")
    q.add_argument("seeds", help="the folder of the seed manuals (../shared/seeds)")
    q.add_argument("--write", action="store_true", help="add the quotes that are missing")
    q.add_argument("--root", help="a scenarios/ folder (default: the repository's)")
    q.set_defaults(func=cmd_quotes)

    t = sub.add_parser("terms", help="count the manuals' words into the hotline-terms list")
    t.add_argument("sources", nargs="+", help="manual .txt files or folders of them")
    t.add_argument("--out", help="default: scenarios/lexicon/hotline-terms.yaml")
    t.set_defaults(func=cmd_terms)

    from simulator.cli_exams import add_commands
    from simulator.cli_packs import add_commands as add_pack_commands
    from simulator.cli_room import add_commands as add_room_commands

    add_commands(sub)
    add_pack_commands(sub)
    add_room_commands(sub)

    a = sub.add_parser("app", help="open the desktop app (the default with no command)")
    a.add_argument("app_args", nargs=argparse.REMAINDER, help="e.g. --lang en, --data-dir DIR")
    a.set_defaults(func=cmd_app)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else argv
    if (
        not argv
        or argv[0] == "app"
        or (argv[0].startswith("-") and argv[0] not in ("-h", "--help"))
    ):
        # the app parses its own options (--lang, --data-dir, …)
        argv = ["app", "--", *(argv[1:] if argv and argv[0] == "app" else argv)]
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return args.func(args)
    except (UsageError, DataError, CliError) as exc:
        print(f"simulator: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `simulator grade … | head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
