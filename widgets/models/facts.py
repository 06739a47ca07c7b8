"""The facts registry (``feiten.yaml``): figures and legal lines with their sources, and how a
``{{ fact:ID }}`` reference in any text is resolved for its reader."""
from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

from ..contentio import ContentError, Problem
from ..marks import TEACHER, field_marks
from .activities import ChartBar
from .base import FieldProblem, Ident, Model, Text, unique_ids


# --------------------------------------------------------------------------- facts
#: A reference to a fact of the registry in any text: ``{{ fact:sexting-gelijkwaardig }}``.
FACT_REF_RE = re.compile(r"\{\{\s*fact:\s*([a-z0-9][a-z0-9_-]*)\s*\}\}")
#: A loose reference (a typo in the braces or the word ``fact``), reported by ``check``.
FACT_LOOSE_RE = re.compile(r"\{\{[^{}]*\}\}|\{\{\s*fact\b", re.I)
#: The facts registry, in the lessons folder next to ``begrippen.yaml``.
FACTS_FILE = "feiten.yaml"
#: An article of the criminal code as the registry writes it: "art. NNN Sr" (optionally "lid N").
ARTICLE_RE = re.compile(r"^art\. \d+[a-z]{0,2}( lid \d+)? Sr$")
URL_FIELD_RE = re.compile(r"^https://[a-z0-9.-]+\.[a-z]{2,}(/[^\s]*)?$")
Date = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]


#: A source's name or title: a reference (names, titles in other languages), not prose.
SourceName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class FactSource(Model):
    publisher: SourceName
    title: SourceName
    #: Where the fact was checked (the teacher's reference; never shown to students).
    url: str

    @model_validator(mode="after")
    def _url(self) -> "FactSource":
        if not URL_FIELD_RE.match(self.url):
            raise FieldProblem("url", f"{self.url!r} is not a web address; write it as "
                               "'https://…' (the page where the fact was checked)")
        return self


class Fact(Model):
    """One figure or legal rule, written once; lessons use it as ``{{ fact:ID }}``."""

    id: Ident
    #: What a student reads (B1), wherever the fact is used in a place a student sees.
    student: Text
    #: What the teacher reads in teacher cells and teacher fields (may name the article).
    #: Required in the registry (``kijkverder check``); absent in a student's copy.
    teacher: Annotated[Text | None, TEACHER] = None
    #: Where the fact was checked. Required in the registry (``kijkverder check``).
    source: Annotated[FactSource | None, TEACHER] = None
    #: The article of the criminal code, as "art. NNN Sr" (legal rules only).
    article: Annotated[str | None, TEACHER] = None
    #: The number a chart shows for this fact (a chart bar uses ``fact: ID``).
    value: float | None = Field(default=None, ge=0)
    #: The day the fact was last checked against its source (YYYY-MM-DD).
    checked: Date
    # No 'unchecked' field: a legal line states what its source verified, or is left out; a
    # teacher is never asked to look the law up (lawyer review 11, M1).

    @model_validator(mode="after")
    def _fact(self) -> "Fact":
        if self.article is not None and not ARTICLE_RE.match(self.article):
            raise FieldProblem("article", f"{self.article!r} is not written like 'art. NNN Sr' "
                               "or 'art. 251 lid 3 Sr'; fix it")
        import datetime

        try:
            datetime.date.fromisoformat(self.checked)
        except ValueError:
            raise FieldProblem("checked", f"{self.checked!r} is not a date; write YYYY-MM-DD") from None
        for name in ("student", "teacher"):
            if FACT_REF_RE.search(getattr(self, name) or ""):
                raise FieldProblem(name, "a fact cannot use another fact; write the text out")
        return self

    def wording(self, teacher: bool) -> str:
        """The text a reference shows: the student wording, or for a teacher place the teacher
        wording with its article and the date it was checked."""
        if not teacher or self.teacher is None or self.source is None:
            return self.student  # a student's copy of the registry has no teacher wording
        where = f"{self.article}; " if self.article else ""
        return (f"{self.teacher} ({where}{self.source.publisher}; gecontroleerd op "
                f"{self.checked})")


