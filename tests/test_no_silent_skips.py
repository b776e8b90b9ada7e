"""Under CI=true nothing skips silently: the shared conftest turns a skip from anywhere (a
fixture, a marker, pytest.skip, a module-level importorskip) into a failure; while
developing (CI unset) the same tests are skipped."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CONFTEST = Path(__file__).parent / "conftest.py"
TESTS = """
import pytest

def test_called_skip():
    pytest.skip("no reason")

@pytest.mark.skipif(True, reason="a marker")
def test_marked():
    pass

@pytest.mark.xfail(reason="known", strict=True)
def test_expected_failure():
    assert False

def test_runs():
    pass
"""
MODULE_SKIP = (
    'import pytest\npytest.importorskip("no_such_module_here")\n\ndef test_x():\n    pass\n'
)


def _run(tmp_path: Path, ci: str | None, tests: str = TESTS) -> subprocess.CompletedProcess:
    suite = tmp_path / "suite"
    (suite / "tests").mkdir(parents=True)
    shutil.copy(CONFTEST, suite / "tests" / "conftest.py")
    (suite / "tests" / "__init__.py").write_text("")
    (suite / "tests" / "test_a.py").write_text(tests)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rA", "tests"],
        capture_output=True,
        text=True,
        cwd=suite,
        env=env,
    )


@pytest.mark.parametrize("ci", ["true", "1"])
def test_under_ci_a_skip_is_a_failure(tmp_path, ci):
    out = _run(tmp_path, ci)
    assert out.returncode == 1, out.stdout
    summary = out.stdout.splitlines()[-1]
    assert "skipped" not in summary, summary
    for name in ("test_called_skip", "test_marked"):
        assert any(name in line and "CI=true" in line for line in out.stdout.splitlines()), name
    assert "1 passed" in summary and "1 xfailed" in summary


def test_under_ci_a_module_level_importorskip_is_an_error(tmp_path):
    out = _run(tmp_path, "true", MODULE_SKIP)
    assert out.returncode != 0, out.stdout
    assert "CI=true" in out.stdout and "no_such_module_here" in out.stdout
    assert "skipped" not in out.stdout.splitlines()[-1]


@pytest.mark.parametrize("ci", [None, "false"])
def test_while_developing_a_skip_is_a_skip(tmp_path, ci):
    out = _run(tmp_path, ci)
    assert out.returncode == 0, out.stdout
    assert "1 passed, 2 skipped, 1 xfailed" in out.stdout.splitlines()[-1]
