"""Lesson header (title, duration, goals, key terms) and the class agreements."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as W

from .base import ContentWidget, esc
from .agreements_text import AGREEMENTS, AGREEMENTS_EASY, AGREEMENTS_PARENTS
from .i18n import get_language
from .contentio import ContentError, Problem
from .models.base import ADDRESSES_READER
from .models.lesson import GlossaryContent, LessonContent
from .schema import load_content

GLOSSARY_FILE = "begrippen.yaml"


def glossary_for(lesson_file: str | Path | None, terms: list[str],
                 parents: bool = False) -> list[dict[str, str]]:
    """Definitions of ``terms`` from the shared glossary next to the lesson folders; with
    ``parents`` (the parents' evening) their parents' wording, and a :class:`ContentError` for
    a term whose only definition speaks to a student ("je")."""
    if not terms:
        return []
    base = Path(lesson_file).resolve().parent.parent if lesson_file else Path.cwd().parent
    gloss: GlossaryContent = load_content(base / GLOSSARY_FILE, expected_kind="glossary")
    by_term = {x.term.lower(): x for x in gloss.terms}
    out, missing, students = [], [], []
    for term in terms:
        entry = by_term.get(term.lower())
        if entry is None:
            missing.append(term)
            continue
        definition = entry.for_reader(parents)
        if parents and ADDRESSES_READER.search(definition):
            students.append(entry.term)
        out.append({"term": entry.term, "definition": definition})
    problems = [Problem(str(lesson_file), "terms",
                        f"{missing} not in {GLOSSARY_FILE}; add them there")] if missing else []
    if students:
        problems.append(Problem(str(base / GLOSSARY_FILE), "terms",
                                f"{students} speak to a student ('je') in a parents' lesson; give "
                                "each a 'parents:' definition (neutral or with 'u')"))
    if problems:
        raise ContentError(problems)
    return out


class Lesson(ContentWidget):
    """``Lesson.load("les.yaml")``: duration, goals and key terms (the title is the notebook's H1)."""

    kind = "lesson"
    print_template = "lesson.html.j2"
    content: LessonContent

    def _build(self, **kwargs: Any) -> list[W.Widget]:
        c = self.content
        try:
            self.terms = glossary_for(self.source, c.terms, parents=c.audience == "ouders")
        except ContentError as e:
            self.terms = []
            self.problems = e.problems
        goals = "".join(f"<li>{esc(g)}</li>" for g in c.goals)
        terms = ""
        if self.terms:
            terms = (f"<details><summary><strong>{esc(self.t('terms'))}</strong></summary><dl>" +
                     "".join(f"<dt>{esc(x['term'])}</dt><dd>{esc(x['definition'])}</dd>"
                             for x in self.terms) + "</dl></details>")
        self.header = W.HTML(
            f"<p class='kv-meta'>{esc(self.t('duration', minutes=c.duration))}</p>"
            f"<p><strong>{esc(self.t('goals'))}</strong><br>{esc(self.t('goals_intro'))}</p><ul>{goals}</ul>{terms}")
        return [self.header]

    @classmethod
    def print_context(cls, content: LessonContent, edition: str, source_path: str | None = None,
                      **kwargs: Any) -> dict[str, Any]:
        ctx: dict[str, Any] = {
            "number": content.number, "title": content.title, "subtitle": content.subtitle,
            "duration": content.duration, "goals": list(content.goals),
            "terms": glossary_for(source_path, list(content.terms),
                                  parents=content.audience == "ouders"
                                  or kwargs.get("variant") == "ouders"),
            # teacher fields: empty for a student (projected)
            "plan": [s.model_dump() for s in content.plan], "short": content.short,
            # the easy series has blocks of 25 minutes: its line is "Minder tijd?"
            "short_label": "plan_short_easy" if content.level == "eenvoudig" else "plan_short",
            "sources": [s.model_dump() for s in content.sources],
        }
        return ctx


class Agreements(ContentWidget):
    """``Agreements()``: the class agreements every lesson opens with;
    ``Agreements(audience="ouders")``: the same agreements addressed to parents (lesson 07);
    ``Agreements(audience="eenvoudig")``: in easy words (A2), for the easy-read series."""

    kind = None
    print_template = "agreements.html.j2"

    @staticmethod
    def agreements(audience: str = "leerlingen", lang: str | None = None) -> list[str]:
        texts = {"leerlingen": AGREEMENTS, "ouders": AGREEMENTS_PARENTS, "eenvoudig": AGREEMENTS_EASY}
        if audience not in texts:
            raise ValueError("audience must be 'leerlingen', 'ouders' or 'eenvoudig'")
        return texts[audience][lang or get_language()]

    def _build(self, audience: str = "leerlingen", **kwargs: Any) -> list[W.Widget]:
        items = "".join(f"<li>{esc(a)}</li>" for a in self.agreements(audience, self.lang))
        self.text = W.HTML(f"<h3>{esc(self.t('agreements_title'))}</h3><ul>{items}</ul>")
        return [self.text]

    @classmethod
    def print_context(cls, content: Any, edition: str, audience: str = "leerlingen",
                      lang: str | None = None, **kwargs: Any) -> dict[str, Any]:
        return {"agreements": cls.agreements(audience, lang)}
