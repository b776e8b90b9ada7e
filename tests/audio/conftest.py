"""Fixtures for the audio tests (see ``audio_helpers`` for the fake sounddevice module)."""

from __future__ import annotations

import pytest
from audio_helpers import FakeInputStream, make_fake_sd


@pytest.fixture
def fake_sd():
    FakeInputStream.instances.clear()
    return make_fake_sd
