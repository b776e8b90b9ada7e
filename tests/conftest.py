"""Fixtures shared by every test folder."""

import ctypes.util
import os

import pytest


@pytest.fixture
def require_portaudio():
    """Skip without libportaudio2 — but fail under CI, where it must have been installed."""
    if ctypes.util.find_library("portaudio"):
        return
    message = "libportaudio2 is not installed (apt-get install libportaudio2)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
