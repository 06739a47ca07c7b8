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
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Collection

from handouts.book import PARTS_DIR, Part, assemble, cover_html, cover_path, page_count
from handouts.render import html_to_pdf, law_sheet_html
from widgets.contentio import ContentError
from widgets.models.facts import FACTS_FILE
from widgets.schema import load_facts

from . import check
from .check import check_school
from .lessons import LessonError, LessonSource
from .printing import lesson_html
from .runner import Runner, in_scratch
from .serve import remove_stale
from .snapshot import SCRATCH_PREFIX, take
from .targets import (BOOK, BOOK_PART, EDITIONS, LAW_SHEET, TARGETS, check_output_folder,
                      package_roots, print_targets)

CACHE_FILE = ".kijkverder-cache.json"
BOOK_NAME = BOOK.file_name()
#: The teacher's law sheet, made of the facts registry next to the lessons.
LAW_SHEET_NAME = LAW_SHEET.file_name()
#: Files of the packages that shape a PDF (code, templates, styles, fonts, the help registry).
_CODE_SUFFIXES = {".py", ".j2", ".css", ".woff", ".yaml"}


@dataclass(frozen=True)
class Job:
    notebooks: tuple[Path, ...]  # one lesson, or every lesson for the book
    edition: str                  # "student" | "teacher" | "cards" | "book" | "law"
    output: Path
    key: str
    #: Another school profile than ``school.yaml`` next to the lessons (``--school``).
    school: Path | None = None
    #: The lesson as the build read and checked it (:class:`~kijkverder.lessons.LessonSource`),
    #: carried to the render job so that it does not read the notebook again; ``None`` when
    #: the plan was made from cached facts (then the job reads its private copy).
    source: Any = field(default=None, compare=False, repr=False)


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
    for root in package_roots():
        for p in sorted(root.rglob("*")):
            if p.is_file() and p.suffix in _CODE_SUFFIXES and "__pycache__" not in p.parts:
                h.update(str(p.relative_to(root)).encode())
                h.update(p.read_bytes())
    return h.hexdigest()


def _key(*parts: str) -> str:
    return hashlib.sha256("\n".join([code_fingerprint(), *parts]).encode()).hexdigest()


def has_cards(source: Any) -> bool:
    """Whether a lesson gets cut-out cards, a set per group (see
    :data:`kijkverder.targets.TARGETS`)."""
    return any(t.applies(source) for t in TARGETS.values() if t.copies == "group")


@dataclass(frozen=True)
class Facts:
    """What the plan and the book need to know of a lesson that passed check: its names, and the
    fingerprint of every print view it gets. The build keeps them in its cache with the lesson's
    check key (the lesson's files as the build read them, the shared files, the code), so an
    unchanged lesson is not read again; any change in those files reads it anew."""

    notebook: Path
    name: str
    number: str
    title: str
    #: "page" / "large" -> [(target name, fingerprint of its view)], in build order
    targets: dict[str, list[tuple[str, str]]]
    book: str                    # fingerprint of the teacher book's view of the lesson
    #: The lesson read in this build (``None`` for facts from the cache): its render jobs use it.
    source: Any = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, source: Any) -> Facts:

        fps: dict[Any, str] = {}

        def fp(view: Any) -> str:
            if view not in fps:
                fps[view] = source.view(view).fingerprint()
            return fps[view]

        targets = {("large" if large else "page"): [(t.name, fp(t.view))
                                                    for t in print_targets(source, large=large)]
                   for large in (False, True)}
        return cls(Path(source.notebook), source.name, source.meta.number, source.meta.title,
                   targets, fp(BOOK.view), source)

    def to_json(self, check_key: str) -> dict[str, Any]:
        return {"key": check_key, "name": self.name,
                "number": self.number, "title": self.title,
                "targets": {k: [list(t) for t in v] for k, v in self.targets.items()},
                "book": self.book}

    @classmethod
    def from_json(cls, data: Any, notebook: Path, check_key: str) -> Facts | None:
        """The facts in ``notebook``'s cache entry, if they were stored for exactly
        ``check_key``."""
        try:
            if data["key"] != check_key:
                return None
            return cls(notebook, str(data["name"]), str(data["number"]), str(data["title"]),
                       {k: [(str(n), str(f)) for n, f in data["targets"][k]]
                        for k in ("page", "large")}, str(data["book"]))
        except (KeyError, TypeError, ValueError):
            return None


