"""The real model on long later-turn replies (15–25 s; tests/data/speech_long, a labelled handful
of benchmarks/data/speech_long): heard whole — decoded in pieces, the commitments the typed
reply earns (time limits, records, closings) found through speech too — and the same verdict
as the typed reply on most of them, clean and on a noisy telephone line."""

import pytest

from simulator.audio.files import load_audio
from simulator.core.grader import Grader
from simulator.core.paths import repo_root
from simulator.speech.bench import load_fixtures
from simulator.speech.grading import SpeechGrader

pytestmark = [pytest.mark.model, pytest.mark.slow]
LONG = load_fixtures("tests/data/speech_long/replies.jsonl")
COMMITMENTS = ("承诺时限", "记录处理", "挂机语")


@pytest.fixture(scope="module")
def speech_grader(corrected_transcriber):
    return SpeechGrader(Grader(), transcriber=corrected_transcriber)


def test_long_replies_are_heard_whole(speech_grader):
    """Each reply heard once, clean and phone band in turn (the bench hears every reply in both
    and all of benchmarks/data/speech_long)."""
    assert len(LONG) >= 5
    agree, kept, promised = 0, 0, 0
    for i, item in enumerate(LONG):
        kind = ("clean", "phone")[i % 2]
        audio = load_audio(repo_root() / item[kind])
        assert audio.size / 16000 > 12  # long enough to be decoded in pieces
        result = speech_grader.grade_samples(item["scenario"], item["turn"], audio)
        typed = speech_grader.grader.grade(item["scenario"], item["turn"], item["text"])
        assert result.get("pieces", 1) >= 2
        assert len(result["transcript"]) > 0.7 * len(item["text"])  # nothing lost at the end
        agree += result["passed"] == typed.passed
        for name in COMMITMENTS:
            for element, found in typed.elements.items():
                if name in element and found:
                    promised += 1
                    kept += bool(result["elements"].get(element))
        print(f"\n{item['id']} {kind}: {result['passed']} (typed {typed.passed})")
    print(f"verdict = typed {agree}/{len(LONG)}; commitments kept {kept}/{promised}")
    assert promised >= 3
    assert agree >= len(LONG) - 2
    assert kept >= promised - 1
