"""Domain correction of transcripts: put back the hotline words Whisper heard as sound-alikes.

Whisper base writes many words with the right sounds and the wrong characters (核实 → 何时,
清楚 → 清处, 来意 → 来义, 粤语 → 月雨). A :class:`Corrector` looks, in each clause, for runs of
two to four characters that sound like a word of the hotline vocabulary (the catalog's texts and
``scenarios/lexicon/hotline-terms.yaml``), and replaces a run when that makes the clause read
much more like Chinese under a word-frequency model (jieba's dictionary of general word counts,
with the hotline words boosted). Tones that differ and sounds that only match loosely (z/zh,
in/ing, en/eng) cost extra, so a replacement needs more evidence.

Particles and forms of address (吗/嘛, 你/您, 喂 …: ``EXACT_CHARS``) are never changed or put in,
because the grader judges the reply on them (but for the greeting 喂 heard as 为 alone at the
reply's start), and no change writes a word the rules charge on its own (估计, 不知道). Then the
commitment phrases are put back whole (:mod:`simulator.speech.phrases`), a formula that ends
a clause (请讲) where its last syllable was heard as a sound-alike (:mod:`simulator.speech.formulas`),
and time limits heard a syllable too long or with a numeral lost (:mod:`simulator.speech.time_limits`).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable
from pathlib import Path

from pypinyin import Style, pinyin

from simulator.core.heard_said import GREETING_ALONE
from simulator.core.normalize import EXACT_CHARS, fuzzy_syllable
from simulator.speech.formulas import formula_at_end
from simulator.speech.phrases import Change, PhraseTable
from simulator.speech.time_limits import restore_time_limits

MAX_WORD = 4
# Accept a replacement only when the clause's log-probability rises by this much (natural log)
# after the penalties below.
MIN_GAIN = 2.0
TONE_PENALTY = 1.5
FUZZY_PENALTY = 3.0
# A sound alike but for z/zh, c/ch or s/sh never replaces a character that is a common word on
# its own (at least this count in the general dictionary): Whisper wrote the initial it heard,
# and a verb like 找 in 帮您找点资料 is what was said, not 早 of 早点. The nasal finals (in/ing,
# en/eng) are what a noisy line blurs: 信识 is still mended to 姓氏, 享身 to 响声.
FUZZY_COMMON_CHAR = 10000
# pypinyin lists a character's common reading first; matching on a rarer one (不 as fou3, 听 as
# yi2) is weak evidence.
RARE_READING_PENALTY = 3.0
# A hotline word counts as if seen this many times per occurrence in the domain texts, on top of
# its general count (the general dictionary holds about 60 million word occurrences).
DOMAIN_WEIGHT = 2000.0
MAX_READINGS = 16
# Only words far more frequent in the hotline texts than in general Chinese are put in: 核实
# (keyness ~500) but not 以及 or 心里, whose sound-alikes are as likely to be meant.
MIN_KEYNESS = 10.0
PROTECT_TOP_CHARS = 10
# Replacing one real word by another (何时 → 核实) needs more evidence than mending a non-word.
MIN_GAIN_WORD = 4.0
# Written Cantonese is not Mandarin vocabulary: clauses with these characters are left alone.
CANTONESE_CHARS = frozenset("唔哋嚟冇咗嘅睇喺乜嘢佢咁啲嗰噉咩俾嘥")
UNKNOWN_CHAR_LOGP = math.log(0.5)  # a character no dictionary word covers
# jieba lists about 47,000 words of two characters with a count of 3 or less: entries of its word
# list never seen in its corpus (挂接, 反退). Heard where a commitment phrase stands (请您挂接好吗
# on the telephone band) such a word is no evidence the phrase was not said, as 挂失 (16) is.
UNCOUNTED_WORD = 3

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")

# A reply that opens with 为 on its own (为大爷，…) opened with the greeting 喂: the one exception to
# EXACT_CHARS (simulator.core.heard_said.GREETING_ALONE says where).
_WEI_HEARD = re.compile("为" + GREETING_ALONE)
# A failing rule's pattern that is a word on its own, optionally with an optional ending.
_CHARGED_WORD = re.compile(r"^([\u4e00-\u9fff]{2,})(\([^()]*\)\?)?$")


def general_counts(path: Path | None = None) -> dict[str, int]:
    """Word → count from jieba's dictionary (one ``word count tag`` per line)."""
    if path is None:
        import jieba

        path = Path(jieba.__file__).with_name("dict.txt")
    counts: dict[str, int] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ", 2)
            if len(parts) >= 2 and len(parts[0]) <= MAX_WORD:
                counts[parts[0]] = int(parts[1])
    return counts


def count_words(texts: Iterable[str], model: Corrector) -> dict[str, int]:
    """How often each word of two or more characters occurs in ``texts``, segmented by the
    model's word counts."""
    counts: dict[str, int] = {}
    for text in texts:
        for run in _HAN_RUN.findall(text):
            for word in model.segment(run):
                if len(word) >= 2:
                    counts[word] = counts.get(word, 0) + 1
    return counts


