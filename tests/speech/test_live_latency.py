"""The live-call replay behind the benchmark's feedback wait: the app's early-pass scheduler on a
simulated timeline with scripted pass costs (one model lane, superseded passes stopped at a
checkpoint, held pauses, the reuse of the last pass, the cost estimate carried over; a long
take's pieces decoded while the trainee speaks, queued behind a busy lane, and the whole take
heard again when a piece fails)."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from simulator.core.catalog import load_catalog
from simulator.core.grader import Grader
from simulator.speech import early_pass as ep
from simulator.speech.early_pass import EarlyPassScheduler
from simulator.speech.live_latency import replay
from simulator.speech.transcriber import CLOSER_BEAM_SIZE
from tests.speech.scripted import SR, Clock, ScriptedTranscriber

REPLY = "您好，请问有什么可以帮您？"


def _tone(seconds: float) -> np.ndarray:
    t = np.arange(int(SR * seconds)) / SR
    return 0.2 * np.sin(2 * np.pi * 300.0 * t)


def _three_phrases() -> np.ndarray:
    """Speech 0–1.0 s, 1.4–1.7 s and 2.1–2.4 s: pauses are heard at 1.3, 2.0 and 2.7 s, speech
    resumes (its first block ends) at 1.45 and 2.15 s, and the turn ends at 3.2 s."""
    gap = np.zeros(int(SR * 0.4))
    return np.concatenate([_tone(1.0), gap, _tone(0.3), gap, _tone(0.3), np.zeros(SR // 2)])


def _long_reply(last_s: float = 4.0) -> np.ndarray:
    """Speech in 4 s stretches with 0.5 s gaps, the last ``last_s`` long: pauses are heard at
    4.3, 8.8, 13.3 and 17.8 s (speech ended 0.3 s before each, and resumes 0.25 s after), then
    after the last stretch, which ends at 18 s + ``last_s``; the turn ends 0.8 s later."""
    gap = np.zeros(int(SR * 0.5))
    stretches = [_tone(4.0), gap] * 4 + [_tone(last_s), gap]
    return np.concatenate(stretches)


@pytest.fixture(scope="module")
def grader():
    return Grader(load_catalog())


def _scenario(grader) -> str:
    return next(iter(grader.catalog.scenarios))


def test_fast_passes_keep_up_and_the_last_is_reused(grader):
    clock = Clock()
    fake = ScriptedTranscriber(clock, 0.2, REPLY)
    turn = replay(fake, grader, _scenario(grader), None, _three_phrases(), clock=clock)
    assert fake.heard_s == [1.3, 2.0, 2.7]  # the audio up to each pause
    # speech resumes at 1.45 and 2.15 s, just before the first two passes would finish (1.5
    # and 2.2 s): they stop at their last checkpoint; the third is reused
    assert turn.passes == 3 and turn.reused and turn.cancelled == 2 and fake.finished == 1
    assert turn.after_turn_end_s == pytest.approx(0.0, abs=1e-6)  # ready before the turn ended
    assert turn.after_last_voice_s == pytest.approx(0.8, abs=0.06)
    assert turn.text == REPLY


def test_the_closer_listen_decodes_the_take_at_beam_5_after_the_live_result(grader):
    clock = Clock()
    fake = ScriptedTranscriber(clock, 0.2, REPLY)
    turn = replay(fake, grader, _scenario(grader), None, _three_phrases(), clock=clock, closer=True)
    closer = turn.closer
    assert fake.beams[-1] == CLOSER_BEAM_SIZE and fake.heard_s[-1] > 2.7  # the whole take
    assert closer.cost_s == pytest.approx(0.2, abs=1e-6)  # one scripted pass on the lane
    assert closer.after_last_voice_s == pytest.approx(turn.after_last_voice_s + 0.2, abs=1e-6)
    assert closer.take_s == pytest.approx(2.4, abs=0.06)  # the last voice, not the room tone
    assert not closer.changed and closer.passed == turn.passed  # the same words heard
    assert [e[1] for e in turn.timeline][-1] == "closer listen"


def test_a_slow_pass_stops_when_speech_resumes_and_frees_the_lane(grader):
    clock = Clock()
    fake = ScriptedTranscriber(clock, 2.0, REPLY)
    turn = replay(fake, grader, _scenario(grader), None, _three_phrases(), clock=clock)
    # pass 1 starts at 1.3 s; speech resumes at 1.45 s, so it stops at its checkpoint after the
    # encoder (1.3 + 0.6 × 2.0 = 2.5 s). The pause at 2.0 s is held (the lane is busy, nothing
    # is queued) and dropped when speech resumes at 2.15 s; pass 2 starts at once at the last
    # pause (2.7 s) and ends at 4.7 s, the result the turn (ended 3.2 s) waits for.
    assert fake.heard_s == [1.3, 2.7] and fake.finished == 1
    assert turn.passes == 2 and turn.reused and turn.cancelled == 1
    assert turn.after_turn_end_s == pytest.approx(4.7 - 3.2, abs=0.06)
    assert turn.after_last_voice_s == pytest.approx(4.7 - 2.4, abs=0.06)


def test_replay_uses_the_scheduler_and_its_estimate_carries_over(grader):
    clock = Clock()
    sched = EarlyPassScheduler(clock=clock)
    fake = ScriptedTranscriber(clock, 2.5, REPLY)
    first = replay(
        fake, grader, _scenario(grader), None, _three_phrases(), clock=clock, scheduler=sched
    )
    # pass 1 (1.3 s) stops at its first checkpoint at 2.8 s; the last pause (2.7 s) waits for
    # the lane, not in a queue, and its pass runs 2.8–5.3 s
    assert fake.heard_s == [1.3, 2.7] and first.reused
    assert first.after_turn_end_s == pytest.approx(5.3 - 3.2, abs=0.06)
    assert sched.measured == 1 and sched.span_s == pytest.approx(1.5)  # the completed pass
    assert sched.hold_s == ep.HOLD_S
    fake.heard_s.clear()
    turn = replay(
        fake, grader, _scenario(grader), None, _three_phrases(), clock=clock, scheduler=sched
    )
    # now each pass first waits 0.3 s of silence: speech resumes during that wait after the
    # pauses at 1.3 and 2.0 s, so only the last pause's pass runs, from 3.0 to 5.5 s
    assert fake.heard_s == [2.7] and turn.cancelled == 2 and turn.reused
    assert turn.after_turn_end_s == pytest.approx(5.5 - 3.2, abs=0.06)


def test_a_pass_that_cannot_finish_in_time_is_left_to_the_final_pass(grader):
    clock = Clock()
    sched = EarlyPassScheduler(clock=clock, cost_s=4.0, span_s=2.4)
    fake = ScriptedTranscriber(clock, 4.0, REPLY)
    turn = replay(
        fake, grader, _scenario(grader), None, _three_phrases(), clock=clock, scheduler=sched
    )
    assert fake.heard_s == [3.2]  # only the whole take, at the end of the turn
    assert not turn.reused and turn.passes == 1
    assert turn.after_turn_end_s == pytest.approx(4.0, abs=0.06)


def test_a_long_take_is_heard_in_pieces_that_speech_resuming_does_not_stop(grader):
    clock = Clock()
    fake = ScriptedTranscriber(clock, 1.0, REPLY)
    turn = replay(fake, grader, _scenario(grader), None, _long_reply(), clock=clock)
    # whole-take passes at the pauses under CUT_FROM_S (4.3, 8.8 s), each stopped when speech
    # resumed; then a cut at each pause 4 s or more after the last one (13.3, 17.8, 22.3 s):
    # speech resumed 0.25 s into the first two pieces, and both were finished all the same
    assert fake.kinds == ["whole", "whole", "piece", "piece", "piece"]
    assert fake.heard_s == [4.3, 8.8, 13.2, 4.7, 4.7]  # [0, 13.2], [13.0, 17.7], [17.5, 22.2]
    assert fake.finished == 3 and turn.cancelled == 2
    assert turn.pieces == 3 and turn.reused  # no speech after the last cut: nothing left to hear
    assert turn.text == "第1段，第2段，第3段"
    assert turn.after_turn_end_s == pytest.approx(23.3 - 22.8, abs=0.06)  # the last piece's end


def test_a_cut_while_the_lane_is_busy_waits_and_the_final_step_decodes_what_is_left(grader):
    clock = Clock()
    fake = ScriptedTranscriber(clock, 5.0, REPLY)
    turn = replay(fake, grader, _scenario(grader), None, _long_reply(), clock=clock)
    # piece 1 runs 13.3–18.3 s; the cut at 17.8 s waits for it (queued, not held: speech that
    # resumes at 18.05 s does not drop it) and runs 18.3–23.3 s; the cut at 22.3 s is still
    # waiting when the turn ends (22.8 s): the final step decodes it, 23.3–28.3 s
    assert fake.kinds == ["whole", "whole", "piece", "piece", "piece"]
    assert fake.heard_s[2:] == [13.2, 4.7, 4.7] and fake.finished == 3
    assert turn.pieces == 3 and not turn.reused and turn.passes == 5
    assert turn.after_turn_end_s == pytest.approx(28.3 - 22.8, abs=0.06)


def test_the_final_step_decodes_only_the_tail_after_the_last_cut(grader):
    clock = Clock()
    # passes so slow that early passes over the tail are given up; pieces still run
    sched = EarlyPassScheduler(clock=clock, cost_s=4.0, span_s=2.4)
    fake = ScriptedTranscriber(clock, 3.0, REPLY)
    turn = replay(
        fake, grader, _scenario(grader), None, _long_reply(2.0), clock=clock, scheduler=sched
    )
    # pieces at 13.3 and 17.8 s; the last stretch (18–20 s) is too short for a cut, and is
    # decoded at the end of the turn (20.8 s) from the last cut's pad (17.5 s): 3.3 s, not 20.8
    assert fake.kinds == ["piece", "piece", "piece"] and fake.heard_s == [13.2, 4.7, 3.3]
    assert turn.pieces == 3 and turn.passes == 3 and not turn.reused
    assert turn.text == "第1段，第2段，第3段"
    assert turn.after_turn_end_s == pytest.approx(3.0, abs=0.06)


def test_a_failing_piece_is_logged_and_the_take_is_heard_whole_again(grader, caplog):
    clock = Clock()
    fake = ScriptedTranscriber(clock, 0.5, REPLY, fail={3})  # the first piece fails
    with caplog.at_level(logging.WARNING, logger="simulator.speech.early_pass"):
        turn = replay(fake, grader, _scenario(grader), None, _long_reply(), clock=clock)
    assert "ran out of memory" in caplog.text and "piece 3" in caplog.text
    # no more cuts: the later pauses get whole-take passes again, and the last one is reused
    assert fake.kinds == ["whole", "whole", "piece", "whole", "whole"]
    assert fake.heard_s[-1] == 22.3 and turn.reused and turn.pieces == 0
    assert turn.text == REPLY


def test_a_short_take_is_never_cut(grader):
    clock = Clock()
    fake = ScriptedTranscriber(clock, 0.5, REPLY)
    take = np.concatenate([_tone(4.0), np.zeros(SR // 2), _tone(4.0), np.zeros(SR // 2)])
    take = np.concatenate([take, _tone(2.5), np.zeros(SR // 2)])  # speech ends at 11.5 s
    turn = replay(fake, grader, _scenario(grader), None, take, clock=clock)
    assert set(fake.kinds) == {"whole"} and turn.pieces == 0 and turn.text == REPLY


def test_a_clip_whose_turn_never_ends_is_refused(grader):
    clock = Clock()
    with pytest.raises(ValueError, match="did not end"):
        replay(
            ScriptedTranscriber(clock, 0.1, REPLY), grader, _scenario(grader), None, np.zeros(SR)
        )


@pytest.mark.model
@pytest.mark.slow
def test_the_early_pass_hears_what_the_whole_take_says(corrected_transcriber, clips, clip_path):
    from simulator.audio.files import load_audio
    from tests.speech_checks import assert_sensible, char_error_rate

    samples = load_audio(clip_path("fillers.flac"))
    grader = Grader(load_catalog())
    turn = replay(corrected_transcriber, grader, _scenario(grader), None, samples)
    assert turn.reused and turn.passes >= 1
    whole = corrected_transcriber.transcribe(samples).text
    assert_sensible(turn.text, clips["fillers.flac"])
    assert char_error_rate(whole, turn.text) < 0.2  # the same reply, heard alike
    assert 0.0 <= turn.after_turn_end_s < turn.after_last_voice_s


class SlowFirstGrader:
    """The real grader, taking ``first_s`` on the scripted clock for a transcript it has not
    graded before and ``again_s`` for one it has (the learned second opinion's embeddings are
    cached by text): ``texts`` lists what it graded, in order."""

    def __init__(self, grader, clock: Clock, first_s: float = 0.6, again_s: float = 0.02):
        self.grader, self.clock = grader, clock
        self.first_s, self.again_s = first_s, again_s
        self.texts: list[str] = []

    def grade(self, scenario, turn, text, **kwargs):
        self.clock.now += self.again_s if text in self.texts else self.first_s
        self.texts.append(text)
        return self.grader.grade(scenario, turn, text, **kwargs)


def test_the_last_pass_is_graded_while_the_trainee_is_silent(grader):
    clock = Clock()
    slow = SlowFirstGrader(grader, clock)
    fake = ScriptedTranscriber(clock, 0.2, REPLY)
    turn = replay(fake, slow, _scenario(grader), None, _three_phrases(), clock=clock)
    # the pass at the last pause (2.7 s) ends at 2.9 s and its result is graded (rehearsed)
    # by 3.5 s; the turn ends at 3.2 s and the final step grades the same transcript again,
    # from the warm grader: 0.02 s after the lane is free (the first two passes were stopped)
    assert slow.texts == [REPLY, REPLY] and turn.reused
    assert turn.after_turn_end_s == pytest.approx(3.5 + 0.02 - 3.2, abs=0.06)
    clock, fake = Clock(), ScriptedTranscriber(Clock(), 0.2, REPLY)
    fake.clock = clock
    before = replay(
        fake,
        SlowFirstGrader(grader, clock),
        _scenario(grader),
        None,
        _three_phrases(),
        clock=clock,
        rehearsing=False,
    )
    assert before.passed == turn.passed and before.text == turn.text
    assert before.after_turn_end_s == pytest.approx(0.6, abs=0.06)  # graded cold at the end


def test_a_long_take_is_graded_as_its_pieces_arrive(grader):
    clock = Clock()
    slow = SlowFirstGrader(grader, clock)
    fake = ScriptedTranscriber(clock, 1.0, REPLY)
    turn = replay(fake, slow, _scenario(grader), None, _long_reply(), clock=clock)
    # each piece is rehearsed once decoded, with the pieces before it (speech resuming after
    # a cut does not stop that); the last (22.3–23.3 s, graded by 23.9 s) leaves the final step
    # a warm grade
    assert slow.texts == ["第1段", "第1段，第2段"] + ["第1段，第2段，第3段"] * 2
    assert turn.pieces == 3 and turn.reused
    assert turn.after_turn_end_s == pytest.approx(23.9 + 0.02 - 22.8, abs=0.06)


def test_the_embedder_forgets_what_it_cached():
    """The benchmark grades each live reply as new text: after ``forget`` a clause is embedded
    again (a scripted model stands in for e5)."""
    from simulator.core.features import EMBED_DIM, Embedder

    calls: list[list[str]] = []

    class Model:
        def query(self, texts):
            calls.append(list(texts))
            return np.ones((len(texts), EMBED_DIM), np.float32)

    embed = Embedder()
    embed._model = Model()
    embed(["您好", "请稍等"])
    embed(["您好"])
    assert calls == [["您好", "请稍等"]]  # the second call came from the cache
    embed.forget()
    embed(["您好"])
    assert calls == [["您好", "请稍等"], ["您好"]]
