"""The content models of a lesson's header (``les.yaml``) and of the shared glossary."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from ..marks import TEACHER
from .base import ADDRESSES_READER, FieldProblem, Ident, Model, Ref, Text, unique_ids


# --------------------------------------------------------------------------- lesson header
class PlanStep(Model):
    minutes: int = Field(ge=1, le=120)
    activity: Text
    note: Text | None = None


class SourceRef(Model):
    #: e.g. "Nationaal Rapporteur, schatting slachtoffers seksuele uitbuiting"
    title: Text
    publisher: Text
    #: Year of publication; leave it out when the source does not say (printed as "z.j.").
    #: Figures always carry their own year in the text or chart.
    year: int | None = Field(default=None, ge=1990, le=2100)
    #: id of an organisation in the project's registry (for where to find it); never a URL.
    registry: Ident | None = None


class LessonContent(Model):
    kind: Literal["lesson"]
    #: "01"-"99" for the main series; "e1"-"e9" for the easy-read series (Kijk Verder Eenvoudig),
    #: whose folders (``e1-slug``) sort after the main series.
    number: Annotated[str, StringConstraints(pattern=r"^(\d{2}|e\d)$")]
    title: Text
    subtitle: Text | None = None
    audience: Literal["leerlingen", "docenten", "ouders"] = "leerlingen"
    #: The reading level the lesson is written at: ``b1`` (the main series) or ``eenvoudig``
    #: (A2, for students with a mild intellectual disability or low literacy). ``kijkverder
    #: check`` holds an ``eenvoudig`` lesson to the A2 profile of :mod:`kijkverder.easyread`.
    level: Literal["b1", "eenvoudig"] = "b1"
    #: Long words an easy-read lesson may use besides its glossary terms (the words it explains
    #: or that students know, e.g. "Snapchat"); only read by the A2 check.
    words: list[Text] = Field(default_factory=list)
    duration: int = Field(ge=10, le=180, description="minutes")
    goals: list[Text] = Field(min_length=2, max_length=4)
    #: Timed plan per activity (teacher edition only); minutes add up to the duration.
    #: Required in the source lessons (``kijkverder check``); absent in released student copies.
    plan: Annotated[list[PlanStep], TEACHER] = Field(default_factory=list)
    #: What to leave out when the period has only 40 minutes (printed as "Met 40 minuten" under
    #: the plan; teacher edition only). Required with a plan (``kijkverder check``).
    short: Annotated[Text | None, TEACHER] = None
    #: Key terms (must exist in lessons/begrippen.yaml).
    terms: list[Ref] = Field(default_factory=list)
    #: Where the facts come from (teacher edition; the student sees figures with their year).
    sources: Annotated[list[SourceRef], TEACHER] = Field(default_factory=list)

    @model_validator(mode="after")
    def _level_number(self) -> "LessonContent":
        if (self.level == "eenvoudig") != self.number.startswith("e"):
            raise FieldProblem("number", f"number {self.number!r} does not fit level "
                               f"{self.level!r}; easy-read lessons (level: eenvoudig) are "
                               "numbered e1, e2, …, the others 01, 02, …")
        return self

    @model_validator(mode="after")
    def _plan_sum(self) -> "LessonContent":
        total = sum(s.minutes for s in self.plan)
        if self.plan and total != self.duration:
            raise FieldProblem("plan", f"the plan adds up to {total} minutes but duration is "
                               f"{self.duration}; make them equal")
        return self


# --------------------------------------------------------------------------- glossary
class Term(Model):
    term: Text
    definition: Text
    #: The definition for parents (the parents' evening, lesson 07), when ``definition`` speaks
    #: to a student ("je"); neutral or with "u".
    parents: Text | None = None

    @model_validator(mode="after")
    def _parents_words(self) -> "Term":
        if self.parents is not None and ADDRESSES_READER.search(self.parents):
            raise FieldProblem("parents", f"the parents' definition of {self.term!r} says "
                               f"{ADDRESSES_READER.search(self.parents).group(0)!r}; write it "
                               "neutrally or with 'u'")
        return self

    def for_reader(self, parents: bool = False) -> str:
        """The definition for students, or for parents (the ``parents`` text when there is one)."""
        return (self.parents or self.definition) if parents else self.definition


class GlossaryContent(Model):
    kind: Literal["glossary"]
    title: Text
    terms: list[Term] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_terms(self) -> "GlossaryContent":
        unique_ids([t.term.lower() for t in self.terms], "term", "terms")
        return self
