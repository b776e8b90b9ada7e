"""A piece Whisper stopped hearing before the voice stopped (issue 15, long replies heard whole):
the voiced rest after its last word is decoded once more on its own and joined on, times
shifted; a rest heard with a high no-speech probability or a loop (the prompt echoed over what
Whisper cannot place) is not kept; a piece whose words run to the end of the voice is decoded
once. A scripted decoder stands in for Whisper (the same on any CPU)."""

from __future__ import annotations

import numpy as np

from simulator.speech.pieces import TAIL_VOICED_S, unheard_tail
from simulator.speech.transcriber import Transcriber, Word
from tests.speech.segments import info, segment

SR = 16000


def _speech(seconds: float) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    return (0.2 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


def _seg(words, no_speech=0.05, logprob=-0.3, ratio=1.1):
    return segment(
        "".join(w for w, _a, _b in words),
        words,
        start=words[0][1],
        end=words[-1][2],
        logprob=logprob,
        no_speech=no_speech,
        ratio=ratio,
    )


class StopsEarly:
    """Hears the first words of a long take and stops; given the rest alone, hears ``rest``."""

    def __init__(self, first, rest):
        self.first, self.rest = first, rest
        self.heard_s: list[float] = []

    def transcribe(self, samples, initial_prompt=None, **options):
        self.heard_s.append(round(samples.size / SR, 1))
        seg = self.first if len(self.heard_s) == 1 else self.rest
        return iter([seg] if seg else []), info(samples.size / SR)


FIRST = _seg([("不过也请您", 0.2, 1.2), ("注意一点。", 1.2, 2.0)])
REST = _seg([("您遇到了", 0.3, 1.0), ("什么困难?", 1.0, 1.8)])


def test_the_voice_left_after_the_last_word_is_heard_on_its_own():
    model = StopsEarly(FIRST, REST)
    result = Transcriber(decoder=model.transcribe).transcribe(_speech(6.0))
    assert len(model.heard_s) == 2 and model.heard_s[1] < model.heard_s[0]
    assert result.raw_text.startswith("不过也请您注意一点。")
    assert result.raw_text.endswith("您遇到了什么困难?")
    # the rest's words sit where it was said in the take, after the first ones
    assert [w.start for w in result.words] == sorted(w.start for w in result.words)
    assert result.words[-1].end > FIRST.end + 1.0


def test_a_rest_heard_as_no_speech_or_a_loop_is_not_kept():
    for rest in (
        _seg([("请问有什么可以帮您", 0.1, 1.5)], no_speech=0.6),
        _seg([("认识认识认识认识", 0.1, 1.5)], ratio=3.5),
        _seg([("也许是这样", 0.1, 1.5)], logprob=-1.3),
    ):
        model = StopsEarly(FIRST, rest)
        result = Transcriber(decoder=model.transcribe).transcribe(_speech(6.0))
        assert len(model.heard_s) >= 2  # the rest was decoded (again without the prompt)
        assert result.raw_text == "不过也请您注意一点。"


def test_words_that_run_to_the_end_of_the_voice_are_decoded_once():
    whole = _seg([("不过也请您", 0.2, 1.5), ("注意一点。", 1.5, 2.9)])
    model = StopsEarly(whole, REST)
    result = Transcriber(decoder=model.transcribe).transcribe(_speech(3.0))
    assert model.heard_s == [3.0] and result.raw_text == "不过也请您注意一点。"


def test_the_tail_starts_at_the_last_word_and_needs_enough_voice():
    voice = np.concatenate([_speech(4.0), np.zeros(SR * 2, dtype=np.float32)])
    early = [Word("喂", 0.1, 0.5, 0.9), Word("您好", 0.5, 1.5, 0.9)]
    cut = unheard_tail(voice, SR, early)
    assert cut is not None and 1.0 * SR < cut <= 1.5 * SR
    # the voice ends less than TAIL_VOICED_S after the last word: nothing left unheard
    late = [Word("您好", 0.5, 4.0 - TAIL_VOICED_S / 2, 0.9)]
    assert unheard_tail(voice, SR, late) is None
    assert unheard_tail(voice, SR, []) is None  # nothing heard: no word to go on from
