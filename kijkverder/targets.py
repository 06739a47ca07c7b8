"""Every output of a lesson, registered in one table: its file name, its Dutch label, which view
of the lesson it shows, which module makes it, and whether the site offers it. A new output
(large print, a per-lesson book part) is one new row here plus one module; the build, the print
list, the site's start page, preview and present read this table, and no other module names an
output's file (``tests/test_targets.py``).

Who an output is for is decided here too, with one vocabulary: the audiences of ``les.yaml``
and ``--audience`` (:data:`AUDIENCE_ROLE`), the role each audience reads as (:func:`role_of`),
and which outputs a role may get (:func:`sees`: a student only the student views).

    for target in print_targets(source):       # the PDFs this lesson gets
        target.view, target.file_name(source), target.label
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

import widgets

from .lessons import View, default_lessons_root


def _always(_source: Any) -> bool:
    return True


def _card_copies(source: Any) -> set[str]:
    """Who gets copies of the lesson's card forms: "group" (cards), "student" (slips)."""
    classes = [widgets.widget_class(u.name)
               for u in source.view(View("student", "print", "cards")).uses()]
    # a form only for students (the private writing slip) makes no slips for parents or teachers
    students = source.meta.audience == "leerlingen"
    return {who for c in classes for who in ("group", "student") if c.card_templates(who)
            and (students or who != "student" or not c.slips_for_students_only)}


def _has_cards(source: Any) -> bool:
    """A lesson gets cut-out cards or slips when a widget it shows on paper has a card form."""
    return bool(_card_copies(source))


def _worksheet_not_large(source: Any) -> bool:
    """A separate large-print worksheet only for a lesson whose worksheet is not printed at large
    print already (the easy series' is: ``LessonView.large_by_default``)."""
    return not source.view(TARGETS["werkblad"].view).large_by_default


def _has_group_cards(source: Any) -> bool:
    """Cards a group shares (statements, conversation cards, a story): the knipkaarten."""
    return "group" in _card_copies(source)


def _has_slips(source: Any) -> bool:
    """Slips and sheets for every student (the self-check, voting cards): the strookjes."""
    return "student" in _card_copies(source)


#: Who a lesson or a release is for (``audience:`` in ``les.yaml``, ``--audience``), and the role
#: its reader has: the one vocabulary of audiences. Release, site and present ask :func:`role_of`.
AUDIENCE_ROLE: dict[str, str] = {"leerlingen": "student", "ouders": "student",
                                 "docenten": "teacher"}


def role_of(audience: str) -> str:
    """The role a reader of ``audience`` has (``student`` or ``teacher``); an unknown audience
    is refused (``ValueError``), never read as a student or a teacher."""
    if audience not in AUDIENCE_ROLE:
        raise ValueError(f"audience must be one of {tuple(AUDIENCE_ROLE)}")
    return AUDIENCE_ROLE[audience]


@dataclass(frozen=True)
class Target:
    name: str                 # Dutch name, used in file names ("werkblad")
    view: View
    module: str               # where it is made
    description: str
    label: str                    # Dutch, for teachers and students ("Werkblad in grote letters")
    edition: str | None = None    # print form name the widgets' templates know
    per_lesson: bool = True
    applies: Callable[[Any], bool] = _always
    large: bool = False           # large print: built on request (``kijkverder handouts --groot``)
    #: offered on the site's start page (to the readers who :func:`sees` it)
    on_site: bool = False
    #: a card form holds only the cards of this copy: "group" (a set per group) or "student"
    #: (a slip for every student); None: every card (or no cards)
    copies: str | None = None
    #: the print list's advice for this PDF (a key of ``handouts.printlist.WORDS``), if any
    print_advice: str | None = None
    #: a screen output made per audience (a release, a site): whose it is; its ``name`` is then
    #: its default output folder, and ``view.role`` is :func:`role_of` this audience
    audience: str | None = None

    def file_name(self, lesson: Any = None) -> str:
        """The PDF's file name: ``NN-slug-<name>.pdf`` for ``lesson`` (a
        :class:`~kijkverder.lessons.LessonSource` or its folder name), ``<name>.pdf`` for an
        output of every lesson (the book)."""
        if not self.per_lesson:
            return f"{self.name}.pdf"
        return f"{lesson if isinstance(lesson, str) else lesson.name}-{self.name}.pdf"


