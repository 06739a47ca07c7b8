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

from handouts.render import html_to_pdf

from .build import build
from .check import check_language
from .language import Speller, SpellingUnavailable
from .lessons import (LESSON_FILE, LESSON_SUFFIXES, LessonError, LessonSource, SHARED_FILES,
                      folder_files)
from .messages import english as english_default, line, say
from .printing import lesson_html
from .runner import new_pool
from .targets import check_output_folder, lesson_print_targets

@dataclass
class Round:
    """What one check-and-build round did."""

    written: list[Path] = field(default_factory=list)
    up_to_date: list[Path] = field(default_factory=list)
    problems: list[Any] = field(default_factory=list)
    #: The lesson's files as this round read them (:func:`watched_files`): what is watched next.
    files: set[Path] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.problems


def _stop_on_signals() -> Callable[[], None]:
    """SIGTERM and SIGHUP (a closed terminal) stop preview like Ctrl-C, so its pool and hunspell
    are shut down; returns what puts the old handlers back. Only the main thread gets signals."""
    import signal

    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def stop(_sig: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    old = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}

    def restore() -> None:
        for sig, handler in old.items():
            signal.signal(sig, handler)
    return restore


def _warm() -> None:
    """Import WeasyPrint in a pool worker once, before the first save (the renderer comes with
    this module)."""
    import weasyprint  # noqa: F401  (imported lazily by the renderer)


def _warm_lesson(notebook: str) -> None:
    """Everything a worker does cold on its first render, done before the first save: read the
    lesson (nbformat, the content files), the print forms and templates of each edition, and
    one PDF (WeasyPrint's fonts and layout). Nothing is written. When the PDFs were up to date
    at the start, the first save used to pay all of this (4.0 s against 1.3-2.9 s later)."""
    try:
        _warm()

        source = LessonSource.open(Path(notebook))
        html = {edition: lesson_html(source, edition) for edition in ("student", "teacher")}
        html_to_pdf(html["student"], base_url=str(source.dir) + "/")
    except Exception:  # a broken lesson: the build says why, in one line each
        pass


def _name(path: str | Path) -> Path:
    """A watched file by its name: its folder resolved, the file itself never followed (a content
    file swapped for a link is still the file the lesson names)."""
    p = Path(path)
    return p.parent.resolve() / p.name


def watched_files(notebook: Path, parsed: dict[Path, Any] | None = None) -> set[Path]:
    """The files of the lesson (by :func:`_name`), always with its notebook, ``les.yaml`` and
    the shared files (a deleted and restored notebook is seen); if it cannot be read (a broken
    save), also every notebook and content file in its folder, so that the fix is seen too.
    ``parsed``: the round's notebooks already read, by path (the lesson is read once a round)."""
    folder = notebook.parent
    always = {_name(notebook), _name(folder / LESSON_FILE),
              *(_name(folder.parent / f) for f in SHARED_FILES)}
    try:
        return always | {_name(p) for p in LessonSource.open(_name(notebook), parsed=parsed).files()}
    except LessonError:
        return always | {_name(p) for p in folder_files(folder, LESSON_SUFFIXES)}


def language_problems(notebook: Path, speller: Any = None,
                      parsed: dict[Path, Any] | None = None,
                      files: set[Path] | None = None) -> list[Any]:
    """What ``kijkverder check`` says about the Dutch of the lesson's files (spelling with
    ``speller``, a :class:`~kijkverder.language.Speller`, d/t and style): the problems the build's
    gate leaves out (a typo is no safety problem), so that preview never builds over them.
    ``parsed``, ``files``: the round's notebooks already read and the lesson's files."""
    parsed = {} if parsed is None else parsed
    files = sorted(files if files is not None else watched_files(notebook, parsed))
    try:
        return check_language(files, speller, parsed)
    except SpellingUnavailable:
        return check_language(files, None, parsed)
    finally:
        if speller is not None:
            speller.close()  # a no-op once it answered


