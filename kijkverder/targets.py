"""Every output of a lesson, registered in one table: what it is called, which view of the lesson
it shows, and which module makes it. A new output (large print, a per-lesson book part) is one new
row here plus one module; the build, the site and the docs read this table.

    for target in print_targets(source):       # the PDFs this lesson gets
        target.view, target.file_name(source)
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from .lessons import View, default_lessons_root


def _always(_source: Any) -> bool:
    return True


def _card_copies(source: Any) -> set[str]:
    """Who gets copies of the lesson's card forms: "group" (cards), "student" (slips)."""
    import widgets

    classes = [widgets.widget_class(u.name)
               for u in source.view(View("student", "print", "cards")).uses()]
    # a form only for students (the private writing slip) makes no slips for parents or teachers
    students = source.meta.audience == "leerlingen"
    return {who for c in classes for who in ("group", "student") if c.card_templates(who)
            and (students or who != "student" or not c.slips_for_students_only)}


def _has_cards(source: Any) -> bool:
    """A lesson gets cut-out cards or slips when a widget it shows on paper has a card form."""
    return bool(_card_copies(source))


def _has_group_cards(source: Any) -> bool:
    """Cards a group shares (statements, conversation cards, a story): the knipkaarten."""
    return "group" in _card_copies(source)


def _has_slips(source: Any) -> bool:
    """Slips and sheets for every student (the self-check, voting cards): the strookjes."""
    return "student" in _card_copies(source)


@dataclass(frozen=True)
class Target:
    name: str                 # Dutch name, used in file names ("werkblad")
    view: View
    module: str               # where it is made
    description: str
    edition: str | None = None    # print form name the widgets' templates know
    per_lesson: bool = True
    applies: Callable[[Any], bool] = _always
    large: bool = False           # large print: built on request (``kijkverder handouts --groot``)

    def file_name(self, source: Any) -> str:
        return f"{source.name}-{self.name}.pdf"


TARGETS: dict[str, Target] = {t.name: t for t in (
    Target("werkblad", View("student", "print"), "handouts.render",
           "student worksheet (no answers, no teacher material)", edition="student"),
    Target("docentenversie", View("teacher", "print"), "handouts.render",
           "teacher edition (answers, plan, teacher cells)", edition="teacher"),
    Target("knipkaarten", View("student", "print", "cards"), "handouts.render",
           "cut-out cards, a set per group (statements, conversation cards, story)",
           edition="cards", applies=_has_group_cards),
    Target("strookjes", View("student", "print", "cards"), "handouts.render",
           "self-check slips, one per student (four per sheet)", edition="slips",
           applies=_has_slips),
    Target("grote-letters", View("student", "print", "large"), "handouts.render",
           "large-print worksheet (16 pt, one column, A4)", edition="large", large=True),
    # the cards' content at large print, one card per row: a student who needs large print gets
    # the same cards to hold and sort as the class
    Target("grote-letters-knipkaarten", View("student", "print", "cards"), "handouts.render",
           "large-print cut-out cards (one per row)", edition="large-cards", applies=_has_cards,
           large=True),
    Target("docentenboek", View("teacher", "print"), "handouts.render",
           "every teacher edition in one book", per_lesson=False),
    # made of the facts registry (lessons/feiten.yaml), built with the book
    Target("wat-zegt-de-wet", View("teacher", "print"), "handouts.render",
           "the teacher's law sheet from the facts registry", per_lesson=False),
    Target("leerlingnotebooks", View("student", "screen"), "kijkverder.release",
           "student notebooks (release, lab, static site)"),
    Target("klasweergave", View("student", "screen"), "kijkverder.present",
           "projector view for the class"),
    Target("docentenweergave", View("teacher", "screen"), "kijkverder.present",
           "projector view with teacher material (--teacher)"),
    Target("site", View("student", "screen"), "kijkverder.site",
           "static offline site (JupyterLite)"),
)}


def print_targets(source: Any, large: bool = False) -> list[Target]:
    """The per-lesson PDFs ``source`` gets, in build order: the large-print ones if ``large``,
    otherwise the others."""
    return [t for t in TARGETS.values()
            if t.per_lesson and t.edition is not None and t.large == large and t.applies(source)]


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
