"""LawSheet: the law sheet, the teacher's one-sheet answer to the questions students ask
(age of consent, sexting, a received photo, porn under 18, forwarding), made of the facts
registry (``lessons/feiten.yaml``, its ``sheet:`` part). Teacher material only: it shows
nothing to a student, on screen or on paper, and ``kijkverder check`` allows it in teacher cells
only."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as W

from .base import ContentWidget, esc
from .contentio import ContentError
from .models.facts import FACTS_FILE, FactsContent
from .schema import load_content
from .settings import find_beside_lessons


def find_facts_file() -> Path | None:
    """The registry next to the lessons, seen from a lesson's kernel (the lesson folder), found
    like the school profile and the view settings."""
    return find_beside_lessons(FACTS_FILE)


def sheet_items(content: FactsContent | None) -> list[dict[str, Any]]:
    """The sheet's questions with the answers of their facts (in the words for the class) and
    their article, source and date checked; empty for a student (a projected registry has no
    sheet and no teacher wording)."""
    if content is None or content.sheet is None:
        return []
    out = []
    for q in content.sheet.questions:
        facts = [content.get(fid) for fid in q.facts]
        if any(f.teacher is None for f in facts):
            return []  # fail closed: never half a sheet with student wording only
        # the answer as a teacher gives it in class (the student wording), then where it
        # comes from: article, publisher and the date it was checked
        refs = list(dict.fromkeys((f.article, f.source.publisher if f.source else "", f.checked)
                                  for f in facts))
        notes = [content.get(fid).teacher for fid in q.teacher_notes]
        out.append({"question": q.question, "answers": [f.student for f in facts], "notes": notes,
                    "refs": [{"article": a, "source": s, "checked": c} for a, s, c in refs]})
    return out


class LawSheet(ContentWidget):
    """``LawSheet()`` in a teacher cell of the teacher guide: the law in answers to students'
    questions, with article and date checked."""

    kind = None
    print_template = "lawsheet.html.j2"

    def __init__(self, content: Any = None, **kwargs: Any):
        if content is None:
            path = find_facts_file()
            try:
                content = load_content(path, expected_kind="facts") if path else None
            except ContentError:
                content = None
        super().__init__(content, **kwargs)

    def _build(self, **kwargs: Any) -> list[W.Widget]:
        items = sheet_items(self.content)  # projected: a student has no sheet
        if not items:
            return []
        sheet = self.content.sheet
        html = f"<h3>{esc(sheet.title)}</h3>"
        if sheet.intro:
            html += f"<p class='kv-intro'>{esc(sheet.intro)}</p>"
        for it in items:
            html += f"<h4>{esc(it['question'])}</h4><ul>"
            html += "".join(f"<li>{esc(a)}</li>" for a in it["answers"]) + "</ul>"
            html += "".join(f"<p><b>{esc(self.t('law_teacher_note'))}</b> {esc(n)}</p>"
                            for n in it["notes"]) + "<p><small>"
            html += "; ".join(f"{esc(r['article']) + ' · ' if r['article'] else ''}"
                              f"{esc(r['source'])}, {esc(self.t('checked_on', date=r['checked']))}"
                              for r in it["refs"]) + "</small></p>"
        return [W.HTML(html)]

    @classmethod
    def print_context(cls, content: Any, edition: str, lang: str | None = None,
                      **kwargs: Any) -> dict[str, Any]:
        items = sheet_items(content)  # projected: a student edition has no sheet
        sheet = content.sheet if items else None
        return {"items": items, "title": sheet.title if sheet else "",
                "intro": sheet.intro if sheet else None}
