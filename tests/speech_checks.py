"""What a transcript of real speech must be on any CPU. Whisper's int8 output differs from one
CPU to another, so tests of the real model never name its words: they check that the text is
Simplified Chinese, mostly Han characters, and close to the script the voice was given."""

from __future__ import annotations

from simulator.speech import cer
from simulator.speech.text_guards import bare, to_simplified

_DIGITS = str.maketrans("0123456789", "零一二三四五六七八九")

# Measured on this kind of machine (2-core AMD EPYC, base model): 0–10 % on the clean clips,
# up to ~35 % on a noisy telephone line. The bounds leave room for other CPUs.
CLEAN_CER = 0.35
PHONE_CER = 0.6
MIN_HAN = 0.8


def chars(text: str) -> str:
    """Han characters (and letters) only, digits written as Han numerals."""
    return bare(to_simplified(text)).translate(_DIGITS)


def char_error_rate(ref: str, hyp: str) -> float:
    """The project's one CER (``simulator.speech.cer``) on the characters of both texts."""
    return cer.char_error_rate(chars(ref), chars(hyp))


def han_share(text: str) -> float:
    kept = chars(text)
    return sum("\u4e00" <= c <= "\u9fff" for c in kept) / max(1, len(kept))


def assert_sensible(text: str, script: str, max_cer: float = CLEAN_CER) -> None:
    """``text`` is a plausible hearing of ``script``: not empty, Simplified, mostly Han
    characters, and its character error rate against the script under ``max_cer``."""
    assert chars(text), f"nothing heard of {script!r}"
    assert to_simplified(text) == text, text
    assert han_share(text) >= MIN_HAN, (text, han_share(text))
    cer = char_error_rate(script, text)
    assert cer < max_cer, (script, text, round(cer, 3))