def _retroflex_swap(a: str, b: str) -> bool:
    """Two syllables that differ in z/zh, c/ch or s/sh (zhao and zao)."""
    return a[:1] == b[:1] and a[:1] in "zcs" and (a[1:2] == "h") != (b[1:2] == "h")


def _split_tone(syl: str) -> tuple[str, str]:
    if syl and syl[-1].isdigit():
        return syl[:-1], syl[-1]
    return syl, "5"


def _ends_clause(text: str, end: int) -> bool:
    """A run of Han characters ending at ``end`` ends a clause: the text ends there or goes on
    with punctuation or a space, not with a numeral or a letter (请将3号表…, 请向A柜台…)."""
    return not text[end : end + 1].isalnum()


class Corrector:
    """Built once per process, with the model (about 0.4 s: it reads jieba's 350 000-word
    dictionary and segments the catalog's texts)."""

    def __init__(
        self,
        general: dict[str, int],
        domain_texts: Iterable[str] = (),
        domain_counts: dict[str, int] | None = None,
    ):
        general_total = float(sum(general.values()))
        self.general = general
        self.counts: dict[str, float] = dict(general)
        self.total = general_total
        self.log_total = math.log(self.total)
        domain = count_words(domain_texts, self)
        for word, count in (domain_counts or {}).items():
            domain[word] = domain.get(word, 0) + count
        for word, count in domain.items():
            self.counts[word] = self.counts.get(word, 0) + count * DOMAIN_WEIGHT
        self.total += sum(domain.values()) * DOMAIN_WEIGHT
        self.log_total = math.log(self.total)
        self.domain = domain
        singles = sorted((c for c in general if len(c) == 1), key=general.__getitem__)
        self.protected = EXACT_CHARS | frozenset(singles[::-1][:PROTECT_TOP_CHARS])
        # fuzzy toneless key → [(word, toned syllables)]
        self.index: dict[tuple[str, ...], list[tuple[str, tuple[str, ...]]]] = {}
        domain_total = max(1, sum(domain.values()))
        self.keyness = {
            word: (count / domain_total) / ((general.get(word, 0) + 1) / general_total)
            for word, count in domain.items()
        }
        for word in domain:
            if self.keyness[word] < MIN_KEYNESS:
                continue
            toned = tuple(
                r[0] for r in pinyin(word, style=Style.TONE3, heteronym=False, errors="ignore")
            )
            if len(toned) != len(word):
                continue
            key = tuple(fuzzy_syllable(_split_tone(s)[0]) for s in toned)
            self.index.setdefault(key, []).append((word, toned))

    phrases: PhraseTable | None = None
    # Words the tone rules charge on their own (估计, 不知道): never written where not heard.
    charged: frozenset[str] = frozenset()

    @classmethod
    def from_catalog(cls, catalog, general: dict[str, int] | None = None) -> Corrector:
        """The hotline vocabulary of a loaded catalog: its texts, its term lists and its
        commitment phrases."""
        counts: dict[str, int] = {}
        phrases: list[str] = []
        for terms in catalog.terms:
            for word, count in terms.terms.items():
                counts[word] = counts.get(word, 0) + count
            phrases += getattr(terms, "phrases", [])
        model = cls(general or general_counts(), catalog.texts(), counts)
        words = frozenset(
            w for w in model.general if len(w) in (2, 3) and model.general[w] > UNCOUNTED_WORD
        )
        model.phrases = PhraseTable(phrases, words) if phrases else None
        model.charged = charged_words(catalog)
        return model

    def logp(self, word: str) -> float:
        count = self.counts.get(word)
        if count:
            return math.log(count) - self.log_total
        if len(word) == 1:
            return UNKNOWN_CHAR_LOGP - self.log_total
        return -math.inf

    def _best_paths(self, run: str) -> tuple[list[float], list[int]]:
        """Viterbi over the run: best log-probability of each prefix and where its last word
        starts."""
        best = [0.0] + [-math.inf] * len(run)
        back = [0] * (len(run) + 1)
        for end in range(1, len(run) + 1):
            for size in range(1, min(MAX_WORD, end) + 1):
                score = best[end - size] + self.logp(run[end - size : end])
                if score > best[end]:
                    best[end], back[end] = score, end - size
        return best, back

    def segment(self, run: str) -> list[str]:
        """Most probable segmentation of a run of Han characters into words."""
        _, back = self._best_paths(run)
        words, end = [], len(run)
        while end > 0:
            words.append(run[back[end] : end])
            end = back[end]
        return words[::-1]

    def score(self, run: str) -> float:
        """Log-probability of the best segmentation of ``run``."""
        return self._best_paths(run)[0][-1]

    def _candidates(self, run: str) -> list[tuple[int, str, float]]:
        readings = [
            [(*_split_tone(s), i > 0) for i, s in enumerate(r)]
            for r in pinyin(run, style=Style.TONE3, heteronym=True)
        ]
        if len(readings) != len(run):
            return []
        found = []
        for size in range(2, MAX_WORD + 1):
            for start in range(0, len(run) - size + 1):
                span = run[start : start + size]
                options = readings[start : start + size]
                seen: set[str] = set()
                for combo in itertools.islice(itertools.product(*options), MAX_READINGS):
                    key = tuple(fuzzy_syllable(s) for s, _, _ in combo)
                    for word, toned in self.index.get(key, ()):
                        if word == span or word in seen or not self._may_change(span, word):
                            continue
                        penalty = 0.0
                        for (syl, tone, rare), w, heard, meant in zip(
                            combo, toned, span, word, strict=True
                        ):
                            wsyl, wtone = _split_tone(w)
                            penalty += RARE_READING_PENALTY * rare
                            if wsyl != syl:
                                if (
                                    heard != meant
                                    and _retroflex_swap(syl, wsyl)
                                    and self._common_char(heard)
                                ):
                                    break
                                penalty += FUZZY_PENALTY
                            elif wtone != tone and "5" not in (tone, wtone):
                                penalty += TONE_PENALTY
                        else:
                            seen.add(word)
                            found.append((start, word, penalty))
        return found

    def _common_char(self, ch: str) -> bool:
        return self.general.get(ch, 0) >= FUZZY_COMMON_CHAR

    def _may_change(self, span: str, word: str) -> bool:
        return all(
            a == b or (a not in self.protected and b not in self.protected)
            for a, b in zip(span, word, strict=True)
        )

    def correct_run(self, run: str) -> tuple[str, list[Change]]:
        changes: list[Change] = []
        if any(c in CANTONESE_CHARS for c in run):
            return run, changes
        for _ in range(len(run)):
            base = self.score(run)
            best: tuple[float, int, str] | None = None
            for start, word, penalty in self._candidates(run):
                new = run[:start] + word + run[start + len(word) :]
                if any(new.count(w) > run.count(w) for w in self.charged):
                    continue  # a correction never writes a fault the recogniser did not hear
                gain = self.score(new) - base - penalty
                threshold = (
                    MIN_GAIN_WORD if run[start : start + len(word)] in self.counts else MIN_GAIN
                )
                if gain > threshold and (best is None or gain > best[0]):
                    best = (gain, start, word)
            if best is None:
                break
            gain, start, word = best
            changes.append(Change(start, run[start : start + len(word)], word, round(gain, 2)))
            run = run[:start] + word + run[start + len(word) :]
        return run, changes

    def correct(self, text: str) -> tuple[str, list[Change]]:
        """The corrected text (same length) and the changes made, left to right."""
        changes: list[Change] = []
        if _WEI_HEARD.match(text):
            text = "喂" + text[1:]
            changes.append(Change(0, "为", "喂", 0.0))
        out = list(text)
        for m in _HAN_RUN.finditer(text):
            fixed, made = self.correct_run(m.group())
            if self.phrases is not None:
                fixed, more = self.phrases.correct_run(fixed)
                made = sorted(made + more, key=lambda c: c.start)
            if _ends_clause(text, m.end()):
                fixed, more = formula_at_end(fixed, self.phrases.words if self.phrases else ())
                made = sorted(made + more, key=lambda c: c.start)
            out[m.start() : m.end()] = fixed
            changes += [Change(c.start + m.start(), c.before, c.after, c.gain) for c in made]
        # Time limits span digits and Han characters (48小时内): over the whole text.
        text, more = restore_time_limits("".join(out), self.phrases.words if self.phrases else ())
        return text, sorted(changes + more, key=lambda c: c.start)


