"""Schema of the data files: scenario packs, the rule catalog and the element catalog.

Trainers edit these as YAML; pydantic validates them so that a bad file is rejected with the
path of the offending field instead of half-loading. A text field ``x`` may have an ``x_en``
beside it: what the app shows in English (the Chinese is shown where it is missing). What the
trainee is to say (suggestions, model answers) and what the caller says stay Chinese.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from simulator.core.paths import AUDIO_PREFIX, check_audio_ref

Category = Literal[
    "forbidden_word",
    "rhetorical",
    "interrogating",
    "commanding",
    "sarcastic",
    "shirking",
    "filler",
    "impolite_address",
    "missing_element",
    "off_protocol",
    "delivery",
]
CATEGORIES: tuple[str, ...] = get_args(Category)
# What a trainer names a wrong move said in a forbidden tone (000 服务禁用语气; 001 推诿用语).
ToneCategory = Literal["shirking", "commanding", "sarcastic", "forbidden_word", "rhetorical",
                       "interrogating", "impolite_address"]  # fmt: skip
Severity = Literal["fail", "warn"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rule(_Strict):
    """One forbidden word or tone, with patterns in the pattern language of `patterns.py`."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    category: Category
    severity: Severity = "fail"
    patterns: list[str] = Field(min_length=1)
    unless: list[str] = Field(
        default_factory=list,
        description="context patterns: a match inside one of these is not a violation",
    )
    priority: int | None = Field(
        default=None,
        description="order in which violations are named (lower first); default by category",
    )
    unless_polite: bool = Field(
        default=False,
        description="downgrade to a warning when the reply is otherwise polite",
    )
    once_polite: bool = Field(
        default=False,
        description="downgrade to a warning when found once in an otherwise polite reply (a pet "
        "phrase said once is a blemish; said again it is the habit the seeds forbid)",
    )
    negatable: bool = Field(
        default=False,
        description="not a violation where a negator governs the match (不方便帮您转接)",
    )
    conditional_ok: bool = Field(
        default=False,
        description="not a violation inside a conditional clause (如果今天处理不了，我会…)",
    )
    limit_ok: bool = Field(
        default=False,
        description="not a violation when it limits time or manner only and a later clause says "
        "the agent's next step (没办法马上上门，我已经给您登记了加急)",
    )
    whole_words: bool = Field(
        default=True,
        description="the match must start and end on word boundaries (有什么用 ≠ 有什么用电)",
    )
    by_sound: bool = Field(
        default=True,
        description="also match same-sounding characters; False for a repetition (是是是 is not "
        "是私事 nor 是四四)",
    )
    explanation: str = Field(min_length=1)
    explanation_en: str = ""
    suggestion: str = Field(min_length=1, description="the approved words to say instead")
    suggestion_en: str = Field(
        default="", description="only where the suggestion is advice rather than words to say"
    )
    source: list[str] = Field(min_length=1)
    examples_bad: list[str] = Field(default_factory=list)
    examples_good: list[str] = Field(default_factory=list)


class RuleCatalog(_Strict):
    version: int = 1
    rules: list[Rule]

    @field_validator("rules")
    @classmethod
    def _unique_ids(cls, rules: list[Rule]) -> list[Rule]:
        seen: set[str] = set()
        for rule in rules:
            if rule.id in seen:
                raise ValueError(f"duplicate rule id {rule.id!r}")
            seen.add(rule.id)
        return rules


class Element(_Strict):
    """A required element of a reply (致歉, 请求普通话 …) and the phrasings that count as it."""

    name: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    patterns: list[str] = Field(min_length=1)
    negatable: bool = Field(
        default=True, description="a negated phrasing does not count (我不会帮您处理)"
    )
    tip: str = Field(min_length=1, description="what to say when the element is missing")
    tip_en: str = ""
    source: list[str] = Field(min_length=1)


class ElementCatalog(_Strict):
    version: int = 1
    elements: list[Element]


class Persona(_Strict):
    gender: Literal["male", "female"]
    age: int = Field(ge=5, le=100)
    mood: Literal[
        "calm", "angry", "abusive", "anxious", "happy", "flirty", "silent", "apologetic", "curious"
    ]
    dialect: Literal["mandarin", "cantonese"] = "mandarin"
    line_quality: Literal["clear", "noisy", "silent"] = "clear"
    name: str = Field(default="", description="how the caller card introduces them")
    name_en: str = ""


