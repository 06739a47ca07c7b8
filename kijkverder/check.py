"""``kijkverder check``: validate lesson notebooks and content files.

Prints one line per problem, ``PATH: field: what is wrong (fix)``, and never a traceback.
"""
from __future__ import annotations

import difflib
import html
import re
from pathlib import Path
from typing import Any, Iterable, Iterator

import widgets
from widgets.contentio import ContentError, Problem, display_path, file_problem, read_text_file
from widgets.helpcard import MAX_SHORT_NUMBERS, short_sites
from widgets.lesson import glossary_for
from widgets.models.facts import FACTS_FILE
from widgets.registry import SCHOOL_EXAMPLE, SCHOOL_FILE, registry
from widgets.schema import load_content

from . import easyread
from .cells import KNOWN_TAGS, CellCodeError, cell_tags, parse_calls
from .language import check_files
from .lessons import (LESSON_DIR_RE, LESSON_FILE, LESSON_SUFFIXES, LessonError, LessonSource,
                      files_under, parse_notebook, ref_problem, shared_entries)
from .readability import MIN_SCORE, lesson_score
from .serve import make_private_dir
from .snapshot import SCRATCH_PREFIX, take
from .textrules import (HIDDEN_RE, SCHOOL_TEXT_FIX, fact_ref_problems, facts_near, facts_problems,
                        markdown_problems, registry_problems, string_fields, text_problems)

MAX_CODE_LINES = 3
#: Keyword arguments each widget documents for lesson code; anything else (e.g. ``teacher=``,
#: which would let lesson code choose the audience) is refused.
ALLOWED_KEYWORDS: dict[str, tuple[str, ...]] = {
    # orgs: the short card of the easy-read series; sites: its lines with a website, no number
    "HelpCard": ("topics", "orgs", "sites"),
    "Agreements": ("audience",),  # leerlingen or ouders: whom the agreements address
    "Timer": ("minutes", "seconds", "label"),
    "SelfCheck": ("moment",),  # "voor" (start of the lesson) or "na" (end)
}
#: A fact's ``checked`` date older than this many days gives a warning.
FACT_MAX_AGE_DAYS = 365


def fact_warnings(paths: Iterable[str | Path], today: Any = None) -> list[Problem]:
    """Facts of the registries under ``paths`` (or next to the lessons named) last checked more
    than a year before ``today``: a warning each, naming the fact and its date."""
    import datetime

    today = today or datetime.date.today()
    files: set[Path] = set()
    for f, _root in _targets(paths):
        if f.name == FACTS_FILE:
            files.add(f)
        elif f.suffix == ".ipynb" and (f.parent.parent / FACTS_FILE).is_file():
            files.add(f.parent.parent / FACTS_FILE)
    out = []
    for f in sorted(files):
        try:
            content = load_content(f, expected_kind="facts")
        except ContentError:
            continue  # reported by check
        for i, fact in enumerate(content.facts):
            age = (today - datetime.date.fromisoformat(fact.checked)).days
            if age > FACT_MAX_AGE_DAYS:
                out.append(Problem(display_path(f), f"facts[{i}].checked", f"warning: fact "
                                   f"{fact.id!r} was last checked on {fact.checked}, more than a "
                                   "year ago; check it against its source and update 'checked'"))
    return out


#: Lesson notebooks must show these widgets.
REQUIRED_WIDGETS = ("Lesson", "Agreements", "HelpCard")


#: The school profile's contact fields, validated by its schema (``SchoolContent``): the
#: school's domain and reception number, its people's school e-mail, local help's phone and
#: domain. Every other field (``name``, ``where``, ``when``, ``role``, ``for``) is free text and
#: gets the contact rule like lesson text.
SCHOOL_CONTACT_FIELD_RE = re.compile(r"^(?:web|phone|(?:contacts\[\d+\]|meldcode)\.email|"
                                     r"local_help\[\d+\]\.(?:web|phone))$")


