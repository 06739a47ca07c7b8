"""Reading level of the student-facing text of a lesson (Flesch-Douma, via textstat).

Thresholds (documented in the README): lessons for students must score at least
``MIN_SCORE["leerlingen"]`` (about B1: short sentences, common words); the teacher guide and the
parents' evening, written for adults, at least ``MIN_SCORE["docenten"]`` / ``["ouders"]``.
"""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any, Iterator

import nbformat

from widgets.schema import ContentError, parse_yaml, read_text_file

from .cells import cell_tags

MIN_SCORE = {"leerlingen": 60.0, "docenten": 45.0, "ouders": 45.0}
#: Fields that never reach students (teacher material) or are not prose.
SKIP_KEYS = {"hint", "teacher_note", "plan", "sources", "kind", "id", "next", "category",
             "correct", "type", "number", "audience", "duration", "terms", "lines", "start",
             "tally", "year", "value", "unit", "source"}


def _plain(markdown: str) -> str:
    from handouts.render import markdown_to_html

    text = html.unescape(re.sub(r"<[^>]+>", " ", markdown_to_html(markdown)))
    return re.sub(r"\s+", " ", text).strip()


def _yaml_prose(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for k, v in data.items():
            if k not in SKIP_KEYS:
                yield from _yaml_prose(v)
    elif isinstance(data, list):
        for v in data:
            yield from _yaml_prose(v)
    elif isinstance(data, str):
        yield data if data.rstrip().endswith((".", "?", "!")) else data + "."


def student_text(nb_path: Path) -> str:
    """Everything a student reads in this lesson: non-teacher markdown + content files' prose."""
    nb = nbformat.read(nb_path, as_version=4)
    parts = [_plain(c.source) for c in nb.cells
             if c.cell_type == "markdown" and "teacher" not in cell_tags(c)]
    source = nb_path.read_text("utf-8")
    for f in sorted(nb_path.parent.glob("*.yaml")):
        if f.name != "les.yaml" and f.name in source:
            try:  # the content loader: no aliases, no odd files (check reports those itself)
                data = parse_yaml(read_text_file(f), str(f))
            except ContentError:
                continue
            parts.extend(_yaml_prose(data))
    return " ".join(parts)


def reading_ease(text: str) -> float:
    import textstat

    textstat.set_lang("nl")
    return float(textstat.flesch_reading_ease(text))


def lesson_score(nb_path: Path) -> float:
    return reading_ease(student_text(nb_path))
