"""The end-of-turn detector on noisy lines (issue 15): a long reply at 15 or 10 dB SNR is not
cut at its pauses, the turn still ends soon after it, steady or rising noise never starts or
holds a turn, a cough or a click does not start one, and clean audio ends as before."""

from __future__ import annotations

import numpy as np
import pytest
from signals import BLOCK, SR, click, cough, end_of_turn, hum, line_noise, reply, white

from simulator.audio.levels import FRAME_S, EndOfTurnDetector, PauseDetector, periodicity
from simulator.audio.turn_replay import replay_turn

LEAD_S = 1.0
ACTIVE_DBFS = -20.0  # the replies' active speech level
# Every time here is a position in the synthetic audio (the detector's ``t`` counts the samples
# fed to it), never the clock: the same on any CPU and under load. Where a test checks how far
# past the end of speech the turn ended, it counts recorder blocks of audio.


def audio_blocks(audio_s: float) -> float:
    """A stretch of audio in recorder blocks."""
    return audio_s * SR / BLOCK


def noisy_take(seed: int, snr_db: float, tail_s: float = 5.0):
    """(take, clean take, end of speech in seconds): a reply after ``LEAD_S`` of open line."""
    rng = np.random.default_rng(seed)
    speech, end = reply(rng)
    clean = np.concatenate([np.zeros(int(LEAD_S * SR)), speech, np.zeros(int(tail_s * SR))])
    noise = line_noise(rng, clean.size / SR, ACTIVE_DBFS - snr_db)
    return clean + noise, clean, LEAD_S + end


@pytest.mark.parametrize("snr_db", [15.0, 10.0])
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_a_long_reply_on_a_noisy_line_is_heard_to_its_end(seed, snr_db):
    take, _, end = noisy_take(seed, snr_db)
    detector = EndOfTurnDetector(SR)
    ended = end_of_turn(detector, take)
    assert ended is not None and ended > end  # not cut at a pause
    assert ended <= end + detector.silence_s + detector.noisy_hold_s + 0.2


def test_the_old_settings_cut_the_same_reply():
    """What the issue saw: without the voicing hold, the reply is cut at a pause."""
    take, _, end = noisy_take(0, 15.0)
    old = EndOfTurnDetector(SR, voicing_min=2.0, min_voiced_s=0.0, noisy_hold_s=0.0)
    ended = end_of_turn(old, take)
    assert ended is not None and ended < end - 3.0


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_clean_take_ends_silence_s_after_the_last_voiced_block(seed):
    _, clean, end = noisy_take(seed, 15.0)
    detector = PauseDetector(sample_rate=SR)
    ended = end_of_turn(detector, clean)
    assert detector.hold_s == detector.silence_s  # no noisy-line allowance on clean audio
    assert ended == pytest.approx(detector.last_voiced_s + detector.silence_s, abs=1e-6)
    # the turn ends silence_s of audio after the last voiced block, within a block of the end
    # of speech (the block holding it may be partly voiced)
    past_hold_blocks = audio_blocks(ended - end - detector.silence_s)
    assert -1.0 <= past_hold_blocks <= 1.2


def _never_starts(x: np.ndarray) -> EndOfTurnDetector:
    detector = EndOfTurnDetector(SR)
    assert end_of_turn(detector, x) is None
    assert not detector.speaking
    return detector


@pytest.mark.parametrize("level", [-60.0, -45.0, -35.0, -25.0])
def test_steady_hum_never_starts_a_turn(level):
    """Up to −25 dBFS (louder than the cap's −23 dBFS threshold, a steady periodic sound is
    taken for a loud steady voice, as it always was)."""
    _never_starts(hum(10.0, level))
    _never_starts(hum(10.0, level, mains=60.0))


@pytest.mark.parametrize("level", [-45.0, -35.0, -28.0])
def test_a_turn_ends_in_steady_hum_or_hiss(level):
    rng = np.random.default_rng(7)
    speech, end = reply(rng, phrases=2)
    for noise in (hum(end + 4.0, level), white(rng, end + 4.0, level)):
        take = np.concatenate([speech, np.zeros(4 * SR)]) + noise
        detector = EndOfTurnDetector(SR)
        ended = end_of_turn(detector, take)
        assert ended is not None and end < ended <= end + detector.hold_s + 0.2