def is_school_profile(path: Path) -> bool:
    """Whether ``path`` is where a school profile belongs: ``school.yaml`` (or the shipped
    ``school.example.yaml``) in the lessons folder, next to ``begrippen.yaml``, never inside a
    lesson folder. Only there may a file hold contact details (besides the help registry)."""
    return (Path(path).name in (SCHOOL_FILE, SCHOOL_EXAMPLE)
            and not LESSON_DIR_RE.match(Path(path).absolute().parent.name))


def check_content_file(path: Path, expected_kind: str | None = None,
                       root: Path | None = None, school: bool = False) -> list[Problem]:
    """Problems of one content file; ``root`` is the lesson folder it must stay in. ``school``:
    the file was named as the school profile (``--school PATH``), whatever its name."""
    shown = display_path(path)
    try:
        content = load_content(path, expected_kind=expected_kind, root=root)
    except ContentError as e:
        return e.problems
    probs: list[Problem] = []
    profile = content.kind == "school"
    if profile and not (school or is_school_profile(path)):
        probs.append(Problem(shown, "kind", "a school profile must be the file school.yaml in the "
                             "lessons folder, next to begrippen.yaml; move it there (contact "
                             "details are allowed only in that file)"))
        profile = False
    data = content.model_dump(mode="json", by_alias=True)
    registry_file = content.kind == "facts"
    if registry_file:
        probs.extend(facts_problems(shown, content))
    facts = None if registry_file else facts_near(path)
    raw: str | None = None
    for field, text, context in string_fields(data):
        if re.fullmatch(r"terms\[\d+\]", field):
            continue  # references to glossary entries, not prose
        if registry_file and re.fullmatch(r"facts\[\d+\]\.source\.(url|title|publisher)", field):
            # where a fact was checked (a citation with its years and site): validated by the
            # schema, teacher only (TEACHER mark), never in a student output
            continue
        probs.extend(text_problems(
            shown, field, text, context,
            contacts_allowed=profile and bool(SCHOOL_CONTACT_FIELD_RE.search(field)),
            contact_fix=SCHOOL_TEXT_FIX if profile else None))
        if not registry_file:
            if raw is None:
                raw = read_text_file(path, root=root)
            probs.extend(registry_problems(shown, field, text, raw))
            probs.extend(fact_ref_problems(shown, field, text, facts))
    return probs


def check_school(path: Path) -> list[Problem]:
    """Problems of a school profile named on the command line (``--school PATH``): the same
    one-line errors as ``check``; the file must have ``kind: school``."""
    odd = file_problem(path, Path(path).parent)
    if odd is not None:
        return [odd]
    return check_content_file(Path(path), expected_kind="school", school=True)


def _shared(notebook: Path) -> list[Path]:
    """The shared files next to the lesson folders that a lesson uses (glossary, school profile,
    facts), broken links included: check reports them."""
    return shared_entries(Path(notebook).parent.parent)


def _tag_problem(shown: str, where: str, tag: Any) -> Problem:
    """An unknown tag; when the intent is obvious (case, spaces, '_', a typo) suggest the fix."""
    known = list(KNOWN_TAGS)
    guess = None
    if isinstance(tag, str):
        norm = re.sub(r"[\s_]+", "-", tag.strip().lower())
        guess = norm if norm in KNOWN_TAGS else next(
            iter(difflib.get_close_matches(norm, known, n=1, cutoff=0.75)), None)
    if guess:
        return Problem(shown, f"{where}.metadata.tags", f"unknown tag {tag!r}; did you mean "
                       f"{guess!r}? (tags are exact: lowercase, no spaces; fix the tag)")
    return Problem(shown, f"{where}.metadata.tags", f"unknown tag {tag!r}; use "
                   f"{', '.join(known)} (or remove it)")


def check_lesson(notebook: Path) -> list[Problem]:
    """Every problem of one lesson: its notebook, the content files its cells load (within the
    lesson folder), ``les.yaml`` and the glossary. Used by ``check`` and before every build."""
    notebook = Path(notebook)
    probs = check_notebook(notebook)
    if (notebook.parent / LESSON_FILE).exists():
        for f in _shared(notebook):
            probs += check_content_file(f, expected_kind={"school.yaml": "school",
                                                          "feiten.yaml": "facts"}.get(f.name, "glossary"))
    return list(dict.fromkeys(probs))


