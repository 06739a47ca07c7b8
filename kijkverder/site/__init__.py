"""``kijkverder site``: every lesson as a static, fully offline website (JupyterLite + Pyodide).

The site is a folder of static files. A school puts it on any HTTPS web server (or serves it from
a USB stick with a small local server); a student opens it with nothing but a browser:

- ``index.html``: the start page (Dutch) with, per lesson, "Open de les" (``les/<lesson>/``: the
  lesson runs on open, student style, no code), "Digibord" (``repl/<lesson>/``: the same in the
  projector style), "Als notebook openen" (the notebook in JupyterLite) and the lesson's PDFs;
  both lesson pages are built pages of JupyterLite's REPL app that carry their own cells;
- ``lab/``, ``notebooks/``, ``repl/``: JupyterLite 0.8.6 with the Pyodide kernel, in Dutch;
- ``static/pyodide/``: Pyodide 314.0.6 (the npm package's core) and every wheel the lessons need,
  with bytecode compiled at build time, and a regenerated ``pyodide-lock.json`` that lists
  exactly the shipped wheels.

Versions are pinned in ``site_pins.toml``. Downloads (``npm pack``, ``pip download``) are cached
in :func:`cache_dir`; a build whose inputs did not change returns at once (a stamp file in the
output holds the hash of every input).

The build fails loudly (:class:`SiteError`) if any configuration would load Pyodide, wheels or
assets from another host: the written ``jupyter-lite.json`` must point at the local Pyodide with
``disablePyPIFallback``, and no shipped file may name a CDN host outside a known, overridden
name (:data:`KNOWN_REMOTE_NAMES`).

The package, by job (each module imports only from the ones above it):

- :mod:`.base`: the pins (``kijkverder/site_pins.toml``), the download cache, :class:`SiteError`,
  the package's templates and static files;
- :mod:`.downloads`: the Pyodide core, the pinned wheels and the project's own wheel;
- :mod:`.pyodide`: bytecode compiled at build time and the regenerated ``pyodide-lock.json``;
- :mod:`.lite`: JupyterLite's configuration, build tools and build, and :func:`check_offline`;
- :mod:`.dutch`: Dutch where JupyterLite and its language pack leave English;
- :mod:`.lesson_pages`: the lesson copies and the built lesson pages (``les/``, ``repl/``);
- :mod:`.start_page`: the PDFs and ``index.html``;
- here: :func:`build_site`, which runs them in order, and :class:`JupyterLite`, its seam.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from widgets.contentio import read_bounded

from ..check import gate
from ..lessons import folder_files
from ..release import school_refusal
from ..snapshot import limit_for
from ..targets import OutputRefused, audiences_of, check_output_folder, output_for, role_of
from .base import PINS_FILE, ROOT, Log, SiteError, _hash_tree, _mk, cache_dir, pins
from .downloads import KERNEL_PACKAGES, PROJECT_PACKAGES, fetch_pyodide, fetch_wheels, project_wheel
from .dutch import NL_SUPPLEMENT, dutch_app_pages, dutch_translations
from .lesson_pages import (LESSON_PAGES, SERVICE_WORKER_PLUGIN, lesson_url, projector_cells, projector_url,
                           write_lessons, write_projector_pages)
from .lite import (CDN_HOSTS, KNOWN_REMOTE_NAMES, STORAGE_KEYS, build_tools, check_offline,
                   lite_build, lite_config)
from .pyodide import KERNEL_PRELOAD, KERNEL_STUBS, KERNEL_WHEELS, PYODIDE_CORE, assemble_pyodide
from .start_page import build_pdfs, write_index

__all__ = [
    "AUDIENCES", "CDN_HOSTS", "KERNEL_PRELOAD", "KERNEL_STUBS", "KERNEL_WHEELS", "KNOWN_REMOTE_NAMES",
    "KERNEL_PACKAGES", "LESSON_PAGES", "NL_SUPPLEMENT", "PINS_FILE", "PROJECT_PACKAGES",
    "PYODIDE_CORE", "ROOT", "SERVICE_WORKER_PLUGIN", "STAMP", "STORAGE_KEYS", "JupyterLite", "Log", "SiteError",
    "assemble_pyodide", "build_pdfs", "build_site", "build_tools", "cache_dir", "check_offline",
    "default_out", "dutch_app_pages", "dutch_translations", "fetch_pyodide", "fetch_wheels",
    "lesson_url", "lite_build", "lite_config", "pins", "project_wheel",
    "projector_cells", "projector_url", "write_index", "write_lessons",
    "write_projector_pages",
]

STAMP = ".kijkverder-site.json"
#: The audiences a site is built for: its rows in :data:`kijkverder.targets.TARGETS` (the
#: parents' evening has no site of its own: it is on the docenten site).
AUDIENCES = audiences_of(__name__)


class JupyterLite:
    """The JupyterLite half of a site, in the order :func:`build_site` runs it: the downloads
    (before the scratch folder exists), the app with Pyodide around the lesson copies, the
    lesson pages and Dutch text on the built app, and the offline check. A test passes a stand-in
    (``build_site(..., lite=...)``) to build the lesson half without downloads or Node."""

    def download(self, cache: Path, audience: str, log: Log) -> None:
        """The Pyodide core, the pinned wheels and the project's wheel, into the cache."""
        self.core = fetch_pyodide(_mk(cache), log)
        self.wheels = fetch_wheels(
            cache, json.loads((self.core / "pyodide-lock.json").read_text("utf-8")), log)
        self.own = project_wheel(cache, log, audience)

    def build(self, contents: Path, work: Path, staged: Path, audience: str, cache: Path,
              log: Log) -> None:
        """JupyterLite with the lessons of ``contents`` and Pyodide, built into ``staged``
        (``work``: the scratch folder)."""
        tools = build_tools(cache, log)
        assemble_pyodide(work / "pyodide", self.core, self.wheels, self.own, cache, log, tools)
        lite_build(contents, staged, audience, work / "pyodide", log, tools)

    def lesson_pages(self, staged: Path, cells: dict[str, list[str]],
                     student: dict[str, list[str]], titles: dict[str, str]) -> None:
        """The built lesson pages and the Dutch text of the app pages."""
        write_projector_pages(staged, cells, student, titles)
        dutch_app_pages(staged)
        dutch_translations(staged)

    def check(self, staged: Path) -> None:
        check_offline(staged)


