"""Text guards: loop collapse, prompt echo, stock hallucinations, Simplified output; and the
segment filter built on them (with fake segments, no model)."""

from __future__ import annotations

from simulator.speech import text_guards as tg
from simulator.speech.transcriber import DEFAULT_PROMPT, clean_segment
from tests.speech.segments import segment


def test_short_unit_loops_collapse():
    assert tg.collapse_loops("愁愁愁愁愁愁愁愁")[0] == "愁"
    assert tg.collapse_loops("您好,我愁愁愁愁愁愁")[0] == "您好,我愁"
    assert tg.collapse_loops("作 作 作 作 作 作 作 作 作")[0].strip() == "作"
    assert tg.collapse_loops("作曲 作曲 作曲 作曲 作曲 作曲 ")[0] == "作曲 "


def test_normal_repetition_is_kept():
    for text in ("喂喂喂，您好", "对对对，是的", "这个这个，您稍等", "谢谢谢谢"):
        assert tg.collapse_loops(text)[0] == text


def test_long_phrase_loops_collapse_with_partial_tail():
    loop = "请问有什么可以帮您Ｇ" * 6 + "请问有"
    assert tg.collapse_loops(loop)[0] == "请问有什么可以帮您Ｇ"
    assert tg.collapse_loops("宽带报修。" * 7 + "我帮您查一下")[0] == "宽带报修。我帮您查一下"


def test_collapse_index_maps_back_to_original():
    text = "好的啊啊啊啊啊啊我明白"
    out, index = tg.collapse_loops(text)
    assert out == "好的啊我明白"
    assert "".join(text[i] for i in index) == out


def test_prompt_echo():
    prompt = DEFAULT_PROMPT
    assert tg.is_prompt_echo("工号，宽带，电费，普通话", prompt)
    assert tg.is_prompt_echo("那个，您好，请问有什么可以帮您？", "嗯,那个,您好,请问有什么可以帮您?")
    assert tg.is_prompt_echo("普通話，久等了，不便", prompt)  # Traditional echo too
    # Genuine replies that share a term or two with the prompt are kept.
    assert not tg.is_prompt_echo("您好，请问有什么可以帮您？", prompt)
    assert not tg.is_prompt_echo("我的工号是一零二四", prompt)
    assert not tg.is_prompt_echo("宽带", prompt)
    assert not tg.is_prompt_echo("", prompt)


def test_stock_hallucinations():
    assert tg.is_stock_hallucination("作词 作曲")
    assert tg.is_stock_hallucination("字幕由Amara.org社区提供")
    assert tg.is_stock_hallucination("請不吝點贊訂閱轉發打賞支持明鏡與點點欄目")
    assert not tg.is_stock_hallucination("您好，请问有什么可以帮您？")
    assert not tg.is_stock_hallucination("我想订阅一个流量包")


def test_simplified_and_glitch_fix():
    assert tg.to_simplified("請問有什麼可以幫您") == "请问有什么可以帮您"
    assert tg.fix_glitches("非常抱歉Ｇ给您带来不便") == "非常抱歉，给您带来不便"
    assert tg.fix_glitches("ＡＢＣ") == "ＡＢＣ"


def test_clean_segment_converts_and_keeps_word_timings():
    seg = segment("請問", [("請", 0.0, 0.2), ("問", 0.2, 0.4)])
    out = clean_segment(seg, DEFAULT_PROMPT)
    assert out.text == "请问"
    assert [(w.word, w.start, w.end) for w in out.words] == [("请", 0.0, 0.2), ("问", 0.2, 0.4)]


def test_clean_segment_collapses_loop_in_words():
    words = [("好", 0.0, 0.3)] + [("啊", 0.3 + i * 0.1, 0.4 + i * 0.1) for i in range(8)]
    out = clean_segment(segment("好" + "啊" * 8, words), "")
    assert out.text == "好啊"
    assert [w.word for w in out.words] == ["好", "啊"]


def test_clean_segment_rejects_bad_segments():
    assert clean_segment(segment("试试", logprob=-1.34, no_speech=0.4)) is None
    assert clean_segment(segment("随便", logprob=-1.6, no_speech=0.0)) is None
    assert clean_segment(segment("作词")) is None
    assert clean_segment(segment("这些东西," * 20, no_speech=0.73, ratio=4.9)) is None
    assert clean_segment(segment("工号,宽带,电费,普通话"), DEFAULT_PROMPT) is None
    assert clean_segment(segment("，。")) is None
    assert clean_segment(segment("您好", logprob=-0.9, no_speech=0.2)).text == "您好"


def test_leaked_prompt_terms_are_found_only_when_improbable():
    words = [("宽", 0.034), ("带,", 0.0095), ("那个,", 0.12), ("您", 0.96), ("这个", 0.97)]
    assert tg.leaked_prompt_words(words, DEFAULT_PROMPT) == {0, 1}
    # A term inside a longer word, or said with confidence, is not a leak.
    assert tg.leaked_prompt_words([("宽带报修", 0.01)], DEFAULT_PROMPT) == set()
    assert tg.leaked_prompt_words([("宽带", 0.6)], DEFAULT_PROMPT) == set()
    assert tg.leaked_prompt_words(words, "") == set()


def test_clean_segment_drops_a_leaked_prompt_term():
    seg = segment(
        "寬帶,那個,您",
        [("寬", 0.0, 0.48), ("帶,", 0.48, 0.88), ("那個,", 1.16, 1.16), ("您", 1.48, 1.58)],
    )
    for w, p in zip(seg.words, (0.034, 0.0095, 0.12, 0.96), strict=True):
        w.probability = p
    out = clean_segment(seg, DEFAULT_PROMPT)
    assert out.text == "那个,您"
    assert [w.word for w in out.words] == ["那个,", "您"]