def check_notebook(path: Path, parsed: dict[Path, Any] | None = None) -> list[Problem]:
    """Problems of one notebook (and, in a lesson folder, of the lesson). ``parsed``: notebooks
    this command already read, by path (:func:`~kijkverder.lessons.parse_notebook`, the one
    reader); one read here is added to it, so a command parses a notebook once."""
    import nbformat

    shown = display_path(path)
    nb, unread = parse_notebook(path, parsed)
    if nb is None:
        return unread
    probs: list[Problem] = []
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as e:
        probs.append(Problem(shown, "(file)", f"notebook format error: {e.message}"))
    lesson_dir = path.parent
    #: the widget gallery shows authors the code, so its inputs stay visible
    gallery = bool(nb.metadata.get("kijkverder", {}).get("gallery"))
    used: set[str] = set()
    has_teacher = False
    for i, cell in enumerate(nb.cells):
        where = f"cells[{i}]"
        tags = cell_tags(cell)
        for tag in tags:
            if tag not in KNOWN_TAGS:
                probs.append(_tag_problem(shown, where, tag))
        if "teacher" in tags:
            has_teacher = True
        if cell.cell_type == "markdown":
            # entities (&#x200B;, &#48;800) become characters on screen: check what is shown
            probs.extend(text_problems(shown, where, html.unescape(cell.source)))
            probs.extend(markdown_problems(shown, where, cell.source, lesson_dir))
            probs.extend(registry_problems(shown, where, html.unescape(cell.source)))
            if "{{" in cell.source:
                probs.extend(fact_ref_problems(shown, where, cell.source, facts_near(path)))
        elif cell.cell_type == "code" and "teacher" not in tags and _calls(cell, "LawSheet"):
            probs.append(Problem(shown, where, "LawSheet is teacher material; tag the cell "
                                 "'teacher' (it never goes to students)"))
        elif cell.cell_type == "code":
            probs.extend(_check_code_cell(shown, where, cell, lesson_dir, used, gallery))
        elif cell.cell_type == "raw":
            # nbconvert and Voilà pass a raw cell's text into the page and the PDF as it is,
            # unparsed: nothing could check it, so a lesson has none
            probs.append(Problem(shown, where, "raw cell: its text goes into pages and PDFs "
                                 "unchecked; make it a Markdown cell (or delete it)"))
    probs.extend(selfcheck_problems(shown, nb))
    if (lesson_dir / LESSON_FILE).exists():
        probs.extend(_check_lesson(path, shown, nb, lesson_dir, used, has_teacher, parsed))
    return probs


def _calls(cell: Any, name: str) -> bool:
    """Whether a code cell calls widget ``name`` (a broken cell is reported elsewhere)."""
    try:
        return any(c.name == name for c in parse_calls(cell.source, widgets.WIDGETS))
    except CellCodeError:
        return False


def selfcheck_problems(shown: str, nb: Any) -> list[Problem]:
    """A lesson asks each self-check twice, at the start (``moment="voor"``) and at the end
    (``moment="na"``), in that order, or not at all: one without the other measures nothing."""
    moments: dict[str, list[tuple[int, str]]] = {}
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        try:
            calls = parse_calls(cell.source, widgets.WIDGETS)
        except CellCodeError:
            continue  # reported with the cell
        for call in calls:
            if call.name == "SelfCheck" and call.path is not None:
                moments.setdefault(call.path, []).append((i, call.kwargs.get("moment", "voor")))
    probs = []
    for path, found in moments.items():
        seen = [m for _i, m in found]
        for want, other, where in (("voor", "na", "at the start"), ("na", "voor", "at the end")):
            if want not in seen and other in seen:
                cell = next(i for i, m in found if m == other)
                probs.append(Problem(shown, f"cells[{cell}]", f"SelfCheck {path!r} has no "
                                     f"moment=\"{want}\" cell; add SelfCheck.load({path!r}, "
                                     f"moment=\"{want}\") {where} of the lesson, or remove this one"))
        for m in ("voor", "na"):
            cells = [i for i, mm in found if mm == m]
            if len(cells) > 1:
                probs.append(Problem(shown, f"cells[{cells[1]}]", f"SelfCheck {path!r} is asked "
                                     f"twice with moment=\"{m}\"; keep one of them"))
        first_na = min((i for i, m in found if m == "na"), default=None)
        first_voor = min((i for i, m in found if m == "voor"), default=None)
        if first_na is not None and first_voor is not None and first_na < first_voor:
            probs.append(Problem(shown, f"cells[{first_na}]", f"SelfCheck {path!r}: the "
                                 "moment=\"na\" cell comes before the moment=\"voor\" cell; put "
                                 "\"voor\" at the start of the lesson and \"na\" at the end"))
    return probs


