"""`simulator render-audio`: collect every caller line and model answer of every scenario and
render the missing or stale ones (TTS runs in its own environment, see tools/tts/)."""

from __future__ import annotations

import sys

from simulator.core.catalog import load_catalog
from simulator.core.paths import audio_dir

# The approved answers are read by a calm, clear agent voice.
AGENT_PERSONA = {
    "gender": "female",
    "age": 28,
    "mood": "calm",
    "dialect": "mandarin",
    "line_quality": "clear",
}


def scenario_lines(only: list[str] | None = None) -> list[dict]:
    """Every line that has an audio file: caller lines and model answers with `audio` set."""
    catalog = load_catalog()
    lines: list[dict] = []
    for sid, sc in catalog.scenarios.items():
        if only and sid not in only:
            continue
        persona = sc.persona.model_dump(exclude={"name"})
        for turn in sc.turns:
            if turn.caller.audio:  # a line without audio is shown as text
                lines.append(
                    {
                        "text": turn.caller.text,
                        "persona": persona,
                        "path": turn.caller.audio,
                        "recorded": turn.caller.recorded,
                    }
                )
            for answer in turn.model_answers:
                if answer.audio:
                    lines.append(
                        {"text": answer.text, "persona": AGENT_PERSONA, "path": answer.audio}
                    )
    return lines


def render_all(only: list[str] | None = None, force: bool = False, check: bool = False) -> int:
    from simulator.authoring.render import (
        RenderError,
        TTSUnavailableError,
        load_manifest,
        render_lines,
        stale_lines,
    )

    lines = scenario_lines(only)
    stale = stale_lines(lines, load_manifest(audio_dir()), audio_dir())
    if check:
        for line in stale:
            print(f"stale or missing: {line['path']}  {line['text'][:30]}")
        print(f"{len(stale)} of {len(lines)} lines need rendering")
        return 1 if stale else 0
    todo = lines if force else stale
    print(f"rendering {len(todo)} of {len(lines)} lines …", file=sys.stderr)
    try:
        render_lines(lines, audio_dir(), force=force, log=lambda m: print(m, file=sys.stderr))
    except TTSUnavailableError as exc:
        print(f"simulator: error: {exc}", file=sys.stderr)
        return 2
    except RenderError as exc:
        print(f"simulator: error: {exc}", file=sys.stderr)
        return 1
    print(f"done: {len(todo)} lines rendered into {audio_dir()}", file=sys.stderr)
    return 0
