"""Speech benchmark over the spoken-reply fixtures (tests/data/speech/replies.jsonl), the
tuning set (benchmarks/data/speech/replies.jsonl) and replies that lack a required element
(tests/data/speech_missing/replies.jsonl).

For each reply, clean and telephone band with noise: end of speech → graded result latency
(transcription + correction + delivery measures + grading of audio already in memory, as in a
live call), character error rate against the script, and whether the verdict through speech
agrees with the verdict on the script's text; per beam size. Also the model load time, and the
wait for feedback in a live call, where the app transcribes early at pauses
(:mod:`simulator.speech.live_latency` replays the app's own scheduler), with the CPU model.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from simulator.audio.files import load_audio
from simulator.audio.levels import PAUSE_S
from simulator.core.catalog import load_catalog
from simulator.core.grader import Grader
from simulator.core.heard import NOT_COUNTED
from simulator.core.normalize import normalize
from simulator.core.paths import repo_root
from simulator.machine import cpu_model
from simulator.percentiles import percentile as _pct
from simulator.speech.cer import edit_distance
from simulator.speech.decode_cache import KINDS, clip_path, load_index
from simulator.speech.early_pass import EarlyPassScheduler
from simulator.speech.grading import SpeechGrader
from simulator.speech.live_latency import TurnNeverEnded, replay
from simulator.speech.transcriber import CLOSER_BEAM_SIZE, LIVE_BEAM_SIZE


def _chars(text: str) -> str:
    return re.sub(r"[，。？]", "", normalize(text).chars)


FIXTURES = "tests/data/speech/replies.jsonl"
# Replies by other writers, spoken the same way; the transcript correction was tuned on these.
TUNING_SET = "benchmarks/data/speech/replies.jsonl"
# Failing replies that lack a required element (all writers): speech must not find it either.
MISSING_SET = "tests/data/speech_missing/replies.jsonl"
# Long later-turn replies (15–25 s) by writer K, a tuning set (benchmarks/data/sets.yaml: long-k);
# the audio is made by tools/tts/make_reply_fixtures.py and kept out of git.
LONG_SET = "benchmarks/data/speech_long/replies.jsonl"
SETS = {"fixtures": FIXTURES, "tuning": TUNING_SET, "missing": MISSING_SET, "long": LONG_SET}


def load_fixtures(path: str = FIXTURES) -> list[dict]:
    """A spoken set's index, by its path in the repository (or an absolute one), each clip's
    file resolved as the decode cache resolves it (absolute, in the repository or beside the
    index)."""
    index = repo_root() / path
    return [
        {**item, **{k: str(clip_path(item[k], index, repo_root())) for k in KINDS if item.get(k)}}
        for item in load_index(index)
    ]


class TypedVerdicts:
    """The typed text's verdict of each reply, graded once per run: the beam rows and the
    live rows of a set compare against the same verdict."""

    def __init__(self, grader: Grader) -> None:
        self._grader = grader
        self._seen: dict[tuple, bool] = {}

    def __call__(self, item: dict) -> bool:
        key = (item["scenario"], item.get("turn"), item["text"])
        if key not in self._seen:
            self._seen[key] = self._grader.grade(*key).passed
        return self._seen[key]


def _sample(items: list[dict], limit: int | None) -> list[dict]:
    """Every k-th item, ``limit`` of them (all when None): a loaded machine's shorter run."""
    if not limit or limit >= len(items):
        return items
    step = len(items) / limit
    return [items[int(i * step)] for i in range(limit)]


def _available(path: str) -> bool:
    """The set's index and its audio are there (the long set's audio is not in git)."""
    index = repo_root() / path
    if not index.exists():
        return False
    first = load_fixtures(path)[:1]
    if first and not Path(first[0]["clean"]).exists():
        print(f"{path}: audio missing (make it with tools/tts/make_reply_fixtures.py): skipped")
        return False
    return True