TARGETS: dict[str, Target] = {t.name: t for t in (
    # the build order (and the print list's); the site lists the class's PDFs in this order,
    # then the teacher's
    Target("werkblad", View("student", "print"), "handouts.render",
           "student worksheet (no answers, no teacher material)", "Werkblad",
           edition="student", on_site=True, print_advice="worksheet_copies"),
    Target("docentenversie", View("teacher", "print"), "handouts.render",
           "teacher edition (answers, plan, teacher cells)", "Docentenversie",
           edition="teacher", on_site=True, print_advice="teacher_copies"),
    Target("knipkaarten", View("student", "print", "cards"), "handouts.render",
           "cut-out cards, a set per group (statements, conversation cards, story)",
           "Knipkaarten (per soort kaart staat erop voor wie)", edition="cards",
           applies=_has_group_cards, on_site=True, copies="group"),
    Target("strookjes", View("student", "print", "cards"), "handouts.render",
           "self-check slips, one per student (four per sheet)", "Strookjes (één per leerling)",
           edition="slips", applies=_has_slips, on_site=True, copies="student"),
    Target("grote-letters", View("student", "print", "large"), "handouts.render",
           "large-print worksheet (16 pt, one column, A4)", "Werkblad in grote letters",
           edition="large", applies=_worksheet_not_large, large=True, on_site=True),
    # the cards' content at large print, one card per row: a student who needs large print gets
    # the same cards to hold and sort as the class
    Target("grote-letters-knipkaarten", View("student", "print", "cards"), "handouts.render",
           "large-print cut-out cards (one per row)", "Knipkaarten in grote letters",
           edition="large-cards", applies=_has_cards, large=True, on_site=True),
    Target("docentenboek", View("teacher", "print"), "handouts.render",
           "every teacher edition in one book", "Docentenboek", per_lesson=False, on_site=True),
    # made of the facts registry (lessons/feiten.yaml), built with the book
    Target("wat-zegt-de-wet", View("teacher", "print"), "handouts.render",
           "the teacher's law sheet from the facts registry", "Wat zegt de wet?",
           per_lesson=False),
    # one release and one site per audience, each in its own default folder (the row's name)
    Target("release", View("student", "screen"), "kijkverder.release",
           "student notebooks (kijkverder release)", "Leerlingnotebooks", audience="leerlingen"),
    Target("release-docenten", View("teacher", "screen"), "kijkverder.release",
           "the teacher guide's notebooks, with teacher material", "Notebooks voor docenten",
           audience="docenten"),
    Target("release-ouders", View("student", "screen"), "kijkverder.release",
           "the parents' evening notebooks", "Notebooks voor de ouderavond", audience="ouders"),
    Target("klasweergave", View("student", "screen"), "kijkverder.present",
           "projector view for the class", "klasweergave"),
    Target("docentenweergave", View("teacher", "screen"), "kijkverder.present",
           "projector view with teacher material (--teacher)",
           "docentenweergave (met docentenmateriaal)"),
    Target("site", View("student", "screen"), "kijkverder.site",
           "static offline site (JupyterLite) of the students' lessons", "Website (offline)",
           audience="leerlingen"),
    Target("site-docenten", View("teacher", "screen"), "kijkverder.site",
           "static offline site of every lesson, with teacher material",
           "Website voor docenten (offline)", audience="docenten"),
)}

