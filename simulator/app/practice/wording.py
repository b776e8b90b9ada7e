"""How typed records read in the UI language: the outcome of a turn, a criterion's detail, a
violation's explanation, a timing note, where a model answer comes from, a caller's card.

Views call these to fill their widgets; nothing here touches a widget. Data texts come in the
UI language where the data has them (``*_en``), else in Chinese; what the trainee is to say
(rewrites, model answers) and what was said (transcripts, the caller's line) stay Chinese.
"""

from __future__ import annotations

from simulator.app.i18n import category_name, language, pick, tr
from simulator.core.criteria import TONE_CATEGORIES
from simulator.core.punctuation import cjk_punctuation
from simulator.core.records import TimingNote
from simulator.core.result import (
    ClosestAnswer,
    Criterion,
    DeliveryFinding,
    ElementEvidence,
    GradeResult,
    Violation,
)
from simulator.core.seeds import seed_title


def english() -> bool:
    return language() == "en"


def transcript(text: str) -> str:
    """A Chinese transcript with full-width punctuation (same length: spans stay valid)."""
    return cjk_punctuation(text or "")


# ---------------------------------------------------------------------- closer listen
def closer_note(first: GradeResult, final: GradeResult) -> str:
    """The note shown when the closer listen changed a result: the verdict, else the findings."""
    scores = {"old_score": first.score, "new_score": final.score}
    if first.passed != final.passed:
        verdict = {True: tr("fb.passed"), False: tr("fb.failed")}
        return tr(
            "call.closer_verdict", old=verdict[first.passed], new=verdict[final.passed], **scores
        )
    return tr("call.closer_findings", **scores)


def first_hearing(record) -> str:
    """What the feedback says of a turn the closer listen changed ("" if it did not)."""
    first = record.first_hearing
    if not first:
        return ""
    verdict = tr("fb.passed") if first.get("passed") else tr("fb.failed")
    return tr("fb.first_hearing", verdict=verdict, score=first.get("score", "?"))


# ---------------------------------------------------------------------- outcome
def fail_reason(result: GradeResult) -> str:
    """Why a reply did not pass: ``tone`` (a forbidden word or tone), ``protocol`` (an
    off-protocol move), ``missing`` (a required element), else ``other``; "" if it passed."""
    if result.passed:
        return ""
    cats = {v.category for v in result.failing}
    if cats & (TONE_CATEGORIES | {"impolite_address"}):
        return "tone"
    if "off_protocol" in cats:
        return "protocol"
    if "missing_element" in cats:
        return "missing"
    return "other"


def outcome(result: GradeResult) -> str:
    """What the reply earned, worded from the branch the call actually takes."""
    branch = result.branch_taken
    if result.passed:
        return tr("fb.outcome_passed_end" if branch == "ends" else "fb.outcome_passed")
    return tr(f"fb.reason_{fail_reason(result)}") + tr(f"fb.branch_{branch}")


# ---------------------------------------------------------------------- criteria
def criterion_detail(c: Criterion, names_en: dict[str, str] | None = None) -> str:
    """The criterion's detail from its data, in the UI language (``detail`` for results
    stored before criteria carried data); ``names_en``: the result's element names."""
    data = c.data
    if c.id == "elements" and "total" in data:
        missing = data.get("missing") or []
        if missing:
            return tr(
                "crit.missing", items=_join(element_label(n, names_en or {}) for n in missing)
            )
        return tr("crit.all_present", have=data["have"], total=data["total"])
    if c.id in ("tones", "style") and "counts" in data:
        counts = data["counts"]
        if not counts:
            return tr("crit.none")
        parts = [
            tr("crit.category_count", name=category_name(cat), n=n) for cat, n in counts.items()
        ]
        return _join(parts)
    if c.id == "similarity" and "similarity" in data:
        return tr("crit.similarity", pct=f"{float(data['similarity']):.0%}")
    if c.id == "delivery" and "total" in data:
        return tr("crit.delivery", ok=data["ok"], total=data["total"])
    return c.detail


def criterion_name(c: Criterion) -> str:
    return pick(c.name, c.name_en)


def _join(items) -> str:
    return tr("list.sep").join(items)


# ---------------------------------------------------------------------- violations
def explanation(v: Violation) -> str:
    return pick(v.explanation, v.explanation_en)


