"""``kijkverder handouts``: every lesson x edition as PDF, in parallel, with a per-view cache.

Fail closed: a lesson that fails ``kijkverder check`` is refused (no PDF at all for it; the other
lessons still build). The cache key of a PDF is what its reader sees (the lesson view's
fingerprint) plus the package's code and templates, so a teacher-note edit rebuilds the teacher's
PDFs only. The cache also records the size and hash of every PDF it wrote: a damaged or replaced
file is rebuilt, never reported "up to date".
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

CACHE_FILE = ".kijkverder-cache.json"
BOOK_NAME = "docentenboek.pdf"
_HERE = Path(__file__).resolve().parent
_PKG_ROOTS = [_HERE, _HERE.parent / "widgets", _HERE.parent / "kijkverder"]
#: Files of the packages that shape a PDF (code, templates, styles, fonts, the help registry).
_CODE_SUFFIXES = {".py", ".j2", ".css", ".woff", ".yaml"}


class OutputRefused(ValueError):
    """The output folder is one the build must not write into."""


@dataclass(frozen=True)
class Job:
    notebooks: tuple[Path, ...]  # one lesson, or every lesson for the book
    edition: str                  # "student" | "teacher" | "cards" | "book"
    output: Path
    key: str
    #: Another school profile than ``school.yaml`` next to the lessons (``--school``).
    school: Path | None = None


@dataclass
class BuildResult:
    written: list[Path] = field(default_factory=list)
    up_to_date: list[Path] = field(default_factory=list)
    refused: dict[str, list[Any]] = field(default_factory=dict)   # lesson -> problems
    kept: list[str] = field(default_factory=list)                  # messages about files left alone

    @property
    def paths(self) -> list[Path]:
        return [*self.up_to_date, *self.written]


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the package code, templates, CSS, fonts and data that shape a PDF."""
    h = hashlib.sha256()
    for root in _PKG_ROOTS:
        for p in sorted(root.rglob("*")):
            if p.is_file() and p.suffix in _CODE_SUFFIXES and "__pycache__" not in p.parts:
                h.update(str(p.relative_to(root)).encode())
                h.update(p.read_bytes())
    return h.hexdigest()


def _key(*parts: str) -> str:
    return hashlib.sha256("\n".join([code_fingerprint(), *parts]).encode()).hexdigest()


def has_cards(source: Any) -> bool:
    """Whether a lesson gets cut-out cards (see :data:`kijkverder.targets.TARGETS`)."""
    from kijkverder.targets import TARGETS

    return TARGETS["knipkaarten"].applies(source)


def plan(sources: list[Any], out: Path, book: bool = True, large: bool = False,
         school: Path | None = None) -> list[Job]:
    """One job per registered print target that applies to a lesson (the large-print ones if
    ``large``), plus the book. The key of a PDF includes the school profile it prints: the
    view's fingerprint holds ``school.yaml`` next to the lessons, ``school`` (``--school``) is
    added here, so a changed profile rebuilds the PDFs."""
    from kijkverder.targets import TARGETS, print_targets

    extra = [hashlib.sha256(b"school\n" + school.read_bytes()).hexdigest()] if school else []
    jobs = []
    for s in sources:
        for target in print_targets(s, large=large):
            key = _key(s.view(target.view).fingerprint(), *extra)
            jobs.append(Job((s.notebook,), target.edition, out / target.file_name(s), key, school))
    if book and sources:
        book_view = TARGETS["docentenboek"].view
        key = _key(*(s.view(book_view).fingerprint() for s in sources), *extra)
        jobs.append(Job(tuple(s.notebook for s in sources), "book", out / BOOK_NAME, key, school))
    return jobs


def _run_job(job: Job, scratch: str | None = None) -> tuple[str, int, str]:
    """Build one PDF. Temporary files of the job (WeasyPrint writes each @font-face font into a
    ``weasyprint-*`` folder that it only removes when its font configuration is garbage-collected,
    which a worker process may never do) go into a private folder under ``scratch``, removed when
    the job ends, also on Ctrl-C."""
    private = tempfile.mkdtemp(prefix="job-", dir=scratch)
    previous, tempfile.tempdir = tempfile.tempdir, private
    try:
        return _render_job(job)
    finally:
        tempfile.tempdir = previous
        shutil.rmtree(private, ignore_errors=True)


