"""The project's help registry: the one place with contact details of help organisations.

Lessons never hard-code a URL or phone number; they show a :class:`widgets.HelpCard`, which
reads this registry, or write ``{{ contact:ID }}`` in a markdown cell for one organisation's
number (:func:`resolve_contacts`). ``kijkverder check`` fails on any URL or phone number elsewhere.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import (BaseModel, ConfigDict, Field, StringConstraints, ValidationError,
                      field_validator, model_validator)

from .contentio import ContentError, parse_yaml
from .marks import project
from .names import Names, as_names
from .models.base import ADDRESSES_READER, TOPICS, FieldProblem, Ident, Text, Topic
from .models.school import DOMAIN_RE, PHONE_RE, SchoolContent
from .schema import load_content, problems_from_validation
from .settings import find_beside_lessons

#: The school's own help route, found like ``kijkverder-view.yaml``: in the working directory (a
#: lesson folder), else its parent (the folder with all lessons). ``kijkverder check`` allows
#: contact details only in the lessons folder's one and in the help registry.
SCHOOL_FILE = "school.yaml"
#: The filled-in example for a fictional school (not read by any lesson).
SCHOOL_EXAMPLE = "school.example.yaml"


class Organisation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Ident
    name: Text
    phone: str | None = None
    web: str | None = None
    #: What you can go there for (Dutch, B1).
    for_: Text = Field(alias="for")
    topics: list[Topic] = Field(min_length=1)
    anonymous: bool
    #: On every help card, whatever its topics and filter (112 and 113).
    always: bool = False
    #: What it is for in easy words (A2), for the short card of the easy-read series
    #: (``HelpCard(orgs=[...])``); the card uses ``for`` when this is missing.
    easy: Text | None = None
    #: What it is for, said to a parent ("u") or neutrally, for the parents' card (lesson 07);
    #: required when ``for`` speaks to a young person ("je") and the organisation is on that card.
    parents: Text | None = None
    #: A pointer printed after the phone number and website (e.g. where to go at 18 or older),
    #: so that it is never read as part of the contact details.
    after: Text | None = None
    source: Text

    @property
    def on_parents_card(self) -> bool:
        return self.always or "ouders" in self.topics

    def text_for(self, parents: bool = False) -> str:
        """What it is for: the parents' wording on the parents' card, else ``for``."""
        return (self.parents or self.for_) if parents else self.for_

    @model_validator(mode="after")
    def _parents_words(self) -> "Organisation":
        said = " ".join(x for x in (self.text_for(parents=True), self.after)
                        if x) if self.on_parents_card else self.parents or ""
        found = ADDRESSES_READER.search(said)
        if found:
            field = "parents" if self.parents is not None else "for"
            raise FieldProblem(field, f"{self.id!r} is on the parents' card (lesson 07) and says "
                               f"{found.group(0)!r}; add 'parents:' with a text for parents "
                               "(with 'u' or neutral)")
        return self

    @field_validator("phone")
    @classmethod
    def _phone(cls, v: str | None) -> str | None:
        if v is not None and not PHONE_RE.match(v):
            raise ValueError(f"{v!r} is not a Dutch phone number in the form 0800-1234, "
                             "020-1234567 or 112")
        return v

    @field_validator("web")
    @classmethod
    def _web(cls, v: str | None) -> str | None:
        if v is not None and not DOMAIN_RE.match(v):
            raise ValueError(f"{v!r} must be the organisation's bare domain, like 'helpwanted.nl'")
        return v

    @property
    def url(self) -> str | None:
        return f"https://{self.web}" if self.web else None


class Registry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    checked: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]
    organisations: list[Organisation] = Field(min_length=1)

    def get(self, org_id: str) -> Organisation:
        for o in self.organisations:
            if o.id == org_id:
                return o
        raise KeyError(f"no organisation {org_id!r} in the help registry")

    def for_topics(self, topics: list[str] | tuple[str, ...] | None = None) -> list[Organisation]:
        """Organisations for any of ``topics`` (all student-facing ones when None).

        The ``always`` organisations (112, 113) come first on every card, whatever the topics.
        """
        if topics:
            unknown = [t for t in topics if t not in TOPICS]
            if unknown:
                raise ValueError(f"unknown help topic(s) {unknown}; use: {', '.join(TOPICS)}")
            wanted = set(topics)
        else:
            wanted = set(TOPICS) - {"docenten", "ouders"}
        always = [o for o in self.organisations if o.always]
        return always + [o for o in self.organisations if not o.always and wanted & set(o.topics)]

    def short_card(self, ids: list[str] | tuple[str, ...]) -> list[Organisation]:
        """The organisations of a short card (``HelpCard(orgs=ids)``): the ``always`` ones, then
        the ones named by ``ids``, in that order. Raises ``ValueError`` for an unknown id."""
        unknown = [i for i in ids if i not in {o.id for o in self.organisations}]
        if unknown:
            raise ValueError(f"unknown organisation(s) {unknown} in HelpCard(orgs=...); use ids "
                             "from widgets/data/resources.yaml")
        always = [o for o in self.organisations if o.always]
        return always + [self.get(i) for i in ids if i not in {o.id for o in always}]

    def phones(self) -> set[str]:
        return {o.phone for o in self.organisations if o.phone}

    def domains(self) -> set[str]:
        return {o.web for o in self.organisations if o.web}


def parse_registry(text: str, path: str = "widgets/data/resources.yaml") -> Registry:
    """Validate the registry's YAML (read with the content loader: no aliases, no duplicate
    keys); raise :class:`ContentError` naming file, field and fix."""
    try:
        return Registry.model_validate(parse_yaml(text, path))
    except ValidationError as e:
        raise ContentError(problems_from_validation(path, e)) from None


@lru_cache(maxsize=1)
def registry() -> Registry:
    text = resources.files("widgets").joinpath("data/resources.yaml").read_text("utf-8")
    return parse_registry(text)


#: A phone number of the registry in a lesson's text: ``{{ contact:helpwanted }}``.
CONTACT_REF_RE = re.compile(r"\{\{\s*contact:\s*([a-z0-9][a-z0-9_-]*)\s*\}\}")


def resolve_contacts(text: str) -> str:
    """``text`` with every ``{{ contact:ID }}`` replaced by that organisation's phone number
    from the registry. Raises ``ValueError`` for an unknown id or one without a number."""
    if "{{" not in text:
        return text
    reg = registry()

    def one(m: re.Match[str]) -> str:
        phone = next((o.phone for o in reg.organisations if o.id == m.group(1)), None)
        if not phone:
            raise ValueError(f"unknown contact {m.group(1)!r}: use the id of an organisation "
                             "with a phone number in widgets/data/resources.yaml")
        return phone

    return CONTACT_REF_RE.sub(one, text)


def find_school_file(start: str | os.PathLike[str] | None = None) -> Path | None:
    """``school.yaml`` in ``start`` (default: the working directory) or its parent."""
    return find_beside_lessons(SCHOOL_FILE, start)


def load_school(path: str | os.PathLike[str] | None, role: str = "student") -> SchoolContent | None:
    """The school profile at ``path`` as ``role`` may see it (the meldcode contact only for the
    teacher); ``None`` for no path. Raises :class:`ContentError` on a broken profile."""
    if path is None:
        return None
    p = Path(path)
    return project(load_content(p, expected_kind="school", root=p.parent), role)


def school_names(path: str | os.PathLike[str] | None) -> Names:
    """The other names for characters of the school profile at ``path`` (its ``namen``, read as
    the teacher: a student's copy of the profile has none); ``()`` for no path. Raises
    :class:`ContentError` on a broken profile."""
    if path is None:
        return ()
    p = Path(path)
    return as_names(load_content(p, expected_kind="school", root=p.parent).names)
