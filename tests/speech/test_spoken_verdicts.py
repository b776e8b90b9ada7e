"""The real model on the spoken-reply fixtures: transcripts close to the script and the same
verdict through speech as on the text, clean and on a noisy telephone line."""

import json
import subprocess
import sys

import pytest

from simulator.audio.files import load_audio
from simulator.core.grader import Grader
from simulator.core.paths import repo_root
from simulator.speech.bench import MISSING_SET, _chars, load_fixtures
from simulator.speech.cer import edit_distance
from simulator.speech.grading import SpeechGrader

pytestmark = [pytest.mark.model, pytest.mark.slow]
FIXTURES = load_fixtures()
MISSING = load_fixtures(MISSING_SET)
# Every fourth clip: a spread over the scenarios that keeps the suite's wall time down; the
# whole sets are swept by `simulator bench` (the figures below come from there).
SAMPLE = FIXTURES[::4]
MISSING_SAMPLE = MISSING[::4]


@pytest.fixture(scope="module")
def speech_grader(corrected_transcriber):
    return SpeechGrader(Grader(), transcriber=corrected_transcriber)


# Measured on a 2-core AMD EPYC (beam 5, corpus CER, all 39 clips): clean 5.9 % (7.6 % before
# the hotline correction), phone 18.0 % (19.1 %); verdicts clean 39/39, phone 37/39 (36 without
# the unsure marks). Whisper's int8 output differs between CPUs: the bounds are generous.
@pytest.mark.parametrize(
    ("kind", "min_agree", "max_cer"), [("clean", 0.9, 0.12), ("phone", 0.8, 0.3)]
)
def test_speech_verdicts_agree_with_text(speech_grader, kind, min_agree, max_cer):
    agree, agree_sure, misses, unsure_chars = 0, 0, [], []
    edits = edits_raw = chars = 0
    for item in SAMPLE:
        result = speech_grader.grade_samples(
            item["scenario"], item["turn"], load_audio(repo_root() / item[kind])
        )
        text_verdict = speech_grader.grader.grade(
            item["scenario"], item["turn"], item["text"]
        ).passed
        ref = _chars(item["text"])
        chars += len(ref)
        edits += edit_distance(ref, _chars(result["transcript"]))
        edits_raw += edit_distance(ref, _chars(result.get("heard_raw", result["transcript"])))
        if result["passed"] == text_verdict:
            agree += 1
        else:
            misses.append((item["text"], result["transcript"]))
        assert result["delivery"]["measures"]["rate_cpm"] > 0
        unsure_chars += [result["transcript"][i] for i in result.get("unsure", [])]
        sure = speech_grader.grader.grade(
            item["scenario"], item["turn"], result["transcript"], result["delivery"]["measures"]
        )
        agree_sure += sure.passed == text_verdict
    rate = agree / len(SAMPLE)
    print(
        f"\n{kind}: verdict agreement {agree}/{len(SAMPLE)} = {rate:.0%}, "
        f"CER {edits / chars:.1%} (uncorrected {edits_raw / chars:.1%})"
    )
    for m in misses:
        print("  differs:", m)
    assert len(FIXTURES) >= 30 and len(SAMPLE) >= 10
    assert rate >= min_agree
    assert edits / chars <= max_cer
    assert edits <= edits_raw  # the hotline correction mends at least as much as it breaks
    assert agree >= agree_sure  # matching unsure characters loosely loses no verdict
    assert unsure_chars and all("\u4e00" <= c <= "\u9fff" for c in unsure_chars)


def test_elements_never_said_are_not_found_in_noisy_speech(speech_grader):
    """Replies that lack a required element, on the noisy line (where the recogniser is unsure
    of most): the loose matching of unsure characters must not supply the element."""
    assert len(MISSING) >= 30
    found, credited = [], []
    for item in MISSING:
        text = speech_grader.grader.grade(item["scenario"], item["turn"], item["text"])
        if all(text.elements.values()):  # the second opinion credits a paraphrase in the text
            credited.append(item["text"])
            continue
        if item not in MISSING_SAMPLE:
            continue  # heard only on the sample (the bench hears them all)
        result = speech_grader.grade_samples(
            item["scenario"], item["turn"], load_audio(repo_root() / item["phone"])
        )
        wrongly = [k for k, v in result["elements"].items() if v and not text.elements[k]]
        if wrongly:
            found.append((item["text"], result["transcript"], wrongly))
    print(f"\nnever said, yet found: {len(found)}/{len(MISSING_SAMPLE)}", *found, sep="\n")
    assert len(found) <= 1  # measured on all: 0 of 37
    # the typed grade itself (rules and second opinion) credits an element to few of them;
    # measured: 1 of 37 (对不起，我们不能聊天，请您挂机。 is credited with 询问业务需求)
    assert len(credited) <= 2, credited


def test_cli_grades_audio_with_delivery_and_timings(model_dir, tmp_path):
    item = next(i for i in FIXTURES if i["passed"])
    batch = tmp_path / "b.jsonl"
    batch.write_text(
        "\n".join(
            [
                json.dumps(
                    {"scenario": item["scenario"], "audio": str(repo_root() / item["clean"])}
                ),
                json.dumps({"scenario": item["scenario"], "audio": str(tmp_path / "missing.wav")}),
                json.dumps(
                    {"scenario": item["scenario"], "text": item["text"]}, ensure_ascii=False
                ),
            ]
        ),
        "utf-8",
    )
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "simulator",
            "grade",
            "--batch",
            str(batch),
            "--json",
            "--model",
            str(model_dir),
        ],
        capture_output=True,
        text=True,
        cwd=repo_root(),
    )
    assert out.returncode == 0, out.stderr
    first, missing, text = [json.loads(x) for x in out.stdout.splitlines()]
    assert first["delivery"]["findings"] and set(first["timings"]) >= {
        "load_s",
        "transcribe_s",
        "grade_s",
    }
    assert first["timings"]["load_s"] > 0
    assert "line 2" in missing["error"] and "missing.wav" in missing["error"]
    assert text["delivery"] is None and text["passed"] is True
