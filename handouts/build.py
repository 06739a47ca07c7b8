"""``kijkverder handouts``: every lesson x edition as PDF, in parallel, with a content-hash cache."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from . import EDITION_NAMES

CACHE_FILE = ".kijkverder-cache.json"
BOOK_NAME = "docentenboek.pdf"
_PKG_ROOTS = [Path(__file__).resolve().parent, Path(__file__).resolve().parent.parent / "widgets",
              Path(__file__).resolve().parent.parent / "kijkverder"]


@dataclass(frozen=True)
class Job:
    notebook: Path
    edition: str  # "student" | "teacher" | "cards" | "book"
    output: Path
    key: str


def _hash_files(files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(str(f.name).encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def code_fingerprint() -> str:
    """Hash of the package's own code, templates, CSS and data (a change rebuilds everything)."""
    files = []
    for root in _PKG_ROOTS:
        files += [p for p in sorted(root.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    return _hash_files(files)


def lesson_fingerprint(notebook: Path) -> str:
    d = notebook.parent
    files = [notebook, *sorted(d.glob("*.yaml")), *sorted(d.parent.glob("*.yaml"))]
    return _hash_files(files)


def has_cards(notebook: Path) -> bool:
    """Whether the lesson uses a widget with a card form (statements, prompts, story)."""
    text = notebook.read_text("utf-8")
    return any(f"{name}.load(" in text for name in ("Statements", "PromptCards", "Scenario"))


def plan(notebooks: list[Path], out: Path, book: bool = True) -> list[Job]:
    code = code_fingerprint()
    jobs = []
    for nb in notebooks:
        key = hashlib.sha256((code + lesson_fingerprint(nb)).encode()).hexdigest()
        stem = nb.parent.name
        editions = ["student", "teacher"] + (["cards"] if has_cards(nb) else [])
        for ed in editions:
            jobs.append(Job(nb, ed, out / f"{stem}-{EDITION_NAMES[ed]}.pdf", key))
    if book and notebooks:
        key = hashlib.sha256((code + "".join(lesson_fingerprint(nb) for nb in notebooks)).encode()).hexdigest()
        jobs.append(Job(notebooks[0], "book", out / BOOK_NAME, key))
    return jobs


def _run_job(job: Job, notebooks: list[Path], scratch: str | None = None) -> tuple[str, int]:
    """Build one PDF. Temporary files of the job (WeasyPrint writes each @font-face font into a
    ``weasyprint-*`` folder that it only removes when its font configuration is garbage-collected,
    which a worker process may never do) go into a private folder under ``scratch``, removed when
    the job ends, also on Ctrl-C."""
    private = tempfile.mkdtemp(prefix="job-", dir=scratch)
    previous, tempfile.tempdir = tempfile.tempdir, private
    try:
        return _render_job(job, notebooks)
    finally:
        tempfile.tempdir = previous
        shutil.rmtree(private, ignore_errors=True)


def _render_job(job: Job, notebooks: list[Path]) -> tuple[str, int]:
    import nbformat

    from .render import book_html, html_to_pdf, lesson_html

    if job.edition == "book":
        html = book_html([(nb, nbformat.read(nb, as_version=4)) for nb in notebooks])
    else:
        html = lesson_html(job.notebook, job.edition)
    pdf = html_to_pdf(html, base_url=str(job.notebook.parent) + "/")
    job.output.parent.mkdir(parents=True, exist_ok=True)
    tmp = job.output.with_suffix(".pdf.tmp")
    tmp.write_bytes(pdf)
    os.replace(tmp, job.output)
    return str(job.output), len(pdf)


def _load_cache(out: Path) -> dict[str, str]:
    try:
        return json.loads((out / CACHE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def build(notebooks: list[Path], out: Path, jobs: int | None = None, force: bool = False,
          book: bool = True, log=print) -> list[Path]:
    """Build all handouts; return the paths written (or already up to date)."""
    out.mkdir(parents=True, exist_ok=True)
    todo_all = plan(notebooks, out, book=book)
    cache = {} if force else _load_cache(out)
    todo = [j for j in todo_all if cache.get(str(j.output.name)) != j.key or not j.output.exists()]
    todo.sort(key=lambda j: j.edition != "book")  # the longest job first packs the workers best
    done = len(todo_all) - len(todo)
    if done:
        log(f"{done} handout(s) up to date")
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    written: list[Path] = []
    # the jobs' temporary files: one private folder, removed afterwards (also after Ctrl-C)
    scratch = tempfile.mkdtemp(prefix="kijkverder-build-") if todo else None
    try:
        _build_jobs(todo, notebooks, workers, scratch, cache, written, log)
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    (out / CACHE_FILE).write_text(json.dumps(cache, indent=1, sort_keys=True), "utf-8")
    return [j.output for j in todo_all]


def _build_jobs(todo: list[Job], notebooks: list[Path], workers: int, scratch: str | None,
                cache: dict[str, str], written: list[Path], log) -> None:
    if todo:
        if workers == 1:
            results = ((j, _run_job(j, notebooks, scratch)) for j in todo)
            for i, (job, (path, size)) in enumerate(results, 1):
                log(f"[{i}/{len(todo)}] {path} ({size // 1024} KB)")
                cache[job.output.name] = job.key
                written.append(job.output)
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                futs = {pool.submit(_run_job, j, notebooks, scratch): j for j in todo}
                for i, fut in enumerate(as_completed(futs), 1):
                    job = futs[fut]
                    path, size = fut.result()
                    log(f"[{i}/{len(todo)}] {path} ({size // 1024} KB)")
                    cache[job.output.name] = job.key
                    written.append(job.output)
