"""Signal levels and a simple energy voice-activity detector (numpy only).

Levels are dBFS of the RMS with full scale = 1.0, so a full-scale sine reads −3.01 dBFS.
``voiced_mask`` works on a whole clip (threshold from the clip's own noise floor);
:class:`EndOfTurnDetector` works block by block while recording.
"""

from __future__ import annotations

from collections import deque

import numpy as np

SILENCE_DBFS = -120.0  # what an all-zero block reads
FRAME_S = 0.02
ABS_FLOOR_DBFS = -55.0  # never call anything quieter than this speech
MIN_GAP_S = 0.2  # voiced runs closer than this are merged
MIN_RUN_S = 0.06  # voiced runs shorter than this are clicks
PAUSE_S = 0.3  # silence after speech at which a live transcription may start early


def as_float(block: np.ndarray) -> np.ndarray:
    """int16 or float samples → float64 in ±1."""
    block = np.asarray(block)
    if block.dtype == np.int16:
        return block.astype(np.float64) / 32768.0
    return block.astype(np.float64, copy=False)


def to_int16(audio: np.ndarray) -> np.ndarray:
    """Float samples in ±1 (or int16, returned as is) → int16; the inverse of `as_float`."""
    audio = np.asarray(audio)
    if audio.dtype == np.int16:
        return audio
    return np.clip(np.round(audio * 32768.0), -32768, 32767).astype(np.int16)


def rms_dbfs(block: np.ndarray) -> float:
    x = as_float(block)
    if x.size == 0:
        return SILENCE_DBFS
    ms = float(np.mean(x * x))
    return max(SILENCE_DBFS, 10.0 * np.log10(ms)) if ms > 0 else SILENCE_DBFS


def peak_dbfs(block: np.ndarray) -> float:
    x = as_float(block)
    peak = float(np.max(np.abs(x))) if x.size else 0.0
    return max(SILENCE_DBFS, 20.0 * np.log10(peak)) if peak > 0 else SILENCE_DBFS


