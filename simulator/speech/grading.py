"""Grading a spoken reply: transcribe (model loaded once), measure delivery, grade the text.

Used by the command line (`grade --audio`, audio lines in `--batch`) and the benchmark; the
desktop app runs the same steps through its model worker.
"""

from __future__ import annotations

import time
from pathlib import Path

from simulator.audio.files import load_audio
from simulator.core.grader import Grader


def grade_heard(grader: Grader, scenario: str, turn: int | None, transcription, measures):
    """Grade what was heard: the transcript with its delivery measures, the characters heard
    unsure and the recogniser's hearing (shared by the command line, the bench and its replay)."""
    return grader.grade(
        scenario,
        turn,
        transcription.text,
        delivery=measures,
        unsure=transcription.unsure,
        hearing=transcription.hearing,
    )


class SpeechGrader:
    """Holds one `Transcriber` (with the catalog's hotline-vocabulary correction); the model is
    loaded on first use and reused for a whole batch."""

    def __init__(
        self,
        grader: Grader,
        model: str | None = None,
        transcriber=None,
        beam_size: int | None = None,
    ):
        self.grader = grader
        self.model = model
        self.beam_size = beam_size  # None: the transcriber's default (5)
        self._transcriber = transcriber
        self.load_s = 0.0

    @property
    def transcriber(self):
        if self._transcriber is None:
            from simulator.speech.loader import load_transcriber

            t0 = time.perf_counter()
            self._transcriber = load_transcriber(
                self.model, catalog=self.grader.catalog, beam_size=self.beam_size
            )
            self.load_s = time.perf_counter() - t0
        return self._transcriber

    def grade_file(
        self,
        scenario: str,
        turn: int | None,
        audio: str | Path,
        caller_end_s: float | None = None,
    ) -> dict:
        """Result dict for one reply file; `timings` has load_s, transcribe_s, grade_s."""
        samples = load_audio(audio)  # bad files fail here, before the model loads
        first_load = self._transcriber is None
        transcriber = self.transcriber
        return self.grade_samples(
            scenario,
            turn,
            samples,
            caller_end_s,
            load_s=self.load_s if first_load else 0.0,
            transcriber=transcriber,
        )

    def grade_samples(
        self,
        scenario: str,
        turn: int | None,
        samples,
        caller_end_s: float | None = None,
        load_s: float = 0.0,
        transcriber=None,
    ) -> dict:
        from simulator.speech.pipeline import transcribe_and_measure

        transcription, measures, timings = transcribe_and_measure(
            transcriber or self.transcriber, samples, caller_end_s=caller_end_s
        )
        result = grade_heard(self.grader, scenario, turn, transcription, measures)
        out = result.to_dict()
        if transcription.corrections:
            out["heard_raw"] = transcription.raw_text
            out["corrections"] = [
                {"at": c.start, "heard": c.before, "corrected": c.after}
                for c in transcription.corrections
            ]
        if transcription.pieces > 1:
            out["pieces"] = transcription.pieces
        out["timings"] = {
            "load_s": round(load_s, 3),
            "transcribe_s": round(timings.get("transcribe_s", 0.0), 3),
            "measure_s": round(timings.get("measure_s", 0.0), 3),
            "grade_s": round(result.timings["grade_s"], 4),
        }
        return out