def rebuild(notebook: Path, out: Path, log: Callable[[str], None] = print,
            executor: Executor | None = None, jobs: int | None = None,
            english: bool | None = None, speller: Any = None) -> Round:
    """Check the lesson (the build's gate and, first, its language) and rebuild its PDFs;
    nothing is built or deleted when a check fails. ``english``: messages for contributors
    (default: ``KIJKVERDER_ENGLISH``, else Dutch); ``speller``: a started hunspell (one use)."""
    import time

    en = english_default() if english is None else english
    t0 = time.perf_counter()
    parsed: dict[Path, Any] = {}  # the lesson is read once a round (the build reads its copy)
    files = watched_files(notebook, parsed)
    rnd = Round(problems=language_problems(notebook, speller, parsed, files), files=files)
    if not rnd.problems:
        result = build([notebook], out, jobs=jobs, book=False, log=lambda m: None,
                       executor=executor)
        rnd = Round(written=result.written, up_to_date=result.up_to_date, files=files)
        for problems in result.refused.values():
            rnd.problems.extend(problems)
    if rnd.problems:
        for p in rnd.problems:
            log(say(p, en))
        kept = [p for p in _pdfs(notebook, out) if p.exists()]
        log(line("pv_problems", en, n=len(rnd.problems),
                 kept=line("pv_kept", en, out=out) if kept else ""))
    else:
        for p in rnd.written:
            log(str(p))
        if rnd.written:
            log(line("pv_rebuilt", en, n=len(rnd.written), s=time.perf_counter() - t0))
        else:
            log(line("pv_nochange", en))
    return rnd


def _pdfs(notebook: Path, out: Path) -> list[Path]:
    """Every PDF the lesson of ``notebook`` may have in ``out`` (read or not: a broken save)."""
    return [out / t.file_name(notebook.parent.name) for t in lesson_print_targets()]


class _Spellers:
    """A hunspell process started ahead of each round, so its dictionary loads while the teacher
    edits (a :class:`~kijkverder.language.Speller` answers once); ``None`` without hunspell,
    said once."""

    def __init__(self, log: Callable[[str], None], en: bool) -> None:
        self.log, self.en, self.ready, self.missing = log, en, None, False

    def next(self) -> Any:
        if self.missing:
            return None
        try:
            speller, self.ready = self.ready or Speller(), Speller()
            return speller
        except SpellingUnavailable as e:
            self.missing = True
            self.log(line("no_spelling", self.en, why=e))
            return None

    def close(self) -> None:
        if self.ready is not None:
            self.ready.close()


def preview(notebook: Path, out: Path, log: Callable[[str], None] = print,
            stop: threading.Event | None = None, jobs: int | None = None,
            on_round: Callable[[Round], None] | None = None, english: bool | None = None) -> int:
    """Build once, then rebuild on every save until Ctrl-C (or ``stop`` is set). Returns 0."""
    import os

    from watchfiles import watch

    en = english_default() if english is None else english
    notebook = Path(notebook).resolve()
    check_output_folder(out, notebook.parent.parent)
    workers = max(1, min(jobs or os.cpu_count() or 1, 3))
    restore = _stop_on_signals()
    # workers die with this process, whatever ends it (kijkverder.runner.worker_init), and each
    # renders the lesson once before the first save (_warm_lesson)
    pool = new_pool(workers, _warm_lesson, (str(notebook),)) if workers > 1 else None
    spellers = _Spellers(log, en)
    try:
        if pool is not None:  # start every worker now (each warms up on the lesson)
            for _ in range(workers):
                pool.submit(_warm)
        rnd = rebuild(notebook, out, log, executor=pool, jobs=jobs, english=en,
                      speller=spellers.next())
        if on_round:
            on_round(rnd)
        files = set(rnd.files)
        folders = sorted({p.parent for p in files})
        log(line("pv_watching", en, lesson=notebook.parent.name, n=len(files)))
        for changes in watch(*folders, stop_event=stop, debounce=200, step=50,
                             watch_filter=lambda _c, path: _name(path) in files,
                             recursive=False):
            log(line("pv_changed", en,
                     names=", ".join(sorted({Path(p).name for _c, p in changes}))))
            rnd = rebuild(notebook, out, log, executor=pool, jobs=jobs, english=en,
                          speller=spellers.next())
            if on_round:
                on_round(rnd)
            files.clear()
            files.update(rnd.files)
    except KeyboardInterrupt:
        log(line("pv_stopped", en))
    finally:
        spellers.close()
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        restore()
    return 0