def frame_power(x: np.ndarray, sample_rate: int, frame_s: float = FRAME_S) -> np.ndarray:
    """Mean square per non-overlapping frame (a last partial frame is dropped)."""
    x = as_float(x)
    n = max(1, int(round(frame_s * sample_rate)))
    usable = (x.size // n) * n
    if usable == 0:
        return np.zeros(0)
    frames = x[:usable].reshape(-1, n)
    return np.mean(frames * frames, axis=1)


def power_to_db(power: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return np.maximum(SILENCE_DBFS, 10.0 * np.log10(np.maximum(power, 1e-30)))


def voiced_threshold(db: np.ndarray) -> float:
    """Speech threshold in dBFS from a clip's frame levels (its loud and quiet percentiles)."""
    if db.size == 0:
        return 0.0
    loud = float(np.percentile(db, 95))
    quiet = float(np.percentile(db, 10))
    threshold = max(ABS_FLOOR_DBFS, quiet + 10.0, loud - 35.0)
    return min(threshold, loud - 6.0)


def voiced_mask(x: np.ndarray, sample_rate: int, frame_s: float = FRAME_S) -> np.ndarray:
    """Boolean per frame: energy above the clip's speech threshold, gaps < 0.2 s bridged."""
    db = power_to_db(frame_power(x, sample_rate, frame_s))
    if db.size == 0:
        return np.zeros(0, dtype=bool)
    mask = (db > voiced_threshold(db)) & (db > ABS_FLOOR_DBFS)
    return smooth_mask(mask, frame_s)


def smooth_mask(mask: np.ndarray, frame_s: float = FRAME_S) -> np.ndarray:
    mask = mask.copy()
    runs = mask_runs(mask)
    max_gap = int(round(MIN_GAP_S / frame_s))
    for (_, end), (start, _) in zip(runs, runs[1:], strict=False):
        if start - end <= max_gap:
            mask[end:start] = True
    min_run = int(round(MIN_RUN_S / frame_s))
    for start, end in mask_runs(mask):
        if end - start < min_run:
            mask[start:end] = False
    return mask


def mask_runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) index pairs of the True runs in ``mask``."""
    padded = np.concatenate([[False], np.asarray(mask, dtype=bool), [False]])
    edges = np.flatnonzero(np.diff(padded.astype(np.int8)))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def periodicity(block: np.ndarray, sample_rate: int = 16000) -> float:
    """Voicing of a block: its normalised autocorrelation peak at a pitch period (70–400 Hz).
    About 0.1–0.2 for hiss, line noise, clicks and coughs; mostly 0.4–0.9 in a voiced syllable
    (also on the telephone band with 15 dB of line noise)."""
    x = as_float(block).reshape(-1)
    lo, hi = int(sample_rate / 400), int(sample_rate / 70)
    if x.size <= hi:
        return 0.0
    x = x - x.mean()
    spectrum = np.fft.rfft(x, 2 * x.size)
    ac = np.fft.irfft(spectrum.real**2 + spectrum.imag**2)[: x.size]
    if ac[0] <= 0:
        return 0.0
    return float(np.max(ac[lo:hi]) / ac[0])


class EndOfTurnDetector:
    """Block-by-block energy VAD: reports end of turn after ``silence_s`` of quiet that
    follows at least ``min_speech_s`` of speech.

    The noise floor is the quietest block of the last ``noise_window_s`` (speech always has
    gaps; a steady hum does not), capped at ``noise_cap_dbfs`` so that a loud steady voice is
    still speech. A block is speech when it is ``margin_db`` above that floor and above
    ``floor_dbfs``.

    On a noisy line the quiet syllables of a reply sink into the noise; so once speech has
    started, a block under the threshold still holds the turn when it is voiced (its
    :func:`periodicity` at least ``voicing_min``) and ``voiced_margin_db`` above the quietest
    block (line noise, clicks and coughs are not voiced; a steady hum is never that far above
    its own quietest block). The turn starts only when ``min_voiced_s`` of its speech is voiced
    (a cough or a click never starts one), and where the line noise sets the threshold the
    syllable edges it hides are allowed for with ``noisy_hold_s`` more silence (clean audio:
    exactly ``silence_s``); there a loud block in a pause must be voiced to resume the turn (a
    gust or a pop of the line is not a word). Speech that never becomes a turn (a click, a
    cough) is forgotten after ``silence_s``: ``speech_start_s`` is None again.

    Measured on the rendered replies with ``tools/eot_check.py``.
    """

    def __init__(
        self,
        sample_rate: int = 16000,
        silence_s: float = 0.8,
        min_speech_s: float = 0.25,
        margin_db: float = 12.0,
        floor_dbfs: float = -50.0,
        noise_window_s: float = 3.0,
        noise_cap_dbfs: float = -35.0,
        voicing_min: float = 0.3,
        voiced_margin_db: float = 3.0,
        min_voiced_s: float = 0.1,
        noisy_hold_s: float = 0.1,
    ):
        self.sample_rate = sample_rate
        self.silence_s = silence_s
        self.min_speech_s = min_speech_s
        self.margin_db = margin_db
        self.floor_dbfs = floor_dbfs
        self.noise_window_s = noise_window_s
        self.noise_cap_dbfs = noise_cap_dbfs
        self.voicing_min = voicing_min
        self.voiced_margin_db = voiced_margin_db
        self.min_voiced_s = min_voiced_s
        self.noisy_hold_s = noisy_hold_s
        self._recent: deque[tuple[float, float]] = deque()  # (time, level)
        self.speech_s = 0.0
        self.voiced_s = 0.0  # of speech blocks that were voiced
        self.silence_run_s = 0.0
        self.t = 0.0
        self.speech_start_s: float | None = None
        self.ended = False

    @property
    def speaking(self) -> bool:
        return self.speech_s >= self.min_speech_s and self.voiced_s >= self.min_voiced_s

    @property
    def quietest_db(self) -> float:
        """The quietest block of the last ``noise_window_s``."""
        return min((level for _, level in self._recent), default=SILENCE_DBFS)

    @property
    def noise_db(self) -> float:
        return min(self.quietest_db, self.noise_cap_dbfs)

    def threshold_db(self) -> float:
        return max(self.floor_dbfs, self.noise_db + self.margin_db)

    @property
    def noisy(self) -> bool:
        """The line noise, not ``floor_dbfs``, sets the threshold."""
        return self.threshold_db() > self.floor_dbfs + 6.0

    @property
    def hold_s(self) -> float:
        """Silence that ends the turn now: ``silence_s``, plus ``noisy_hold_s`` on a noisy line."""
        return self.silence_s + (self.noisy_hold_s if self.noisy else 0.0)

    def _voiced(self, block: np.ndarray) -> bool:
        return periodicity(block, self.sample_rate) >= self.voicing_min

    def feed(self, block: np.ndarray) -> bool:
        """Add one block; True once the turn has ended (and from then on)."""
        duration = len(block) / self.sample_rate
        level = rms_dbfs(block)
        self._recent.append((self.t, level))
        while self._recent and self._recent[0][0] < self.t - self.noise_window_s:
            self._recent.popleft()
        voiced: bool | None = None  # worked out only when needed
        speech = level > self.threshold_db()
        if speech and self.speaking and self.silence_run_s > 0 and self.noisy:
            speech = voiced = self._voiced(block)  # a gust or a pop of the line, not a word
        elif (
            not speech
            and self.speech_start_s is not None
            and level > max(self.floor_dbfs, self.quietest_db + self.voiced_margin_db)
        ):
            speech = voiced = self._voiced(block)
        if speech:
            if self.speech_start_s is None:
                self.speech_start_s = self.t
            self.speech_s += duration
            if self.voiced_s < self.min_voiced_s and (voiced or self._voiced(block)):
                self.voiced_s += duration
            self.silence_run_s = 0.0
        elif self.speaking:
            self.silence_run_s += duration
            if self.silence_run_s >= self.hold_s - 1e-9:
                self.ended = True
        elif self.speech_start_s is not None:
            self.silence_run_s += duration
            if self.silence_run_s >= self.silence_s:  # a click or a cough: no turn started
                self.speech_start_s, self.speech_s, self.voiced_s = None, 0.0, 0.0
                self.silence_run_s = 0.0
        self.t += duration
        return self.ended


class PauseDetector(EndOfTurnDetector):
    """End of turn as above, plus pauses: ``feed`` sets ``pause_started`` on the block at which
    ``pause_s`` of silence follows speech (once per pause; the moment a live call may start
    transcribing what was said so far), ``resumed`` on the speech block that ends such a pause
    (what was transcribed from it is then out of date), and keeps ``last_voiced_s``, the end of
    the last speech block in seconds from the start."""

    def __init__(self, pause_s: float = PAUSE_S, **kwargs):
        super().__init__(**kwargs)
        self.pause_s = pause_s
        self.last_voiced_s: float | None = None
        self.pause_started = False
        self.resumed = False
        self._paused = False

    def feed(self, block: np.ndarray) -> bool:
        speech_before = self.speech_s
        ended = super().feed(block)
        self.pause_started = self.resumed = False
        if self.speech_s > speech_before:
            self.last_voiced_s = self.t
            self.resumed = self._paused
            self._paused = False
        elif (
            self.speaking and not ended and not self._paused and self.silence_run_s >= self.pause_s
        ):
            self._paused = self.pause_started = True
        return ended
