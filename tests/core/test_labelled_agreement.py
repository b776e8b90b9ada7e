"""Agreement with the hand-labelled replies (written independently from the rules)."""

from simulator.core.agreement import load_labelled, measure_agreement
from simulator.core.paths import repo_root


def test_agreement_with_labelled_replies(grader):
    items = load_labelled(repo_root() / "tests" / "data" / "labelled_replies.jsonl")
    assert len(items) >= 150
    report = measure_agreement(grader, items)
    print("\n" + report.summary())
    for miss in report.misses[:20]:
        print("  miss:", miss)
    assert report.agreement >= 0.95
    assert report.category_rate >= 0.85
    assert report.good_flagged <= report.good * 0.03
