"""Reading level of the student-facing text of a lesson (Flesch-Douma, via textstat).

Thresholds (documented in the README): lessons for students must score at least
``MIN_SCORE["leerlingen"]`` (about B1: short sentences, common words); the teacher guide and the
parents' evening, written for adults, at least ``MIN_SCORE["docenten"]`` / ``["ouders"]``.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

MIN_SCORE = {"leerlingen": 60.0, "docenten": 45.0, "ouders": 45.0}


def _plain(markdown: str) -> str:
    from handouts.render import markdown_to_html

    text = html.unescape(re.sub(r"<[^>]+>", " ", markdown_to_html(markdown)))
    return re.sub(r"\s+", " ", text).strip()


def _sentence(text: str) -> str:
    return text if text.rstrip().endswith((".", "?", "!")) else text + "."


def student_text(nb_path: Path) -> str:
    """Everything a student reads in this lesson on screen: the markdown cells a student sees and
    the prose of the content files (answers included: they appear after answering; teacher
    fields never). The schema's marks decide, not a list of field names here."""
    from widgets.schema import iter_text

    from .lessons import LessonSource, View

    view = LessonSource.open(nb_path).view(View("student", "screen"))
    parts = [_plain(b.cell.source) for b in view.blocks if b.kind == "markdown"]
    seen: set[str] = set()
    for use in view.uses():
        if use.content is None or use.path in seen or use.content.kind == "lesson":
            continue
        seen.add(use.path)
        parts.extend(_sentence(i.text) for i in iter_text(use.content)
                     if i.prose and i.mark != "teacher")
    return " ".join(parts)


def reading_ease(text: str) -> float:
    import textstat

    textstat.set_lang("nl")
    return float(textstat.flesch_reading_ease(text))


def lesson_score(nb_path: Path) -> float:
    return reading_ease(student_text(nb_path))