def plan(sources: list[Any], out: Path, book: bool = True, large: bool = False,
         school: Path | None = None, only: Collection[str] | None = None) -> list[Job]:
    """For lessons (:class:`~kijkverder.lessons.LessonSource` or :class:`Facts`): one job per registered print target that applies to a lesson (the large-print ones if
    ``large``), plus the book (not with ``large``: it is made of the teacher editions). The key of a PDF includes the school profile it prints: the
    view's fingerprint holds ``school.yaml`` next to the lessons, ``school`` (``--school``) is
    added here, so a changed profile rebuilds the PDFs. ``only``: the names of the per-lesson
    targets to make (default: all that apply; the book's teacher editions are always made with
    the book)."""
    extra = _school_key(school)
    facts = [s if isinstance(s, Facts) else Facts.of(s) for s in sources]
    jobs = []
    for f in facts:
        for name, fingerprint in f.targets["large" if large else "page"]:
            if only is not None and name not in only and not (book and name == BOOK_PART.name):
                continue
            target = TARGETS[name]
            jobs.append(Job((f.notebook,), str(target.edition), out / target.file_name(f),
                            _key(fingerprint, *extra), school=school, source=f.source))
    if book and facts and not large:  # the book is made of the teacher editions
        key = _key(*(f.book for f in facts), *extra)
        jobs.append(Job(tuple(f.notebook for f in facts), "book", out / BOOK_NAME, key,
                        school=school))
        registry = _law_registry(facts[0].notebook)
        if registry is not None:  # the law sheet goes with the teacher's book
            jobs.append(Job((facts[0].notebook,), "law", out / LAW_SHEET_NAME,
                            _key("law", hashlib.sha256(registry.read_bytes()).hexdigest())))
    return jobs


def _law_registry(notebook: Path) -> Path | None:
    """The facts registry next to a lesson's folder, if it has a law sheet."""
    path = Path(notebook).parent.parent / FACTS_FILE
    try:
        facts = load_facts(path)
    except ContentError:
        return None  # the lessons that use it are refused by check
    return path if facts is not None and facts.sheet is not None else None


def _run_job(job: Job, scratch: str | None = None) -> tuple[str, int, str, int]:
    """Build one PDF; returns (path, size, sha256, pages). Temporary
    files of the job (WeasyPrint writes each @font-face font into a ``weasyprint-*`` folder that
    it only removes when its font configuration is garbage-collected, which a worker process may
    never do) go into a private folder under ``scratch``, removed when the job ends, also on
    Ctrl-C."""
    return in_scratch(scratch, _render_job, job)


def _render_job(job: Job) -> tuple[str, int, str, int]:
    _key_seen, pdf, pages = _render(job)
    _write(job.output, pdf)
    return str(job.output), len(pdf), hashlib.sha256(pdf).hexdigest(), pages


def _render(job: Job) -> tuple[str, bytes, int]:
    """One lesson's PDF for ``job``: (the key of what was rendered, the PDF, its page count)."""
    if job.edition == "law":
        path = _law_registry(job.notebooks[0])
        if path is None:
            raise ValueError(f"{job.notebooks[0]}: no law sheet in the facts registry")
        pdf = html_to_pdf(law_sheet_html(path), base_url=str(path.parent) + "/")
        return _key("law", hashlib.sha256(path.read_bytes()).hexdigest()), pdf, page_count(pdf)
    source = job.source if job.source is not None else _open_for_render(job.notebooks[0])
    key = _key(source.view(EDITIONS[job.edition][1]).fingerprint(), *_school_key(job.school))
    pdf = html_to_pdf(lesson_html(source, job.edition, job.school),
                      base_url=str(source.dir) + "/")
    return key, pdf, page_count(pdf)


