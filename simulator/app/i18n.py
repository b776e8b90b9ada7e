"""A small translation table keyed by string id: Simplified Chinese by default, English too.

``tr("home.title")`` looks the id up in :data:`simulator.app.strings.STRINGS` for the current
language; ``tr("call.turn", n=2)`` formats named fields. An unknown id comes back as the id
itself, so a missing string is visible instead of crashing. Views re-read their strings in
``retranslate()`` when the language changes.
"""

from __future__ import annotations

from simulator.app.strings import CATEGORIES, STRINGS

LANGUAGES = {"zh": "简体中文", "en": "English"}
_current = "zh"


def set_language(lang: str) -> None:
    global _current
    _current = lang if lang in LANGUAGES else "zh"


def language() -> str:
    return _current


def tr(key: str, **fields: object) -> str:
    entry = STRINGS.get(key)
    if entry is None:
        return key
    text = entry[1] if _current == "en" else entry[0]
    if fields:
        try:
            return text.format(**fields)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def category_name(category: str) -> str:
    entry = CATEGORIES.get(category)
    if entry is None:
        return category
    return entry[1] if _current == "en" else entry[0]


def pick(zh: str, en: str | None) -> str:
    """Choose between a Chinese and an English field of the data (titles, criteria …)."""
    return en if _current == "en" and en else zh


def local_time(stored: str | None) -> str:
    """A stored timestamp (UTC) as the user's local "YYYY-MM-DD HH:MM"."""
    from simulator.store.db import parse_time

    when = parse_time(stored)
    return when.astimezone().strftime("%Y-%m-%d %H:%M") if when else (stored or "")


def missing_keys(keys: list[str]) -> list[str]:
    return [k for k in keys if k not in STRINGS]


def message(text: str) -> str:
    """The current language's half of a service's "中文 / English" message (the whole text when
    it has no such halves)."""
    zh, sep, en = (text or "").partition(" / ")
    if not sep:
        return text
    return en if _current == "en" else zh
