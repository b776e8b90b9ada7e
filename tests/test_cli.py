"""The `simulator` command-line contract, run as a real process."""

import json
import subprocess
import sys

import pytest

from simulator.core.paths import repo_root

REQUIRED = [
    "angry-caller",
    "abusive-caller",
    "dialect-caller",
    "specific-agent-request",
    "date-invitation",
    "silent-call",
    "noisy-line",
    "personal-info-request",
    "complaint-about-agent",
    "leader-contact-request",
    "harassment-call",
    "praise",
    "suggestion",
    "wrong-number",
    "media-inquiry",
    "cannot-answer-now",
    "caller-apology",
    "repeated-unresolved",
    "hard-to-reach",
    "unreasonable-demand",
]


def sim(*args, input=None):
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        input=input,
        cwd=repo_root(),
    )


def test_scenarios_json_lists_all_required_ids_with_audio():
    out = sim("scenarios", "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    ids = {r["id"] for r in rows}
    assert set(REQUIRED) <= ids
    for r in rows:
        assert set(r) >= {"id", "title", "pack", "turns", "audio"}
        assert r["audio"] and all(a.startswith("assets/audio/") for a in r["audio"])


def test_grade_text_json_contract():
    out = sim(
        "grade",
        "--scenario",
        "date-invitation",
        "--text",
        "非常感谢！我现在正在工作，非常抱歉不能接受您的邀请，再次谢谢您！",
        "--json",
    )
    assert out.returncode == 0, out.stderr
    res = json.loads(out.stdout)
    assert set(res) >= {
        "scenario",
        "turn",
        "transcript",
        "score",
        "passed",
        "violations",
        "elements",
        "delivery",
        "timings",
    }
    assert res["passed"] is True and res["turn"] == 1 and res["delivery"] is None
    assert 0 <= res["score"] <= 100 and "grade_s" in res["timings"]


def test_grade_flags_forbidden_tone_with_span():
    out = sim(
        "grade",
        "--scenario",
        "angry-caller",
        "--turn",
        "1",
        "--text",
        "刚才不是跟你说了吗？不关我的事。",
        "--json",
    )
    res = json.loads(out.stdout)
    assert res["passed"] is False
    v = res["violations"][0]
    assert set(v) >= {"rule", "category", "text", "start", "end", "explanation", "suggestion"}
    assert res["transcript"][v["start"] : v["end"]] == v["text"]


def test_batch_keeps_order_and_reports_bad_lines(tmp_path):
    batch = tmp_path / "b.jsonl"
    batch.write_text(
        "\n".join(
            [
                json.dumps(
                    {"scenario": "praise", "text": "不客气，这是我们应该做的。"}, ensure_ascii=False
                ),
                "{not json",
                json.dumps({"scenario": "no-such", "text": "您好"}),
                json.dumps(
                    {"scenario": "praise", "turn": 1, "text": "有什么了不起"}, ensure_ascii=False
                ),
                json.dumps({"scenario": "praise"}),
            ]
        ),
        "utf-8",
    )
    out = sim("grade", "--batch", str(batch), "--json")
    assert out.returncode == 0, out.stderr
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    assert len(lines) == 5
    assert lines[0]["passed"] is True
    assert lines[1]["error"].startswith("line 2:")
    assert "line 3" in lines[2]["error"] and "no-such" in lines[2]["error"]
    assert lines[3]["passed"] is False
    assert lines[4]["error"].startswith("line 5:")
    assert "[5/5]" in out.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("grade", "--scenario", "nope", "--text", "您好", "--json"), "unknown scenario 'nope'"),
        (("grade", "--batch", "/nonexistent/x.jsonl", "--json"), "batch file not found"),
        (("grade", "--scenario", "praise", "--turn", "42", "--text", "x"), "no turn 42"),
        (("grade", "--scenario", "praise"), "exactly one of --text or --audio"),
    ],
)
def test_errors_exit_2_with_one_line(args, needle):
    out = sim(*args)
    assert out.returncode == 2
    assert needle in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], []),
        (["app", "--lang", "en", "--quit-after", "10"], ["--lang", "en", "--quit-after", "10"]),
        (["--lang", "en"], ["--lang", "en"]),
    ],
)
def test_app_options_pass_through(monkeypatch, argv, expected):
    import simulator.app.main
    from simulator.cli import main

    seen = []
    monkeypatch.setattr(simulator.app.main, "run_app", lambda a: seen.append(a) or 0)
    assert main(argv) == 0
    assert seen == [expected]


def test_terms_counts_manual_words_into_a_valid_list(tmp_path):
    manuals = tmp_path / "seeds"
    manuals.mkdir()
    (manuals / "009_manual.txt").write_text("受理后要核实。核实清楚再答复。", "utf-8")
    out = tmp_path / "lexicon" / "terms.yaml"
    r = sim("terms", str(manuals), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "terms from 1 files" in r.stdout
    import yaml

    from simulator.core.schema import HotlineTerms

    terms = HotlineTerms.model_validate(yaml.safe_load(out.read_text("utf-8")))
    assert terms.source == ["009_manual.txt"] and terms.terms["核实"] == 2


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("terms", "/nonexistent/seeds.txt"), "seeds.txt"),
        (("grade", "--scenario", "angry-caller", "--text", "您好", "--beam", "0"), "beam"),
        (("bench", "--speech-dir", "/nonexistent/long_v"), "/nonexistent/long_v"),
    ],
)
def test_terms_and_beam_errors_exit_2(args, needle):
    r = sim(*args)
    assert r.returncode == 2
    assert needle in r.stderr


@pytest.mark.slow
def test_bench_times_the_app_start_up(tmp_path):
    """``simulator bench`` reads the app's start-up timings from a child process (here with a
    model folder that does not exist, so the model settles at once, as failed)."""
    from simulator.bench import app_startup

    (tmp_path / "settings.json").write_text(json.dumps({"model": str(tmp_path / "nowhere")}))
    out = app_startup(tmp_path, timeout_s=120)
    assert out["model"] == "failed"  # model_s is only there once a model is ready
    assert out["window_wall_s"] > out["window_s"] > 0  # the wall clock includes Python's start


def test_train_opinion_refuses_an_unknown_holdout_set():
    # a leave-one-writer-out fold names a set of sets.yaml; a typo trains nothing
    out = sim("train-opinion", "--holdout", "no-such-set", "--out", "unused")
    assert out.returncode == 2
    assert "no-such-set" in out.stderr