#: The teacher book: every lesson's teacher edition (:data:`BOOK_PART`) bound in one PDF, and
#: the law sheet built with it.
BOOK, BOOK_PART, LAW_SHEET = (TARGETS["docentenboek"], TARGETS["docentenversie"],
                              TARGETS["wat-zegt-de-wet"])


def sees(role: str, target: Target) -> bool:
    """Whether a reader with ``role`` may get ``target``: a teacher every output, a student only
    the outputs of a student view (fail closed: any other role gets nothing)."""
    return role == "teacher" or (role == "student" and target.view.role == "student")


def audiences_of(module: str) -> tuple[str, ...]:
    """The audiences ``module`` makes a screen output for (a release, a site), in table order."""
    return tuple(t.audience for t in TARGETS.values() if t.module == module and t.audience)


def output_for(module: str, audience: str) -> Target:
    """The screen output ``module`` makes for ``audience`` (its name is the default folder);
    ``ValueError`` for an audience it makes none for."""
    for t in TARGETS.values():
        if t.module == module and t.audience == audience:
            return t
    raise ValueError(f"audience must be one of {audiences_of(module)}")


def site_targets(audience: str) -> list[Target]:
    """The PDFs the site for ``audience`` offers: the rows marked ``on_site`` that its readers
    :func:`sees`, the class's in the order of the table, then the teacher's."""
    role = role_of(audience)
    return sorted((t for t in TARGETS.values() if t.on_site and t.view.medium == "print"
                   and sees(role, t)), key=lambda t: t.view.role == "teacher")


def lesson_print_targets() -> list[Target]:
    """Every per-lesson PDF a lesson may get (whether it applies to a lesson or not)."""
    return [t for t in TARGETS.values() if t.per_lesson and t.edition is not None]


def print_targets(source: Any, large: bool = False) -> list[Target]:
    """The per-lesson PDFs ``source`` gets, in build order: the large-print ones if ``large``,
    otherwise the others."""
    return [t for t in lesson_print_targets() if t.large == large and t.applies(source)]


#: Print forms set at large print (``handouts/static/large.css`` on top of ``print.css``).
LARGE_EDITIONS = tuple(t.edition for t in TARGETS.values() if t.large and t.edition)


#: The printed editions by the name the widgets' print forms know: edition -> (file name, view).
EDITIONS: dict[str, tuple[str, View]] = {t.edition: (t.name, t.view) for t in TARGETS.values()
                                         if t.edition is not None}


def edition_target(edition: str) -> Target:
    """The per-lesson print target of an edition (the name the widgets' print forms know)."""
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {tuple(EDITIONS)}")
    return next(t for t in TARGETS.values() if t.edition == edition)


#: The packages of the program, whose files no output may replace (and which shape a PDF).
PACKAGES = ("handouts", "widgets", "kijkverder")


def package_roots() -> list[Path]:
    """The folders of :data:`PACKAGES` (found without importing them)."""
    from importlib.util import find_spec

    return [Path(find_spec(name).origin).resolve().parent  # type: ignore[union-attr,arg-type]
            for name in PACKAGES]


class OutputRefused(ValueError):
    """The output folder is one the build must not write into."""


def check_output_folder(out: Path, lessons_root: Path | Iterable[Path] | None = None) -> None:
    """Refuse an output folder inside (or equal to) the lessons or the package sources:
    ``lessons_root`` (one folder or several: the roots of the lessons being written) and the
    default lessons folder."""
    roots = [lessons_root] if isinstance(lessons_root, (str, os.PathLike)) else \
        list(lessons_root or [])
    target = Path(out).resolve()
    forbidden = [*(Path(r).resolve() for r in roots), default_lessons_root().resolve(),
                 *package_roots()]
    for place in forbidden:
        if target == place or place in target.parents:
            raise OutputRefused(f"kijkverder: {out}: output folder is inside {place}; choose a "
                                "folder outside the lessons and the program (e.g. handouts-pdf)")
