"""The transcriber's decoding guards with a scripted decoder (no Whisper, the same on any
CPU): a prompt that sets off a loop or is echoed back is dropped and the audio decoded once
more without it, the longer hearing kept; the token budget follows the audio's length; the
hotline correction runs on the final text and keeps Whisper's own; a checkpoint runs before each
model stage and can abandon the transcription there."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from simulator.speech.transcriber import (
    DEFAULT_PROMPT,
    MAX_TOKENS,
    Transcriber,
    Word,
    _Checkpointed,
    unsure_positions,
)
from tests.speech.segments import info, segment


class ScriptedModel:
    """Loops on the prompt's term when given a prompt, says the real thing without one."""

    def __init__(self, with_prompt, without_prompt):
        self.with_prompt, self.without_prompt = with_prompt, without_prompt
        self.calls = []

    def transcribe(self, samples, initial_prompt=None, **options):
        self.calls.append((initial_prompt, options))
        segs = self.with_prompt if initial_prompt else self.without_prompt
        return iter(segs), info(samples.size / 16000)


def _transcriber(model, corrector=None) -> Transcriber:
    """A Transcriber whose decoding step is the scripted model (no Whisper is loaded); the
    model's stages, when it has them, are checkpointed as Whisper's are."""
    t = Transcriber(decoder=model.transcribe, corrector=corrector)
    if hasattr(model, "model"):
        t._stages = model.model = _Checkpointed(model.model)
    return t


