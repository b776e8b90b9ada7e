"""Long replies heard whole (speech.pieces) and the commitment phrases of the hotline
correction, with a scripted decoder (no Whisper, the same on any CPU): a long reply is cut at
its pauses into pieces each decoded with the hotline prompt, the pieces' words keep their place
in the whole reply, the per-character hearing follows the transcript; commitment expressions
heard with one or two sound-alike syllables are put back whole, the raw transcript kept."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.speech import pieces as P
from simulator.speech.phrases import PhraseTable
from simulator.speech.transcriber import DEFAULT_PROMPT, Transcriber, char_hearing
from tests.speech.segments import info, segment, word

SR = 16000


def _talk(*stretches: tuple[float, float]) -> np.ndarray:
    """Voice (a tone with a little noise) for each (speech_s, pause_s) in turn."""
    rng = np.random.default_rng(7)
    out = []
    for speech, pause in stretches:
        t = np.arange(int(speech * SR)) / SR
        out.append(0.2 * np.sin(2 * np.pi * 200 * t) + 0.01 * rng.standard_normal(t.size))
        out.append(0.001 * rng.standard_normal(int(pause * SR)))
    return np.concatenate(out).astype(np.float32)


class PieceModel:
    """Hears 'one piece' per call, its first word at 0.2–0.6 s of the piece and its last up to
    the piece's end (Whisper heard it whole: no tail is decoded again); records each call."""

    def __init__(self):
        self.calls = []

    def transcribe(self, samples, initial_prompt=None, **options):
        n = len(self.calls)
        self.calls.append((samples.size / SR, initial_prompt))
        text = "第一段" if n == 0 else "第二段"
        end = samples.size / SR - 0.3
        words = [word(text[:2], 0.2, 0.6), word(text[2:], 0.6, end, 0.3)]
        return iter([segment(text, words, end=end)]), info(samples.size / SR)


def test_a_short_reply_is_one_piece():
    audio = _talk((3.0, 0.5), (3.0, 0.5))
    assert P.cut_points(audio, SR) == []
    assert len(P.pieces(audio, SR)) == 1


def test_a_long_reply_is_cut_in_a_pause_near_its_middle():
    audio = _talk((5.0, 0.5), (4.0, 0.6), (5.0, 0.4), (4.0, 0.5))  # 20 s
    cuts = P.cut_points(audio, SR)
    assert len(cuts) == 1
    pauses = [(5.0, 5.5), (9.5, 10.1), (15.1, 15.5)]
    at = cuts[0] / SR
    assert any(a <= at <= b for a, b in pauses), at
    parts = P.pieces(audio, SR)
    assert len(parts) == 2 and all(x.size / SR <= P.PIECE_MAX_S + 1 for _o, x in parts)
    assert parts[1][0] < cuts[0] < parts[0][1].size  # the pieces overlap by their padding


def test_a_long_reply_without_pauses_is_not_cut():
    audio = _talk((20.0, 0.2))
    assert P.cut_points(audio, SR) == []


def test_pieces_are_decoded_with_the_prompt_and_joined_in_place():
    model = PieceModel()
    t = Transcriber(decoder=model.transcribe)
    audio = _talk((5.0, 0.5), (4.0, 0.6), (5.0, 0.4), (4.0, 0.5))
    result = t.transcribe(audio)
    assert len(model.calls) == 2 and all(p == DEFAULT_PROMPT for _s, p in model.calls)
    assert result.pieces == 2
    assert result.text == "第一段，第二段"  # a comma where the first piece was cut
    offset = P.pieces(audio, SR)[1][0] / SR
    assert result.words[2].start == pytest.approx(0.2 + offset, abs=0.01)
    assert result.words[0].start == pytest.approx(0.2)
    # the hearing follows the transcript: the comma has no word, 段 was heard unsurely
    h = result.hearing
    assert len(h.probability) == len(result.text)
    assert h.at[3] is None and h.probability[3] == 1.0
    assert h.at[4] == pytest.approx(0.2 + offset, abs=0.01)
    assert h.until[4] > h.at[4] > h.until[2]  # the pieces' word ends shift with them
    assert result.unsure == [2, 6] and h.unsure == {2, 6}


def test_char_hearing_gives_each_character_its_word():
    words = [word("您好", 0.0, 0.4, 0.9), word("，", 0.4, 0.4, 0.2), word("呗", 0.5, 0.7, 0.4)]
    h = char_hearing("您好，呗", words)
    assert h.probability == (0.9, 0.9, 1.0, 0.4)  # punctuation is never unsure
    assert h.at == (0.0, 0.0, 0.4, 0.5)
    assert h.until == (0.4, 0.4, 0.4, 0.7)  # the ends: heard_timing reads pauses from them


