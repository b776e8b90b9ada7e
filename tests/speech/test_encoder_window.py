"""The encoder's window: the audio's frames plus a margin, never less, never over 30 s."""

import numpy as np
import pytest

from simulator.speech import encoder_window as ew


def padded(frames: int, value: float = -0.7) -> np.ndarray:
    """Features as faster-whisper hands them to the encoder: audio, then zero padding."""
    out = np.zeros((80, ew.FULL_FRAMES), np.float32)
    out[:, :frames] = value
    return out


def test_content_ends_where_the_zero_padding_begins():
    assert ew.content_frames(padded(673)) == 673
    assert ew.content_frames(padded(ew.FULL_FRAMES)) == ew.FULL_FRAMES
    assert ew.content_frames(padded(0)) == 0
    # a frame with a single non-zero bin is audio (quiet audio is never all zeros)
    one = padded(10)
    one[37, 500] = 0.01
    assert ew.content_frames(one) == 501
    assert ew.content_frames(padded(400)[None]) == 400  # batched (1, 80, 3000)


@pytest.mark.parametrize(
    ("content", "window"),
    [(0, 1500), (473, 1500), (673, 1674), (1201, 2202), (1999, 3000), (2800, 3000), (3000, 3000)],
)
def test_the_window_keeps_a_margin_is_even_and_bounded(content, window):
    assert ew.window_frames(content) == window
    assert window % 2 == 0 and ew.MIN_FRAMES <= window <= ew.FULL_FRAMES
    assert window >= min(ew.FULL_FRAMES, content + ew.MARGIN_FRAMES)


def test_trimming_keeps_every_frame_of_audio():
    features = padded(701, value=0.3)
    cut = ew.trimmed(features)
    assert cut.shape == (80, 1702)
    assert np.array_equal(cut[:, :701], features[:, :701])
    assert not cut[:, 701:].any()
    other = np.ones((80, 1200), np.float32)  # not a padded window: left as it is
    assert ew.trimmed(other) is other


def test_the_model_encodes_the_trimmed_window():
    seen = []

    class FakeCt2:
        device = "cpu"
        device_index = [0]

        def encode(self, features, to_cpu=False):
            seen.append(tuple(features.shape))
            return "encoded"

    model = object.__new__(ew.windowed_model_class())
    model.model = FakeCt2()
    assert model.encode(padded(473)) == "encoded"
    assert model.encode(padded(2999)) == "encoded"
    assert seen == [(1, 80, 1500), (1, 80, 3000)]
