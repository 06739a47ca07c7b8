"""Running a local server (Voilà, JupyterLab) as a child of a ``kijkverder`` command on a shared
machine: a fresh private temp folder per run, removed afterwards; the server dies with its parent;
Ctrl-C, SIGTERM and SIGHUP (a closed terminal) all stop it and clean up; folders a killed run left
behind are removed on the next start (only our own: owner, prefix and a marker, or
our name pattern, with a dead pid).
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable

#: Name of the file in each private folder that says which process made it.
MARKER = ".kijkverder-owner-pid"


class UnsafeFolder(RuntimeError):
    """A folder that another user owns or can write to; never used for config or copies."""


def ensure_private(path: Path) -> Path:
    """Return ``path`` if it is a real folder (no symlink) owned by this user that nobody else can
    write to; else raise :class:`UnsafeFolder` with a one-line reason."""
    path = Path(path)
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode) or not stat.S_ISDIR(st.st_mode):
        raise UnsafeFolder(f"{path}: folder: is a symlink or not a folder (remove it)")
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        raise UnsafeFolder(f"{path}: owner: belongs to user id {st.st_uid}, not to you (remove it)")
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise UnsafeFolder(f"{path}: mode: others can write to it ({stat.filemode(st.st_mode)}; "
                           "remove it or chmod go-w)")
    return path


def make_private_dir(prefix: str, parent: Path | None = None) -> Path:
    """A fresh folder ``<prefix><pid>-<random>`` (mode 0700, ``tempfile.mkdtemp``) with a marker
    holding this process id. The id is in the name too, so a run killed before the marker is
    written still leaves a folder that :func:`remove_stale` knows to be its own."""
    path = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))
    ensure_private(path)
    (path / MARKER).write_text(str(os.getpid()), "utf-8")
    return path


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def remove_stale(prefix: str, parent: Path | None = None) -> list[Path]:
    """Remove folders ``<parent>/<prefix>*`` left by a killed run: only real folders owned by this
    user, with our marker file, whose process is gone. Return the folders removed."""
    parent = Path(parent or tempfile.gettempdir())
    removed = []
    named = re.compile(re.escape(prefix) + r"(\d+)-[a-z0-9_]{8}")
    for d in sorted(parent.glob(f"{prefix}*")):
        try:
            ensure_private(d)
            marker = d / MARKER
            if not os.path.lexists(marker) and (m := named.fullmatch(d.name)):
                pid = int(m.group(1))  # killed before it wrote its marker
            else:
                mst = os.lstat(marker)
                if not stat.S_ISREG(mst.st_mode) or (hasattr(os, "getuid")
                                                     and mst.st_uid != os.getuid()):
                    continue
                pid = int(marker.read_text("utf-8").strip())
        except (OSError, ValueError, UnsafeFolder):
            continue
        if pid != os.getpid() and not _pid_alive(pid):
            shutil.rmtree(d, ignore_errors=True)
            removed.append(d)
    return removed


def _die_with_parent(parent: int) -> Callable[[], None]:
    """A ``preexec_fn`` that makes the child receive SIGTERM when this process dies, even by
    SIGKILL (Linux ``prctl(PR_SET_PDEATHSIG)``); a no-op elsewhere."""
    def preexec() -> None:
        if not sys.platform.startswith("linux"):
            return
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os.kill(os.getpid(), signal.SIGTERM)
    return preexec


def run_server(cmd: list[str], env: dict[str, str], cwd: Path | str | None = None,
               on_exit: Callable[[int], None] | None = None) -> int:
    """Run ``cmd`` until it exits or this process gets Ctrl-C, SIGTERM or SIGHUP; then stop it
    (SIGTERM, so it shuts its kernels down; SIGKILL after 15 s) and return its exit code (0 when
    stopped by a signal). ``on_exit(code)`` runs when the server stopped by itself.

    The server runs in its own process group, so a terminal's Ctrl-C or hang-up reaches only this
    process, which stops the server in the one way that also stops its kernels."""
    proc: subprocess.Popen | None = None

    def _stop(signum, frame):
        raise KeyboardInterrupt

    previous = {s: signal.signal(s, _stop) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                                preexec_fn=_die_with_parent(os.getpid()),
                                **({"process_group": 0} if hasattr(os, "setpgid") else {}))
        code = proc.wait()
        if on_exit is not None:
            on_exit(code)
        return code
    except KeyboardInterrupt:
        return 0
    finally:
        try:
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(15)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        except KeyboardInterrupt:  # a second Ctrl-C: don't wait any longer
            if proc is not None:
                proc.kill()
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)