def _audio_ref(ref: str | None, info: ValidationInfo) -> str | None:
    """An audio reference under the pack's audio prefix: ``assets/audio/`` for a shipped pack,
    ``audio/`` for a trainer's pack (validated with ``context={"audio_prefix": "audio/"}``)."""
    if ref is None:
        return None
    prefix = (info.context or {}).get("audio_prefix", AUDIO_PREFIX)
    return check_audio_ref(ref, prefix)


class CallerLine(_Strict):
    text: str = Field(description="what the caller says; （无声） for a silent line")
    audio: str | None = Field(
        default=None,
        description="assets/audio/… or, in a trainer's pack, audio/… (see paths.check_audio_ref);"
        " none: the app shows the line as text for its reading time",
    )
    recorded: bool = Field(
        default=False, description="true when audio is a trainer's own recording, not rendered"
    )

    @field_validator("audio")
    @classmethod
    def _audio_inside(cls, ref: str | None, info: ValidationInfo) -> str | None:
        return _audio_ref(ref, info)


class ModelAnswer(_Strict):
    text: str = Field(min_length=2)
    source: str = Field(min_length=1)
    audio: str | None = None
    quote: str = Field(
        default="", description="the passage of the source seed as it words it (simulator quotes)"
    )

    @field_validator("audio")
    @classmethod
    def _audio_inside(cls, ref: str | None, info: ValidationInfo) -> str | None:
        return _audio_ref(ref, info)