def _check_code_cell(shown: str, where: str, cell: Any, lesson_dir: Path,
                     used: set[str], gallery: bool = False) -> list[Problem]:
    probs = []
    hidden = sorted(set(HIDDEN_RE.findall(cell.source)))
    if hidden:
        probs.append(Problem(shown, where, "contains hidden character(s) " + ", ".join(
            f"U+{ord(c):04X}" for c in hidden) + "; delete them"))
    lines = [ln for ln in cell.source.splitlines() if ln.strip()]
    if len(lines) > MAX_CODE_LINES:
        probs.append(Problem(shown, where, f"code cell has {len(lines)} lines (at most "
                             f"{MAX_CODE_LINES}); move content into a YAML file"))
    if not gallery and not cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"):
        probs.append(Problem(shown, f"{where}.metadata.jupyter.source_hidden",
                             "code input must be hidden for students; set it to true"))
    try:
        calls = parse_calls(cell.source, widgets.WIDGETS)
    except CellCodeError as e:
        return probs + [Problem(shown, where, str(e))]
    for call in calls:
        used.add(call.name)
        allowed = ALLOWED_KEYWORDS.get(call.name, ())
        for kw in call.kwargs:
            if kw in allowed:
                continue
            why = ("the view (class or teacher) comes from how the lesson is opened, never from "
                   "lesson code" if kw == "teacher" else
                   f"it takes {', '.join(k + '=' for k in allowed)} only" if allowed else
                   "it takes no keywords")
            probs.append(Problem(shown, where, f"{call.name} does not take {kw}=; {why}; remove it"))
        try:
            cls = widgets.widget_class(call.name)
        except Exception as e:  # a widget module that fails to import
            probs.append(Problem(shown, where, f"widget {call.name} cannot be imported ({e})"))
            continue
        if not getattr(cls, "print_template", None):
            probs.append(Problem(shown, where, f"widget {call.name} has no print form; add a "
                                 "print_template to it"))
        if call.path is not None:
            target = lesson_dir / call.path
            if cls.kind is None:
                probs.append(Problem(shown, where, f"{call.name} has no content file; call "
                                     f"{call.name}() instead"))
            elif ref_problem(lesson_dir, call.path) is not None:
                probs.append(Problem(shown, where, f"{ref_problem(lesson_dir, call.path)}; "
                                     "never outside the lesson folder"))
            elif not target.exists() and not target.is_symlink():
                probs.append(Problem(shown, where, f"{call.path!r} not found next to the notebook; "
                                     "check the file name"))
            else:
                probs.extend(check_content_file(target, expected_kind=cls.kind, root=lesson_dir))
        if call.name == "SelfCheck":
            moment = call.kwargs.get("moment", "voor")
            if moment not in ("voor", "na"):
                probs.append(Problem(shown, where, f"SelfCheck moment={moment!r} is not a moment; "
                                     "use moment=\"voor\" (start of the lesson) or moment=\"na\" "
                                     "(end)"))
        if call.name == "HelpCard" and call.kwargs.get("topics"):
            try:
                registry().for_topics(call.kwargs["topics"])
            except ValueError as e:
                probs.append(Problem(shown, where, str(e)))
        if call.name == "HelpCard" and (call.kwargs.get("orgs") is not None
                                        or call.kwargs.get("sites") is not None):
            probs.extend(_short_card_problems(shown, where, call.kwargs))
    return probs


