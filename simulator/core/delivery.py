"""Judging delivery measures (speaking rate, latency, pauses, loudness, fillers, pitch) against
the pack's norms, each with a plain-language tip. The measures themselves are computed from the
audio by `simulator.speech.delivery_measures`; this module only compares numbers."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.core.result import Violation
from simulator.core.schema import DeliveryNorms


@dataclass(frozen=True)
class DeliveryFinding:
    """``lo``/``hi`` bound the norm band (None: unbounded on that side)."""

    measure: str
    label: str
    value: float | int | None
    lo: float | None
    hi: float | None
    ok: bool
    tip: str
    source: tuple[str, ...]

    @property
    def norm(self) -> str:
        """The band as people read it: '100–120', '≤ 3', '≥ 1'."""
        if self.lo is None:
            return f"≤ {self.hi:g}"
        if self.hi is None:
            return f"≥ {self.lo:g}"
        return f"{self.lo:g}–{self.hi:g}"

    def to_dict(self) -> dict:
        value = round(self.value, 2) if isinstance(self.value, float) else self.value
        return {
            "measure": self.measure,
            "label": self.label,
            "value": value,
            "norm": self.norm,
            "lo": self.lo,
            "hi": self.hi,
            "ok": self.ok,
            "tip": self.tip,
        }

    def violation(self) -> Violation:
        return Violation(
            rule=f"delivery.{self.measure}",
            category="delivery",
            severity="warn",
            text="",
            start=0,
            end=0,
            explanation=f"{self.label}：{self.value}（标准 {self.norm}）",
            suggestion=self.tip,
            source=self.source,
            priority=1000,
        )


def _num(measures: dict, key: str) -> float | None:
    value = measures.get(key)
    return float(value) if isinstance(value, int | float) else None


def evaluate_delivery(measures: dict, norms: DeliveryNorms) -> list[DeliveryFinding]:
    """One finding per measure that is present; `ok` is False when outside the norm."""
    src = tuple(norms.source)
    out: list[DeliveryFinding] = []
    lo, hi = norms.rate_cpm
    rate = _num(measures, "rate_cpm")
    if rate is not None and rate > 0:
        slack = norms.rate_tolerance
        ok = lo * (1 - slack) <= rate <= hi * (1 + slack)
        tip = (
            "语速偏快，放慢一些，让客户听清楚。"
            if rate > hi
            else "语速偏慢，可以更干脆利落一些。"
            if rate < lo
            else "语速适中。"
        )
        out.append(
            DeliveryFinding("rate_cpm", "语速（字/分钟）", round(rate), lo, hi, ok, tip, src)
        )
    latency = _num(measures, "latency_s")
    if latency is not None:
        ok = latency <= norms.max_latency_s
        tip = "回应及时。" if ok else "客户说完后应尽快回应，避免冷场。"
        out.append(
            DeliveryFinding(
                "latency_s",
                "回应时间（秒）",
                round(latency, 2),
                None,
                norms.max_latency_s,
                ok,
                tip,
                src,
            )
        )
    pauses = measures.get("long_pauses")
    if isinstance(pauses, list):
        longest = max((float(p.get("duration", 0)) for p in pauses), default=0.0)
        ok = longest <= norms.max_pause_s
        tip = "表达连贯。" if ok else "中途停顿过长，想好再说，或先告诉客户“请您稍等”。"
        out.append(
            DeliveryFinding(
                "long_pauses",
                "最长停顿（秒）",
                round(longest, 2),
                None,
                norms.max_pause_s,
                ok,
                tip,
                src,
            )
        )
    loud = _num(measures, "loudness_dbfs")
    if loud is not None:
        llo, lhi = norms.loudness_dbfs
        ok = llo <= loud <= lhi
        tip = (
            "音量适中。"
            if ok
            else (
                "声音太轻，靠近话筒、适当提高音量。"
                if loud < llo
                else "声音太大，离话筒远一点（2–3 厘米）。"
            )
        )
        out.append(
            DeliveryFinding("loudness_dbfs", "音量（dBFS）", round(loud, 1), llo, lhi, ok, tip, src)
        )
    clip = _num(measures, "clipping_ratio")
    if clip is not None:
        ok = clip <= norms.max_clipping_ratio
        tip = "没有爆音。" if ok else "声音爆音失真，请降低音量或离话筒远一点。"
        out.append(
            DeliveryFinding(
                "clipping_ratio",
                "爆音比例",
                round(clip, 4),
                None,
                norms.max_clipping_ratio,
                ok,
                tip,
                src,
            )
        )
    fillers = measures.get("fillers")
    if isinstance(fillers, list):
        ok = len(fillers) <= norms.max_fillers
        words = "、".join(sorted({str(f.get("text", "")) for f in fillers}))
        tip = "没有多余的语气词。" if ok else f"减少语气词和口头禅（{words}）。"
        out.append(
            DeliveryFinding(
                "fillers",
                "语气词/口头禅（次）",
                len(fillers),
                None,
                norms.max_fillers,
                ok,
                tip,
                src,
            )
        )
    pitch = _num(measures, "pitch_std_semitones")
    if pitch is not None:
        ok = pitch >= norms.min_pitch_std_semitones
        tip = "语调有起伏。" if ok else "语调平平像机械语气，关键词适当提高语调，让声音有抑扬顿挫。"
        out.append(
            DeliveryFinding(
                "pitch_std_semitones",
                "语调起伏（半音）",
                round(pitch, 2),
                norms.min_pitch_std_semitones,
                None,
                ok,
                tip,
                ("000_f5f53003cce702ee.txt",),
            )
        )
    return out