class OffProtocol(_Strict):
    """A move that is wrong in this scenario (accepting a date, giving a colleague's number …)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    patterns: list[str] = Field(min_length=1)
    unless: list[str] = Field(default_factory=list)
    negatable: bool = Field(
        default=True, description="not a violation where a negator governs the match"
    )
    tone: ToneCategory | None = Field(
        default=None,
        description="the forbidden tone the move is itself said in (推诿、命令、讽刺、禁用词): the "
        "finding is named by that category, keeps the move's explanation and rewrite and is "
        "still the situation's main fault",
    )
    explanation: str = Field(min_length=1)
    explanation_en: str = ""
    suggestion: str = Field(min_length=1)
    suggestion_en: str = ""
    source: list[str] = Field(min_length=1)


class Timing(_Strict):
    wait_before_s: float | None = Field(
        default=None, ge=0, description="silence the agent should leave before speaking again"
    )
    wait_after_s: list[float] | None = Field(
        default=None, description="[min, max] seconds to wait for the caller after the reply"
    )
    max_latency_s: float | None = Field(default=None, gt=0)
    note: str = ""
    note_en: str = ""


class Branches(_Strict):
    """Next turn by outcome. `escalated` is taken after a forbidden word or tone."""

    passed: int | None = None
    failed: int | None = None
    escalated: int | None = None


class Turn(_Strict):
    id: int = Field(ge=1)
    caller: CallerLine
    required: list[str] = Field(
        default_factory=list,
        description="element names; 'A|B' means either element A or element B counts",
    )
    extra_patterns: dict[str, list[str]] = Field(
        default_factory=dict, description="scenario-specific phrasings per element name"
    )
    model_answers: list[ModelAnswer] = Field(min_length=1)
    off_protocol: list[OffProtocol] = Field(default_factory=list)
    next: Branches = Field(default_factory=Branches)
    timing: Timing | None = None
    hint: str = Field(default="", description="coaching hint shown before answering")
    hint_en: str = ""


class Scenario(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    title_en: str = Field(min_length=1)
    difficulty: int = Field(ge=1, le=5)
    tags: list[str] = Field(default_factory=list)
    tags_en: list[str] = Field(default_factory=list)
    hotline: str = Field(default="10000", description="10000 / 95598 / 12345 …")
    summary: str = ""
    summary_en: str = ""
    source: list[str] = Field(min_length=1)
    persona: Persona
    turns: list[Turn] = Field(min_length=1)

    @model_validator(mode="after")
    def _turns_link_up(self) -> Scenario:
        ids = [t.id for t in self.turns]
        if len(set(ids)) != len(ids):
            raise ValueError(f"duplicate turn ids in {ids}")
        for turn in self.turns:
            for outcome in ("passed", "failed", "escalated"):
                target = getattr(turn.next, outcome)
                if target is not None and target not in ids:
                    raise ValueError(
                        f"turn {turn.id}: next.{outcome} = {target} is not a turn of this scenario"
                    )
        return self

    def turn(self, turn_id: int) -> Turn:
        for t in self.turns:
            if t.id == turn_id:
                return t
        raise KeyError(turn_id)


class DeliveryNorms(_Strict):
    rate_cpm: tuple[float, float] = (100.0, 120.0)
    rate_tolerance: float = Field(default=0.25, ge=0, description="fraction outside still warned")
    max_latency_s: float = 3.0
    max_pause_s: float = 2.0
    loudness_dbfs: tuple[float, float] = (-35.0, -8.0)
    max_clipping_ratio: float = 0.001
    max_fillers: int = 1
    min_pitch_std_semitones: float = 1.0
    source: list[str] = Field(default_factory=lambda: ["001_ab75b4677eacef2d.txt"])


class Pack(_Strict):
    pack: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    title_en: str = Field(min_length=1)
    description: str = ""
    description_en: str = ""
    source: list[str] = Field(min_length=1)
    delivery: DeliveryNorms = Field(default_factory=DeliveryNorms)
    scenarios: list[Scenario] = Field(min_length=1)


TermText = Annotated[str, Field(pattern=r"^[\u4e00-\u9fff]{2,4}$")]
PhraseText = Annotated[str, Field(pattern=r"^[\u4e00-\u9fff]{4,12}$")]


class HotlineTerms(_Strict):
    """scenarios/lexicon/*.yaml: hotline words the transcript correction should prefer when
    Whisper writes a sound-alike (核实 for 何时). ``terms`` maps a word to how often it occurs
    in the source texts; a bigger count is a stronger preference."""

    version: int = 1
    description: str = ""
    source: list[str] = Field(min_length=1)
    terms: dict[TermText, Annotated[int, Field(ge=1, le=100_000)]] = Field(min_length=1)
    # Longer expressions that carry a commitment (两个工作日内, 换一部电话再拨再见): put back
    # whole when Whisper heard one or two of their syllables as sound-alikes.
    phrases: list[PhraseText] = []


class ToneNote(_Strict):
    """How the second opinion explains a tone it found where no rule did."""

    explanation: str = Field(min_length=1)
    explanation_en: str = ""
    suggestion: str = Field(min_length=1)
    suggestion_en: str = Field(
        default="", description="only where the suggestion is advice rather than words to say"
    )
    source: list[str] = Field(min_length=1)


class OpinionPolicy(_Strict):
    """How the learned second opinion is combined with the rules (thresholds are probabilities)."""

    enabled: bool = True
    flag: dict[str, float] = Field(
        default_factory=dict,
        description="a tone the rules missed is charged when the model is at least this sure "
        "(per category; categories not listed are never charged by the model alone)",
    )
    reply_flag: dict[str, float] = Field(
        default_factory=dict,
        description="the same for the reply as a whole (sarcasm that lies in no one clause): "
        "charged on the clause most likely to carry it, when nothing else was charged",
    )
    veto_clean: float = Field(
        default=1.01,
        ge=0,
        le=1.01,
        description="a rule finding is withdrawn (kept as a warning) when the model is at least "
        "this sure its clause is fine (> 1: never)",
    )
    veto_categories: list[str] = Field(default_factory=list)
    element_keep: float = Field(
        default=0.0, ge=0, le=1, description="a rule-found element is dropped under this"
    )
    element_add: float = Field(
        default=1.01, ge=0, le=1.01, description="an element the rules missed counts above this"
    )
    notes: dict[str, ToneNote] = Field(default_factory=dict)


class Scoring(_Strict):
    """The score's weights and the fail cap (see `grader.Grader._criteria`)."""

    elements: float = 40
    tones: float = 40
    style: float = 10
    closeness: float = 10
    delivery: float = 20
    text_scale_with_delivery: float = 0.8
    tone_fail_cost: float = 20
    tone_warn_cost: float = 5
    style_fail_cost: float = 5
    style_warn_cost: float = 2
    closeness_full_at: float = Field(default=0.6, gt=0, le=1)
    fail_cap: int = Field(default=59, ge=0, le=100)


class Policy(_Strict):
    """scenarios/rules/policy.yaml: scoring weights and the second opinion's thresholds."""

    version: int = 1
    source: list[str] = Field(default_factory=list)
    scoring: Scoring = Field(default_factory=Scoring)
    opinion: OpinionPolicy = Field(default_factory=OpinionPolicy)
