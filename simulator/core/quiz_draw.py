"""Drawing questions (practice quizzes and exams) and presenting them.

A draw is made from an integer seed with its own ``random.Random``, so it is reproducible: an
exam attempt stores its seed and draw and shows the candidate the same questions, options and
steps after a resume. Options and steps are shuffled; ``order[i]`` is the bank index of what is
shown at position ``i``. An order question is never shown in its correct order.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass, field

from simulator.core.exam_def import ExamDefinition, QuestionSource, TopicDraw, eligible


@dataclass(frozen=True)
class DrawnQuestion:
    """A written item: which question, under which topic, with its options/steps shuffled."""

    index: int
    question_id: str
    topic: str
    type: str
    order: tuple[int, ...] = ()  # shown position → bank index (options or steps)

    def to_dict(self) -> dict:
        return {
            "index": self.index,
            "part": "written",
            "question_id": self.question_id,
            "topic": self.topic,
            "type": self.type,
            "order": list(self.order),
        }


@dataclass(frozen=True)
class DrawnTurn:
    """An oral item: a scenario turn whose caller line the candidate answers by voice."""

    index: int
    scenario_id: str
    turn_id: int

    @property
    def key(self) -> str:
        return f"{self.scenario_id}#{self.turn_id}"

    def to_dict(self) -> dict:
        return {
            "index": self.index,
            "part": "oral",
            "scenario": self.scenario_id,
            "turn": self.turn_id,
        }


Item = DrawnQuestion | DrawnTurn


@dataclass(frozen=True)
class Draw:
    seed: int
    items: tuple[Item, ...] = field(default_factory=tuple)

    def to_json(self) -> str:
        body = {"seed": self.seed, "items": [i.to_dict() for i in self.items]}
        return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()

    @classmethod
    def from_json(cls, text: str) -> Draw:
        data = json.loads(text)
        items: list[Item] = []
        for d in data["items"]:
            if d["part"] == "oral":
                items.append(DrawnTurn(d["index"], d["scenario"], int(d["turn"])))
            else:
                items.append(
                    DrawnQuestion(
                        d["index"], d["question_id"], d["topic"], d["type"], tuple(d["order"])
                    )
                )
        return cls(int(data["seed"]), tuple(items))

    def item(self, index: int) -> Item:
        if not 0 <= index < len(self.items):
            raise IndexError(index)
        return self.items[index]

    @property
    def written(self) -> list[DrawnQuestion]:
        return [i for i in self.items if isinstance(i, DrawnQuestion)]

    @property
    def oral(self) -> list[DrawnTurn]:
        return [i for i in self.items if isinstance(i, DrawnTurn)]


def _shuffle_for(question, rng: random.Random) -> tuple[int, ...]:
    if question.type in ("single", "multiple"):
        n = len(question.options)
        return tuple(rng.sample(range(n), n))
    if question.type == "order":
        n = len(question.steps)
        while True:
            order = tuple(rng.sample(range(n), n))
            if order != tuple(range(n)):  # shown in the right order, it would answer itself
                return order
    return ()


def _questions(
    banks: QuestionSource, draws: list[TopicDraw], rng: random.Random
) -> list[tuple[object, str]]:
    picked: list[tuple[object, str]] = []
    for draw in draws:
        pool = eligible(banks, draw)
        picked.extend((q, draw.topic) for q in rng.sample(pool, min(draw.count, len(pool))))
    rng.shuffle(picked)
    return picked


def draw_exam(exam: ExamDefinition, banks: QuestionSource | None, seed: int) -> Draw:
    """The candidate's own paper: written questions per topic, then the oral turns."""
    rng = random.Random(seed)
    items: list[Item] = []
    if exam.written is not None:
        if banks is None:
            raise ValueError("the written part needs the question banks")
        for question, topic in _questions(banks, list(exam.written.topics), rng):
            order = _shuffle_for(question, rng)
            items.append(DrawnQuestion(len(items), question.id, topic, question.type, order))
    if exam.oral is not None:
        for turn in rng.sample(list(exam.oral.pool), exam.oral.count):
            items.append(DrawnTurn(len(items), turn.scenario, turn.turn))
    return Draw(seed, tuple(items))


def draw_questions(questions: list[tuple[object, str]], seed: int) -> Draw:
    """A quiz of exactly these (question, topic) pairs, in a shuffled order."""
    rng = random.Random(seed)
    picked = sorted(questions, key=lambda pair: pair[0].id)
    rng.shuffle(picked)
    items = [
        DrawnQuestion(i, q.id, topic, q.type, _shuffle_for(q, rng))
        for i, (q, topic) in enumerate(picked)
    ]
    return Draw(seed, tuple(items))


def draw_practice(
    banks: QuestionSource, topics: list[str], count: int, seed: int, types: list[str] | None = None
) -> Draw:
    """A practice quiz: ``count`` questions spread over ``topics`` (all six types by default)."""
    rng = random.Random(seed)
    allowed = types or ["single", "multiple", "true_false", "order", "rewrite", "say"]
    pool = [
        (q, t)
        for t in topics
        for q in eligible(banks, TopicDraw.model_construct(topic=t, count=1, types=allowed))
    ]
    picked = rng.sample(pool, min(count, len(pool)))
    return draw_questions(picked, rng.randrange(1 << 62))


@dataclass(frozen=True)
class PresentedQuestion:
    """What the screen shows for a written item: no answer, no explanation."""

    index: int
    question_id: str
    topic: str
    type: str
    prompt: str
    prompt_en: str | None
    options: tuple[str, ...] = ()  # shown order (single / multiple)
    steps: tuple[str, ...] = ()  # shown (shuffled) order (order)
    sentence: str = ""  # the sentence to rewrite (rewrite)
    scenario_id: str = ""  # rewrite / say
    turn_id: int | None = None
    options_en: tuple[str, ...] = ()  # the options' English, in the same shown order
    steps_en: tuple[str, ...] = ()  # the steps' English, in the same shown order


def _shown(texts, order: tuple[int, ...]) -> tuple[str, ...]:
    return tuple(texts[i] for i in order) if texts else ()


@dataclass(frozen=True)
class PresentedTurn:
    """What the screen shows for an oral item: the caller's line to answer (and its audio)."""

    index: int
    scenario_id: str
    turn_id: int
    caller_text: str
    caller_audio: str | None  # None: no audio, the line is shown as text
    title: str


def present(item: DrawnQuestion, question) -> PresentedQuestion:
    choice, order = item.type in ("single", "multiple"), item.type == "order"
    options = _shown(question.options, item.order) if choice else ()
    steps = _shown(question.steps, item.order) if order else ()
    return PresentedQuestion(
        index=item.index,
        question_id=question.id,
        topic=item.topic,
        type=question.type,
        prompt=question.prompt,
        prompt_en=getattr(question, "prompt_en", None),
        options=options,
        steps=steps,
        sentence=getattr(question, "sentence", "") if question.type == "rewrite" else "",
        scenario_id=getattr(question, "scenario", "") or "",
        turn_id=getattr(question, "turn", None),
        options_en=_shown(getattr(question, "options_en", None), item.order) if choice else (),
        steps_en=_shown(getattr(question, "steps_en", None), item.order) if order else (),
    )


def present_turn(item: DrawnTurn, catalog) -> PresentedTurn:
    scenario = catalog.scenario(item.scenario_id)
    turn = scenario.turn(item.turn_id)
    return PresentedTurn(
        item.index, item.scenario_id, item.turn_id, turn.caller.text, turn.caller.audio,
        scenario.title,
    )  # fmt: skip
