"""The linter runs with the tests (``make test`` is what CI runs): ``ruff check`` with the
configuration in pyproject.toml must pass on the whole repository."""
from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def _ruff(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    # --no-cache: the tests leave no files (no .ruff_cache in the project)
    return subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", *args], cwd=ROOT,
                          input=stdin, capture_output=True, text=True, timeout=120)


def test_the_repository_is_lint_clean() -> None:
    res = _ruff(".")
    assert res.returncode == 0, f"ruff check found problems (fix them, or see [tool.ruff] in " \
                                f"pyproject.toml):\n{res.stdout}{res.stderr}"


def test_the_linter_reads_the_project_configuration() -> None:
    """The check above can fail: with the project's settings, an undefined name and a YAML load
    without the project's safe loader are reported."""
    bad = "import yaml\n\n\ndef f(text):\n    return yaml.load(text, Loader=yaml.Loader), nope\n"
    res = _ruff("--stdin-filename", "widgets/lint_probe.py", "-", stdin=bad)
    assert res.returncode == 1, res.stdout + res.stderr
    assert "F821" in res.stdout and "S506" in res.stdout, res.stdout
