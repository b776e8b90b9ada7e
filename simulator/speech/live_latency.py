"""How long a trainee waits for feedback in a live call: the app's early passes replayed on a clip.

:func:`replay` feeds a clip block by block through the detector the app records with
(:class:`~simulator.audio.levels.PauseDetector`: pauses, speech resuming, end of turn) and hands
those events to the app's own scheduler (:class:`~simulator.speech.early_pass.EarlyPassScheduler`)
on a simulated timeline: the audio arrives in real time, one model lane runs the passes the
scheduler starts, for real (the transcriber, delivery measures and grading the app runs), and is
busy for as long as each really took, up to the checkpoint at which a superseded pass stops. At
the end of the turn the app's final step (:func:`~simulator.speech.turn_end.finish_turn`) reuses
a pass or the pieces a long take was cut into, decoding only what they leave (else the whole
take); then the reply is graded. A piece is never superseded: resumed speech does not stop it. As in the
app, a pass that leaves the final step nothing to decode is followed on the lane by a rehearsal of
the final step and the grading (:func:`~simulator.speech.turn_end.rehearse`): always after a
piece, after a pass at a pause unless speech or a newer pause came while it ran. It reports the wait from the end of the turn and from the trainee's
last voiced block to the graded result, and the turn's timeline (pauses, passes, the end of the
turn, the final step, the verdict) to see where that wait went.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from simulator.audio.backend import BLOCK_S
from simulator.audio.files import SAMPLE_RATE
from simulator.audio.levels import PauseDetector, frame_power, to_int16
from simulator.speech.closer_listen import differs
from simulator.speech.early_pass import EarlyPass, EarlyPassScheduler, PassCancelled, PassTimer
from simulator.speech.grading import grade_heard
from simulator.speech.pipeline import join_and_measure, transcribe_and_measure
from simulator.speech.transcriber import CLOSER_BEAM_SIZE
from simulator.speech.turn_end import finish_turn, hear_early, rehearse

ROOM_TONE_S = 0.25  # the clip's quietest quarter-second, repeated after it, as the open line
MAX_WAIT_S = 5.0  # of room tone: the turn must have ended by then


class TurnNeverEnded(ValueError):
    """The clip has no speech, or no quiet stretch after it, so the turn would not end."""


@dataclass
class LiveTurn:
    after_turn_end_s: float  # end of turn detected → graded result
    after_last_voice_s: float  # last voiced block → graded result
    passes: int  # transcription passes that ran (early ones and the final step's)
    reused: bool  # the final step decoded nothing: the early passes covered the take
    cancelled: int  # early passes stopped at a checkpoint (or before they began)
    text: str
    passed: bool
    pieces: int = 0  # pieces the transcript was joined from (0: heard whole)
    # what happened when, in seconds of the simulated timeline: ``(t, what, detail)``
    timeline: tuple[tuple[float, str, str], ...] = ()
    closer: CloserTurn | None = None  # the closer listen after the live result, when replayed


@dataclass
class CloserTurn:
    """The closer listen (:mod:`simulator.speech.closer_listen`) after a replayed live result:
    what it ended with, when, and what the live decode looked like (for choosing when to run
    it)."""

    passed: bool  # the final verdict
    changed: bool  # it differs from the live result (verdict, branch or findings)
    after_last_voice_s: float  # last voiced block → the final result
    cost_s: float  # the closer listen's decode and grading
    span_s: float  # its longest stretch between two checkpoints: how late a cancel can stop it
    take_s: float  # the take's length
    unsure_share: float  # share of the live transcript's characters heard unsure
    min_prob: float  # the live decode's least sure character (1.0: no words)


class TranscriberHearer:
    """A transcriber as the final step's :class:`~simulator.speech.turn_end.Hearer`: what the
    app's speech service does, on the transcriber the benchmark loaded."""

    def __init__(self, transcriber):
        self.transcriber = transcriber

    def whole(self, samples, checkpoint):
        return transcribe_and_measure(
            self.transcriber, samples, caller_end_s=0.0, checkpoint=checkpoint
        )

    def piece(self, samples, checkpoint):
        return self.transcriber.hear_piece(samples, checkpoint=checkpoint)

    def join(self, samples, parts):
        return join_and_measure(self.transcriber, samples, parts, caller_end_s=0.0)


def _room_tone(pcm: np.ndarray, n: int) -> np.ndarray:
    """The quietest ``ROOM_TONE_S`` of the clip (whole blocks): its line noise between words."""
    width = int(round(ROOM_TONE_S / BLOCK_S))
    power = frame_power(pcm, SAMPLE_RATE, BLOCK_S)
    if power.size < width:
        return np.zeros(n, np.int16)
    power = np.convolve(power, np.ones(width), mode="valid")
    start = int(np.argmin(power)) * n
    return pcm[start : start + width * n]