def _render_job(job: Job) -> tuple[str, int, str]:
    from kijkverder.lessons import LessonSource

    from .render import book_html, html_to_pdf, lesson_html

    sources = [LessonSource.open(nb) for nb in job.notebooks]
    if job.edition == "book":
        html = book_html(sources, job.school)
    else:
        html = lesson_html(sources[0], job.edition, job.school)
    pdf = html_to_pdf(html, base_url=str(sources[0].dir) + "/")
    job.output.parent.mkdir(parents=True, exist_ok=True)
    tmp = job.output.with_suffix(".pdf.tmp")
    tmp.write_bytes(pdf)
    os.replace(tmp, job.output)
    return str(job.output), len(pdf), hashlib.sha256(pdf).hexdigest()


def _load_cache(out: Path) -> dict[str, Any]:
    try:
        data = json.loads((out / CACHE_FILE).read_text("utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _file_matches(path: Path, entry: Any) -> bool:
    """Whether ``path`` is still exactly the file the cache entry says the build wrote."""
    if not isinstance(entry, dict) or not path.is_file() or path.is_symlink():
        return False
    if path.stat().st_size != entry.get("size"):
        return False
    return hashlib.sha256(path.read_bytes()).hexdigest() == entry.get("sha256")


def check_output_folder(out: Path, lessons_root: Path | None = None) -> None:
    """Refuse an output folder inside the lessons or the package sources."""
    from kijkverder.lessons import default_lessons_root

    target = out.resolve()
    forbidden = [(lessons_root or default_lessons_root()).resolve(), *(r.resolve() for r in _PKG_ROOTS)]
    for place in forbidden:
        if target == place or place in target.parents:
            raise OutputRefused(f"kijkverder: {out}: output folder is inside {place}; choose a "
                                "folder outside the lessons and the program (e.g. handouts-pdf)")


def build(notebooks: list[Path], out: Path, jobs: int | None = None, force: bool = False,
          book: bool = True, log: Callable[[str], None] = print,
          large: bool = False, school: Path | None = None) -> BuildResult:
    """Build the handouts of ``notebooks`` into ``out``.

    Lessons that fail ``kijkverder check`` are refused (``result.refused``). The teacher book is
    built only when ``book`` is true and every lesson passed; otherwise an existing book is left
    as it is (a subset never shrinks it). ``large`` builds the large-print PDFs instead.
    ``school``: the school profile for the help cards (default: ``school.yaml`` next to the
    lessons); a broken profile refuses the whole build (every help card would be wrong).
    """
    from kijkverder.check import check_school, gate

    check_output_folder(out)
    result = BuildResult()
    if school is not None:
        problems = check_school(school)
        if problems:
            result.refused = {str(school): problems}
            return result
    sources, result.refused = gate(notebooks)
    out.mkdir(parents=True, exist_ok=True)
    if book and result.refused and (out / BOOK_NAME).exists():
        result.kept.append(f"{out / BOOK_NAME}: not rebuilt, because a lesson was refused")
    todo_all = plan(sources, out, book=book and not result.refused, large=large, school=school)
    cache = {} if force else _load_cache(out)
    todo = []
    for j in todo_all:
        entry = cache.get(j.output.name)
        if isinstance(entry, dict) and entry.get("key") == j.key and _file_matches(j.output, entry):
            result.up_to_date.append(j.output)
        else:
            todo.append(j)
    todo.sort(key=lambda j: j.edition != "book")  # the longest job first packs the workers best
    if result.up_to_date:
        log(f"{len(result.up_to_date)} handout(s) up to date")
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))

    def record(i: int, job: Job, path: str, size: int, digest: str) -> None:
        log(f"[{i}/{len(todo)}] {path} ({size // 1024} KB)")
        cache[job.output.name] = {"key": job.key, "size": size, "sha256": digest}
        result.written.append(job.output)

    # the jobs' temporary files: one private folder, removed afterwards (also after Ctrl-C)
    scratch = tempfile.mkdtemp(prefix="kijkverder-build-") if todo else None
    try:
        if workers == 1:
            for i, job in enumerate(todo, 1):
                record(i, job, *_run_job(job, scratch))
        elif todo:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                futs = {pool.submit(_run_job, j, scratch): j for j in todo}
                for i, fut in enumerate(as_completed(futs), 1):
                    record(i, futs[fut], *fut.result())
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    (out / CACHE_FILE).write_text(json.dumps(cache, indent=1, sort_keys=True), "utf-8")
    return result
