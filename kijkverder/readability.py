"""Reading level of the student-facing text of a lesson (Flesch-Douma, via textstat).

Thresholds (documented in the README): lessons for students must score at least
``MIN_SCORE["leerlingen"]`` (about B1: short sentences, common words); the teacher guide and the
parents' evening, written for adults, at least ``MIN_SCORE["docenten"]`` / ``["ouders"]``.
"""
from __future__ import annotations

import html
import re
from typing import Any

from widgets.marks import iter_text

from .lessons import LessonSource, View
from .markdown import to_html as markdown_to_html

MIN_SCORE = {"leerlingen": 60.0, "docenten": 45.0, "ouders": 45.0}


def _plain(markdown: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", markdown_to_html(markdown)))
    return re.sub(r"\s+", " ", text).strip()


def _sentence(text: str) -> str:
    return text if text.rstrip().endswith((".", "?", "!")) else text + "."


def student_text(lesson: Any) -> str:
    """Everything a student reads in this lesson (a notebook path or an open
    :class:`~kijkverder.lessons.LessonSource`) on screen: the markdown cells a student sees and
    the prose of the content files (answers included: they appear after answering; teacher
    fields never). The schema's marks decide, not a list of field names here."""
    view = LessonSource.of(lesson).view(View("student", "screen"))
    parts = [_plain(b.cell.source) for b in view.blocks if b.kind == "markdown"]
    seen: set[str] = set()
    for use in view.uses():
        if use.content is None or use.path in seen or use.content.kind == "lesson":
            continue
        seen.add(use.path)
        parts.extend(_sentence(i.text) for i in iter_text(use.content)
                     if i.prose and i.mark != "teacher")
    return " ".join(parts)


def _import_textstat() -> Any:
    """textstat, without importing ``nltk`` (0.25-0.45 s of every ``kijkverder check``).
    textstat imports nltk at module level for English syllable counts (CMUdict) only; Dutch
    uses pyphen. While textstat is imported, ``nltk`` is a stand-in module whose attributes
    (PEP 562 ``__getattr__``) import the real nltk on first use, so English still works. The
    stand-in is not left in ``sys.modules``: any other ``import nltk`` gets the real one.
    (``importlib.util.LazyLoader`` does not help here: the import statement itself reads
    ``__spec__``, which loads the module.)"""
    import importlib
    import sys
    import types

    if "textstat" in sys.modules or "nltk" in sys.modules:
        return importlib.import_module("textstat")
    stand_in = types.ModuleType("nltk")

    def real(name: str) -> Any:
        if sys.modules.get("nltk") is stand_in:
            del sys.modules["nltk"]
        return getattr(importlib.import_module("nltk"), name)

    stand_in.__getattr__ = real  # type: ignore[method-assign]
    sys.modules["nltk"] = stand_in
    try:
        return importlib.import_module("textstat")
    finally:
        if sys.modules.get("nltk") is stand_in:
            del sys.modules["nltk"]


def reading_ease(text: str) -> float:
    textstat = _import_textstat()

    textstat.set_lang("nl")
    return float(textstat.flesch_reading_ease(text))


def lesson_score(lesson: Any) -> float:
    """The Flesch-Douma score of :func:`student_text` (a notebook path or an open lesson)."""
    return reading_ease(student_text(lesson))