def _speech(seconds: float) -> np.ndarray:
    t = np.arange(int(seconds * 16000)) / 16000
    return (0.2 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


def test_prompt_loop_is_decoded_again_without_the_prompt():
    loop = segment("普通话," * 56, ratio=21.5)
    model = ScriptedModel([loop], [segment("补贴政策是政府定的")])
    result = _transcriber(model).transcribe(_speech(6.0))
    assert result.text == "补贴政策是政府定的"
    assert result.retried_without_prompt
    assert [prompt for prompt, _ in model.calls] == [DEFAULT_PROMPT, None]


def test_a_prompt_echo_is_decoded_again_and_the_longer_hearing_kept():
    """The noisy-line case: the prompt's terms echoed back, then a loop of one of them; the
    second decoding without the prompt hears the reply."""
    echo = segment("嗯,那个,工号,宽带,电费,普通话")
    loop = segment("普通话," * 30, ratio=12.0)
    model = ScriptedModel([echo, loop], [segment("补贴政策是政府定的，"), segment("您问我们客服")])
    result = _transcriber(model).transcribe(_speech(6.0))
    assert result.retried_without_prompt
    assert result.text == "补贴政策是政府定的，您问我们客服"
    assert not result.prompt_trouble  # what is returned is the second hearing
    assert [prompt for prompt, _ in model.calls] == [DEFAULT_PROMPT, None]
    # the decoder got the same options both times (the budget too), only the prompt differs
    assert model.calls[0][1] == model.calls[1][1]


def test_a_retry_that_hears_less_is_not_kept():
    """A collapsed loop after real speech is kept (low no-speech probability); the retry hears
    less, so the first hearing stays."""
    first = [segment("您好，请问有什么可以帮您"), segment("普通话," * 12, ratio=8.0)]
    model = ScriptedModel(first, [segment("您好")])
    result = _transcriber(model).transcribe(_speech(5.0))
    assert result.prompt_trouble and not result.retried_without_prompt
    assert result.text.startswith("您好，请问有什么可以帮您")
    assert result.text.count("普通话") <= 1  # the loop collapsed to one copy
    assert len(model.calls) == 2


def test_without_a_prompt_there_is_no_retry():
    model = ScriptedModel([], [segment("普通话," * 20, ratio=9.0)])
    t = Transcriber(decoder=model.transcribe, prompt="")
    result = t.transcribe(_speech(4.0))
    assert not result.prompt_trouble and not result.retried_without_prompt
    assert len(model.calls) == 1 and model.calls[0][0] is None


def test_no_retry_when_the_prompt_did_no_harm():
    model = ScriptedModel([segment("您好，请问有什么可以帮您")], [segment("不该用到")])
    result = _transcriber(model).transcribe(_speech(3.0))
    assert result.text == "您好，请问有什么可以帮您" and not result.retried_without_prompt
    assert len(model.calls) == 1


def test_retry_is_kept_only_when_it_hears_more():
    echo = segment("工号,宽带,电费,普通话")
    model = ScriptedModel([echo], [segment("嗯", logprob=-1.8)])  # the retry is junk too
    result = _transcriber(model).transcribe(_speech(2.0))
    assert result.text == "" and not result.retried_without_prompt
    assert len(model.calls) == 2


def test_token_budget_follows_the_audio_length():
    model = ScriptedModel([segment("好的")], [])
    t = _transcriber(model)
    t.transcribe(_speech(2.0))
    t.transcribe(_speech(60.0))
    short, long = (options["max_new_tokens"] for _, options in model.calls)
    assert 24 < short < 60 and long == MAX_TOKENS


def test_correction_runs_on_the_text_and_keeps_the_raw():
    class Upper:
        def correct(self, text):
            return text.replace("何时", "核实"), ["change"]

    model = ScriptedModel([segment("我们何时清楚后回电")], [])
    result = _transcriber(model, Upper()).transcribe(_speech(3.0))
    assert result.text == "我们核实清楚后回电"
    assert result.raw_text == "我们何时清楚后回电" and result.corrections == ["change"]


def test_unsure_positions_follow_the_words_into_the_text():
    words = [
        Word("不好意思,", 0.0, 0.5, 0.39),
        Word("请您", 0.5, 0.8, 0.9),
        Word("挂", 0.8, 0.9, 0.75),
        Word("金,", 0.9, 1.0, 0.32),
        Word("好吗?", 1.0, 1.2, 0.99),
    ]
    text = "不好意思,请您挂金,好吗?"
    assert unsure_positions(text, words) == [0, 1, 2, 3, 8]  # never the punctuation
    assert unsure_positions(text, words, below=0.35) == [8]
    # a character the words do not hold (a loop collapsed, a prompt word removed) is skipped
    assert unsure_positions("请您您挂金", words[1:4]) == [4]


class StagedModel:
    """A WhisperModel stand-in whose segments come from its CTranslate2-like ``model`` in the
    three stages faster-whisper runs (encoder, decoder, word alignment), lazily."""

    def __init__(self):
        self.ran: list[str] = []
        self.model = SimpleNamespace(
            encode=lambda *a, **k: self.ran.append("encode"),
            generate=lambda *a, **k: self.ran.append("generate"),
            align=lambda *a, **k: self.ran.append("align"),
            is_multilingual=True,
        )

    def transcribe(self, samples, initial_prompt=None, **options):
        def segments():
            self.model.encode(samples)
            self.model.generate()
            self.model.align()
            yield segment("您好，请问有什么可以帮您")

        return segments(), info(samples.size / 16000)


def test_a_checkpoint_runs_before_each_model_stage():
    model = StagedModel()
    t = _transcriber(model)
    seen = []
    result = t.transcribe(_speech(2.0), checkpoint=lambda: seen.append(list(model.ran)))
    assert seen == [[], ["encode"], ["encode", "generate"]]
    assert result.text == "您好，请问有什么可以帮您"
    assert model.model.is_multilingual  # other attributes pass through


def test_what_a_checkpoint_raises_abandons_the_transcription_there():
    model = StagedModel()
    t = _transcriber(model)

    class Superseded(Exception):
        pass

    def checkpoint():
        if model.ran == ["encode"]:
            raise Superseded

    try:
        t.transcribe(_speech(2.0), checkpoint=checkpoint)
        raise AssertionError("not abandoned")
    except Superseded:
        pass
    assert model.ran == ["encode"]  # neither decoded nor aligned
    model.ran.clear()
    assert t.transcribe(_speech(2.0)).text  # the lock is free, no checkpoint is left behind
    assert model.ran == ["encode", "generate", "align"]
