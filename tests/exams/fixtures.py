"""A tiny question bank in the shape of ``simulator.core.quiz_bank`` (questions with id, type,
prompt, explanation, source, evidence and their type's fields; ``by_topic``, ``question``,
``bank_of``), an exam definition over it, a fake speech service and a monotonic clock the
tests advance. Every question cites the seed its evidence is quoted from."""

from __future__ import annotations

import hashlib
import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from simulator.audio.levels import to_int16
from simulator.core.catalog import DataError
from simulator.core.quiz_grading import Heard

S000 = "000_f5f53003cce702ee.txt"
S001 = "001_ab75b4677eacef2d.txt"


@dataclass(frozen=True)
class Q:
    id: str
    type: str
    prompt: str
    explanation: str
    source: str
    evidence: str
    options: list[str] = field(default_factory=list)
    answer: object = None
    steps: list[str] = field(default_factory=list)
    scenario: str = ""
    turn: int = 0
    sentence: str = ""
    model_answer: str = ""
    prompt_en: str | None = None
    difficulty: int = 1


@dataclass(frozen=True)
class Bank:
    bank: str
    topic: str
    title: str
    questions: list[Q]


class FixtureBanks:
    def __init__(self, banks: list[Bank]):
        self.banks = {b.bank: b for b in banks}
        self._bank_of = {q.id: b.bank for b in banks for q in b.questions}

    def by_topic(self, topic: str) -> list[Q]:
        found = [q for b in self.banks.values() if b.topic == topic for q in b.questions]
        if not found and topic not in {b.topic for b in self.banks.values()}:
            raise DataError(f"unknown topic {topic!r}")
        return found

    def bank_of(self, question_id: str) -> Bank:
        try:
            return self.banks[self._bank_of[question_id]]
        except KeyError:
            raise DataError(f"unknown question {question_id!r}") from None

    def question(self, question_id: str) -> Q:
        return next(q for q in self.bank_of(question_id).questions if q.id == question_id)


FORBIDDEN_EVIDENCE = "常见禁用词 喂、什么、不知道、应该、好像、不可能"


def make_banks(rewrite_answer: str) -> FixtureBanks:
    phrasing = [
        Q(
            "p.greet",
            "single",
            "10000 号接听来电时的开头语是哪一句？",
            "先问候，再报工号。",
            S001,
            "您好,实习生为您服务",
            ["您好，很高兴为您服务", "喂，说吧", "什么事？"],
            0,
        ),
        Q(
            "p.close",
            "single",
            "通话结束前应当怎么问？",
            "结束前语：请问您还需要什么帮助吗。",
            S001,
            "请问您还需要什么帮助吗?(停顿2秒)",
            ["还有事吗", "请问您还需要什么帮助吗？", "没事就挂了"],
            1,
        ),
        Q(
            "p.wait",
            "single",
            "请客户等待时应当说？",
            "请客户稍候并致谢。",
            S001,
            "请您稍后挂机,并进行评价,谢谢",
            ["等着", "请您稍等", "别急"],
            1,
        ),
        Q(
            "p.polite",
            "multiple",
            "哪些是礼貌用语？",
            "请、您好、谢谢是礼貌用语。",
            S000,
            "常见禁用词 喂、什么、不知道",
            ["您好", "喂", "谢谢", "不知道"],
            [0, 2],
        ),
        Q(
            "p.tf",
            "true_false",
            "坐席可以对客户说“不知道”。",
            "“不知道”是禁用词。",
            S000,
            FORBIDDEN_EVIDENCE,
            answer=False,
        ),
        Q(
            "p.order",
            "order",
            "把无声电话的处理步骤排好。",
            "问候、等待、再问、请客户换话机。",
            S001,
            "您好,政府热线,请问有什么可以帮到您",
            steps=["问候", "等待三秒", "再次询问", "请客户换话机再拨"],
        ),
    ]
    forbidden = [
        Q(
            "f.words",
            "single",
            "下列哪个是常见禁用词？",
            "“不可能”是常见禁用词。",
            S000,
            FORBIDDEN_EVIDENCE,
            ["非常抱歉", "不可能", "请稍等"],
            1,
        ),
        Q(
            "f.tf",
            "true_false",
            "“好像”是常见禁用词。",
            "“好像”在禁用词表上。",
            S000,
            FORBIDDEN_EVIDENCE,
            answer=True,
        ),
        Q(
            "f.rewrite",
            "rewrite",
            "把这句话改成规范用语。",
            "先致歉，再表示理解并承诺处理。",
            S001,
            "很抱歉给您带来不便",
            scenario="angry-caller",
            turn=1,
            sentence="你吵什么吵，又不是我弄坏的",
            model_answer=rewrite_answer,
        ),
        Q(
            "f.say",
            "say",
            "请口头回应这位客户。",
            "先致歉，再承诺处理。",
            S001,
            "很抱歉给您带来不便",
            scenario="angry-caller",
            turn=1,
        ),
    ]
    return FixtureBanks([
        Bank("phrasing-fixture", "phrasing", "规范用语", phrasing),
        Bank("forbidden-fixture", "forbidden", "禁用语", forbidden),
    ])  # fmt: skip


EXAM_YAML = """
# A small exam over the fixture bank (seed 001's phrasings, seed 000's forbidden words).
id: fixture-exam
title: 测试认证
title_en: Fixture certification
hotline: "10000"
source: [001_ab75b4677eacef2d.txt]
time_limit_minutes: 10
resume_window_minutes: 30
written:
  weight: 50
  topics:
    - {topic: phrasing, count: 3, types: [single, multiple, true_false, order]}
    - {topic: forbidden, count: 2, types: [single, true_false, rewrite]}
oral:
  weight: 50
  count: 2
  pool:
    - {scenario: angry-caller, turn: 1}
    - {scenario: praise, turn: 1}
    - {scenario: silent-call, turn: 1}
pass_mark: 60
retake:
  wait_days: 1
  max_attempts: 2
"""


def write_exam(folder: Path, text: str = EXAM_YAML, name: str = "fixture-exam.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


class MonoClock:
    """A monotonic clock the test (or driver) advances by hand."""

    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def voice(text: str, rate: int = 16000) -> np.ndarray:
    """A short tone standing for a spoken reply; its samples are unique to ``text``."""
    f = 200 + int(hashlib.sha256(text.encode()).hexdigest()[:4], 16) % 600
    t = np.arange(int(0.4 * rate)) / rate
    return (0.3 * np.sin(2 * np.pi * f * t)).astype(np.float32)


class FakeSpeech:
    """The speech service: hears back the text a test said with ``voice``."""

    def __init__(self):
        self.texts: dict[str, str] = {}
        self.heard: list[Path] = []

    def say(self, text: str) -> np.ndarray:
        audio = voice(text)
        self.texts[hashlib.sha256(to_int16(audio).tobytes()).hexdigest()] = text
        return audio

    def __call__(self, path: Path) -> Heard:
        self.heard.append(path)
        with wave.open(str(path), "rb") as w:
            frames = w.readframes(w.getnframes())
        return Heard(self.texts.get(hashlib.sha256(frames).hexdigest(), ""))
