"""The tool's side of a printed handout: which view of a lesson a print edition shows, and the
one markdown parser (:mod:`kijkverder.markdown`), handed to the print side (:mod:`handouts.render`),
which renders what it is given and imports nothing of the tool."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import widgets
from handouts.printlist import QUESTION_SLIPS, print_list_html
from handouts.render import lesson_html as render
from widgets.i18n import t, variant_for
from widgets.names import Names
from widgets.registry import school_names

from .lessons import LessonSource, View
from .markdown import to_html_parts
from .targets import edition_target, print_targets


def lesson_html(source: LessonSource | str | Path, edition: str,
                school: str | Path | None = None) -> str:
    """A complete HTML document for one lesson (a :class:`LessonSource` or its notebook path)
    and edition ("student", "teacher", "cards", "slips", "large", "large-cards"); ``school``:
    another school profile than ``school.yaml`` next to the lessons. The profile's ``namen``
    rename the lesson's characters (the view carries them)."""
    if not isinstance(source, LessonSource):
        source = LessonSource.open(source)
    target = edition_target(edition)
    names = school_names(school if school is not None else source.school_path)
    extra = print_list(source, names) if edition == "teacher" else None
    return render(source.view(replace(target.view, names=names)), target, to_html_parts, school,
                  print_list=extra)


def print_list(source: LessonSource, renames: Names = ()) -> str:
    """The teacher edition's print list of ``source``: its per-lesson PDFs
    (:func:`~kijkverder.targets.print_targets`) with the sheets its widgets print on paper
    (``paper_sheets`` of each widget in the cards view) and the question box slips."""
    targets = print_targets(source)
    # what the print list needs of each PDF (the print side imports nothing of the tool)
    pdfs = [{"name": tg.name, "file": tg.file_name(source), "advice": tg.print_advice,
             "copies": tg.copies} for tg in targets]
    names = {tg.name for tg in targets}
    variant = variant_for(source.meta)
    sheets = []
    for use in source.view(View("student", "print", "cards", renames)).uses():
        cls = widgets.widget_class(use.name)
        if cls.slips_for_students_only and source.meta.audience != "leerlingen":
            continue
        sheets += [s for s in cls.paper_sheets(use.content, **use.kwargs) if s["pdf"] in names]
    slips = next((tg for tg in targets if tg.copies == "student"), None)
    if slips:  # the question box, with the slips (handouts.render.view_blocks)
        sheets.append({"pdf": slips.name, "kind": "question", "title": t(
            "question_box_title", source.language, variant), "who": "student",
            "per_sheet": QUESTION_SLIPS, "envelope": True})
    # the easy series: its large-print cards carry the slips a student may need (lvb, teacher)
    large = [tg.file_name(source) for tg in print_targets(source, large=True)
             if tg.edition == "large-cards"] if variant == "eenvoudig" else []
    return print_list_html(pdfs, sheets, source.language, parents=source.meta.audience == "ouders",
                          team=source.meta.audience == "docenten",
                          large_cards=large[0] if large else None)
