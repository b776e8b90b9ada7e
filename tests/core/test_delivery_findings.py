"""Delivery findings carry their norm band as numbers beside the text people read."""

from __future__ import annotations

from simulator.core.delivery import evaluate_delivery
from simulator.core.schema import DeliveryNorms


def test_findings_carry_value_and_band():
    measures = {
        "rate_cpm": 160.0,
        "latency_s": 0.8,
        "long_pauses": [{"duration": 2.5}],
        "fillers": [],
        "pitch_std_semitones": 0.4,
    }
    found = {f.measure: f.to_dict() for f in evaluate_delivery(measures, DeliveryNorms())}
    rate = found["rate_cpm"]
    assert (rate["value"], rate["lo"], rate["hi"], rate["norm"]) == (160, 100, 120, "100–120")
    assert rate["ok"] is False
    latency = found["latency_s"]
    assert (latency["lo"], latency["hi"], latency["norm"], latency["ok"]) == (None, 3, "≤ 3", True)
    assert (found["long_pauses"]["value"], found["long_pauses"]["ok"]) == (2.5, False)
    assert (found["fillers"]["hi"], found["fillers"]["norm"]) == (1, "≤ 1")
    pitch = found["pitch_std_semitones"]
    assert (pitch["lo"], pitch["hi"], pitch["norm"], pitch["ok"]) == (1, None, "≥ 1", False)


def test_out_of_norm_violation_quotes_the_band():
    (finding,) = evaluate_delivery({"latency_s": 4.5}, DeliveryNorms())
    assert finding.violation().explanation == "回应时间（秒）：4.5（标准 ≤ 3）"