def rendered_sets(dirs: list[str] | None) -> dict[str, str]:
    """Name → index of rendered folders given by path (``--speech-dir``): each holds the
    ``replies.jsonl`` tools/tts/make_reply_fixtures.py writes beside its audio; named by the
    folder (``dir:long_v``)."""
    out: dict[str, str] = {}
    for d in dirs or []:
        folder = Path(d).expanduser().resolve()
        index = folder / "replies.jsonl" if folder.is_dir() else folder
        if not index.is_file():
            raise FileNotFoundError(
                f"{d}: no replies.jsonl there (render the set with "
                f"tools/tts/make_reply_fixtures.py --out {d})"
            )
        out[f"dir:{index.parent.name}"] = str(index)
    return out


def bench_speech(
    model: str | None = None,
    beams: list[int] | None = None,
    sets: list[str] | None = None,
    limit: int | None = None,
    dirs: list[str] | None = None,
) -> dict:
    """Latency, CER (corpus level: edits / reference characters, before and after the hotline
    correction) and verdict agreement, per beam size: every set (or ``sets``, and the rendered
    folders ``dirs``; only those when given) for the first beam, the fixtures for the others;
    then the live-call figures on the fixtures, the long replies and the rendered folders when
    measured. ``limit``: at most that many replies of each set."""
    import os

    extra = rendered_sets(dirs)
    known = {**SETS, **extra}
    chosen = [n for n in (sets or ([] if extra else list(SETS))) if n in SETS] + list(extra)
    grader = Grader(load_catalog())
    typed = TypedVerdicts(grader)
    report: dict = {}
    speech = SpeechGrader(grader, model=model)
    t0 = time.perf_counter()
    transcriber = speech.transcriber  # load the model (and the correction) once, timed
    report["load_s"] = time.perf_counter() - t0
    print(f"model + correction load: {report['load_s']:.2f} s ({transcriber.model_dir})")
    for n, beam in enumerate(beams or [5]):
        transcriber.options["beam_size"] = beam
        names = chosen if n == 0 else [x for x in chosen if x == "fixtures"]
        for name in names:
            path = known[name]
            if not _available(path):
                continue
            items = _sample(load_fixtures(path), limit)
            for kind in ("clean", "phone"):
                row = _bench_set(grader, speech, items, kind, typed)
                report[f"beam{beam}:{name}:{kind}"] = row
                print(
                    f"beam {beam} {name:>8} {kind:>5}: n={row['n']} "
                    f"latency p50 {row['latency_p50_s']:.2f} s, p95 {row['latency_p95_s']:.2f} s; "
                    f"CER {row['cer']:.1%} (uncorrected {row['cer_raw']:.1%}); "
                    f"speech verdict = text verdict {row['agree']}/{row['n']} "
                    f"({row['verdict_agreement_with_text']:.0%}; "
                    f"{row['agree_without_unsure_marks']} without unsure marks), "
                    f"= label {row['agree_label']} (typed = label {row['typed_label']}); "
                    f"spoken passes a typed fail {row['let_through']}, fails a typed pass "
                    f"{row['charged_extra']}; {row['not_counted']} findings heard as not counted"
                    + (f"; {row['pieces']} decoded in pieces" if row["pieces"] else "")
                    + (f"; {row['audio_missing']} without audio" if row["audio_missing"] else "")
                )
    transcriber.options["beam_size"] = LIVE_BEAM_SIZE
    report["cpu"] = cpu = cpu_model()
    # One scheduler for both sets, as the app keeps one for a session: its estimate of what a
    # pass costs on this CPU carries over from reply to reply.
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    print(f"CPU: {cpu}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    scheduler = EarlyPassScheduler()
    live = [n for n in ("fixtures", "long", *extra) if n in chosen and _available(known[n])]
    for name, kind in ((n, k) for n in live for k in ("clean", "phone")):
        # a live replay decodes a reply several times (early passes): a third of the sample
        items = _sample(load_fixtures(known[name]), max(4, limit // 3) if limit else None)
        row = _live_set(grader, transcriber, items, kind, scheduler, typed)
        report[f"live:{name}:{kind}"] = row
        print(
            f"live call (app: beam {LIVE_BEAM_SIZE}, early passes from a {PAUSE_S} s pause; "
            f"{cpu}) {name} {kind:>5}: end of turn → result "
            f"p50 {row['after_turn_end_p50_s']:.2f} s, p95 {row['after_turn_end_p95_s']:.2f} s; "
            f"last voice → result p50 {row['after_last_voice_p50_s']:.2f} s, "
            f"p95 {row['after_last_voice_p95_s']:.2f} s; early pass reused "
            f"{row['reused']}/{row['n']}, {row['passes_mean']:.1f} passes a reply "
            f"({row['cancelled_mean']:.1f} stopped when speech resumed); pass cost estimate "
            f"{row['pass_cost_s']:.2f} s (longest uncancellable stretch {row['pass_span_s']:.2f} s); "
            f"live verdict = typed verdict {row['agree']}/{row['n']}; "
            f"{row['in_pieces']} heard in pieces while spoken; grader cold per reply"
            + (f"; {row['skipped']} clips skipped (the turn never ended)" if row["skipped"] else "")
        )
        print(
            f"  closer listen (beam {CLOSER_BEAM_SIZE} after the live result) {name} {kind:>5}: "
            f"final verdict = typed verdict {row['final_agree']}/{row['n']}; last voice → "
            f"final result p50 {row['after_last_voice_final_p50_s']:.2f} s, "
            f"p95 {row['after_last_voice_final_p95_s']:.2f} s; closer listen "
            f"p50 {row['closer_p50_s']:.2f} s, p95 {row['closer_p95_s']:.2f} s (a cancel stops "
            f"it within p95 {row['closer_span_p95_s']:.2f} s, max {row['closer_span_max_s']:.2f} s)"
            f"; result changed "
            f"{row['changed']}/{row['n']} (verdict {row['verdict_changed']}: "
            f"{row['fixed']} to the typed verdict, {row['broken']} away from it)"
        )
        for gate, (runs, agree) in row["gates"].items():
            print(f"    if only {gate}: {runs}/{row['n']} listened closer, final = typed {agree}")
        for line in row["changes"]:
            print(f"    changed: {line}")
    return report


# When the closer listen might run, each measured on the same replays: what the final verdicts
# would be if it ran only then (the live verdict stands elsewhere).
GATES = {
    "takes of 12 s or more": lambda c: c.take_s >= 12.0,
    "an unsure character in the live transcript": lambda c: c.unsure_share > 0,
    "5 % or more of the live transcript unsure": lambda c: c.unsure_share >= 0.05,
    "long or unsure": lambda c: c.take_s >= 12.0 or c.unsure_share > 0,
}


def _live_set(
    grader: Grader,
    transcriber,
    fixtures: list[dict],
    kind: str,
    scheduler: EarlyPassScheduler,
    typed: TypedVerdicts,
) -> dict:
    turns, skipped, agree, final_agree = [], 0, 0, 0
    rows: list[tuple[dict, object]] = []
    for item in fixtures:
        if not Path(item[kind]).exists():
            continue  # a set still being rendered
        samples = load_audio(Path(item[kind]))
        # a live reply is new text to the grader: nothing of it is embedded yet
        getattr(getattr(grader.opinion, "embed", None), "forget", lambda: None)()
        try:
            turn = replay(
                transcriber,
                grader,
                item["scenario"],
                item.get("turn"),
                samples,
                scheduler=scheduler,
                closer=True,
            )
        except TurnNeverEnded:
            skipped += 1
            continue
        turns.append(turn)
        agree += turn.passed == typed(item)
        final_agree += turn.closer.passed == typed(item)
        rows.append((item, turn))
    after_end = [t.after_turn_end_s for t in turns]
    after_voice = [t.after_last_voice_s for t in turns]
    closers = [t.closer for t in turns]
    n = max(1, len(turns))
    return {
        "final_agree": final_agree,
        "after_last_voice_final_p50_s": _pct([c.after_last_voice_s for c in closers], 0.5),
        "after_last_voice_final_p95_s": _pct([c.after_last_voice_s for c in closers], 0.95),
        "closer_p50_s": _pct([c.cost_s for c in closers], 0.5),
        "closer_p95_s": _pct([c.cost_s for c in closers], 0.95),
        "closer_span_p95_s": _pct([c.span_s for c in closers], 0.95),
        "closer_span_max_s": max((c.span_s for c in closers), default=0.0),
        "changed": sum(c.changed for c in closers),
        "verdict_changed": sum(t.passed != t.closer.passed for t in turns),
        "fixed": sum(t.passed != t.closer.passed and t.closer.passed == typed(i) for i, t in rows),
        "broken": sum(t.passed != t.closer.passed and t.passed == typed(i) for i, t in rows),
        "gates": {
            gate: (
                sum(bool(test(t.closer)) for t in turns),
                sum((t.closer.passed if test(t.closer) else t.passed) == typed(i) for i, t in rows),
            )
            for gate, test in GATES.items()
        },
        "changes": [
            f"{i.get('id', '?')} {t.closer.take_s:.1f} s, unsure {t.closer.unsure_share:.0%}, "
            f"least sure {t.closer.min_prob:.2f}: live {'pass' if t.passed else 'fail'} → "
            f"final {'pass' if t.closer.passed else 'fail'}, typed "
            f"{'pass' if typed(i) else 'fail'}"
            for i, t in rows
            if t.closer.changed
        ],
        "n": len(turns),
        "skipped": skipped,
        "after_turn_end_p50_s": _pct(after_end, 0.5),
        "after_turn_end_p95_s": _pct(after_end, 0.95),
        "after_last_voice_p50_s": _pct(after_voice, 0.5),
        "after_last_voice_p95_s": _pct(after_voice, 0.95),
        "agree": agree,
        "reused": sum(t.reused for t in turns),
        "passes_mean": sum(t.passes for t in turns) / n,
        "cancelled_mean": sum(t.cancelled for t in turns) / n,
        "in_pieces": sum(t.pieces > 0 for t in turns),
        "pass_cost_s": scheduler.cost_s,
        "pass_span_s": scheduler.span_s,
    }


def _bench_set(
    grader: Grader, speech: SpeechGrader, fixtures: list[dict], kind: str, typed: TypedVerdicts
) -> dict:
    latencies: list[float] = []
    edits = edits_raw = chars = agree = agree_label = agree_sure = typed_label = 0
    let_through = charged_extra = not_counted = pieces = 0
    missing = [i for i in fixtures if not Path(i[kind]).exists()]
    fixtures = [i for i in fixtures if i not in missing]  # a set still being rendered
    for item in fixtures:
        samples = load_audio(Path(item[kind]))
        t = time.perf_counter()
        result = speech.grade_samples(item["scenario"], item.get("turn"), samples)
        latencies.append(time.perf_counter() - t)
        ref = _chars(item["text"])
        chars += len(ref)
        edits += edit_distance(ref, _chars(result["transcript"]))
        edits_raw += edit_distance(ref, _chars(result.get("heard_raw", result["transcript"])))
        text_verdict = typed(item)
        agree += result["passed"] == text_verdict
        typed_label += text_verdict == item["passed"]
        let_through += result["passed"] and not text_verdict
        charged_extra += text_verdict and not result["passed"]
        not_counted += sum(v["severity"] == NOT_COUNTED for v in result["violations"])
        pieces += result.get("pieces", 1) > 1
        # the same transcript graded without the recogniser's unsure marks
        sure = grader.grade(
            item["scenario"], item.get("turn"), result["transcript"], result["delivery"]["measures"]
        )
        agree_sure += sure.passed == text_verdict
        agree_label += result["passed"] == item["passed"]
    n = len(fixtures)
    return {
        "n": n,
        "latency_p50_s": _pct(latencies, 0.5),
        "latency_p95_s": _pct(latencies, 0.95),
        "cer": edits / max(1, chars),
        "cer_raw": edits_raw / max(1, chars),
        "agree": agree,
        "agree_label": agree_label,
        "agree_without_unsure_marks": agree_sure,
        "typed_label": typed_label,
        "audio_missing": len(missing),
        "let_through": let_through,
        "charged_extra": charged_extra,
        "not_counted": not_counted,
        "pieces": pieces,
        "verdict_agreement_with_text": agree / max(1, n),
    }
