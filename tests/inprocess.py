"""Run a ``kijkverder`` command in the test process, as ``python -m kijkverder.cli`` runs it in a
child: the same ``main``, and its exit code, stdout and stderr as a ``CompletedProcess``.

A child costs about 0.9 CPU seconds, most of it imports (nbformat, jsonschema, pydantic); the
command's own work on one lesson is a tenth of that. Tests about a command's messages and exit
code use this (an environment variable the command reads when it speaks, such as
``KIJKVERDER_ENGLISH``, is set with ``monkeypatch``); tests about signals, memory caps, hangs, a
variable read at start-up (``PYTHONPATH``, ``HOME``, ``TMPDIR``) or leftover processes keep a
real child (``subprocess``), and so does at least one test of each command's entry point.
"""
from __future__ import annotations

import contextlib
import io
import signal
import subprocess
from pathlib import Path


def run_cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``kijkverder *args`` in this process (in ``cwd`` if given). An exception ``main`` does not
    handle is raised here (in a child it would be a traceback and exit code 1: the tests that
    run commands assert on both). The stop handlers ``main`` installs are put back after."""
    from kijkverder.cli import main

    argv = [str(a) for a in args]
    out, err = io.StringIO(), io.StringIO()
    handlers = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        with contextlib.ExitStack() as stack:
            if cwd is not None:
                stack.enter_context(contextlib.chdir(cwd))
            stack.enter_context(contextlib.redirect_stdout(out))
            stack.enter_context(contextlib.redirect_stderr(err))
            try:
                code = main(argv)
            except SystemExit as e:  # argparse: a usage error
                code = e.code if isinstance(e.code, int) else 1
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    return subprocess.CompletedProcess(["kijkverder", *argv], code, out.getvalue(), err.getvalue())
