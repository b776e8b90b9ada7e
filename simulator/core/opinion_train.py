"""Training the learned second opinion (``simulator.core.opinion``) on the training sets.

    simulator train-opinion                # train on every training set, save scenarios/models/
    simulator train-opinion --holdout SET --out DIR
                                           # one leave-one-writer-out fold: SET left out, the
                                           # model saved in DIR (grade SET with it to compare)

Only sets whose status in benchmarks/data/sets.yaml is ``training`` (and ``tuning`` sets, whose
labels are as good and whose misses shaped the rules, as extra data) are used — never an
untouched set. Needs scikit-learn (the ``dev`` extra); the app and the grader do not.
"""

from __future__ import annotations

import collections
import datetime
import json
import sys
from dataclasses import dataclass, field

import numpy as np

from simulator.core.agreement import load_labelled, load_registry
from simulator.core.features import NGRAM_DIM, Embedder, ngram_indices, pieces
from simulator.core.normalize import normalize
from simulator.core.opinion import (
    TONES,
    Linear,
    SecondOpinion,
    element_dense,
    models_dir,
    pooled_pieces,
)
from simulator.core.paths import repo_root


@dataclass
class Example:
    """One labelled reply, prepared: its pieces, the fault's span, what the rules found."""

    source: str  # the set's name (folds are by set)
    scenario: str
    turn: int
    display: str
    passed: bool
    category: str | None
    span: tuple[int, int] | None
    elements: set[str] | None  # present elements when labelled, else None
    pieces: list[tuple[int, int, str]] = field(default_factory=list)
    rule_elements: dict[str, bool] = field(default_factory=dict)  # element name → rules found
    required: list[str] = field(default_factory=list)
    weight: float = 1.0


def _span(display: str, bad: str | None) -> tuple[int, int] | None:
    if not bad:
        return None
    b = normalize(bad).display
    k = display.find(b)
    return (k, k + len(b)) if k >= 0 else None


def load_examples(
    grader, statuses=("training", "tuning"), holdout: tuple[str, ...] = ()
) -> tuple[list[Example], list[dict]]:
    """Reply examples and phrase examples of the sets with the given statuses (never a frozen
    set), without the sets named in ``holdout``."""
    registry = load_registry()
    replies: list[Example] = []
    phrases: list[dict] = []
    for labelled in registry.sets:
        if labelled.status not in statuses or labelled.frozen or labelled.name in holdout:
            continue
        items = load_labelled(repo_root() / labelled.path)
        if labelled.kind == "phrases":
            phrases.extend(dict(x, source=labelled.name) for x in items)
            continue
        weight = 1.0 if labelled.status == "training" else 0.5
        for x in items:
            display = normalize(x["text"]).display
            turn = grader.catalog.scenario(x["scenario"]).turn(int(x.get("turn") or 1))
            ex = Example(
                labelled.name,
                x["scenario"],
                turn.id,
                display,
                bool(x["passed"]),
                x.get("category"),
                _span(display, x.get("bad_span")),
                set(x["elements"]) if "elements" in x else None,
                pieces(display),
                required=list(turn.required),
                weight=weight,
            )
            ex.rule_elements = grader.rule_elements(x["scenario"], turn.id, x["text"])
            if ex.span is None and not ex.passed and ex.category not in (None, "missing_element"):
                ex.span = grader.rule_span(x["scenario"], turn.id, x["text"], ex.category)
            replies.append(ex)
    return replies, phrases


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def tone_rows(replies: list[Example], phrases: list[dict]):
    texts, labels, weights = [], [], []
    for ex in replies:
        clean = ex.passed or ex.category == "missing_element"
        for s, e, text in ex.pieces:
            if clean:
                texts.append(text), labels.append("ok"), weights.append(ex.weight)
            elif ex.span is not None and _overlap((s, e), ex.span):
                texts.append(text), labels.append(ex.category), weights.append(ex.weight)
    for p in phrases:
        display = normalize(p["text"]).display
        if p["kind"] == "approved":
            for _s, _e, text in pieces(display):
                texts.append(text), labels.append("ok"), weights.append(1.0)
        elif p.get("category") in TONES:
            (
                texts.append(display.strip("，。？！")),
                labels.append(p["category"]),
                weights.append(1.0),
            )
    return texts, labels, np.array(weights, dtype=np.float64)


def reply_tone_rows(replies: list[Example], phrases: list[dict]):
    """Whole replies (and phrases) with their tone: the category, or ok."""
    texts, labels, weights = [], [], []
    for ex in replies:
        tone = ex.category if ex.category in TONES else "ok"
        texts.append(ex.display), labels.append(tone), weights.append(ex.weight)
    for p in phrases:
        if p["kind"] == "approved" or p.get("category") in TONES:
            texts.append(normalize(p["text"]).display)
            labels.append(p.get("category") or "ok")
            weights.append(1.0)
    return texts, labels, np.array(weights, dtype=np.float64)