TABLE = PhraseTable(["两个工作日内", "二十四小时之内", "换一部电话再拨再见", "我的工号是"])


@pytest.mark.parametrize(
    ("heard", "want"),
    [
        ("两个工作力内", "两个工作日内"),
        ("二十四小时之类", "二十四小时之内"),
        ("换一部电话再不再变", "换一部电话再拨再见"),
        ("换一步电话在拨再见", "换一部电话再拨再见"),
    ],
)
def test_commitment_phrases_are_put_back_whole(heard, want):
    fixed, changes = TABLE.correct_run("我们" + heard)
    assert fixed == "我们" + want and len(fixed) == len("我们" + heard)
    assert changes and changes[0].before == heard[: len(changes[0].before)]


@pytest.mark.parametrize("said", ["您在不在家", "两个工作人员", "二十四小时营业", "你的工号是"])
def test_other_words_are_left_as_heard(said):
    assert TABLE.correct_run(said) == (said, [])


def test_the_catalog_carries_commitment_phrases_and_the_raw_transcript_is_kept():
    from simulator.core.catalog import load_catalog

    catalog = load_catalog()
    phrases = [p for terms in catalog.terms for p in terms.phrases]
    assert "两个工作日内" in phrases and "换一部电话再拨再见" in phrases
    table = PhraseTable(phrases)

    class Model:
        def correct(self, text):
            return table.correct_run(text)

    seg = segment("请您换一部电话再不再变")
    t = Transcriber(
        decoder=lambda s, **o: (iter([seg]), info(2.0)),
        corrector=Model(),
    )
    result = t.transcribe(_talk((2.0, 0.2)))
    assert result.raw_text == "请您换一部电话再不再变"
    assert result.text == "请您换一部电话再拨再见"


def test_the_closing_request_to_change_phones_is_put_back():
    table = PhraseTable(["换一部电话", "换一部手机"])
    assert table.correct_run("请您挂机后关一部电话再拨")[0] == "请您挂机后换一部电话再拨"
    assert table.correct_run("麻烦您还一部手机打过来")[0] == "麻烦您换一部手机打过来"
    for said in ("我家只有一部电话", "您买一部手机吧", "他用一部电话"):
        assert table.correct_run(said) == (said, [])


HOURS = PhraseTable(
    ["二十四小时内", "二十四小时之内", "四十八小时之内", "半小时之内", "两个工作日内"]
)


@pytest.mark.parametrize(
    ("heard", "want"),
    [
        ("我们会在二十分小时内给您答复", "我们会在二十四小时内给您答复"),
        ("抢修人员会在四十发小时之内上门", "抢修人员会在四十八小时之内上门"),
        ("工作人员会在二是四小时之内联系您", "工作人员会在二十四小时之内联系您"),
    ],
)
def test_a_time_limit_with_one_numeral_garbled_is_put_back(heard, want):
    """The other numerals and the unit say which commitment it was (24小时 heard 二十分小时)."""
    fixed, changes = HOURS.correct_run(heard)
    assert fixed == want and len(changes) == 1


@pytest.mark.parametrize(
    "said",
    [
        "二十多小时内没人管",  # an approximation is a number said
        "二十三小时内",  # a numeral heard as another is a different limit
        "四十八小时之内",  # said right: its 八 is never read as 半
        "八小时之内给您回复",
        "三十分钟内给您回复",
        "这个工作日内",  # one numeral alone says too little
        "二十四岁的时候",
    ],
)
def test_numbers_said_otherwise_are_left_as_heard(said):
    assert HOURS.correct_run(said) == (said, [])


@pytest.mark.parametrize(
    ("heard", "want"),
    [
        ("麻烦您关机一部电话在多，好吗", "麻烦您关机一部电话再拨，好吗"),
        ("请您稍后再多再见", "请您稍后再拨再见"),
    ],
)
def test_the_closing_redial_heard_with_a_rhyme_is_put_back(heard, want):
    """拨 (bo, said buo) rhymes with 多 (duo): the closing's 再拨 heard as 再多 / 在多."""
    table = PhraseTable(["一部电话再拨", "稍后再拨再见"])
    fixed = "，".join(table.correct_run(part)[0] for part in heard.split("，"))
    assert fixed == want


@pytest.mark.parametrize("said", ["家里一部电话都没有", "您用一部电话再打", "换一部手机再说吧"])
def test_other_talk_of_a_phone_is_left_as_heard(said):
    table = PhraseTable(["一部电话再拨", "稍后再拨再见"])
    assert table.correct_run(said) == (said, [])
