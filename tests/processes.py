"""Tests leave no processes: a run fails and names every process it started that is still alive
at its end (issue 23 item 3).

How a process is known to be the suite's: the controlling pytest process puts a fresh run id in
``KIJKVERDER_TEST_RUN`` and, while a test runs, its node id in ``KIJKVERDER_TEST``. Every process
started from then on inherits both (pytest-xdist workers too, so ``-n 2`` works), also when it has
left its parent's process tree (a daemon, a server whose parent was killed: parent PID 1). At the
end of the session, after the xdist workers are shut down, the controlling process looks for live
processes with its run id, waits a few seconds for those that are just stopping, then reports the
rest (PID, command line, the test that was running when it started), stops them, and sets the exit
status to "tests failed".

A process started with a cleaned environment (JupyterHub's spawner keeps only a few variables)
must be handed :data:`ENV_VARS` explicitly, or the check cannot see it.
"""
from __future__ import annotations

import os
import time
import uuid

import psutil
import pytest

RUN_VAR = "KIJKVERDER_TEST_RUN"
TEST_VAR = "KIJKVERDER_TEST"
ENV_VARS = (RUN_VAR, TEST_VAR)
#: Seconds a process may take to stop after the session ended (servers torn down last).
GRACE = float(os.environ.get("KIJKVERDER_TEST_GRACE", "15"))


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def pytest_configure(config: pytest.Config) -> None:
    if not _is_worker(config):
        # always a new id: a pytest run inside a test is a run of its own
        os.environ[RUN_VAR] = uuid.uuid4().hex
        os.environ.pop(TEST_VAR, None)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item) -> None:
    os.environ[TEST_VAR] = item.nodeid


def pytest_runtest_logfinish() -> None:
    os.environ.pop(TEST_VAR, None)


def suite_processes(run_id: str) -> list[tuple[psutil.Process, str]]:
    """Live processes carrying ``run_id`` (not this one and not its ancestors), each with the
    test that was running when it started ("" outside a test)."""
    me = psutil.Process()
    skip = {me.pid, *(p.pid for p in me.parents())}
    found = []
    for proc in psutil.process_iter(["pid", "status"]):
        if proc.pid in skip or proc.info["status"] == psutil.STATUS_ZOMBIE:
            continue
        try:
            env = proc.environ()
        except (psutil.Error, OSError):  # another user's process, or gone
            continue
        if env.get(RUN_VAR) == run_id:
            found.append((proc, env.get(TEST_VAR, "")))
    return found


def _describe(proc: psutil.Process, test: str) -> str:
    try:
        cmd = " ".join(proc.cmdline()) or proc.name()
    except psutil.Error:
        cmd = "?"
    return f"PID {proc.pid}: {cmd[:300]} (started during {test or 'no test: collection or a hook'})"


def _stop(procs: list[psutil.Process]) -> None:
    for p in procs:
        try:
            p.terminate()
        except psutil.Error:
            pass
    _gone, alive = psutil.wait_procs(procs, timeout=5)
    for p in alive:
        try:
            p.kill()
        except psutil.Error:
            pass


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int):
    # after every other implementation (xdist's trylast one stops its workers), before the
    # terminal summary (the terminal reporter's wrapper is outside this one)
    result = yield
    config = session.config
    run_id = os.environ.get(RUN_VAR)
    if _is_worker(config) or not run_id:
        return result
    deadline = time.monotonic() + GRACE
    left = suite_processes(run_id)
    while left and time.monotonic() < deadline:
        time.sleep(0.5)
        left = suite_processes(run_id)
    if left:
        lines = [_describe(p, t) for p, t in left]
        _stop([p for p, _ in left])
        tr = config.pluginmanager.get_plugin("terminalreporter")
        msg = (f"{len(lines)} process(es) started by the tests still running {GRACE:.0f} s after "
               "the session ended (stopped now; tests must leave no processes):")
        if tr is not None:
            tr.ensure_newline()
            tr.write_sep("=", "processes left running", red=True)
            tr.write_line(msg)
            for line in lines:
                tr.write_line("  " + line)
        else:
            print(msg, *lines, sep="\n  ")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    return result


def as_a_terminal_starts_it() -> None:  # pragma: no cover - runs in the child before exec
    """``preexec_fn`` of a command a test stops with Ctrl-C (SIGINT): the command starts as a
    terminal starts it, with Ctrl-C at its default and not blocked. A pytest worker may hold
    either otherwise (both are inherited across exec), and then the command never sees the
    Ctrl-C the test sends (seen under a full run: the site build went on to the end)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