def charged_words(catalog) -> frozenset[str]:
    """The words the catalog's failing rules charge on their own: the patterns that are a word
    of two or more Han characters, with at most an optional ending (估计(是|会)? → 估计,
    不知道), not those that need a context (不是我(的)?(事|责任))."""
    words: set[str] = set()
    for rule in catalog.rules.rules:
        if rule.severity != "fail":
            continue
        for pattern in rule.patterns:
            m = _CHARGED_WORD.match(pattern)
            if m is not None:
                words.add(m.group(1))
    return frozenset(words)


def build_terms(manuals: Iterable[tuple[str, str]], general: dict[str, int] | None = None) -> str:
    """The YAML text of a hotline-terms file counting the words of ``manuals`` ((file name,
    text) pairs, listed as the sources in the order given)."""
    manuals = list(manuals)
    model = Corrector(general or general_counts())
    counts = count_words((text for _name, text in manuals), model)
    lines = [
        "# 热线用语词表：转写纠错优先采用的词（由培训手册分词统计而来，可手工增删）。",
        "# Hotline terms the transcript correction prefers over sound-alikes; counted from the",
        "# manuals by `simulator terms`; trainers may add or remove words (2–4 Han characters).",
        "version: 1",
        "description: 培训手册中出现的词及次数 / words of the training manuals and their counts",
        "source:",
        *[f"  - {name}" for name, _text in manuals],
        "terms:",
        *[
            f"  {word}: {count}"
            for word, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
    ]
    return "\n".join(lines) + "\n"