@pytest.mark.parametrize("level", [-60.0, -45.0, -35.0, -25.0, -15.0])
def test_white_noise_never_starts_a_turn(level):
    _never_starts(white(np.random.default_rng(1), 10.0, level))


@pytest.mark.parametrize("level", [-50.0, -40.0, -30.0, -20.0])
def test_line_noise_never_starts_a_turn(level):
    _never_starts(line_noise(np.random.default_rng(2), 10.0, level))


def test_rising_noise_neither_starts_a_turn_nor_holds_one():
    rng = np.random.default_rng(3)
    n = 8 * SR
    rise = 10 ** (np.linspace(-50, -20, n) / 20)  # 30 dB in 8 s: a noisy neighbour comes
    _never_starts(line_noise(rng, 8.0, 0.0) * rise)
    _never_starts(white(rng, 8.0, 0.0) * rise)
    speech, end = reply(rng, phrases=3)
    noise = line_noise(rng, (speech.size + n) / SR, ACTIVE_DBFS - 15.0)
    noise[speech.size :] *= 10 ** (np.linspace(0, 12, n) / 20)  # rises 12 dB after the reply
    take = np.concatenate([speech, np.zeros(n)]) + noise
    detector = EndOfTurnDetector(SR)
    ended = end_of_turn(detector, take)
    assert ended is not None and end < ended <= end + detector.hold_s + 0.3


@pytest.mark.parametrize("noise_dbfs", [None, -40.0])
def test_a_cough_or_a_click_does_not_start_a_turn(noise_dbfs):
    rng = np.random.default_rng(4)
    quiet = np.zeros(SR)
    x = np.concatenate([quiet, cough(rng), quiet, quiet, click(), quiet, quiet])
    if noise_dbfs is not None:
        x = x + line_noise(rng, x.size / SR, noise_dbfs)
    detector = _never_starts(x)
    assert detector.speech_start_s is None  # forgotten once quiet long enough: no voice onset


def test_a_reply_after_a_cough_is_heard_from_its_start():
    rng = np.random.default_rng(5)
    speech, end = reply(rng, phrases=2)
    x = np.concatenate([np.zeros(SR), cough(rng), np.zeros(SR), speech, np.zeros(2 * SR)])
    detector = EndOfTurnDetector(SR)
    ended = end_of_turn(detector, x)
    onset = 2.0 + cough(rng).size / SR
    assert detector.speech_start_s == pytest.approx(onset, abs=0.06)
    assert ended == pytest.approx(onset + end + detector.silence_s, abs=0.06)


def test_periodicity_tells_a_voice_from_noise():
    rng = np.random.default_rng(6)
    speech, _ = reply(rng, phrases=1, weak_db=0.0)
    voiced = speech[int(0.05 * SR) : int(0.05 * SR) + 800]
    assert periodicity(voiced) > 0.5
    assert periodicity(white(rng, 0.05, -30.0)) < 0.25
    assert periodicity(line_noise(rng, 1.0, -30.0)[:800]) < 0.25
    assert periodicity(np.zeros(800)) == 0.0 and periodicity(np.zeros(10)) == 0.0


def test_replay_turn_reports_a_cut_and_the_lag():
    take, clean, end = noisy_take(0, 15.0, tail_s=0.5)
    start = int(LEAD_S * SR)
    good = replay_turn(take[start:], reference=clean[start:])
    # lag_s is audio (end of speech → end of turn): about 17 blocks, silence_s and the
    # noisy-line allowance on this line
    assert not good.cut and 13 <= audio_blocks(good.lag_s) <= 21
    assert good.speech_end_s == pytest.approx(end - LEAD_S, abs=0.05)

    def old():
        return PauseDetector(sample_rate=SR, voicing_min=2.0, min_voiced_s=0.0, noisy_hold_s=0.0)

    cut = replay_turn(take[start:], reference=clean[start:], detector=old)
    assert cut.cut and cut.lag_s is None and cut.ended_s < cut.last_stretch_s


def test_replay_turn_takes_a_band_render_shorter_than_its_clean_reference():
    take, clean, end = noisy_take(1, 15.0, tail_s=0.5)
    start = int(LEAD_S * SR)
    frame = int(FRAME_S * SR)
    size = (clean.size - start) // frame * frame - 1  # a sample short of its last whole frame
    short = replay_turn(take[start : start + size], reference=clean[start:])
    assert not short.cut and short.speech_end_s == pytest.approx(end - LEAD_S, abs=0.05)