def _blocks(samples: np.ndarray):
    n = int(SAMPLE_RATE * BLOCK_S)
    pcm = to_int16(samples)
    tone = _room_tone(pcm, n)
    for i in range(0, pcm.size, n):
        yield pcm[i : i + n]
    tail = np.resize(tone, int(SAMPLE_RATE * MAX_WAIT_S))
    for i in range(0, tail.size, n):
        yield tail[i : i + n]


def _events(samples: np.ndarray) -> tuple[list[tuple], np.ndarray, float, float]:
    """(events, audio, turn end, last voice): events are ``(t, "pause", last_voiced)`` and
    ``(t, "voice")`` in audio seconds; the audio is what was recorded up to the turn's end."""
    detector = PauseDetector(sample_rate=SAMPLE_RATE)
    pcm: list[np.ndarray] = []
    events: list[tuple] = []
    for block in _blocks(np.asarray(samples, dtype=np.float32)):
        ended = detector.feed(block)
        pcm.append(block)
        if detector.resumed:
            events.append((detector.t, "voice"))
        if detector.pause_started:
            events.append((detector.t, "pause", detector.last_voiced_s))
        if ended:
            break
    if not detector.ended or detector.last_voiced_s is None:
        raise TurnNeverEnded("the turn did not end: no speech, or no silence after it")
    audio = np.concatenate(pcm).astype(np.float32) / 32768.0
    return events, audio, detector.t, detector.last_voiced_s


class _Lane:
    """The model lane on the simulated timeline: runs a pass for real, at simulated ``start``."""

    def __init__(
        self, scheduler: EarlyPassScheduler, hearer, audio, voices, pauses, clock, timeline, grade
    ):
        self.scheduler, self.hearer, self.audio = scheduler, hearer, audio
        self.pauses = pauses  # (when, voiced until) of each pause heard
        self.grade = grade  # grades a final step's result (rehearsed after a pass)
        self.voices, self.clock = voices, clock
        self.running: tuple[EarlyPass, float] | None = None  # pass, simulated end
        self.free_at = 0.0
        self.timeline = timeline

    def _superseded_while(self, after: float, until: float) -> bool:
        """Speech resumed, or a pause the scheduler would start a pass for was heard, while a
        pass at a pause ran (the app's scheduler sees those as they come; here they come after)."""
        return self._voice_between(after, until) is not None or any(
            after < t <= until and self.scheduler.wants(voiced) for t, voiced in self.pauses
        )

    def _voice_between(self, after: float, until: float) -> float | None:
        return next((v for v in self.voices if after < v <= until), None)

    def start(self, p: EarlyPass, at: float) -> None:
        """Run ``p`` from simulated ``at``. Its payload is when its pause was heard: it hears
        the audio up to then, and is superseded once speech resumes after it (not a piece)."""
        heard_at = p.payload
        began = max(at, heard_at + p.hold_s)  # the hold counts from the pause
        held = self._voice_between(at, began) if began > at else None
        t0 = self.clock()
        samples = self.audio[: int(round(heard_at * SAMPLE_RATE))]
        try:
            self.scheduler.run(
                p,
                lambda checkpoint: hear_early(p, samples, self.hearer, checkpoint),
                cancelled=lambda: (
                    not p.piece
                    and self._voice_between(heard_at, began + self.clock() - t0) is not None
                ),
                wait=lambda seconds: held is not None,
            )
        except PassCancelled:
            pass
        except Exception:  # noqa: BLE001 - the app's lane reports it: scheduler.ended logs it
            pass
        rehearsed = False
        if (
            held is None
            and self.grade is not None
            and (p.piece or not self._superseded_while(heard_at, began + self.clock() - t0))
        ):
            plan = self.scheduler.plan_if_ended(p)
            rehearsed = rehearse(plan, samples, self.hearer, self.grade)
        end = held if held is not None else began + self.clock() - t0
        self.running = (p, max(at, end))
        kind = "piece" if p.piece else "tail" if p.part else "whole"
        self.timeline.append(
            (
                began,
                f"{kind} {p.number}",
                f"{p.start_s:.2f}–{p.end_s or heard_at:.2f} s of audio, voice to {p.last_voiced_s:.2f}"
                f"; {p.state} at {max(at, end):.2f}" + (", rehearsed" if rehearsed else ""),
            )
        )

    def finish_until(self, t: float) -> None:
        """Report every pass that ends by simulated ``t``; start what the scheduler says next."""
        while self.running is not None and self.running[1] <= t:
            p, end = self.running
            self.running, self.free_at = None, end
            nxt = self.scheduler.ended(p)
            if nxt is not None:
                self.start(nxt, end)


