"""Where the handout build runs its jobs: one process pool whose workers die with the command
(also on SIGKILL), or this process when one worker is enough; every job's temporary files go
into one private folder of the build, removed when it ends (also on Ctrl-C)."""
from __future__ import annotations

import os
import shutil
import tempfile
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from typing import Any, Callable, Iterable, Iterator

#: The build's private temporary folder (snapshot of the lessons, the renderer's temp files).
from .serve import make_private_dir
from .snapshot import SCRATCH_PREFIX


def in_scratch(scratch: str | None, fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)`` with its temporary files in a private folder under ``scratch``, removed when
    it returns (WeasyPrint's font folders included, which a worker would otherwise keep)."""
    private = tempfile.mkdtemp(prefix="job-", dir=scratch)
    previous, tempfile.tempdir = tempfile.tempdir, private
    try:
        return fn(*args)
    finally:
        tempfile.tempdir = previous
        shutil.rmtree(private, ignore_errors=True)


def worker_init(parent: int, then: Callable[..., Any] | None = None, args: tuple = ()) -> None:
    """Initializer of every pool worker: it dies with the process that started it, whatever
    ends that one (Ctrl-C, SIGTERM, SIGHUP, SIGKILL: Linux ``prctl(PR_SET_PDEATHSIG)``), and
    leaves Ctrl-C to it (the parent stops the pool and removes the build's temporary folder);
    then it calls ``then(*args)`` (preview: render the lesson once, to warm up)."""
    import signal
    import sys

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # forked while the parent held the stop signals back (new_pool): a worker takes them again
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGHUP})
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    if then is not None:
        then(*args)


_STOP_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")


def new_pool(workers: int, then: Callable[..., Any] | None = None,
             args: tuple = ()) -> ProcessPoolExecutor:
    """A process pool whose workers die with this process (:func:`worker_init`), started now
    with Ctrl-C, SIGTERM and SIGHUP held back: a stop signal that arrives while the workers are
    forked is handled right after, never inside the fork hooks (where its KeyboardInterrupt
    would be swallowed and the command would go on)."""
    import signal

    pool = ProcessPoolExecutor(max_workers=workers, initializer=worker_init,
                               initargs=(os.getpid(), then, args))
    held = {getattr(signal, s) for s in _STOP_SIGNALS}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        pool.submit(int)  # forks every worker (fork start method: all at once)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
    return pool


class Runner:
    """Runs jobs in one process pool (created on first use, shared by the per-lesson PDFs and
    the book's cover) or in this process when one worker is enough."""

    def __init__(self, workers: int, pool: Executor | None = None):
        self.workers = workers if pool is None else 2
        self.pool = pool
        self.own = pool is None
        self._scratch: str | None = None

    @property
    def scratch(self) -> str:
        """The jobs' temporary files: one private folder, removed by :meth:`close`."""
        if self._scratch is None:
            # with a marker of this process: the next build removes it if this one is killed.
            # Stop signals are held back while it is made: a Ctrl-C, SIGTERM or SIGHUP between
            # creating the folder and remembering it left the folder behind (seen in CI); held,
            # it is handled right after, when close() knows the folder.
            import signal

            held = {getattr(signal, s) for s in _STOP_SIGNALS}
            old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
            try:
                self._scratch = str(make_private_dir(SCRATCH_PREFIX))
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, old)
        return self._scratch

    def run(self, fn: Callable[[Any, str], Any], jobs: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
        """``(job, fn(job, scratch))`` for every job, in the pool if there is more than one."""
        jobs = list(jobs)
        if not jobs:
            return
        if self.workers == 1 or len(jobs) == 1 and self.pool is None:
            for job in jobs:
                yield job, fn(job, self.scratch)
            return
        if self.pool is None:
            self._start()
        futs = {self.pool.submit(fn, j, self.scratch): j for j in jobs}
        for fut in as_completed(futs):
            yield futs[fut], fut.result()

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future | None:
        """``fn(*args, scratch)`` in the pool (started now if need be), or ``None`` when this
        runner works in this process."""
        if self.pool is None:
            if self.workers == 1:
                return None
            self._start()
        return self.pool.submit(fn, *args, self.scratch)  # type: ignore[union-attr]

    def _start(self) -> None:
        # forked workers inherit WeasyPrint and pikepdf (page counts) instead of importing them
        # each; the renderer and the print forms come with kijkverder.build, the runner's user
        import pikepdf  # noqa: F401
        import weasyprint  # noqa: F401

        self.pool = new_pool(self.workers)

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)`` in a worker that has already imported the renderer, if there is one."""
        if self.pool is None:
            return in_scratch(self.scratch, fn, *args)
        return self.pool.submit(in_scratch, self.scratch, fn, *args).result()

    def close(self) -> None:
        if self.pool is not None and self.own:
            self.pool.shutdown()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None


