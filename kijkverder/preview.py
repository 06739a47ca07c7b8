"""``kijkverder preview NN``: the teacher's edit loop.

Watches the files a lesson is made of (:meth:`LessonSource.files`: notebook, ``les.yaml``, the
content files its widgets load, the shared glossary) with watchfiles. On every save it checks the
lesson and rebuilds its PDFs (worksheet, teacher edition, cards) with the normal build (same
per-view cache, same fail-closed gate), in a process pool that stays warm between saves, and
prints either the problems (``PATH: field: what is wrong (fix)``) or the paths of the fresh PDFs.
A broken save builds nothing and leaves the last good PDFs where they are. Ctrl-C stops it.
"""
from __future__ import annotations

import threading
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

#: Files that may belong to a lesson (the exact set comes from the lesson itself).
_SUFFIXES = (".ipynb", ".yaml", ".yml")


@dataclass
class Round:
    """What one check-and-build round did."""

    written: list[Path] = field(default_factory=list)
    up_to_date: list[Path] = field(default_factory=list)
    problems: list[Any] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _warm() -> None:
    """Import the renderer and WeasyPrint in a pool worker once, before the first save."""
    import weasyprint  # noqa: F401  (imported lazily by the renderer)

    import handouts.render  # noqa: F401


def _name(path: str | Path) -> Path:
    """A watched file by its name: its folder resolved, the file itself never followed (a content
    file swapped for a link is still the file the lesson names)."""
    p = Path(path)
    return p.parent.resolve() / p.name


def watched_files(notebook: Path) -> set[Path]:
    """The files of the lesson (by :func:`_name`), always with its notebook, ``les.yaml`` and
    the shared files (a deleted and restored notebook is seen); if it cannot be read (a broken
    save), also every notebook and content file in its folder, so that the fix is seen too."""
    from .lessons import LESSON_FILE, SHARED_FILES, LessonError, LessonSource

    folder = notebook.parent
    always = {_name(notebook), _name(folder / LESSON_FILE),
              *(_name(folder.parent / f) for f in SHARED_FILES)}
    try:
        return always | {_name(p) for p in LessonSource.open(notebook).files()}
    except LessonError:
        return always | {_name(p) for p in folder.iterdir() if p.suffix in _SUFFIXES}


def rebuild(notebook: Path, out: Path, log: Callable[[str], None] = print,
            executor: Executor | None = None, jobs: int | None = None) -> Round:
    """Check the lesson and rebuild its PDFs (nothing is deleted when it fails)."""
    import time

    from handouts.build import build

    t0 = time.perf_counter()
    result = build([notebook], out, jobs=jobs, book=False, log=lambda m: None, executor=executor)
    rnd = Round(written=result.written, up_to_date=result.up_to_date)
    for problems in result.refused.values():
        rnd.problems.extend(problems)
    if rnd.problems:
        for p in rnd.problems:
            log(str(p))
        kept = [p for p in _pdfs(notebook, out) if p.exists()]
        log(f"kijkverder preview: {len(rnd.problems)} problem(s); nothing rebuilt"
            + (f", the last good PDFs stay in {out}" if kept else ""))
    else:
        for p in rnd.written:
            log(str(p))
        if rnd.written:
            log(f"kijkverder preview: {len(rnd.written)} PDF(s) rebuilt in "
                f"{time.perf_counter() - t0:.1f} s")
        else:
            log("kijkverder preview: no change in what the PDFs show; nothing rebuilt")
    return rnd


def _pdfs(notebook: Path, out: Path) -> list[Path]:
    from .targets import TARGETS

    return [out / f"{notebook.parent.name}-{t.name}.pdf" for t in TARGETS.values()
            if t.per_lesson and t.edition is not None]


def preview(notebook: Path, out: Path, log: Callable[[str], None] = print,
            stop: threading.Event | None = None, jobs: int | None = None,
            on_round: Callable[[Round], None] | None = None) -> int:
    """Build once, then rebuild on every save until Ctrl-C (or ``stop`` is set). Returns 0."""
    import os

    from watchfiles import watch

    from handouts.build import check_output_folder, new_pool

    notebook = Path(notebook).resolve()
    check_output_folder(out, notebook.parent.parent)
    workers = max(1, min(jobs or os.cpu_count() or 1, 3))
    # workers die with this process, whatever ends it (handouts.build.worker_init)
    pool = new_pool(workers) if workers > 1 else None
    try:
        if pool is not None:
            for f in [pool.submit(_warm) for _ in range(workers)]:
                f.result()
        rnd = rebuild(notebook, out, log, executor=pool, jobs=jobs)
        if on_round:
            on_round(rnd)
        files = watched_files(notebook)
        folders = sorted({p.parent for p in files})
        log(f"kijkverder preview: watching {notebook.parent.name} ({len(files)} files); "
            "save a file to rebuild, Ctrl-C to stop")
        for changes in watch(*folders, stop_event=stop, debounce=200, step=50,
                             watch_filter=lambda _c, path: _name(path) in files,
                             recursive=False):
            log(f"kijkverder preview: changed: "
                f"{', '.join(sorted({Path(p).name for _c, p in changes}))}")
            rnd = rebuild(notebook, out, log, executor=pool, jobs=jobs)
            if on_round:
                on_round(rnd)
            new = watched_files(notebook)
            files.clear()
            files.update(new)
    except KeyboardInterrupt:
        log("kijkverder preview: stopped")
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return 0
