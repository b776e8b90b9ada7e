"""Full-width punctuation for Chinese text shown to people (a light module: the app's views use
it without loading the pinyin tables ``simulator.core.normalize`` needs)."""

from __future__ import annotations


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


_FULL_WIDTH = {",": "，", "?": "？", "!": "！", ":": "：", ";": "；"}


def cjk_punctuation(text: str) -> str:
    """Chinese text with full-width punctuation: the recogniser writes 好的,我… with ASCII
    commas. ``, ? ! : ;`` (and a ``.`` that ends a clause) become ``， ？ ！ ： ；`` (``。``)
    next to a Han character (not in 3,000 · 1.5 · 10:30 · "ok, fine"). One character for one, so
    positions into the text (violations, unsure marks) stay valid."""
    out = list(text)
    for i, ch in enumerate(text):
        if ch not in _FULL_WIDTH and ch != ".":
            continue
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if ch == "." and not _han(before):
            continue
        if (before and _han(before)) or (after and _han(after)):
            out[i] = _FULL_WIDTH.get(ch, "。")
    return "".join(out)
