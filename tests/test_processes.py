"""The session check of tests/processes.py can fail: a pytest run (in a subprocess, with and
without pytest-xdist) whose test leaks a child fails and names it, and only it (not the xdist
workers, not a test that stopped its child)."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import psutil
import pytest

from tests.conftest import ROOT
from tests.processes import RUN_VAR

LEAKY = textwrap.dedent("""\
    import os, subprocess, sys

    def test_leaks_a_child():
        # a child that outlives the test: not waited for, not stopped
        p = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)",
                              "kv-leaked-on-purpose-{tag}"])
        with open(os.environ["KV_PID_FILE"], "w") as f:
            f.write(str(p.pid))
    """)
CLEAN = textwrap.dedent("""\
    import subprocess, sys

    def test_waits_for_its_child():
        subprocess.run([sys.executable, "-c", "pass"], check=True)

    def test_stops_its_server():
        p = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
        p.terminate()
        p.wait()
    """)


def run_inner(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KV_PID_FILE": str(folder / "leaked.pid"),
           "KIJKVERDER_TEST_GRACE": "2",
           # only the plugins the check needs: starts in a second, not twenty
           "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    env.pop(RUN_VAR, None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.processes", "-p", "xdist.plugin",
         "-p", "no:cacheprovider",
         "-q", f"--basetemp={folder / 'base'}", *args], cwd=folder, env=env,
        capture_output=True, text=True, timeout=180)


@pytest.mark.parametrize("xdist", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_a_leaked_child_fails_the_run_and_is_named(tmp_path: Path, xdist: list[str]) -> None:
    tag = "xdist" if xdist else "serial"
    (tmp_path / "test_leak.py").write_text(LEAKY.format(tag=tag), "utf-8")
    (tmp_path / "test_clean.py").write_text(CLEAN, "utf-8")
    res = run_inner(tmp_path, *xdist)
    out = res.stdout + res.stderr
    pid = int((tmp_path / "leaked.pid").read_text())
    try:
        assert "3 passed" in out, out
        assert res.returncode == pytest.ExitCode.TESTS_FAILED, out
        assert "processes left running" in out, out
        named = [ln for ln in out.splitlines() if f"PID {pid}:" in ln]
        assert len(named) == 1, out
        assert f"kv-leaked-on-purpose-{tag}" in named[0]
        assert "started during test_leak.py::test_leaks_a_child" in named[0]
        assert "test_clean.py" not in out.split("processes left running")[1]
        # the check stopped it
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    finally:
        if psutil.pid_exists(pid):
            psutil.Process(pid).kill()
