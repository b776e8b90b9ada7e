"""Agreement with set A, the first hand-labelled replies (a tuning set: rules were written
against it, so this guards against a regression; how the grader does on replies nobody
anticipated is measured on the untouched sets, benchmarks/data/sets.yaml)."""

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
    # 0.82: the second opinion retrained on more writers (7750669) names the category first on
    # 84 % of A (it was over 85 %) while it went from 88.5 % to 92.6 % on the frozen set.
    assert report.category_rate >= 0.82
    assert report.good_flagged <= report.good * 0.03
