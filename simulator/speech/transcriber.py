"""Offline Mandarin transcription with faster-whisper, loaded once and reused.

``Transcriber(model=None)`` resolves the model through :mod:`model_store` (default: the
bundled base model), loads it on the CPU in int8 and keeps it. ``transcribe()`` returns a
:class:`Transcription` in Simplified characters with word timings, after guarding against the
usual Whisper failure modes: hallucinated segments on silence, repetition loops, subtitle
credits, and the initial prompt echoed back.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from simulator.audio.files import SAMPLE_RATE, load_audio
from simulator.audio.levels import FRAME_S, voiced_mask
from simulator.core.heard import Hearing
from simulator.speech import text_guards as tg
from simulator.speech.pieces import joined, pieces, unheard_tail

# Hotline vocabulary in Simplified characters, fillers first so the decoder keeps them
# (嗯、那个) rather than tidying them away. Chosen by measurement on 30 synthetic hotline clips
# (base model): character error 6.8 % with this prompt, 9.4 % without, 7.9 % with a plain
# "以下是普通话的句子。"; fillers kept 8 vs 7 without (the synthetic voice says fillers
# unnaturally, so that gain is weak evidence). ASCII commas on purpose: with full-width
# punctuation in the prompt the base model printed stray "Ｇ"/"４" for commas. A list of
# short terms, not a sentence, so that an echo of it is recognisable (3+ terms in a row).
DEFAULT_PROMPT = "嗯,那个,工号,宽带,电费,普通话,久等了,不便,您好,请问有什么可以帮您?"

DECODE_OPTIONS = dict(
    language="zh",
    vad_filter=True,
    word_timestamps=True,
    condition_on_previous_text=False,
    temperature=0.0,  # no fall-back: silence and loops must not cost five more decodes
    beam_size=5,
    no_speech_threshold=0.6,
    log_prob_threshold=-1.0,
    compression_ratio_threshold=None,
)

# The desktop app decodes greedily: about 4× faster than beam 5 on two cores, and the transcripts
# of replies differ little; the command line and the benchmark default to beam 5.
LIVE_BEAM_SIZE = 1
# The app's closer listen after the live result (simulator.speech.closer_listen): the take
# decoded again as ``grade --audio`` decodes it.
CLOSER_BEAM_SIZE = DECODE_OPTIONS["beam_size"]

# Segment filters (see ``_keep_segment``).
NO_SPEECH_SOFT = 0.3
LOGPROB_SOFT = -1.0
LOGPROB_HARD = -1.5
LOOP_COMPRESSION = 2.4
# Stop decoding when what is left after the last segment is shorter than MIN_TAIL_S or holds
# less voiced audio than MIN_TAIL_VOICED_S. Whisper decodes the whole 30 s window in one pass,
# so such a tail is only the fading end of the last word or silence, and decoding it on its
# own makes Whisper invent text there ("作词", loops) at several seconds' cost.
MIN_TAIL_S = 1.0
MIN_SAMPLES = SAMPLE_RATE // 10  # under 0.1 s there is nothing to transcribe
MIN_TAIL_VOICED_S = 0.15
# Token budget per decoding window: base + per second of audio (Mandarin at a brisk 7
# characters a second needs about 10 tokens a second), so a loop stops early.
MAX_TOKENS_BASE = 24
MAX_TOKENS_PER_S = 12
MAX_TOKENS = 224  # Whisper's own limit per 30 s window (half its 448-token context)
# A character whose word Whisper gave a lower probability than this is "unsure": grading may
# match a required element there by looser sound. Characters it garbled on the noisy-line
# replies mostly had 0.1–0.45 (挂金 金 0.32, 新疆 新 0.13, 工作界面 界 0.17).
UNSURE_PROB = 0.5


class Word(NamedTuple):
    """One recognised word (often one Han character) with times in seconds."""

    word: str
    start: float
    end: float
    probability: float


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str
    avg_logprob: float
    no_speech_prob: float
    compression_ratio: float
    words: tuple[Word, ...] = ()


@dataclass
class Transcription:
    """``text`` is Simplified Chinese; ``duration_s`` is the audio's length and ``speech_s``
    what Silero VAD kept as speech; ``dropped`` lists segments the guards threw away."""

    text: str
    segments: list[Segment] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)
    duration_s: float = 0.0
    speech_s: float = 0.0
    dropped: list[str] = field(default_factory=list)  # raw texts of segments the guards removed
    raw_text: str = ""  # before the domain correction
    corrections: list = field(default_factory=list)  # correction.Change, left to right
    prompt_trouble: bool = False  # a segment looped or echoed the prompt (kept or not)
    retried_without_prompt: bool = False
    unsure: list[int] = field(default_factory=list)  # positions in text heard with low confidence
    hearing: Hearing | None = None  # per character of text: its word's probability and start
    pieces: int = 1  # a long reply is decoded in pieces cut at its pauses (speech.pieces)


class Transcriber:
    """A faster-whisper model kept in memory; ``transcribe`` is safe to call from any thread.

    ``decoder`` stands in for Whisper's decoding step (the shape of faster-whisper's
    ``WhisperModel.transcribe``: ``decoder(samples, initial_prompt=…, **options)`` returns
    ``(segments, info)`` with ``info.duration_after_vad``); then no model is loaded. Tests
    script the decoder to reach the guards (a prompt loop, an echo) on any CPU."""

    def __init__(
        self,
        model: str | os.PathLike | None = None,
        *,
        cpu_threads: int | None = None,
        prompt: str = DEFAULT_PROMPT,
        options: dict | None = None,
        corrector=None,
        decoder: Callable[..., tuple[Iterable, Any]] | None = None,
    ):
        self.prompt = prompt
        self.options = {**DECODE_OPTIONS, **(options or {})}
        self.corrector = corrector  # correction.Corrector or None
        self.cpu_threads = cpu_threads or os.cpu_count() or 1
        self.last_transcribe_s = 0.0
        self._lock = threading.Lock()
        if decoder is not None:
            self.model_dir: Path | None = None
            self.load_s = 0.0
            self._decode_window = decoder
            self._stages = _Checkpointed(None)  # a scripted decoder has no stages to check
            return
        from simulator.speech.model_store import ModelUnavailable, resolve_model

        try:
            from simulator.speech.encoder_window import windowed_model_class

            WhisperModel = windowed_model_class()
        except ImportError as exc:
            raise ModelUnavailable(
                f'语音识别组件未安装，请运行 pip install "simulator[speech]" / '
                f"Speech recognition is not installed ({exc.name}): "
                f'run pip install "simulator[speech]"'
            ) from exc
        self.model_dir = resolve_model(model)
        start = time.perf_counter()
        try:
            self._model = WhisperModel(
                str(self.model_dir),
                device="cpu",
                compute_type="int8",
                cpu_threads=self.cpu_threads,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ModelUnavailable(
                f"无法加载语音模型 {self.model_dir}：{reason} / "
                f"Cannot load the speech model in {self.model_dir}: {reason}"
            ) from exc
        self.load_s = time.perf_counter() - start
        self._stages = self._model.model = _Checkpointed(self._model.model)
        self._decode_window = self._model.transcribe

    def transcribe(
        self,
        audio: np.ndarray | str | os.PathLike,
        checkpoint: Callable[[], None] | None = None,
        beam_size: int | None = None,
    ) -> Transcription:
        """Transcribe a 16 kHz mono array (float in ±1 or int16) or an audio file.

        ``checkpoint`` is called before each stage (Whisper's encoder, decoder, word alignment);
        whatever it raises abandons the transcription there (a live call's superseded pass).
        ``beam_size`` overrides the transcriber's for this call (the app's closer listen)."""
        samples = _as_samples(audio)
        start = time.perf_counter()
        if samples.size < MIN_SAMPLES:
            self.last_transcribe_s = time.perf_counter() - start
            return Transcription(text="", duration_s=round(samples.size / SAMPLE_RATE, 3))
        parts = [
            (offset / SAMPLE_RATE, self.hear_piece(piece, checkpoint, beam_size))
            for offset, piece in pieces(samples, SAMPLE_RATE)
        ]
        result = self.join(parts, samples.size)
        self.last_transcribe_s = time.perf_counter() - start
        return result

    def hear_piece(
        self,
        audio: np.ndarray,
        checkpoint: Callable[[], None] | None = None,
        beam_size: int | None = None,
    ) -> Transcription:
        """One stretch of a reply decoded with the hotline prompt, uncorrected: what
        :meth:`join` puts together (a long reply's pieces, offline or during a live call). Where
        Whisper stopped before the voice did (:func:`~simulator.speech.pieces.unheard_tail`),
        the rest is decoded once more on its own and joined on."""
        samples = _as_samples(audio)
        if samples.size < MIN_SAMPLES:
            return Transcription(text="", duration_s=round(samples.size / SAMPLE_RATE, 3))
        with self._lock:
            self._stages.checkpoint = checkpoint
            try:
                result = self._decode_piece(samples, beam_size)
                cut = unheard_tail(samples, SAMPLE_RATE, result.words)
                if cut is not None:  # Whisper stopped early: the rest heard on its own
                    rest = self._decode_piece(samples[cut:], beam_size)
                    if _heard_surely(rest):
                        result = joined([(0.0, result), (cut / SAMPLE_RATE, rest)], samples.size)
                return result
            finally:
                self._stages.checkpoint = None

    def join(self, parts: list[tuple[float, Transcription]], size: int) -> Transcription:
        """The transcription of a reply of ``size`` samples from its pieces' (start in seconds,
        :meth:`hear_piece`'s result): see :func:`finish`."""
        return finish(parts, size, self.corrector)

    def _decode_piece(self, samples: np.ndarray, beam_size: int | None = None) -> Transcription:
        result = self._decode(samples, self.prompt, beam_size)
        if result.prompt_trouble:
            # The prompt's terms can set off a loop ("普通话,普通话,…") over speech that says
            # nothing of the kind; once more without it keeps what was said.
            retry = self._decode(samples, "", beam_size)
            if len(tg.bare(retry.text)) > len(tg.bare(result.text)):
                result = retry
                result.retried_without_prompt = True
        return result

    def _decode(
        self, samples: np.ndarray, prompt: str, beam_size: int | None = None
    ) -> Transcription:
        duration = samples.size / SAMPLE_RATE
        options = dict(self.options)
        if beam_size:
            options["beam_size"] = beam_size
        # A loop runs until the token limit; speech has at most ~7 characters a second.
        budget = min(MAX_TOKENS, int(MAX_TOKENS_BASE + MAX_TOKENS_PER_S * duration))
        options.setdefault("max_new_tokens", budget)
        segments, info = self._decode_window(samples, initial_prompt=prompt or None, **options)
        raw = _take_until_silent_tail(segments, samples)
        result = Transcription(
            text="",
            duration_s=round(duration, 3),
            speech_s=round(float(info.duration_after_vad), 3),
        )
        for seg in raw:
            result.prompt_trouble |= _is_prompt_trouble(seg, prompt)
            cleaned = clean_segment(seg, prompt)
            if cleaned is None:
                result.dropped.append(seg.text)
                continue
            result.segments.append(cleaned)
            result.words.extend(cleaned.words)
        result.text = "".join(s.text for s in result.segments).strip()
        return result


def finish(parts: list[tuple[float, Transcription]], size: int, corrector=None) -> Transcription:
    """One transcription of a reply of ``size`` samples from its decoded pieces (start in
    seconds, uncorrected transcription), times shifted to the whole reply's
    (:func:`~simulator.speech.pieces.joined`); the raw text kept, the unsure characters and the
    per-character hearing taken from the words, then the hotline correction (``corrector``)."""
    if len(parts) == 1 and parts[0][0] == 0:
        result = parts[0][1]
        result.duration_s = round(size / SAMPLE_RATE, 3)
    else:
        result = joined(parts, size)
    result.raw_text = result.text
    result.unsure = unsure_positions(result.text, result.words)
    result.hearing = char_hearing(result.text, result.words)
    if corrector is not None and result.text:
        result.text, result.corrections = corrector.correct(result.text)
    return result


class _Checkpointed:
    """The CTranslate2 Whisper model with a checkpoint before each call of a stage, so that a
    transcription can be abandoned between the encoder, the decoder and the word alignment
    (faster-whisper runs each as one call it cannot interrupt)."""

    STAGES = frozenset({"encode", "generate", "align"})

    def __init__(self, model):
        self._model = model
        self.checkpoint: Callable[[], None] | None = None

    def __getattr__(self, name: str):
        attr = getattr(self._model, name)
        check = self.checkpoint
        if name not in self.STAGES or check is None:
            return attr

        def staged(*args, **kwargs):
            check()
            return attr(*args, **kwargs)

        return staged


def _heard_surely(tail: Transcription) -> bool:
    """A tail decoded again is kept only where Whisper heard speech in it surely, with no loop
    nor trouble with the prompt: what it stopped before is often no speech it can place, and
    then it echoes the prompt (请问有什么可以帮您) with a high no-speech probability."""
    return bool(tail.text and tail.segments) and not (
        tail.prompt_trouble
        or any(
            seg.no_speech_prob > NO_SPEECH_SOFT
            or seg.avg_logprob < LOGPROB_SOFT
            or seg.compression_ratio > LOOP_COMPRESSION
            for seg in tail.segments
        )
    )


def _is_prompt_trouble(seg, prompt: str) -> bool:
    if not prompt:
        return False
    text, _ = tg.collapse_loops(tg.to_simplified(seg.text))
    return seg.compression_ratio > LOOP_COMPRESSION or tg.is_prompt_echo(text, prompt)


def clean_segment(seg, prompt: str = "") -> Segment | None:
    """Simplified text, glitches fixed, loops collapsed (words follow); None if the guards
    reject the segment. ``seg`` is a faster-whisper Segment (or anything shaped like one)."""
    words = [w for w in (seg.words or []) if w.word]
    pieces = [tg.to_simplified(w.word) for w in words] if words else [tg.to_simplified(seg.text)]
    joined = tg.fix_glitches("".join(pieces))
    text, index = tg.collapse_loops(joined)
    probs = [w.probability for w in words]
    leaked = tg.leaked_prompt_words(list(zip(pieces, probs, strict=True)), prompt) if words else ()
    if leaked:  # remove those words' characters from the text too
        starts = np.cumsum([0] + [len(p) for p in pieces])
        gone = {i for w in leaked for i in range(starts[w], starts[w + 1])}
        pairs = [(c, i) for c, i in zip(text, index, strict=True) if i not in gone]
        text, index = "".join(c for c, _ in pairs), [i for _, i in pairs]
        text = text.lstrip(",，、。 ")
    kept_words = _words_after_collapse(words, pieces, joined, index) if words else ()
    text = text.strip()
    if not _keep_segment(seg, text, prompt):
        return None
    return Segment(
        start=round(float(seg.start), 3),
        end=round(float(seg.end), 3),
        text=text,
        avg_logprob=float(seg.avg_logprob),
        no_speech_prob=float(seg.no_speech_prob),
        compression_ratio=float(seg.compression_ratio),
        words=tuple(kept_words),
    )


def _keep_segment(seg, text: str, prompt: str) -> bool:
    if not tg.bare(text):
        return False
    if seg.avg_logprob < LOGPROB_HARD:
        return False
    if seg.no_speech_prob > NO_SPEECH_SOFT and seg.avg_logprob < LOGPROB_SOFT:
        return False
    if seg.no_speech_prob > 0.5 and seg.compression_ratio > LOOP_COMPRESSION:
        return False  # a loop decoded over what is probably not speech
    if prompt and tg.is_prompt_echo(text, prompt):
        return False
    return not tg.is_stock_hallucination(text)


def _take_until_silent_tail(segments, samples: np.ndarray) -> list:
    """Pull segments from faster-whisper's lazy generator, but stop before it decodes a tail
    that has no voiced audio left in it."""
    mask = voiced_mask(samples, SAMPLE_RATE)
    voiced_after = np.concatenate([np.cumsum(mask[::-1])[::-1], [0]]) * FRAME_S
    taken = []
    for seg in segments:
        taken.append(seg)
        frame = min(int(seg.end / FRAME_S), mask.size)
        tail_s = samples.size / SAMPLE_RATE - seg.end
        if tail_s < MIN_TAIL_S or voiced_after[frame] < MIN_TAIL_VOICED_S:
            break
    return taken


def _words_after_collapse(words, pieces, joined: str, index: list[int]) -> list[Word]:
    """Keep the words (and the characters of them) that survived loop collapse."""
    kept = set(index)
    out: list[Word] = []
    offset = 0
    for w, piece in zip(words, pieces, strict=True):
        chars = "".join(joined[i] for i in range(offset, offset + len(piece)) if i in kept).strip()
        offset += len(piece)
        if chars:
            out.append(
                Word(
                    chars,
                    round(float(w.start), 3),
                    round(float(w.end), 3),
                    round(float(w.probability), 4),
                )
            )
    return out


def _aligned(text: str, words: list[Word]):
    """(position in ``text``, word) of each character of ``text`` found among the words'
    characters, in order (punctuation skipped)."""
    flat = [(c, w) for w in words for c in w.word if not c.isspace()]
    j = 0
    for i, ch in enumerate(text):
        k = j
        while k < len(flat) and flat[k][0] != ch and k - j < 3:
            k += 1
        if k < len(flat) and flat[k][0] == ch:
            yield i, flat[k][1]
            j = k + 1


def unsure_positions(text: str, words: list[Word], below: float = UNSURE_PROB) -> list[int]:
    """Positions in ``text`` of the Han characters whose word had a probability under
    ``below``."""
    return [
        i
        for i, w in _aligned(text, words)
        if w.probability < below and tg.bare(text[i]) and not text[i].isascii()
    ]


def char_hearing(text: str, words: list[Word]) -> Hearing:
    """Per character of ``text`` (the corrected transcript has the raw one's length): its
    word's probability (1.0 where no word was found, and for punctuation and Latin letters or
    digits), start and end in seconds."""
    probs = [1.0] * len(text)
    at: list[float | None] = [None] * len(text)
    until: list[float | None] = [None] * len(text)
    for i, w in _aligned(text, words):
        at[i], until[i] = float(w.start), float(w.end)
        if tg.bare(text[i]) and not text[i].isascii():
            probs[i] = float(w.probability)
    return Hearing(tuple(probs), tuple(at), tuple(until))


def _as_samples(audio: np.ndarray | str | os.PathLike) -> np.ndarray:
    if isinstance(audio, (str, os.PathLike)):
        return load_audio(audio)
    samples = np.asarray(audio)
    if samples.ndim == 2:
        samples = samples.mean(axis=1 if samples.shape[1] < samples.shape[0] else 0)
    if samples.dtype == np.int16:
        samples = samples.astype(np.float32) / 32768.0
    return np.ascontiguousarray(samples, dtype=np.float32)