def second_opinion(v: Violation) -> str:
    """The badge of a finding only the learned second opinion made, with its confidence; ""
    for the rules' findings."""
    if v.by != "model":
        return ""
    if v.confidence is None:
        return tr("fb.by_model")
    return tr("fb.by_model_sure", p=f"{v.confidence:.0%}")


def advice(v: Violation) -> str:
    """The rule's advice when it is advice rather than words to say (shown as a tip)."""
    if not v.suggestion_en:
        return ""
    return pick(v.suggestion, v.suggestion_en)


def sources(v: Violation) -> str:
    """The manuals a rule comes from, by title ("" when it cites none)."""
    if not v.source:
        return ""
    return tr("fb.rule_source", titles=_join(_book(s) for s in v.source))


def _book(file: str) -> str:
    title = seed_title(file, english())
    return title if english() else f"《{title}》"


# ---------------------------------------------------------------------- elements
def element_label(name: str, names_en: dict[str, str]) -> str:
    """An element requirement (``A|B``) in the UI language."""
    if english() and names_en.get(name):
        return names_en[name]
    return name.replace("|", tr("elements.or"))


def element_evidence(e: ElementEvidence | None) -> str:
    """Why an element counts as said or missing: the rules' match, the second opinion's
    judgement and its confidence ("" when the result does not say)."""
    if e is None:
        return ""
    where = e.where or ""
    p = f"{e.confidence:.0%}" if e.confidence is not None else ""
    if e.by == "rules-withdrawn":
        return tr("ev.withdrawn", where=where, p=p)
    if e.by in ("rules", "both", "model"):
        key = f"ev.{e.by}" + ("_sure" if p and e.by != "model" else "")
        return tr(key, where=where, p=p or "?")
    return tr("ev.none_sure", p=p) if p else tr("ev.none")


def element_tip(result: GradeResult, name: str) -> str:
    return pick(result.element_tips.get(name, ""), result.element_tips_en.get(name))


# ---------------------------------------------------------------------- delivery, timing
def finding_label(f: DeliveryFinding) -> str:
    name = tr(f"measure.{f.measure}")
    return name if not name.startswith("measure.") else pick(f.label, f.label_en)


def finding_tip(f: DeliveryFinding) -> str:
    return pick(f.tip, f.tip_en)


def timing_note(note: TimingNote) -> tuple[str, str]:
    """(what happened, what to do) for a timing note."""
    tip = pick(note.tip, note.tip_en)
    if note.kind == "too_soon":
        said = tr("timing.too_soon", need=f"{note.limit_s:g}", got=f"{note.got_s:.1f}")
        return said, tip or tr("timing.too_soon_tip")
    if note.kind == "too_late":
        said = tr("timing.too_late", limit=f"{note.limit_s:g}", got=f"{note.got_s:.1f}")
        return said, tip or tr("timing.too_late_tip")
    return note.text, tip


# ---------------------------------------------------------------------- model answer
def answer_source(answer: ClosestAnswer) -> str:
    """Where the model answer comes from: the manual's title, with the passage as the manual
    words it when the pack records one."""
    book = _book(answer.source)
    if answer.quote:
        return tr("fb.answer_quote", book=book, quote=cjk_punctuation(answer.quote))
    return tr("fb.answer_book", book=book)


# ---------------------------------------------------------------------- caller card
def silent(persona) -> bool:
    return persona.mood == "silent" or persona.line_quality == "silent"


def caller_name(persona) -> str:
    return pick(persona.name, persona.name_en) or tr("call.unknown_caller")


def caller_facts(persona) -> str:
    """The card's facts; a silent caller is heard from, not seen: no gender or age."""
    facts = []
    if not silent(persona):
        facts += [
            tr("persona.male") if persona.gender == "male" else tr("persona.female"),
            tr("persona.age", age=persona.age),
        ]
    facts += [
        tr(f"mood.{persona.mood}"),
        tr(f"dialect.{persona.dialect}"),
        tr(f"line.{persona.line_quality}"),
    ]
    return " · ".join(facts)


def tags(scenario) -> str:
    items = scenario.tags_en if english() and scenario.tags_en else scenario.tags
    return tr("list.sep").join(items[:3])
