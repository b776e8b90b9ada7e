"""Judging delivery measures (speaking rate, latency, pauses, loudness, fillers, pitch) against
the pack's norms, each with a plain-language tip in Chinese and English. The measures
themselves are computed from the audio by `simulator.speech.delivery_measures`; this module only
compares numbers."""

from __future__ import annotations

from simulator.core.result import DeliveryFinding
from simulator.core.schema import DeliveryNorms

__all__ = ["DeliveryFinding", "evaluate_delivery"]

# measure → (label, label_en)
LABELS = {
    "rate_cpm": ("语速（字/分钟）", "Rate (chars/min)"),
    "latency_s": ("回应时间（秒）", "Response time (s)"),
    "long_pauses": ("最长停顿（秒）", "Longest pause (s)"),
    "loudness_dbfs": ("音量（dBFS）", "Loudness (dBFS)"),
    "clipping_ratio": ("爆音比例", "Clipping ratio"),
    "fillers": ("语气词/口头禅（次）", "Fillers (count)"),
    "pitch_std_semitones": ("语调起伏（半音）", "Pitch variation (semitones)"),
}

# tip id → (zh, en)
TIPS = {
    "rate_fast": (
        "语速偏快，放慢一些，让客户听清楚。",
        "Too fast: slow down so the caller can follow.",
    ),
    "rate_slow": ("语速偏慢，可以更干脆利落一些。", "A little slow: you can be crisper."),
    "rate_ok": ("语速适中。", "A good pace."),
    "latency_ok": ("回应及时。", "A prompt answer."),
    "latency_slow": (
        "客户说完后应尽快回应，避免冷场。",
        "Answer soon after the caller stops; avoid dead air.",
    ),
    "pause_ok": ("表达连贯。", "Fluent."),
    "pause_long": (
        "中途停顿过长，想好再说，或先告诉客户“请您稍等”。",
        "A long pause mid-reply: think first, or tell the caller “请您稍等”.",
    ),
    "loud_ok": ("音量适中。", "A good volume."),
    "loud_quiet": (
        "声音太轻，靠近话筒、适当提高音量。",
        "Too quiet: move closer to the microphone and speak up.",
    ),
    "loud_loud": (
        "声音太大，离话筒远一点（2–3 厘米）。",
        "Too loud: move 2–3 cm further from the microphone.",
    ),
    "clip_ok": ("没有爆音。", "No clipping."),
    "clip_bad": (
        "声音爆音失真，请降低音量或离话筒远一点。",
        "The sound clips and distorts: lower the volume or move away from the microphone.",
    ),
    "fillers_ok": ("没有多余的语气词。", "No stray fillers."),
    "fillers_many": (
        "减少语气词和口头禅（{words}）。",
        "Fewer fillers and pet phrases: “{words}”.",
    ),
    "pitch_ok": ("语调有起伏。", "A lively intonation."),
    "pitch_flat": (
        "语调平平像机械语气，关键词适当提高语调，让声音有抑扬顿挫。",
        "A flat, mechanical tone: lift your voice on the key words.",
    ),
}


def _num(measures: dict, key: str) -> float | None:
    value = measures.get(key)
    return float(value) if isinstance(value, int | float) else None


def _finding(measure, value, lo, hi, ok, tip_id, source, **fields) -> DeliveryFinding:
    label, label_en = LABELS[measure]
    tip, tip_en = TIPS[tip_id]
    return DeliveryFinding(
        measure,
        label,
        value,
        lo,
        hi,
        ok,
        tip.format(**fields),
        source,
        label_en,
        tip_en.format(**fields),
    )


def evaluate_delivery(measures: dict, norms: DeliveryNorms) -> list[DeliveryFinding]:
    """One finding per measure that is present; `ok` is False when outside the norm."""
    src = tuple(norms.source)
    out: list[DeliveryFinding] = []
    lo, hi = norms.rate_cpm
    rate = _num(measures, "rate_cpm")
    if rate is not None and rate > 0:
        slack = norms.rate_tolerance
        ok = lo * (1 - slack) <= rate <= hi * (1 + slack)
        tip = "rate_fast" if rate > hi else "rate_slow" if rate < lo else "rate_ok"
        out.append(_finding("rate_cpm", round(rate), lo, hi, ok, tip, src))
    latency = _num(measures, "latency_s")
    if latency is not None:
        ok = latency <= norms.max_latency_s
        tip = "latency_ok" if ok else "latency_slow"
        out.append(
            _finding("latency_s", round(latency, 2), None, norms.max_latency_s, ok, tip, src)
        )
    pauses = measures.get("long_pauses")
    if isinstance(pauses, list):
        longest = max((float(p.get("duration", 0)) for p in pauses), default=0.0)
        ok = longest <= norms.max_pause_s
        tip = "pause_ok" if ok else "pause_long"
        out.append(
            _finding("long_pauses", round(longest, 2), None, norms.max_pause_s, ok, tip, src)
        )
    loud = _num(measures, "loudness_dbfs")
    if loud is not None:
        llo, lhi = norms.loudness_dbfs
        ok = llo <= loud <= lhi
        tip = "loud_ok" if ok else ("loud_quiet" if loud < llo else "loud_loud")
        out.append(_finding("loudness_dbfs", round(loud, 1), llo, lhi, ok, tip, src))
    clip = _num(measures, "clipping_ratio")
    if clip is not None:
        ok = clip <= norms.max_clipping_ratio
        tip = "clip_ok" if ok else "clip_bad"
        out.append(
            _finding("clipping_ratio", round(clip, 4), None, norms.max_clipping_ratio, ok, tip, src)
        )
    fillers = measures.get("fillers")
    if isinstance(fillers, list):
        ok = len(fillers) <= norms.max_fillers
        words = "、".join(sorted({str(f.get("text", "")) for f in fillers}))
        tip = "fillers_ok" if ok else "fillers_many"
        out.append(
            _finding("fillers", len(fillers), None, norms.max_fillers, ok, tip, src, words=words)
        )
    pitch = _num(measures, "pitch_std_semitones")
    if pitch is not None:
        ok = pitch >= norms.min_pitch_std_semitones
        tip = "pitch_ok" if ok else "pitch_flat"
        out.append(
            _finding(
                "pitch_std_semitones",
                round(pitch, 2),
                norms.min_pitch_std_semitones,
                None,
                ok,
                tip,
                ("000_f5f53003cce702ee.txt",),
            )
        )
    return out
