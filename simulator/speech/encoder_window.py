"""Whisper's encoder run over the audio it is given plus a margin, not a padded 30 s window.

faster-whisper pads every window's features to 3,000 frames (30 s) before the encoder, and
the encoder's cost grows faster than linearly with its input: on a 2-core EPYC a 7 s reply's
encoder took 2.6 s on the padded window and 0.22 s on the reply plus 3 s of padding, with the
same transcript. CTranslate2's encoder accepts a shorter input, and the padding the model sees
after the speech (a few seconds of it, as in training) still tells the decoder where the audio
ends. A window cut at the end of the speech itself made the base model loop, so the margin
stays.
"""

from __future__ import annotations

import numpy as np

FULL_FRAMES = 3000  # Whisper's window: 30 s of 10 ms feature frames
# Padding kept after the last frame of audio (3 s), and the smallest window (10 s).
MARGIN_FRAMES = 300
MIN_FRAMES = 1000


def content_frames(features: np.ndarray) -> int:
    """Frames before the zero padding that faster-whisper's ``pad_or_trim`` appended.

    A frame of real audio is never all zeros: the features are a normalised log-mel
    spectrogram, and even digital silence maps to -1.5 there."""
    columns = features.reshape(-1, features.shape[-1])
    nonzero = np.flatnonzero(np.any(columns != 0.0, axis=0))
    return int(nonzero[-1]) + 1 if nonzero.size else 0


def window_frames(content: int) -> int:
    """The encoder's input length for ``content`` frames of audio: even (the encoder halves
    it), at least MIN_FRAMES, at most the full window."""
    frames = max(MIN_FRAMES, content + MARGIN_FRAMES)
    frames += frames % 2
    return min(FULL_FRAMES, frames)


def trimmed(features: np.ndarray) -> np.ndarray:
    """``features`` (…, 80, 3000) cut to the window its audio needs; longer input untouched."""
    if features.shape[-1] != FULL_FRAMES:
        return features
    return features[..., : window_frames(content_frames(features))]


def windowed_model_class():
    """faster-whisper's ``WhisperModel`` with the encoder fed the trimmed window (imported
    late: the core and the tests of the trimming itself need no faster-whisper)."""
    from faster_whisper import WhisperModel

    class WindowedWhisperModel(WhisperModel):
        def encode(self, features: np.ndarray):
            return super().encode(trimmed(features))

    return WindowedWhisperModel