def _open_for_render(notebook: Path) -> LessonSource:
    """A render job's own read of its lesson's private copy: only for a job planned from cached
    facts (the lesson passed check in an earlier build and was not read in this one)."""
    return LessonSource.open(notebook)


def _speculate(job: Job, scratch: str | None = None) -> tuple[str, bytes, int]:
    """Render ``job`` before its lesson has passed ``check`` (while the build checks it) without
    writing anything: the build writes the PDF only if the lesson passes and the returned key is
    the one the build planned (the files did not change in between), and drops it otherwise."""
    return in_scratch(scratch, _render, job)


def _school_key(school: Path | None) -> list[str]:
    """What ``--school`` adds to a PDF's key (``school.yaml`` next to the lessons is part of the
    view's fingerprint)."""
    return [hashlib.sha256(b"school\n" + school.read_bytes()).hexdigest()] if school else []


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".pdf.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


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


CHECKED = "checked"   # cache entry: lesson -> key of the files with which it passed check
FACTS = "facts"       # cache entry: lesson -> its :class:`Facts` for those files


def _check_salt() -> str:
    """What ``kijkverder check`` of a lesson depends on besides its files (which
    :func:`kijkverder.snapshot.take` hashes as it copies them): the package code and data, and
    the readability library's version."""
    from importlib.metadata import version

    return f"{code_fingerprint()} textstat {version('textstat')}"


def _checked(cache: dict[str, Any]) -> dict[str, str]:
    return cache.get(CHECKED) if isinstance(cache.get(CHECKED), dict) else {}


def _gate(notebooks: list[Path], cache: dict[str, Any], gate: Callable[..., Any],
          keys: dict[Path, str], names: dict[Path, str],
          parsed: dict[Path, Any] | None = None) -> tuple[list[Any], dict[str, list[Any]]]:
    """:func:`kijkverder.check.gate` of the lessons' snapshot copies (``notebooks``), skipped
    for a lesson whose files are byte for byte those it last passed with (same code; ``keys``
    from :func:`kijkverder.snapshot.take`): a one-lesson edit re-checks that lesson only.
    ``names``: each copy's original notebook, the name of its cache entries. ``parsed``: the
    copies' notebooks already read in this build (the gate uses them: one parse per lesson)."""
    checked = _checked(cache)
    known = cache.get(FACTS) if isinstance(cache.get(FACTS), dict) else {}
    passed: dict[Path, Facts] = {}
    for nb in notebooks:
        name = names[nb]
        if checked.get(name) == keys[nb]:
            facts = Facts.from_json(known.get(name), Path(nb), keys[nb])
            if facts is None:
                try:
                    facts = Facts.of(LessonSource.open(nb))
                except LessonError:
                    continue
            passed[nb] = facts
    opened, refused = gate([nb for nb in notebooks if nb not in passed], parsed=parsed or {})
    by_notebook = {s.notebook: s for s in opened}
    lessons = []
    checked, known = dict(checked), dict(known)
    for nb in notebooks:
        name = names[nb]
        facts = passed.get(nb)
        if facts is None and Path(nb) in by_notebook:
            facts = Facts.of(by_notebook[Path(nb)])
        if facts is None:
            checked.pop(name, None)
            known.pop(name, None)
        else:
            lessons.append(facts)
            checked[name] = keys[nb]
            known[name] = facts.to_json(keys[nb])
    cache[CHECKED], cache[FACTS] = checked, known
    return lessons, refused


