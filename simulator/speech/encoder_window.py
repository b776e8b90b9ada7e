"""Whisper's encoder run over the audio it is given plus a margin, not a padded 30 s window.

faster-whisper pads every window's features to 3,000 frames (30 s) before the encoder, and
the encoder's cost grows with its input (a 22 s reply's encoder on a 2-core EPYC under load:
1.45 s for 30 s, 0.82 s for 23 s). CTranslate2's encoder accepts a shorter input. The padding
after the speech tells the model where the audio ends, and it was trained with much of it: a
window cut at the end of the speech made the base model loop, and 3 s of padding changed the
transcripts of short replies on the telephone band (3 more verdicts of 48 flipped). With 10 s
of padding and a 15 s window at least, short-al's 96 clips were heard as well as with the full
window (character error 8.1 / 21.1 % against 7.9 / 21.3 %, clean / phone) and decoded in
1.30 s instead of 2.37 s (median, beam 5, load 3.4–3.7); long-ak's were heard as well, at about
the same cost (their pieces fill most of the window anyway).
"""

from __future__ import annotations

import numpy as np

FULL_FRAMES = 3000  # Whisper's window: 30 s of 10 ms feature frames
# Padding kept after the last frame of audio (10 s), and the smallest window (15 s).
MARGIN_FRAMES = 1000
MIN_FRAMES = 1500


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