class LawQuestion(Model):
    #: A question students ask about the law (the sheet's heading for the answer).
    question: Text
    #: The facts that answer it, in order.
    facts: list[Ident] = Field(min_length=1, max_length=6)
    #: Facts of this answer whose teacher wording the sheet prints under it ("Voor de docent"):
    #: guidance the teacher needs when a student asks for help (lawyer review 4, M1).
    teacher_notes: list[Ident] = Field(default_factory=list, max_length=6)

    @model_validator(mode="after")
    def _notes(self) -> "LawQuestion":
        for j, fid in enumerate(self.teacher_notes):
            if fid not in self.facts:
                raise FieldProblem(f"teacher_notes[{j}]", f"{fid!r} is not one of this question's "
                                   "facts; add it to 'facts' or remove it here")
        return self


class LawSheet(Model):
    title: Text
    intro: Text | None = None
    questions: list[LawQuestion] = Field(min_length=1, max_length=8)


class FactsContent(Model):
    """The facts registry (``lessons/feiten.yaml``): every figure and legal rule the lessons
    state, once, with its source and the date it was checked."""

    kind: Literal["facts"]
    title: Text
    facts: list[Fact] = Field(min_length=1, max_length=200)
    #: The law sheet: the teacher's one-sheet law sheet, made of the facts above.
    sheet: Annotated[LawSheet | None, TEACHER] = None

    @model_validator(mode="after")
    def _refs(self) -> "FactsContent":
        unique_ids([f.id for f in self.facts], "fact", "facts")
        known = {f.id for f in self.facts}
        for k, q in enumerate(self.sheet.questions if self.sheet else []):
            for j, fid in enumerate(q.facts):
                if fid not in known:
                    raise FieldProblem(f"sheet.questions[{k}].facts[{j}]", f"unknown fact "
                                       f"{fid!r}; use the id of a fact in this file")
        return self

    def get(self, fact_id: str) -> Fact:
        for f in self.facts:
            if f.id == fact_id:
                return f
        raise KeyError(fact_id)


def unknown_fact(fact_id: str, facts: "FactsContent | None") -> str:
    """The message for a reference to a fact that is not in the registry."""
    import difflib

    if facts is None:
        return (f"uses fact {fact_id!r} but there is no {FACTS_FILE} next to begrippen.yaml; "
                "add the registry")
    ids = [f.id for f in facts.facts]
    near = difflib.get_close_matches(fact_id, ids, n=1, cutoff=0.6)
    hint = f"did you mean {near[0]!r}?" if near else f"add it to {FACTS_FILE}"
    return f"unknown fact {fact_id!r}; {hint}"


def resolve_text(text: str, facts: "FactsContent | None", teacher: bool) -> str:
    """``text`` with every ``{{ fact:ID }}`` replaced by the fact's wording for the place (a
    teacher place gets the teacher wording). Raises ``KeyError`` for an unknown fact."""
    if "{{" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        if facts is None:
            raise KeyError(m.group(1))
        return facts.get(m.group(1)).wording(teacher)

    return FACT_REF_RE.sub(one, text)


def resolve_facts(content: Any, facts: "FactsContent | None", path: str = "<text>",
                  _teacher: bool = False, _field: str = "") -> Any:
    """``content`` with every fact reference in its strings resolved (:func:`resolve_text`):
    fields marked ``TEACHER`` (and everything inside them) get the teacher wording, the others
    the student wording. A chart bar with ``fact: ID`` gets the fact's value. Raises
    :class:`ContentError` naming the field of an unknown fact."""
    if not isinstance(content, BaseModel) or isinstance(content, FactsContent):
        return content
    update: dict[str, Any] = {}
    for name in type(content).model_fields:
        value = getattr(content, name)
        teacher = _teacher or TEACHER in field_marks(type(content), name)
        where = f"{_field}.{name}" if _field else name

        def one(v: Any, at: str, teacher: bool = teacher) -> Any:
            if isinstance(v, str):
                try:
                    return resolve_text(v, facts, teacher)
                except KeyError as e:
                    raise ContentError([Problem(path, at, unknown_fact(e.args[0], facts))]) from None
            return resolve_facts(v, facts, path, teacher, at)

        new = ([one(v, f"{where}[{i}]") for i, v in enumerate(value)] if isinstance(value, list)
               else one(value, where))
        if new != value:
            update[name] = new
    if isinstance(content, ChartBar) and content.fact is not None and facts is not None:
        try:
            fact = facts.get(content.fact)
        except KeyError:
            raise ContentError([Problem(path, f"{_field}.fact", unknown_fact(content.fact, facts))]
                               ) from None
        if fact.value is None:
            raise ContentError([Problem(path, f"{_field}.fact", f"fact {content.fact!r} has no "
                                        "'value'; give it one in the registry, or use 'value'")])
        update["value"], update["fact"] = fact.value, None
    return content.model_copy(update=update) if update else content
