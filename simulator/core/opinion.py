"""The learned second opinion: per clause, how likely each forbidden tone is; per required
element, how likely the reply expresses it — whatever the wording.

Two kinds of linear model over the features of ``simulator.core.features``, trained by
``simulator.core.opinion_train`` on the labelled training sets (benchmarks/data/sets.yaml) and
kept as arrays in ``scenarios/models/opinion.npz`` with their provenance in ``opinion.json``:

* the tone model, a softmax over ``TONES`` for one clause (hashed n-grams + embedding);
* the reply tone model, the same softmax for the whole reply (n-grams of the reply, max- and
  mean-pooled clause embeddings): sarcasm or impatience often lies in no single clause;
* one element model per element, a logistic model for the whole reply (n-grams of the reply,
  max- and mean-pooled clause embeddings, and whether the rules found the element).

Inference needs numpy and the embedder only. The grader combines the opinion with its rules
(``simulator.core.grader``); the policy thresholds are data (``scenarios/rules/policy.yaml``).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from simulator.core.features import EMBED_DIM, NGRAM_DIM, Embedder, ngram_indices, pieces

log = logging.getLogger(__name__)

TONES = (
    "ok",
    "off_protocol",
    "sarcastic",
    "shirking",
    "commanding",
    "interrogating",
    "rhetorical",
    "forbidden_word",
    "impolite_address",
    "filler",
)
MODEL_FILE = "opinion.npz"
META_FILE = "opinion.json"


class OpinionUnavailable(Exception):
    """The model file is missing or unreadable; the grader then judges by its rules alone."""


def models_dir() -> Path:
    from simulator.core.paths import scenarios_dir

    return scenarios_dir() / "models"


@dataclass
class Linear:
    """``classes`` × features: hashed n-grams (sparse input), embedding, extra dense inputs."""

    classes: tuple[str, ...]
    w_ngram: np.ndarray  # (C, NGRAM_DIM)
    w_dense: np.ndarray  # (C, D)
    bias: np.ndarray  # (C,)

    def scores(self, grams: list[dict[int, float]], dense: np.ndarray) -> np.ndarray:
        out = dense @ self.w_dense.T + self.bias
        for i, g in enumerate(grams):
            if g:
                idx = np.fromiter(g.keys(), dtype=np.int64)
                val = np.fromiter(g.values(), dtype=np.float32)
                out[i] += self.w_ngram[:, idx].astype(np.float32) @ val
        return out

    def proba(self, grams: list[dict[int, float]], dense: np.ndarray) -> np.ndarray:
        s = self.scores(grams, dense)
        if len(self.classes) == 1:  # binary: P(positive)
            return 1.0 / (1.0 + np.exp(-s))
        s = s - s.max(axis=1, keepdims=True)
        e = np.exp(s)
        return e / e.sum(axis=1, keepdims=True)

    def pack(self, prefix: str) -> dict[str, np.ndarray]:
        return {
            f"{prefix}.ngram": self.w_ngram.astype(np.float16),
            f"{prefix}.dense": self.w_dense.astype(np.float32),
            f"{prefix}.bias": self.bias.astype(np.float32),
        }

    @classmethod
    def unpack(cls, arrays, prefix: str, classes: tuple[str, ...]) -> Linear:
        return cls(
            classes,
            arrays[f"{prefix}.ngram"],
            arrays[f"{prefix}.dense"],
            arrays[f"{prefix}.bias"],
        )


@dataclass(frozen=True)
class Piece:
    start: int  # in the reply's display text
    end: int
    text: str


@dataclass(frozen=True)
class Reading:
    """The opinion on one reply: tone probabilities per piece (rows in ``TONES`` order) and
    P(element present) per element name."""

    pieces: tuple[Piece, ...]
    tones: np.ndarray
    elements: dict[str, float]
    reply: np.ndarray  # the reply tone model's probabilities, in ``TONES`` order

    def top_tone(self, i: int) -> tuple[str, float]:
        row = self.tones[i]
        j = 1 + int(np.argmax(row[1:]))
        return TONES[j], float(row[j])

    def clean(self, i: int) -> float:
        return float(self.tones[i, 0])

    def reply_tone(self) -> tuple[str, float]:
        j = 1 + int(np.argmax(self.reply[1:]))
        return TONES[j], float(self.reply[j])

    def likeliest_piece(self, category: str) -> int:
        return int(np.argmax(self.tones[:, TONES.index(category)]))


class SecondOpinion:
    def __init__(
        self,
        tone: Linear,
        reply_tone: Linear,
        elements: dict[str, Linear],
        meta: dict,
        embedder=None,
    ):
        self.tone = tone
        self.reply_tone = reply_tone
        self.elements = elements
        self.meta = meta
        self.embed = embedder or Embedder()

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, folder: Path | None = None, embedder=None) -> SecondOpinion:
        folder = Path(folder) if folder else models_dir()
        try:
            meta = json.loads((folder / META_FILE).read_text("utf-8"))
            arrays = np.load(folder / MODEL_FILE)
            tone = Linear.unpack(arrays, "tone", tuple(meta["tones"]))
            reply_tone = Linear.unpack(arrays, "reply_tone", tuple(meta["tones"]))
            elements = {
                name: Linear.unpack(arrays, f"element.{i}", ("present",))
                for i, name in enumerate(meta["elements"])
            }
        except (OSError, KeyError, ValueError) as exc:
            raise OpinionUnavailable(
                f"the grading model in {folder} cannot be read: {exc}"
            ) from exc
        if tuple(meta["tones"]) != TONES or meta.get("ngram_dim") != NGRAM_DIM:
            raise OpinionUnavailable(f"the grading model in {folder} is for another version")
        return cls(tone, reply_tone, elements, meta, embedder)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        arrays = {**self.tone.pack("tone"), **self.reply_tone.pack("reply_tone")}
        names = sorted(self.elements)
        for i, name in enumerate(names):
            arrays.update(self.elements[name].pack(f"element.{i}"))
        meta = {**self.meta, "tones": list(TONES), "elements": names, "ngram_dim": NGRAM_DIM}
        from simulator.fileutil import atomic_file, atomic_write_bytes

        with atomic_file(folder / MODEL_FILE) as fh:
            np.savez_compressed(fh, **arrays)
        atomic_write_bytes(
            folder / META_FILE, json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8")
        )

    # ------------------------------------------------------------------ reading
    def read(self, display: str, wanted: dict[str, bool]) -> Reading:
        """``wanted``: element name → whether the rules found it."""
        found = pieces(display)
        texts = [p[2] for p in found]
        vectors = self.embed(texts)
        grams = [ngram_indices(t) for t in texts]
        tones = self.tone.proba(grams, vectors) if texts else np.zeros((0, len(TONES)))
        reply_grams = [ngram_indices(display)]
        pooled = _pool(vectors if texts else self.embed(["。"]))
        reply = self.reply_tone.proba(reply_grams, pooled[None, :])[0]
        elements: dict[str, float] = {}
        if wanted:
            for name, by_rule in wanted.items():
                model = self.elements.get(name)
                if model is None:
                    continue
                dense = np.concatenate([pooled, [float(by_rule)]])[None, :].astype(np.float32)
                elements[name] = float(model.proba(reply_grams, dense)[0, 0])
        return Reading(tuple(Piece(*p) for p in found), tones, elements, reply)


def _pool(vectors: np.ndarray) -> np.ndarray:
    if vectors.size == 0:
        return np.zeros(2 * EMBED_DIM, np.float32)
    return np.concatenate([vectors.max(axis=0), vectors.mean(axis=0)])


def pooled_pieces(embed, display: str) -> np.ndarray:
    """Max- and mean-pooled embeddings of a text's pieces (the reply models' dense input)."""
    texts = [t for _s, _e, t in pieces(display)] or ["。"]
    return _pool(embed(texts))


def element_dense(vectors: np.ndarray, by_rule: bool) -> np.ndarray:
    """The dense inputs of an element model (shared by training and inference)."""
    return np.concatenate([_pool(vectors), [float(by_rule)]]).astype(np.float32)