def _short_card_problems(shown: str, where: str, kwargs: dict[str, Any]) -> list[Problem]:
    """``HelpCard(orgs=[...], sites=[...])``: lists of known ids, not with topics, at most three
    numbers; ``sites`` only with ``orgs``, each with a website."""
    orgs, sites = kwargs.get("orgs"), kwargs.get("sites")
    if sites is not None:
        if orgs is None:
            return [Problem(shown, where, "HelpCard sites= belongs to the short card; add "
                            "orgs=[...] or remove sites=")]
        if not isinstance(sites, list) or not all(isinstance(o, str) for o in sites):
            return [Problem(shown, where, "HelpCard sites= must be a list of organisation ids, "
                            "like sites=[\"helpwanted\"]")]
        try:
            short_sites(sites)
        except ValueError as e:
            return [Problem(shown, where, str(e))]
    if not isinstance(orgs, list) or not orgs or not all(isinstance(o, str) for o in orgs):
        return [Problem(shown, where, "HelpCard orgs= must be a list of organisation ids, like "
                        "orgs=[\"kindertelefoon\"]")]
    if kwargs.get("topics"):
        return [Problem(shown, where, "HelpCard takes topics= or orgs=, not both; remove one")]
    try:
        card = registry().short_card(orgs)
    except ValueError as e:
        return [Problem(shown, where, str(e))]
    numbers = [o.phone for o in card if o.phone]
    if len(numbers) > MAX_SHORT_NUMBERS:
        return [Problem(shown, where, f"the short help card has {len(numbers)} phone numbers "
                        f"({', '.join(numbers)}); at most {MAX_SHORT_NUMBERS} (112 and 113 are "
                        "always on it): name fewer organisations in orgs=")]
    return []


def _check_lesson(path: Path, shown: str, nb: Any, lesson_dir: Path, used: set[str],
                  has_teacher: bool, parsed: dict[Path, Any] | None = None) -> list[Problem]:
    probs = []
    try:
        meta = load_content(lesson_dir / LESSON_FILE, expected_kind="lesson")
    except ContentError as e:
        return e.problems
    if not meta.plan:
        probs.append(Problem(display_path(lesson_dir / LESSON_FILE), "plan", "a lesson needs a "
                             "timed plan for the teacher; add steps with minutes and activity"))
    elif not meta.short and meta.level != "eenvoudig":  # the easy series: 2 blocks of 25 min
        probs.append(Problem(display_path(lesson_dir / LESSON_FILE), "short", "a lesson needs a "
                             "line for a shorter period ('Met 40 minuten' under the plan); add "
                             "'short:' saying what the teacher leaves out with 40 minuten"))
    try:
        glossary_for(lesson_dir / LESSON_FILE, list(meta.terms), parents=meta.audience == "ouders")
    except ContentError as e:
        probs.extend(e.problems)
    for name in REQUIRED_WIDGETS:
        if name not in used:
            example = 'Lesson.load("les.yaml")' if name == "Lesson" else f"{name}()"
            probs.append(Problem(shown, "(lesson)", f"no {name} in this lesson; add a code cell "
                                 f"with {example}"))
    if not has_teacher:
        probs.append(Problem(shown, "(lesson)", "no cell tagged 'teacher'; add the teacher's "
                             "content note (what may come up, what to do on disclosure)"))
    # the lesson model, tolerant, on the notebook read above (not parsed again); one that does
    # not open (broken code or content, reported by the checks above) is not measured
    source, broken = LessonSource.read(path, nb, parsed)
    source = None if broken else source
    score = lesson_score(source) if source is not None else MIN_SCORE[meta.audience]
    if score < MIN_SCORE[meta.audience]:
        probs.append(Problem(shown, "(lesson)", f"reading level too hard: Flesch-Douma {score:.0f} "
                             f"< {MIN_SCORE[meta.audience]:.0f} for {meta.audience}; use shorter "
                             "sentences and more common words"))
    if meta.level == "eenvoudig" and source is not None:  # the easy-read series: the A2 profile
        probs.extend(easyread.problems(source))
    first = nb.cells[0] if nb.cells else None
    if first is None or first.cell_type != "markdown" or not first.source.lstrip().startswith("# "):
        probs.append(Problem(shown, "cells[0]", "the first cell must be markdown starting with "
                             f"'# Les {meta.number.upper()} · {meta.title}'"))
    elif meta.title not in first.source.splitlines()[0]:
        probs.append(Problem(shown, "cells[0]", f"the title must match les.yaml ({meta.title!r})"))
    return probs


