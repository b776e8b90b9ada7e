"""Clean-up of raw Whisper text: Simplified characters, loop collapse, prompt-echo and
stock-hallucination detection. Pure Python; no model needed, so it is unit-tested directly."""

from __future__ import annotations

import re
import unicodedata

from simulator.core.normalize import is_han, to_simplified  # noqa: F401 - re-exported

# A 1–4 character unit repeated more than 4 times in a row ("作 作 作 作 作 …").
_SHORT_LOOP = re.compile(r"(.{1,4}?)\1{4,}", re.S)
# A 5–40 character phrase repeated 3 or more times in a row ("宽带报修。宽带报修。宽带报修。").
_LONG_LOOP = re.compile(r"(.{5,40}?)\1{2,}", re.S)
# Phrases Whisper invents on silence or music (subtitle credits); never said on a hotline.
STOCK_HALLUCINATIONS = (
    "字幕由",
    "字幕提供",
    "中文字幕",
    "字幕志愿者",
    "作词",
    "作曲",
    "编曲",
    "谢谢观看",
    "谢谢收看",
    "点赞订阅",
    "订阅转发",
    "明镜与点点",
    "独播剧场",
    "amara",
)
_FULLWIDTH_LATIN = re.compile(r"(?<=[\u3400-\u9fff])[Ａ-Ｚａ-ｚ](?=[\u3400-\u9fff])")


def fix_glitches(text: str) -> str:
    """Undo a base-model quirk: a stray full-width Latin letter (Ｇ) printed for '，'."""
    return _FULLWIDTH_LATIN.sub("，", text)


def bare(text: str) -> str:
    """Text without punctuation, symbols or spaces, lower-cased (for comparisons)."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch.lower() for ch in text if unicodedata.category(ch)[0] in ("L", "N"))


def collapse_loops(text: str) -> tuple[str, list[int]]:
    """Collapse repetition loops to one copy of the repeated unit.

    Returns the new text and, for each of its characters, the index it had in ``text``
    (so word timings can follow). A partial copy of the unit left at the very end of the
    text (the decoder was cut off mid-loop) is dropped too.
    """
    index = list(range(len(text)))
    for pattern in (_SHORT_LOOP, _LONG_LOOP):
        kept_chars: list[str] = []
        kept_index: list[int] = []
        pos = 0
        for m in pattern.finditer(text):
            unit = m.group(1)
            stop = m.start() + len(unit)
            end = m.end()
            tail = text[end:]
            if tail and len(tail) < len(unit) and unit.startswith(tail):
                end = len(text)
            kept_chars.append(text[pos:stop])
            kept_index.extend(index[pos:stop])
            pos = end
        kept_chars.append(text[pos:])
        kept_index.extend(index[pos:])
        text = "".join(kept_chars)
        index = kept_index
    return text, index


def prompt_terms(prompt: str) -> list[str]:
    """The prompt split at punctuation into its bare terms."""
    return [t for t in (bare(p) for p in re.split(r"[\s,，。、？?！!；;：:…]+", prompt)) if t]


def is_prompt_echo(text: str, prompt: str, min_terms: int = 3) -> bool:
    """True when ``text`` is a stretch of the prompt covering ``min_terms`` or more of its terms.

    Genuine speech can contain a prompt term ("工号") or two, but a run of three or more of
    them, word for word in prompt order, is Whisper echoing its prompt.
    """
    seg = bare(to_simplified(text))
    if not seg:
        return False
    terms = prompt_terms(to_simplified(prompt))
    joined = "".join(terms)
    pos = joined.find(seg)
    if pos < 0:
        return False
    # Count the terms the matched span touches.
    covered, offset = 0, 0
    for term in terms:
        start, end = offset, offset + len(term)
        if start < pos + len(seg) and end > pos:
            covered += 1
        offset = end
    return covered >= min_terms


def leaked_prompt_words(
    words: list[tuple[str, float]], prompt: str, max_prob: float = 0.05
) -> set[int]:
    """Indices of words that spell a prompt term on their own and that the decoder was almost
    sure were not said (every word's probability below ``max_prob``).

    Whisper sometimes fills an unclear sound with a term from its prompt: a synthetic "嗯" came
    out as "宽带" at probabilities 0.03/0.01. Over 108 clips the genuine prompt terms had a
    best-word probability of 0.12 or more (usually > 0.4). ``words`` are (text, prob) pairs.
    """
    if not prompt or not words:
        return set()
    owner: list[int] = []
    for i, (text, _) in enumerate(words):
        owner.extend([i] * len(bare(text)))
    flat = "".join(bare(text) for text, _ in words)
    drop: set[int] = set()
    for term in prompt_terms(to_simplified(prompt)):
        start = flat.find(term)
        while start >= 0:
            end = start + len(term)
            idx = sorted(set(owner[start:end]))
            aligned = (start == 0 or owner[start - 1] != owner[start]) and (
                end == len(flat) or owner[end] != owner[end - 1]
            )
            if aligned and max(words[i][1] for i in idx) < max_prob:
                drop.update(idx)
            start = flat.find(term, end)
    return drop


def is_stock_hallucination(text: str) -> bool:
    seg = bare(to_simplified(text))
    return any(phrase in seg for phrase in STOCK_HALLUCINATIONS)