def build(notebooks: list[Path], out: Path, jobs: int | None = None, force: bool = False,
          book: bool = True, log: Callable[[str], None] = print,
          executor: Executor | None = None, large: bool = False,
          school: Path | None = None, only: Collection[str] | None = None) -> BuildResult:
    """Build the handouts of ``notebooks`` into ``out``.

    Lessons that fail ``kijkverder check`` are refused (``result.refused``). The teacher book is
    built only when ``book`` is true and every lesson passed; otherwise an existing book is left
    as it is (a subset never shrinks it). The book is assembled from the lessons' teacher
    editions (:mod:`handouts.book`): it renders nothing of its own but the (cached) cover.
    ``large`` builds the large-print PDFs instead. ``executor``: a process pool kept warm by the
    caller (``kijkverder preview``) instead of one started for this build. ``school``: the school
    profile for the help cards (default: ``school.yaml`` next to the lessons); a broken profile
    refuses the whole build (every help card would be wrong). ``only``: the names of the
    per-lesson targets to make (the site: only what it offers); default: every one that applies.
    """
    check_output_folder(out, [Path(nb).parent.parent for nb in notebooks])
    result = BuildResult()
    remove_stale(SCRATCH_PREFIX)  # what a killed build left behind
    runner = Runner(max(1, jobs or os.cpu_count() or 1), executor)
    count = done = 0
    cache: dict[str, Any] = {}

    def record(job: Job, path: str, size: int, digest: str, pages: int) -> None:
        nonlocal done
        done += 1
        log(f"[{done}/{count}] {path} ({size // 1024} KB)")
        cache[job.output.name] = {"key": job.key, "size": size, "sha256": digest, "pages": pages}
        result.written.append(job.output)

    try:
        # every lesson is read once, into the build's private folder: the gate checks those
        # bytes and the PDFs are rendered from them (a save during the build waits for the next)
        snap = take(notebooks, Path(runner.scratch) / "lessons", school, salt=_check_salt())
        if school is not None:
            problems = check_school(snap.school)
            if problems:
                result.refused = {str(school): [snap.problem(p) for p in problems]}
                return result
            school = snap.school
        cache = {} if force else _load_cache(out)
        copies = list(dict.fromkeys(snap.notebooks[Path(nb).absolute()] for nb in notebooks))
        names = {c: str(snap.original(c).resolve()) for c in copies}
        # the changed lessons' PDFs are rendered while the lessons are checked
        parsed: dict[Path, Any] = {}
        early = _speculate_changed(copies, snap.keys, names, cache, out, large, school, runner,
                                   only, parsed)
        sources, refused = _gate(copies, cache, check.gate, snap.keys, names, parsed)
        result.refused = {k: [snap.problem(p) for p in v] for k, v in refused.items()}
        out.mkdir(parents=True, exist_ok=True)
        if book and result.refused and (out / BOOK_NAME).exists():
            result.kept.append(f"{out / BOOK_NAME}: not rebuilt, because a lesson was refused")
        todo = []
        book_job = None
        for j in plan(sources, out, book=book and not result.refused, large=large, school=school,
                      only=only):
            entry = cache.get(j.output.name)
            if isinstance(entry, dict) and entry.get("key") == j.key \
                    and _file_matches(j.output, entry):
                result.up_to_date.append(j.output)
            elif j.edition == "book":
                book_job = j
            else:
                todo.append(j)
        if result.up_to_date:
            log(f"{len(result.up_to_date)} handout(s) up to date")
        count = len(todo) + (1 if book_job else 0)
        rest: list[Job] = []

        def accept(jobs: list[Job]) -> None:
            for job in jobs:
                res = _accept(job, early.pop(job.output, None))
                if res is None:
                    rest.append(job)
                else:
                    record(job, *res)

        # the teacher editions first: the book needs only them, so it is assembled while the
        # other PDFs are still being rendered
        accept([j for j in todo if j.edition == "teacher"])
        book_now = book_job is not None and not rest
        if book_now:
            _assemble_book(book_job, sources, cache, runner, record)  # type: ignore[arg-type]
        accept([j for j in todo if j.edition != "teacher"])
        for spec in early.values():  # refused, or not changed after all: never written
            spec.cancel()
        for job, res in runner.run(_run_job, sorted(rest, key=lambda j: j.edition != "teacher")):
            record(job, *res)
        if book_job is not None and not book_now:
            _assemble_book(book_job, sources, cache, runner, record)
    finally:
        runner.close()
        if out.is_dir() and cache:
            (out / CACHE_FILE).write_text(json.dumps(cache, indent=1, sort_keys=True), "utf-8")
    return result


