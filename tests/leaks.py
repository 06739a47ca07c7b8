"""What must never reach students: derived from the lessons themselves, not hard-coded."""
from __future__ import annotations

import html
import re
from pathlib import Path

from kijkverder.markdown import to_html as markdown_to_html
from kijkverder.lessons import LessonSource

ANSWER_MARKS = ("☒", "(Goed)")


def normalize(text: str) -> str:
    text = text.replace("\u00ad", "").replace("’", "'").replace("‘", "'")
    text = re.sub(r"\s+", " ", text).strip()
    # an inline code span inside brackets renders as "( code )" in the tag-stripped text and
    # as "(code" in the PDF: the same words, whatever the line breaks
    return re.sub(r"\s+\)", ")", re.sub(r"\(\s+", "(", text))


def plain(markdown: str) -> str:
    """Text of rendered markdown, one line per block (paragraph, list item, heading)."""
    rendered = re.sub(r"</(p|li|h\d|dt|dd|tr|pre)>|<br\s*/?>", "\n", markdown_to_html(markdown))
    lines = html.unescape(re.sub(r"<[^>]+>", " ", rendered)).splitlines()
    # "**bold**, then" renders as "bold, then": no space before a punctuation mark
    lines = [re.sub(r"\s+([,.;:!?])", r"\1", ln) for ln in lines]
    return "\n".join(n for n in (normalize(ln) for ln in lines) if n)


def sentences(text: str, min_len: int = 25) -> list[str]:
    parts = [p for line in text.splitlines() for p in re.split(r"(?<=[.!?:])[\"']?\s+", line)]
    return [normalize(p) for p in parts if len(normalize(p)) >= min_len]


def fragment(s: str, n: int = 40) -> str:
    return normalize(s)[:n]


def _items(nb_path: Path) -> list:
    """Every string of the content files the lesson loads (``les.yaml`` included), with its
    mark from the schema (``teacher``, ``answer`` or ``None``)."""
    from widgets.marks import iter_text

    source = LessonSource.open(nb_path)
    contents = [source.meta] + list({u.path: u.content for u in source.uses
                                     if u.content is not None}.values())
    return [i for c in contents for i in iter_text(c)]


def teacher_cell_sentences(nb_path: Path) -> list[str]:
    source = LessonSource.open(nb_path)
    out = []
    for b in source.blocks(None):
        if b.kind == "markdown" and b.teacher:
            out += sentences(plain(b.cell.source))
    return out


def widget_secrets(nb_path: Path) -> list[str]:
    """Teacher-only UI text of the widgets the lesson uses (e.g. the self-check's how-to and
    honest-reading note), declared once on the widget class as ``teacher_keys``."""
    import widgets
    from widgets.i18n import t

    source = LessonSource.open(nb_path)
    keys = {k for u in source.uses for k in getattr(widgets.widget_class(u.name), "teacher_keys", ())}
    return [t(k, source.language) for k in sorted(keys)]


def facts_secrets(nb_path: Path) -> list[str]:
    """The facts registry's teacher material (every fact's teacher wording, the law sheet "Wat
    zegt de wet?" with its questions), from the registry the lesson uses: never for students."""
    source = LessonSource.open(nb_path)
    facts = source.facts
    if facts is None:
        return []
    out = [s for f in facts.facts if f.teacher for s in sentences(f.teacher)]
    out += [f.article for f in facts.facts if f.article]
    if facts.sheet is not None:
        out += [facts.sheet.title, *(q.question for q in facts.sheet.questions)]
        out += sentences(facts.sheet.intro or "")
    return out


def content_secrets(nb_path: Path, marks: tuple[str, ...] = ("teacher", "answer")) -> list[str]:
    """Text of the lesson's content files that the schema marks as teacher material or answers
    (no list of field names here: a newly marked field is covered the day it is declared)."""
    # an identifier (a source's ``registry: veilig-thuis``) is no teacher text: the same id is
    # in every student lesson's code that shows that organisation
    return [i.text for i in _items(nb_path) if i.mark in marks and len(normalize(i.text)) >= 12
            and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i.text)]


def public_text(nb_path: Path) -> str:
    """What the student edition may legitimately contain: the markdown a student sees and the
    unmarked fields of the content files."""
    from kijkverder.lessons import View

    source = LessonSource.open(nb_path)
    parts = [plain(b.cell.source) for b in source.blocks(View("student", "print"))
             if b.kind == "markdown"]
    parts += [i.text for i in _items(nb_path) if i.mark is None]
    # the help card prints the registry's organisations (a source may name one of them too)
    from widgets.registry import registry

    parts += [o.name for o in registry().organisations]
    return normalize(" ".join(parts))


def all_secrets(nb_path: Path) -> list[str]:
    """Teacher-only sentences and answers that do not also occur in the student material."""
    public = public_text(nb_path)
    return [s for s in teacher_cell_sentences(nb_path) + content_secrets(nb_path)
            + widget_secrets(nb_path) + facts_secrets(nb_path) if fragment(s) not in public]


def teacher_secrets(nb_path: Path) -> list[str]:
    """Teacher-only text (teacher cells and teacher-marked fields, no answers) that the student
    material does not also say: what no student screen may show."""
    public = public_text(nb_path)
    return [s for s in teacher_cell_sentences(nb_path) + content_secrets(nb_path, ("teacher",))
            + widget_secrets(nb_path) + facts_secrets(nb_path) if normalize(s)[:40] not in public]


def screen_text(nb_path: Path) -> str:
    """What students may see on screen: the public text plus answers (shown after answering).
    Teacher material is never part of it."""
    extra = [i.text for i in _items(nb_path) if i.mark == "answer"]
    return normalize(public_text(nb_path) + " " + " ".join(extra))