def default_out(audience: str) -> str:
    """The default output folder of the site for ``audience``: one folder per audience (the name
    of its row in :data:`kijkverder.targets.TARGETS`)."""
    return output_for(__name__, audience).name


def _stamp_audience(out: Path) -> str | None:
    """The audience of the site in ``out`` (from its stamp), ``"?"`` for an unreadable stamp,
    ``None`` when there is no site."""
    stamp = out / STAMP
    if not stamp.exists() and not stamp.is_symlink():
        return None
    try:
        if stamp.is_symlink() or stamp.stat().st_size > 65536:
            return "?"
        held = json.loads(stamp.read_text("utf-8")).get("audience")
    except (OSError, ValueError, AttributeError):
        return "?"
    return held if isinstance(held, str) else "?"


def _input_key(notebooks: list[Path], audience: str, school: Path | None = None) -> str:
    h = hashlib.sha256()
    h.update(PINS_FILE.read_bytes())
    h.update(audience.encode())
    if school is not None:
        h.update(b"school\n")
        _hash_file(h, Path(school))
    h.update(_hash_tree([ROOT / "widgets", ROOT / "kijkverder", ROOT / "handouts"]).encode())
    for nb in notebooks:  # the lesson folders and the lessons folder's YAML, by the lesson model
        h.update(nb.parent.name.encode())
        for f in folder_files(nb.parent):
            _hash_file(h, f)
    for f in folder_files(notebooks[0].parent.parent, (".yaml",)) if notebooks else []:
        _hash_file(h, f)
    return h.hexdigest()


def _hash_file(h: Any, f: Path) -> None:
    """Add a lesson file to a key: a link by its text (never followed), a regular file the build
    can use by its bytes (read with its size bound), a larger one by its size; nothing else."""
    if f.is_symlink():
        h.update(b"link\0" + f.name.encode() + b"\0" + os.readlink(f).encode())
        return
    limit = limit_for(f.name)
    got = read_bounded(f, limit) if limit is not None else None
    if got is not None:
        h.update(b"file\0" + f.name.encode() + b"\0" + str(got[1]).encode() + b"\0" + got[0])