def _speculate_changed(notebooks: list[Path], keys: dict[Path, str], names: dict[Path, str],
                       cache: dict[str, Any], out: Path, large: bool, school: Path | None,
                       runner: Runner, only: Collection[str] | None = None,
                       parsed: dict[Path, Any] | None = None) -> dict[Path, Future]:
    """Start rendering, in the pool, the PDFs of the lessons whose files changed since they last
    passed ``check`` (only those whose view changed), before they are checked again: by output
    path. A lesson that cannot be read is left to the check, which reports why. ``parsed``
    receives each notebook read here (by path), for the gate."""
    checked = _checked(cache)
    early: dict[Path, Future] = {}
    changed = [nb for nb in notebooks if checked.get(names[nb]) != keys[nb]]
    for nb in changed:
        try:
            source = LessonSource.open(nb, parsed=parsed)
            jobs = plan([source], out, book=False, large=large, school=school, only=only)
        except Exception:  # broken in any way: the gate says how, in one line
            continue
        for job in sorted(jobs, key=lambda j: j.edition != "teacher"):
            entry = cache.get(job.output.name)
            if isinstance(entry, dict) and entry.get("key") == job.key:
                continue
            fut = runner.submit(_speculate, job)
            if fut is None:
                return early
            early[job.output] = fut
    return early


def _accept(job: Job, spec: Future | None) -> tuple[str, int, str, int] | None:
    """Write a PDF rendered before its lesson passed check, if it shows what ``job`` plans (the
    same key); ``None`` when there is none or it cannot be used (then ``job`` is rendered)."""
    if spec is None:
        return None
    try:
        key, pdf, pages = spec.result()
    except Exception:  # rendered again as a normal job, which reports the error
        return None
    if key != job.key:
        return None
    _write(job.output, pdf)
    return str(job.output), len(pdf), hashlib.sha256(pdf).hexdigest(), pages


def _render_cover(parts: list[Any]) -> bytes:
    cover = html_to_pdf(cover_html(parts), base_url=str(parts[0].path.parent) + "/")
    front = page_count(cover)
    if front != 1:  # the start pages count the cover's own pages
        cover = html_to_pdf(cover_html(parts, front=front), base_url=str(parts[0].path.parent) + "/")
    return cover


def _assemble_book(job: Job, sources: list[Any], cache: dict[str, Any], runner: Runner,
                   record: Callable[..., None]) -> None:
    """The book from the lessons' teacher editions (built or found up to date in this run): the
    cover and table of contents (cached on the lessons' numbers, titles and page counts), then
    every teacher edition, joined by pikepdf (:func:`handouts.book.assemble`)."""
    out = job.output.parent
    parts = []
    for s in sources:
        path = out / BOOK_PART.file_name(s)
        entry = cache.get(path.name)
        pages = entry.get("pages") if isinstance(entry, dict) else None
        if not isinstance(pages, int) or pages < 1:
            pages = page_count(path)
            if isinstance(entry, dict):
                entry["pages"] = pages
        parts.append(Part(s.name, s.number, s.title, path, pages))
    cover_file = cover_path(out)
    name = f"{PARTS_DIR}/{cover_file.name}"
    key = _key(json.dumps([[p.number, p.title, p.pages] for p in parts]))
    entry = cache.get(name)
    if isinstance(entry, dict) and entry.get("key") == key and _file_matches(cover_file, entry):
        cover = cover_file.read_bytes()
    else:
        cover = runner.call(_render_cover, parts)
        _write(cover_file, cover)
        cache[name] = {"key": key, "size": len(cover), "sha256": hashlib.sha256(cover).hexdigest()}
    _forget_old_parts(out, cache)
    pdf = assemble(cover, parts)
    _write(job.output, pdf)
    record(job, str(job.output), len(pdf), hashlib.sha256(pdf).hexdigest(), page_count(pdf))


def _forget_old_parts(out: Path, cache: dict[str, Any]) -> None:
    """Remove the separately rendered book parts an earlier version kept next to the cover (only
    files that are still exactly what the cache says it wrote)."""
    for name in [k for k in cache if k.startswith(f"{PARTS_DIR}/")]:
        path = out / name
        if path == cover_path(out):
            continue
        if _file_matches(path, cache.pop(name)):
            path.unlink()