def _softmax_model(texts, labels, weights, dense, C: float) -> Linear:
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(max_iter=4000, C=C)
    lr.fit(_sparse([ngram_indices(t) for t in texts], dense), labels, sample_weight=weights)
    order = [list(lr.classes_).index(c) for c in TONES]
    lr.coef_, lr.intercept_ = lr.coef_[order], lr.intercept_[order]
    return _linear(lr, TONES, dense.shape[1])


def element_rows(replies: list[Example]):
    """(example, element name, present) for every labelled element of a turn's requirement."""
    rows = collections.defaultdict(list)
    for ex in replies:
        for req in ex.required:
            for name in req.split("|"):
                if ex.passed:
                    present = True
                elif ex.elements is not None:
                    present = name in ex.elements
                else:
                    continue  # an old set's failing reply: which element is missing is unknown
                rows[name].append((ex, present))
    return rows


def _sparse(grams: list[dict[int, float]], dense: np.ndarray):
    from scipy import sparse

    rows, cols, vals = [], [], []
    for i, g in enumerate(grams):
        rows.extend([i] * len(g)), cols.extend(g.keys()), vals.extend(g.values())
    ng = sparse.csr_matrix((vals, (rows, cols)), shape=(len(grams), NGRAM_DIM))
    return sparse.hstack([ng, sparse.csr_matrix(dense)]).tocsr()


def _linear(lr, classes: tuple[str, ...], dense_dim: int) -> Linear:
    coef = np.asarray(lr.coef_, dtype=np.float32)
    return Linear(classes, coef[:, :NGRAM_DIM], coef[:, NGRAM_DIM : NGRAM_DIM + dense_dim],
                  np.asarray(lr.intercept_, dtype=np.float32))  # fmt: skip


def fit(replies: list[Example], phrases: list[dict], embed: Embedder, meta: dict | None = None):
    from sklearn.linear_model import LogisticRegression

    texts, labels, weights = tone_rows(replies, phrases)
    tone = _softmax_model(texts, labels, weights, embed(texts), C=4.0)
    texts, labels, weights = reply_tone_rows(replies, phrases)
    pooled = np.stack([pooled_pieces(embed, t) for t in texts])
    reply_tone = _softmax_model(texts, labels, weights, pooled, C=2.0)
    elements: dict[str, Linear] = {}
    for name, rows in element_rows(replies).items():
        ys = [int(p) for _ex, p in rows]
        if len(set(ys)) < 2:
            continue
        grams = [ngram_indices(ex.display) for ex, _p in rows]
        dense = np.stack(
            [element_dense(embed([t for _s, _e, t in ex.pieces] or ["。"]), ex.rule_elements.get(name, False)) for ex, _p in rows]
        )  # fmt: skip
        lr = LogisticRegression(max_iter=4000, C=1.0)
        lr.fit(_sparse(grams, dense), ys, sample_weight=[ex.weight for ex, _p in rows])
        elements[name] = _linear(lr, ("present",), dense.shape[1])
    return SecondOpinion(tone, reply_tone, elements, meta or {}, embed)


def main(argv: list[str] | None = None) -> int:
    import argparse
    from pathlib import Path

    from simulator.core.grader import Grader

    parser = argparse.ArgumentParser(prog="simulator train-opinion")
    parser.add_argument("--holdout", action="append", default=[])
    parser.add_argument("--out")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    known = {s.name for s in load_registry().sets}
    unknown = sorted(set(args.holdout) - known)
    if unknown:
        print(f"no labelled set {', '.join(unknown)} in sets.yaml", file=sys.stderr)
        return 2
    grader = Grader(use_opinion=False)
    # Every piece is embedded once for the three models; a smaller cache evicts the tone
    # rows' vectors before the reply and element rows ask for them again.
    embed = Embedder(cache_size=1_000_000)
    replies, phrases = load_examples(grader, holdout=tuple(args.holdout))
    sets = sorted({ex.source for ex in replies} | {p["source"] for p in phrases})
    meta = {
        "trained": datetime.date.today().isoformat(),
        "sets": sets,
        "replies": len(replies),
        "phrases": len(phrases),
    }
    if args.holdout:
        meta["held_out"] = sorted(args.holdout)
    model = fit(replies, phrases, embed, meta)
    out = Path(args.out) if args.out else models_dir()
    out.mkdir(parents=True, exist_ok=True)
    model.save(out)
    print(json.dumps({**meta, "elements": len(model.elements)}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