def replay(
    transcriber,
    grader,
    scenario: str,
    turn: int | None,
    samples: np.ndarray,
    clock=time.perf_counter,
    scheduler: EarlyPassScheduler | None = None,
    rehearsing: bool = True,
    closer: bool = False,
) -> LiveTurn:
    """One reply as the app would take it live; see the module docstring. ``clock`` times the
    passes (tests give a scripted one); ``scheduler`` carries its cost estimate from clip to
    clip (a new one per call when None); ``rehearsing`` False: no rehearsal of the final step
    after an early pass (how it was before, for comparison); ``closer``: then the app's closer
    listen on the lane (the take decoded at beam 5 and graded), timed from the live result."""
    events, audio, turn_end, last_voice = _events(samples)
    scheduler = scheduler or EarlyPassScheduler(clock=clock)
    scheduler.clock = clock
    scheduler.new_turn()
    started, cancelled = scheduler.started, scheduler.cancelled
    voices = [e[0] for e in events if e[1] == "voice"]
    hearer = TranscriberHearer(transcriber)
    timeline: list[tuple[float, str, str]] = []

    def grade(heard):
        transcription, measures, _ = heard
        return grade_heard(grader, scenario, turn, transcription, measures)

    pauses = [(e[0], e[2]) for e in events if e[1] == "pause"]
    grading = grade if rehearsing else None
    lane = _Lane(scheduler, hearer, audio, voices, pauses, clock, timeline, grading)
    for event in events:
        at = event[0]
        lane.finish_until(at)
        if event[1] == "voice":
            scheduler.voice()
            continue
        timeline.append((at, "pause", f"voice to {event[2]:.2f}"))
        p = scheduler.pause(event[2], at)  # the payload: the audio up to now
        if p is not None:
            lane.start(p, at)
    lane.finish_until(turn_end)
    timeline.append((turn_end, "end of turn", f"last voice {last_voice:.2f}"))
    plan = scheduler.end_of_turn(last_voice)
    lane.finish_until(float("inf"))  # the final step waits for the lane
    start = max(turn_end, lane.free_at)
    t0 = clock()
    final = finish_turn(plan, audio, hearer, clock)
    if final.cost is not None:
        scheduler.record(*final.cost)
    transcription, measures, _ = final.result
    timeline.append(
        (
            start,
            "final step",
            f"{final.passes} decodes, {final.pieces} parts; done at {start + clock() - t0:.2f}",
        )
    )
    result = grade(final.result)
    ready = start + clock() - t0
    timeline.append((ready, "graded", "passed" if result.passed else "failed"))
    closer_turn = None
    if closer:
        closer_turn = _closer(
            transcriber, audio, transcription, result, grade, clock, last_voice, ready - last_voice
        )
        timeline.append(
            (
                ready + closer_turn.cost_s,
                "closer listen",
                ("changed: " if closer_turn.changed else "same: ")
                + ("passed" if closer_turn.passed else "failed"),
            )
        )
    return LiveTurn(
        after_turn_end_s=ready - turn_end,
        after_last_voice_s=ready - last_voice,
        passes=scheduler.started - started + final.passes,
        reused=final.passes == 0,
        cancelled=scheduler.cancelled - cancelled,
        text=transcription.text,
        passed=result.passed,
        pieces=final.pieces,
        timeline=tuple(sorted(timeline, key=lambda e: e[0])),
        closer=closer_turn,
    )


def _closer(transcriber, audio, live, first, grade, clock, take_s, began_s) -> CloserTurn:
    """The closer listen right after the live result ``first`` (the lane is free then): the
    whole take decoded at beam 5 and graded. ``take_s``: the take's last voice; ``began_s``:
    when the closer listen began, after that last voice."""
    timer = PassTimer(clock)
    heard = transcribe_and_measure(
        transcriber,
        audio,
        caller_end_s=0.0,
        checkpoint=timer.mark,
        beam_size=CLOSER_BEAM_SIZE,
    )
    timer.mark()  # CloserListen.run checks once more before grading
    final = grade(heard)
    cost, span = timer.stop()
    hearing = live.hearing.probability if live.hearing is not None else ()
    probs = [p for p, c in zip(hearing, live.text, strict=False) if c.strip()]
    chars = max(1, sum(1 for c in live.text if c.strip()))
    return CloserTurn(
        passed=final.passed,
        changed=differs(first, final),
        after_last_voice_s=began_s + cost,
        cost_s=cost,
        span_s=span,
        take_s=take_s,
        unsure_share=len(live.unsure) / chars,
        min_prob=min(probs, default=1.0),
    )