def _targets(paths: Iterable[str | Path]) -> Iterator[tuple[Path, Path]]:
    """(file, lesson folder it must stay in) for every notebook and content file under ``paths``
    (:func:`~kijkverder.lessons.files_under`)."""
    return files_under(paths)


def check_paths(paths: Iterable[str | Path],
                parsed: dict[Path, Any] | None = None) -> list[Problem]:
    """Problems of every notebook and content file under ``paths``, each reported once.
    ``parsed``: notebooks already read, by path, and where the ones read here go
    (:func:`check_notebook`)."""
    problems: list[Problem] = []
    for f, root in _targets(paths):
        try:
            odd = file_problem(f, root)
            if odd is not None:
                problems.append(odd)
            elif f.suffix == ".ipynb":
                problems.extend(check_notebook(f, parsed))
            elif f.suffix in (".yaml", ".yml"):
                kind = "school" if f.name == "school.yaml" and is_school_profile(f) else None
                problems.extend(check_content_file(f, expected_kind=kind, root=root))
            else:
                problems.append(Problem(display_path(f), "(file)", "not a notebook (.ipynb) or "
                                        "content file (.yaml)"))
        except Exception as e:  # never a traceback: report and go on
            problems.append(Problem(display_path(f), "(file)", f"could not be checked "
                                    f"({type(e).__name__}: {e})"))
    return list(dict.fromkeys(problems))


def check_language(paths: Iterable[str | Path], speller: Any = None,
                   parsed: dict[Path, Any] | None = None) -> list[Problem]:
    """The Dutch of every notebook and content file under ``paths`` (the files
    :func:`check_paths` checks): spelling against hunspell-nl and the project word list, the
    d/t rule and the style rules (:mod:`kijkverder.language`), in one call to ``speller`` (a
    :class:`~kijkverder.language.Speller`; None: no spelling). Kept out of :func:`check_paths` on
    purpose: a typo is not a safety problem, so :func:`gate` never refuses a build for it.
    Raises :class:`~kijkverder.language.SpellingUnavailable` when hunspell fails."""
    files = [(f, root) for f, root in _targets(paths)
             if f.suffix in LESSON_SUFFIXES and file_problem(f, root) is None]
    return check_files(files, speller, parsed)


def gate(notebooks: Iterable[Path], parsed: dict[Path, Any] | None = None
         ) -> tuple[list[Any], dict[str, list[Problem]]]:
    """Fail closed: the lessons that pass ``kijkverder check``, opened as
    :class:`~kijkverder.lessons.LessonSource`, and the refused ones with their problems.
    Every command that makes something for students builds only from the first list.
    ``parsed``: notebooks the caller already read (by the paths given here), so check and the
    lesson model use that one parse."""
    import shutil

    ok: list[Any] = []
    refused: dict[str, list[Problem]] = {}
    notebooks = [Path(nb) for nb in notebooks]
    # read once: the lessons are copied (bounded) into a private folder, checked and opened from
    # there, so what is handed out is exactly what was checked, whatever is saved meanwhile
    tmp = make_private_dir(SCRATCH_PREFIX)
    try:
        snap = take(notebooks, tmp / "lessons")
        # a notebook the caller parsed stands for its copy: check and the lesson model both use
        # that one parse, so what is handed out is still exactly what was checked
        read = {snap.notebooks[Path(nb).absolute()]: data for nb, data in (parsed or {}).items()
                if Path(nb).absolute() in snap.notebooks}
        for nb in notebooks:
            copy = snap.notebooks[nb.absolute()]
            # the same as check_lesson, never a traceback
            problems = check_paths([copy, *_shared(copy)], read)
            if not problems:
                try:
                    source = LessonSource.open(copy, parsed=read)
                    source.shared = source.shared_bytes()
                    source.notebook = nb  # named and placed as the original
                    ok.append(source)
                    continue
                except LessonError as e:
                    problems = e.problems
            refused[nb.parent.name] = [snap.problem(p) for p in problems]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return ok, refused
