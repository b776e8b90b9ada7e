"""One call from a recorded reply to what grading needs: the transcript and delivery measures.

Grading itself lives elsewhere (``simulator.core``); this module only returns text + measures.
For a quick look: ``python -m simulator.speech.pipeline reply.wav [--caller-end 0.0]`` prints
the transcript, measures and timings as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable

import numpy as np

from simulator.audio.files import SAMPLE_RATE, load_audio
from simulator.speech.delivery_measures import measure_delivery
from simulator.speech.transcriber import Transcriber, Transcription


def transcribe_and_measure(
    transcriber: Transcriber,
    audio_or_path: np.ndarray | str | os.PathLike,
    caller_end_s: float | None = None,
    checkpoint: Callable[[], None] | None = None,
    beam_size: int | None = None,
) -> tuple[Transcription, dict, dict]:
    """Transcribe a reply and measure its delivery (``beam_size``: this call's, else the
    transcriber's).

    Returns ``(transcription, measures, timings)``; ``timings`` has ``load_s`` (the model's
    one-time load), ``decode_s`` (reading the file), ``transcribe_s`` and ``measure_s``.
    ``checkpoint`` goes to :meth:`Transcriber.transcribe` (what it raises abandons the work).
    """
    start = time.perf_counter()
    if isinstance(audio_or_path, (str, os.PathLike)):
        samples = load_audio(audio_or_path)
    else:
        samples = np.asarray(audio_or_path)
    decode_s = time.perf_counter() - start

    start = time.perf_counter()
    beam = {"beam_size": beam_size} if beam_size else {}
    transcription = transcriber.transcribe(samples, checkpoint=checkpoint, **beam)
    transcribe_s = time.perf_counter() - start
    return _measured(
        transcriber,
        samples,
        transcription,
        caller_end_s,
        decode_s=decode_s,
        transcribe_s=transcribe_s,
    )


def join_and_measure(
    transcriber: Transcriber,
    samples: np.ndarray,
    parts: list[tuple[float, Transcription]],
    caller_end_s: float | None = None,
) -> tuple[Transcription, dict, dict]:
    """The same as :func:`transcribe_and_measure` for a reply whose pieces were decoded one by
    one (``parts``: start in seconds, :meth:`Transcriber.hear_piece`'s result): join them, then
    measure the delivery of the whole reply ``samples``."""
    start = time.perf_counter()
    transcription = transcriber.join(parts, np.asarray(samples).size)
    join_s = time.perf_counter() - start
    return _measured(transcriber, samples, transcription, caller_end_s, join_s=join_s)


def _measured(
    transcriber: Transcriber,
    samples: np.ndarray,
    transcription: Transcription,
    caller_end_s: float | None,
    **stage_s: float,
) -> tuple[Transcription, dict, dict]:
    """``transcription`` with the delivery measures of ``samples`` and the timings: the model's
    load, the stages before (``stage_s``) and the measuring."""
    start = time.perf_counter()
    measures = measure_delivery(samples, transcription.words, caller_end_s, SAMPLE_RATE)
    timings = {
        "load_s": round(transcriber.load_s, 3),
        **{name: round(seconds, 3) for name, seconds in stage_s.items()},
        "measure_s": round(time.perf_counter() - start, 3),
    }
    return transcription, measures, timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Transcribe and measure spoken replies.")
    parser.add_argument("files", nargs="+")
    parser.add_argument("--caller-end", type=float, default=None, help="caller line end (s)")
    parser.add_argument("--model", default=None, help="base (default), small, medium or a folder")
    args = parser.parse_args(argv)
    from simulator.audio.files import AudioFileError
    from simulator.speech.loader import load_transcriber
    from simulator.speech.model_store import ModelUnavailable

    try:
        transcriber = load_transcriber(args.model)
    except ModelUnavailable as exc:
        print(exc, file=sys.stderr)
        return 2
    status = 0
    for path in args.files:
        try:
            transcription, measures, timings = transcribe_and_measure(
                transcriber, path, args.caller_end
            )
        except AudioFileError as exc:
            print(exc, file=sys.stderr)
            status = 1
            continue
        out = {
            "file": path,
            "text": transcription.text,
            "heard_raw": transcription.raw_text,
            "measures": measures,
            "timings": timings,
        }
        print(json.dumps(out, ensure_ascii=False))
    return status


if __name__ == "__main__":
    sys.exit(main())
