"""Shared fixtures for the speech tests: the real base model (assembled once into pytest's
cache folder, not the user's data dir), one Transcriber for the session, and the clips."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def speech_data_root(pytestconfig, tmp_path_factory) -> Path:
    """A data folder laid out like the user's (``models/whisper-base``), kept across runs in
    pytest's cache folder when the cache plugin is on."""
    cache = getattr(pytestconfig, "cache", None)
    if cache is None:
        return tmp_path_factory.mktemp("simulator-data")
    return Path(cache.mkdir("simulator-data"))


@pytest.fixture(scope="session")
def model_dir(speech_data_root) -> Path:
    from tests.conftest import skip_or_fail

    if importlib.util.find_spec("faster_whisper") is None:
        skip_or_fail('speech extra not installed: pip install ".[speech]"')
    from simulator.speech.model_store import ensure_base_model

    return ensure_base_model(speech_data_root / "models" / "whisper-base")


@pytest.fixture(scope="session")
def transcriber(model_dir):
    from simulator.speech.transcriber import Transcriber

    return Transcriber(model_dir)


@pytest.fixture(scope="session")
def corrected_transcriber(model_dir):
    """A second model instance with the hotline correction, built as the CLI and the app
    build theirs."""
    from simulator.speech.loader import load_transcriber

    return load_transcriber(model_dir)


@pytest.fixture(scope="session")
def clips() -> dict[str, str]:
    """Fixture file name → the text the synthetic voice was asked to say."""
    return json.loads((DATA / "transcripts.json").read_text(encoding="utf-8"))


@pytest.fixture
def clip_path():
    return lambda name: DATA / name