def build_site(notebooks: list[Path], out: Path, audience: str = "leerlingen",
               cache: Path | None = None, force: bool = False, log: Log = print,
               school: Path | None = None, lite: JupyterLite | None = None) -> Path:
    """Build the static site of ``notebooks`` for ``audience`` into ``out``; return ``out``.
    ``school``: another school profile than ``school.yaml`` next to the lessons (``--school``),
    for every lesson's help card, the projector view and the PDFs; a broken one refuses the
    build before anything is written. ``lite``: the JupyterLite half (:class:`JupyterLite`)."""
    if audience not in AUDIENCES:
        raise SiteError(f"--audience: {audience!r} is not one of {', '.join(AUDIENCES)}")

    refusal = school_refusal(school, "site")
    if refusal:
        raise SiteError(refusal)

    # absolute: the build tools run in a scratch folder of their own (a relative --out, as
    # `make site` passes it, pointed them at folders that do not exist there)
    cache = Path(os.path.abspath(cache if cache else cache_dir()))
    out = Path(os.path.abspath(out))
    try:
        check_output_folder(out, [Path(nb).parent.parent for nb in notebooks])
    except OutputRefused as e:
        raise SiteError(str(e)) from None
    if out.exists() and (out.is_symlink() or not out.is_dir()
                         or (any(out.iterdir()) and not (out / STAMP).is_file())):
        raise SiteError(f"{out}: --out: not an empty folder or an earlier site; choose a new "
                        "folder (the site replaces the whole folder)")
    held = _stamp_audience(out)
    if held is not None and held != audience:
        # audiences never share a folder: a teacher site never replaces the student site
        raise SiteError(f"{out}: --out: holds the site for {held}; the site for {audience} goes "
                        f"into its own folder (default: {default_out(audience)}); nothing was "
                        "built (also not with --force)")
    # fail closed: a lesson that fails `kijkverder check` is not put on the site
    sources, refused = gate(notebooks)
    for name, problems in refused.items():
        for problem in problems:
            log(str(problem))
        log(f"kijkverder site: {name} refused: it fails kijkverder check; left out of the site")
    if role_of(audience) == "student":  # a student's site holds only the lessons for them
        sources = [s for s in sources if s.audience == audience]
    lessons = [s.notebook for s in sources]
    if not lessons:
        raise SiteError(f"{out}: lessons: none for audience {audience} (check les.yaml audience)")
    key = _input_key(lessons, audience, school)
    stamp = out / STAMP
    if not force and stamp.exists():
        try:
            if json.loads(stamp.read_text("utf-8")).get("key") == key:
                log(f"{out}: up to date")
                return out
        except ValueError:
            pass
    lite = lite if lite is not None else JupyterLite()
    lite.download(cache, audience, log)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".kv-site-", dir=out.parent) as tmp:
        work = Path(tmp)
        contents = _mk(work / "contents")
        write_lessons(sources, contents, audience, school)
        staged = work / "site"
        lite.build(contents, work, staged, audience, cache, log)
        copies: dict[Path, Any] = {}  # each copy read once, for both of its pages
        cells = {nb.parent.name: projector_cells(contents / nb.parent.name / nb.name,
                                                 parsed=copies) for nb in lessons}
        student = {nb.parent.name: projector_cells(contents / nb.parent.name / nb.name, "normal",
                                                   copies) for nb in lessons}
        titles = {s.notebook.parent.name: f"Les {s.meta.number}: {s.meta.title}" for s in sources}
        lite.lesson_pages(staged, cells, student, titles)
        pdfs = build_pdfs(lessons, staged, cache, audience, log, school)
        write_index(staged, sources, pdfs, audience, cells)
        lite.check(staged)
        (staged / STAMP).write_text(json.dumps({"key": key, "audience": audience}), "utf-8")
        if out.exists():
            shutil.rmtree(out)
        os.replace(staged, out)
    log(f"{out}: site for {audience} ({len(lessons)} lessons)")
    if refused:
        raise SiteError(f"{out}: built without {', '.join(refused)}: refused, they fail "
                        "kijkverder check (see above)")
    return out
