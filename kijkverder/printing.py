"""The tool's side of a printed handout: which view of a lesson a print edition shows, and the
one markdown parser (:mod:`kijkverder.markdown`), handed to the print side (:mod:`handouts.render`),
which renders what it is given and imports nothing of the tool."""
from __future__ import annotations

from pathlib import Path

from .lessons import LessonSource
from .markdown import to_html_parts
from .targets import edition_target


def lesson_html(source: LessonSource | str | Path, edition: str,
                school: str | Path | None = None) -> str:
    """A complete HTML document for one lesson (a :class:`LessonSource` or its notebook path)
    and edition ("student", "teacher", "cards", "slips", "large", "large-cards"); ``school``:
    another school profile than ``school.yaml`` next to the lessons."""
    from handouts.render import lesson_html as render

    if not isinstance(source, LessonSource):
        source = LessonSource.open(source)
    target = edition_target(edition)
    return render(source.view(target.view), target, to_html_parts, school)
