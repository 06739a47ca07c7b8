"""The lesson model: a lesson folder is read once; every output asks it for a view.

    source = LessonSource.open(Path("lessons/01-wat-is-uitbuiting/01-wat-is-uitbuiting.ipynb"))
    view = source.view(View("student", "print"))      # the worksheet's reader
    for block in view.blocks: ...                       # kept cells, content projected for the role

A lesson is ``<root>/NN-slug/NN-slug.ipynb`` with ``les.yaml`` and the content files its widget
calls load next to it, and the shared ``begrippen.yaml`` in ``<root>``. Which files a lesson uses
comes from the widget calls in its code cells (the AST), nothing else. Which cells a reader sees is
decided by :meth:`View.keeps` (the tag rules), which content fields by
:func:`widgets.schema.project` (the schema's marks: no ``TEACHER`` field for a student, no
``ANSWER`` field on a student's paper).
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any, Iterator

import widgets
from widgets import contentio  # read_text_file looked up per call: the tests count the reads
from widgets.contentio import (ContentError, MAX_FILE_BYTES, MAX_NOTEBOOK_BYTES, Problem,
                               display_path, file_problem, parse_yaml, read_bounded)
from widgets.marks import dump_content, project
from widgets.names import Names, rename_text
from widgets.models.facts import FACTS_FILE, FACT_REF_RE, resolve_facts, resolve_text, unknown_fact
from widgets.registry import SCHOOL_FILE, resolve_contacts
from widgets.schema import load_content, load_facts

from .cells import CellCodeError, WidgetCall, cell_tags, notebook_language, parse_calls
from .series import DEFAULT_LEVEL, LEVELS, SERIES_TITLES  # noqa: F401  (re-exported)

#: ``01-slug`` (the main series) or ``e1-slug`` (Kijk Verder Eenvoudig, sorted after it).
LESSON_DIR_RE = re.compile(r"^(\d{2}|e\d)-[a-z0-9-]+$")
LESSON_FILE = "les.yaml"
#: Widgets that show the facts registry's teacher sheet (the law sheet); no content file.
SHEET_WIDGETS = ("LawSheet",)
#: Files shared by all lessons, in the lessons root (found by the widgets the same way): the
#: glossary and the school profile (the school's own help route, optional).
#: The facts registry (``feiten.yaml``) is one too: lessons use its facts by id.
SHARED_FILES = ("begrippen.yaml", "school.yaml", "feiten.yaml")

ROLES = ("student", "teacher")
MEDIA = ("screen", "print")
FORMS = ("page", "cards", "large")


class LessonNotFound(ValueError):
    """A lesson named on the command line does not exist."""


@dataclass(frozen=True)
class View:
    """Who reads (``role``), where (``medium``) and in which form a lesson is shown;
    ``names``: another name for a character (the school profile's ``namen``, ``(old, new)``
    pairs), applied to the markdown cells and, by ``project``, to the content."""

    role: str = "student"
    medium: str = "screen"
    form: str = "page"
    names: Names = ()

    def __post_init__(self) -> None:
        if self.role not in ROLES or self.medium not in MEDIA or self.form not in FORMS:
            raise ValueError(f"no such view: {self}")

    def keeps(self, cell: Any) -> bool:
        """The one tag rule: ``teacher`` cells only for the teacher; ``print-only`` cells never on
        screen, ``screen-only`` cells never on paper."""
        tags = set(cell_tags(cell))
        if "teacher" in tags and self.role != "teacher":
            return False
        if self.medium == "screen":
            return "print-only" not in tags
        return "screen-only" not in tags


# ------------------------------------------------------------------------ size limits
#: Limits on one lesson, set where a build stays within seconds (the largest lesson, the teacher
#: guide, has 31 cells and 32,000 characters of cell text; a lesson notebook is 10-40 KB).
MAX_CELLS = 150
MAX_CELL_TEXT = 150_000                   # characters of cell source, all cells together


def size_problem(data: Any) -> str | None:
    """Why a notebook (its parsed JSON) is too large to build, or ``None``. Checked before the
    notebook format is validated or anything is rendered: one line, at once."""
    cells = data.get("cells") if isinstance(data, dict) else None
    if not isinstance(cells, list):
        return None  # not a notebook: the format check says so
    if len(cells) > MAX_CELLS:
        return (f"{len(cells)} cells (at most {MAX_CELLS}); split the lesson in two")
    text = 0
    for cell in cells:
        src = cell.get("source", "") if isinstance(cell, dict) else ""
        text += sum(len(s) for s in src if isinstance(s, str)) if isinstance(src, list) else \
            len(src) if isinstance(src, str) else 0
    if text > MAX_CELL_TEXT:
        return (f"{text} characters of cell text (at most {MAX_CELL_TEXT}); split the lesson in "
                "two")
    return None


def parse_notebook(path: Path, parsed: dict[Path, Any] | None = None) -> tuple[Any, list[Any]]:
    """The one reader of a lesson notebook, tolerant: ``(notebook, [])``, or ``(None, [the one
    problem])`` as ``kijkverder check`` says it. The file is read with its size bound
    (:func:`widgets.contentio.read_text_file`), then :func:`size_problem` (before the format is
    validated: one line, at once), then nbformat. ``parsed``: notebooks this command already read,
    by path; a read here is added to it, so a command parses a notebook once."""
    import nbformat

    if parsed is not None and Path(path) in parsed:
        return parsed[Path(path)], []
    shown = display_path(path)
    try:
        raw = contentio.read_text_file(path, max_bytes=MAX_NOTEBOOK_BYTES)
        too_big = size_problem(json.loads(raw))
        if too_big:
            return None, [Problem(shown, "(file)", too_big)]
        nb = nbformat.reads(raw, as_version=4)
    except ContentError as e:
        return None, [Problem(shown, p.field, p.message.replace("save the file as",
                                                                "save the notebook as"))
                      for p in e.problems]
    except json.JSONDecodeError as e:
        return None, [Problem(shown, f"line {e.lineno}", f"broken notebook JSON ({e.msg}); "
                              "restore the file from git or re-save it in JupyterLab")]
    except Exception as e:  # nbformat reader errors: one line, no traceback
        return None, [Problem(shown, "(file)", f"not a valid notebook ({type(e).__name__}); "
                              "re-save it in JupyterLab")]
    if parsed is not None:
        parsed[Path(path)] = nb
    return nb, []


def read_notebook(path: Path, parsed: dict[Path, Any] | None = None) -> Any:
    """:func:`parse_notebook`, strict: the notebook, or :class:`LessonError` with its problem."""
    nb, problems = parse_notebook(path, parsed)
    if nb is None:
        raise LessonError(problems)
    return nb


# ------------------------------------------------------------------------ file references
def plain_ref(ref: Any) -> PurePosixPath | None:
    """The normalised form of a file name a lesson refers to (a widget's content file, a markdown
    image), or ``None`` when it is not a plain relative name: empty, absolute, a URL scheme or
    drive (``:``), a backslash, a NUL, or a ``..`` or ``.`` part. Every reader and the one copy
    writer use this rule, so a name means the same file on the source and the output side."""
    if not isinstance(ref, str) or not ref.strip() or any(c in ref for c in "\\:\0"):
        return None
    p = PurePosixPath(ref)
    if p.is_absolute() or not p.parts or any(part in ("..", ".") for part in ref.split("/")):
        return None
    return p


def ref_problem(lesson_dir: Path, ref: Any) -> str | None:
    """Why ``ref`` may not be used by a lesson in ``lesson_dir``, or ``None``: it must be a plain
    relative name (:func:`plain_ref`) and no part of it may be a symbolic link (a link resolves
    one way in the lesson and another way in a copy, so a name through a link could climb out
    of the copy's folder)."""
    p = plain_ref(ref)
    if p is None:
        return (f"{ref!r} is not a plain file name in the lesson folder (no '..', '.', "
                "absolute path, web address, ':' or '\\'); use a name like 'quiz.yaml' or "
                "'map/quiz.yaml'")
    here = Path(lesson_dir)
    for part in p.parts:
        here = here / part
        if here.is_symlink():
            return (f"{ref!r}: {part!r} is a symbolic link; a lesson uses real files and "
                    "folders only (replace the link with the file or folder itself)")
    return None


# ------------------------------------------------------------------------ discovery
def default_lessons_root() -> Path:
    """``./lessons`` when run in the project folder, else the lessons next to this package
    (an editable install from a clone)."""
    here = Path.cwd() / "lessons"
    if here.is_dir():
        return here
    return Path(__file__).resolve().parent.parent / "lessons"


def lesson_notebook(lesson_dir: Path) -> Path:
    return lesson_dir / f"{lesson_dir.name}.ipynb"


def shared_entries(root: Path) -> list[Path]:
    """The shared files (:data:`SHARED_FILES`) in the lessons folder ``root`` that are there: a
    regular file, or anything else by that name (a link, even a broken one; a FIFO), which
    ``check`` reports and the lesson model skips (:meth:`LessonSource.shared_paths`)."""
    import os

    return [Path(root) / name for name in SHARED_FILES if os.path.lexists(Path(root) / name)]


#: The files ``check`` reads in a folder: notebooks and content files.
LESSON_SUFFIXES = (".ipynb", ".yaml", ".yml")


def files_under(paths: Any) -> Iterator[tuple[Path, Path]]:
    """(file, folder it must stay in) for every notebook and content file under ``paths`` (a
    file named is itself). Symbolic links to folders are not followed (``os.walk`` default), so
    a link loop cannot make this run forever; hidden names and checkpoints are skipped."""
    import os
    import stat

    for p in map(Path, paths):
        try:
            is_dir = stat.S_ISDIR(p.lstat().st_mode)
        except OSError:
            is_dir = False
        if is_dir and p.suffix not in LESSON_SUFFIXES:
            found = []
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames[:] = [d for d in dirnames if d != ".ipynb_checkpoints"
                               and not d.startswith(".")]
                for name in dirnames + filenames:
                    f = Path(dirpath) / name
                    if not name.startswith(".") and f.suffix in LESSON_SUFFIXES:
                        found.append(f)
            for f in sorted(set(found)):
                yield f, f.parent
        else:
            yield p, p.parent


def folder_files(folder: Path, suffixes: tuple[str, ...] | None = None) -> list[Path]:
    """The entries of one folder (a lesson folder, or the lessons folder), sorted, optionally
    only those ending in ``suffixes``; none for a folder that cannot be listed."""
    try:
        entries = sorted(Path(folder).iterdir())
    except OSError:
        return []
    return [p for p in entries if suffixes is None or p.suffix in suffixes]


def all_lessons(root: Path | None = None) -> list[Path]:
    """Notebooks of all lessons under ``root`` (``lessons/NN-slug/NN-slug.ipynb``), in order."""
    root = root or default_lessons_root()
    out = []
    for d in sorted(root.iterdir() if root.is_dir() else []):
        if d.is_dir() and not d.is_symlink() and LESSON_DIR_RE.match(d.name) \
                and lesson_notebook(d).is_file():
            out.append(lesson_notebook(d))
    return out


def lesson_level(notebook: Path) -> str:
    """The level a lesson's ``les.yaml`` declares (cheap: no validation; ``check`` validates it).
    A missing, odd (a FIFO, a link out of the folder: never opened) or unreadable file counts as
    the default level, so the gate sees the lesson and says what is wrong."""
    path = Path(notebook).parent / LESSON_FILE
    try:
        data = parse_yaml(contentio.read_text_file(path), str(path))
    except ContentError:
        return DEFAULT_LEVEL
    level = data.get("level", DEFAULT_LEVEL) if isinstance(data, dict) else DEFAULT_LEVEL
    return level if isinstance(level, str) else DEFAULT_LEVEL


def resolve_lessons(specs: list[str], root: Path | None = None,
                    level: str | None = None) -> list[Path]:
    """Lesson notebooks named by ``specs``: "01", "e1", a lesson folder, or a notebook path.
    No specs: every lesson. ``level`` (``--reeks``): only the lessons of that series. Raises
    :class:`LessonNotFound` for an empty or unknown name, or when the series has none of them."""
    if level is not None and level not in LEVELS:
        raise LessonNotFound(f"kijkverder: --reeks {level!r} is not a series; use "
                             f"{' or '.join(LEVELS)}")
    found = _resolve(specs, root)
    if level is None:
        return found
    chosen = [nb for nb in found if lesson_level(nb) == level]
    if not chosen:
        raise LessonNotFound(f"kijkverder: no lesson of series {level!r} among the lessons named; "
                             "leave out --reeks or name a lesson of that series")
    return chosen


def _resolve(specs: list[str], root: Path | None = None) -> list[Path]:
    if not specs:
        return all_lessons(root)
    found = []
    lessons = all_lessons(root)
    for spec in specs:
        p = Path(spec)
        if not spec.strip():
            raise LessonNotFound("kijkverder: an empty lesson name; use a number like 01")
        if p.suffix == ".ipynb" and p.is_file():
            found.append(p.resolve())
        elif p.is_dir() and lesson_notebook(p).is_file():
            found.append(lesson_notebook(p).resolve())
        else:
            key = spec.strip().lower()
            match = [nb for nb in lessons if nb.parent.name.split("-")[0] == key.zfill(2)
                     or nb.parent.name == spec]
            if not match:
                raise LessonNotFound(f"kijkverder: no lesson {spec!r}; use a number like 01, a "
                                     "lesson folder or a notebook")
            found.extend(match)
    return found


# ------------------------------------------------------------------------ the model
class LessonError(Exception):
    """A lesson cannot be read; ``problems`` (``widgets.schema.Problem``) say why."""

    def __init__(self, problems: list[Any]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class WidgetUse:
    """One widget call in a code cell, with its content (``None`` for widgets without a file)."""

    cell: int
    call: WidgetCall
    content: Any = None

    @property
    def name(self) -> str:
        return self.call.name

    @property
    def path(self) -> str | None:
        return self.call.path

    @property
    def kwargs(self) -> dict[str, Any]:
        return self.call.kwargs


@dataclass
class Block:
    """A cell as one reader sees it: markdown, or the widget calls of a code cell with their
    content projected for that reader's role."""

    index: int
    cell: Any
    teacher: bool
    uses: list[WidgetUse] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.cell.cell_type


@dataclass
class LessonSource:
    """A lesson folder, read once: notebook, ``les.yaml``, the content its widgets load."""

    notebook: Path
    nb: Any
    meta: Any
    uses: list[WidgetUse]
    language: str = "nl"
    #: The facts registry (``<root>/feiten.yaml``) the lesson's fact references resolve from.
    facts: Any = None
    #: The shared files' bytes as the gate checked them (name -> bytes), or ``None``: read them.
    shared: dict[str, bytes] | None = None

    @property
    def dir(self) -> Path:
        return self.notebook.parent

    @property
    def root(self) -> Path:
        return self.dir.parent

    @property
    def name(self) -> str:
        return self.dir.name

    @property
    def number(self) -> str:
        return self.meta.number

    @property
    def audience(self) -> str:
        return self.meta.audience

    @property
    def level(self) -> str:
        """``b1`` or ``eenvoudig`` (the easy-read series): which series the lesson is in."""
        return self.meta.level

    @classmethod
    def open(cls, notebook: str | Path, nb: Any | None = None,
             parsed: dict[Path, Any] | None = None) -> "LessonSource":
        """Read a lesson; raise :class:`LessonError` if a code cell or a content file is broken
        (the problems are the same lines ``kijkverder check`` prints). ``nb``: the notebook
        already parsed; ``parsed``: the command's notebooks by path (:func:`parse_notebook`)."""
        source, problems = cls.read(notebook, nb, parsed)
        if problems:
            raise LessonError(problems)
        return source  # type: ignore[return-value]

    @classmethod
    def read(cls, notebook: str | Path, nb: Any | None = None,
             parsed: dict[Path, Any] | None = None) -> "tuple[LessonSource | None, list[Any]]":
        """The tolerant open, for ``check``: ``(lesson, problems)``, never raising for a broken
        lesson. The lesson is ``None`` only when its notebook cannot be read; otherwise it holds
        what could be read (``meta`` is ``None`` for a broken ``les.yaml``, a broken content
        file's use has no content) and ``problems`` everything :meth:`open` refuses it for."""
        notebook = Path(notebook)
        shown = display_path(notebook)
        if nb is None:
            nb, unread = parse_notebook(notebook, parsed)
            if nb is None:
                return None, unread
        problems: list[Any] = []
        try:
            meta = load_content(notebook.parent / LESSON_FILE, expected_kind="lesson")
        except ContentError as e:
            problems += e.problems
            meta = None
        uses: list[WidgetUse] = []
        loaded: dict[str, Any] = {}
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            try:
                calls = parse_calls(cell.source, widgets.WIDGETS)
            except CellCodeError as e:
                problems.append(Problem(shown, f"cells[{i}]", str(e)))
                continue
            for call in calls:
                use = WidgetUse(i, call)
                if call.path is not None:
                    bad = ref_problem(notebook.parent, call.path)
                    if bad is not None:  # the gate refuses it even if check was bypassed
                        problems.append(Problem(shown, f"cells[{i}]", bad))
                        continue
                    if call.path not in loaded:
                        cls_ = widgets.widget_class(call.name)
                        try:
                            loaded[call.path] = cls_.load_content(notebook.parent / call.path)
                        except ContentError as e:
                            problems += e.problems
                            loaded[call.path] = None
                        except TypeError as e:  # a widget without content file given a file
                            problems.append(Problem(shown, f"cells[{i}]", str(e)))
                            loaded[call.path] = None
                    use.content = loaded[call.path]
                uses.append(use)
        facts = None
        try:
            facts = load_facts(notebook.parent.parent / FACTS_FILE)
        except ContentError as e:
            problems += e.problems
        if meta is not None:
            try:
                meta = resolve_facts(meta, facts, display_path(notebook.parent / LESSON_FILE))
            except ContentError as e:
                problems += e.problems
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown":
                for m in FACT_REF_RE.finditer(cell.source):
                    if facts is None or m.group(1) not in {f.id for f in facts.facts}:
                        problems.append(Problem(shown, f"cells[{i}]", unknown_fact(m.group(1), facts)))
                try:
                    resolve_contacts(cell.source)
                except ValueError as e:
                    problems.append(Problem(shown, f"cells[{i}]", str(e)))
            for call in (u.call for u in uses if u.cell == i and u.name in SHEET_WIDGETS):
                if facts is None or facts.sheet is None:
                    problems.append(Problem(shown, f"cells[{i}]", f"{call.name} needs the sheet in "
                                            f"{FACTS_FILE} (its 'sheet:' part); add it"))
        for u in uses:
            if u.name in SHEET_WIDGETS:
                u.content = facts
        return cls(notebook, nb, meta, uses, notebook_language(nb), facts), problems

    @classmethod
    def of(cls, lesson: "str | Path | LessonSource") -> "LessonSource":
        """``lesson`` itself if it is already open, else :meth:`open` it: a function that takes
        either does not read an open lesson again."""
        return lesson if isinstance(lesson, LessonSource) else cls.open(lesson)

    def content_paths(self, view: View | None = None) -> list[Path]:
        """The content files the lesson's widget calls load (only in cells ``view`` keeps)."""
        keep = {b.index for b in self.blocks(view)} if view else None
        seen: dict[str, Path] = {}
        for u in self.uses:
            if u.path is not None and (keep is None or u.cell in keep):
                seen.setdefault(u.path, self.dir / u.path)
        return list(seen.values())

    def shared_paths(self) -> list[Path]:
        return [p for p in shared_entries(self.root) if p.is_file()]

    def shared_bytes(self) -> dict[str, bytes]:
        """The shared files (name -> bytes): as the gate read them, else read now with their
        size bound (a link only inside the lessons folder)."""
        if self.shared is not None:
            return dict(self.shared)

        out = {}
        for f in self.shared_paths():
            got = read_bounded(f.resolve() if file_problem(f, f.parent) is None else f,
                               MAX_FILE_BYTES)
            if got is not None and got[1] <= MAX_FILE_BYTES:
                out[f.name] = got[0]
        return out

    @property
    def school_path(self) -> Path | None:
        """The school profile next to the lessons (``<root>/school.yaml``), if there is one."""
        p = self.root / SCHOOL_FILE
        return p if p.is_file() else None

    def files(self) -> list[Path]:
        """Every file this lesson is made of: notebook, ``les.yaml``, used content, shared files."""
        return [self.notebook, self.dir / LESSON_FILE, *self.content_paths(), *self.shared_paths()]

    def blocks(self, view: View | None) -> list[Block]:
        import nbformat

        reader = view if view is not None else "teacher"  # no view: everything
        names = view.names if view is not None else ()
        out = []
        for i, cell in enumerate(self.nb.cells):
            if view is not None and not view.keeps(cell):
                continue
            if cell.cell_type == "markdown":
                source = cell.source
                if "{{" in source:
                    # a fact reference shows the fact's wording (the teacher's in a teacher
                    # cell), a contact reference the organisation's number
                    source = resolve_contacts(resolve_text(source, self.facts,
                                                           "teacher" in cell_tags(cell)))
                source = rename_text(source, names)
                if source != cell.source:  # one copy of the cell, whatever changed it
                    cell = nbformat.from_dict(cell)
                    cell.source = source
            uses = [WidgetUse(u.cell, u.call, project(u.content, reader) if u.content is not None
                              else None) for u in self.uses if u.cell == i]
            out.append(Block(i, cell, "teacher" in cell_tags(cell), uses))
        return out

    def view(self, view: View) -> "LessonView":
        return LessonView(self, view)


@dataclass
class LessonView:
    """A lesson as one reader sees it."""

    source: LessonSource
    view: View

    @cached_property
    def blocks(self) -> list[Block]:
        return self.source.blocks(self.view)

    @cached_property
    def meta(self) -> Any:
        return project(self.source.meta, self.view)

    @property
    def level(self) -> str:
        """The reading level this view is written at (the lesson's ``level``)."""
        return self.source.level

    @property
    def large_by_default(self) -> bool:
        """An easy-read worksheet is printed at large print (16 pt, one column) by default:
        see the README (Kijk Verder Eenvoudig) for why."""
        return (self.level == "eenvoudig" and self.view.role == "student"
                and self.view.medium == "print" and self.view.form == "page")

    def uses(self) -> list[WidgetUse]:
        return [u for b in self.blocks for u in b.uses]

    def fingerprint(self) -> str:
        """Hash of exactly what this reader sees: kept cells (source and tags), the projected
        content of their widgets, the projected lesson header and the language. A teacher-note
        edit changes the teacher's views only."""
        h = hashlib.sha256()
        h.update(json.dumps([self.view.role, self.view.medium, self.view.form,
                             self.source.language, self.source.name]).encode())
        h.update(json.dumps(dump_content(self.meta), sort_keys=True).encode())
        for b in self.blocks:
            h.update(json.dumps([b.kind, b.cell.source, cell_tags(b.cell)]).encode())
            for u in b.uses:
                data = dump_content(u.content) if u.content is not None else None
                h.update(json.dumps([u.name, u.path, u.kwargs, data], sort_keys=True).encode())
        for name, data in sorted(self.source.shared_bytes().items()):
            h.update(name.encode() + b"\0" + data)
        return h.hexdigest()
