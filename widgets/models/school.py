"""The content model of the school profile (``school.yaml``): the school's own contacts and local
help, checked as contact details."""
from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from ..marks import TEACHER
from ..names import MAX_NAME, characters, is_plain_name
from .base import FieldProblem, Model, Text


# --------------------------------------------------------------------------- school profile
#: Dutch phone formats used by help lines: 112, 0800-/0900- service numbers, regional numbers.
PHONE_RE = re.compile(r"^(112|0[89]00-(\d{4}|\d{7})|0\d{2}-\d{7}|0\d{3}-\d{6})$")
#: A bare domain of the organisation itself (shown as https://<domain>).
DOMAIN_RE = re.compile(r"^([a-z0-9-]+\.)+(nl|chat|org|eu|com)$")
#: A school's own domain; ``.example`` (reserved, RFC 2606) is for the fictional example school.
SCHOOL_DOMAIN_RE = re.compile(r"^([a-z0-9-]+\.)+(nl|chat|org|eu|com|example)$")
EMAIL_RE = re.compile(r"^[a-z0-9._%+-]+@((?:[a-z0-9-]+\.)+[a-z]{2,})$")
#: Mail services of private people: a contact person is reached on the school's address only.
PRIVATE_MAIL_DOMAINS = ("gmail.com", "hotmail.com", "hotmail.nl", "outlook.com", "outlook.nl",
                        "live.nl", "live.com", "yahoo.com", "icloud.com", "ziggo.nl", "kpnmail.nl",
                        "planet.nl", "home.nl", "xs4all.nl", "protonmail.com", "proton.me")


def check_phone(v: str | None) -> str | None:
    """A help line or a school's reception number (never a mobile: no private numbers)."""
    if v is not None and (not PHONE_RE.match(v) or v.startswith("06") or v.startswith("+")):
        raise ValueError(f"{v!r} is not a Dutch phone number in the form 0800-1234, "
                         "020-1234567 or 112 (no mobile numbers)")
    return v


def check_domain(v: str | None, pattern: re.Pattern[str] = DOMAIN_RE) -> str | None:
    if v is not None and not pattern.match(v):
        raise ValueError(f"{v!r} must be the organisation's bare domain, like 'helpwanted.nl'")
    return v


class SchoolPerson(Model):
    """Someone at school a student (or, for the meldcode, a colleague) can go to."""

    #: e.g. "Vertrouwenspersoon", "Mentor", "Zorgcoördinator".
    role: Text
    name: Text
    #: Where to find them, e.g. "Kamer 1.12, naast de aula".
    where: Text
    #: When, e.g. "Elke dag in de grote pauze".
    when: Text
    #: The school e-mail address (on the school's own domain; never a private address).
    email: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _no_phone(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in ("phone", "mobile", "telefoon", "mobiel", "06"):
                if key in data:
                    raise FieldProblem(key, "no phone numbers for contact people (no private "
                                       "numbers); give the room in 'where' and the school e-mail")
        return data

    @model_validator(mode="after")
    def _email(self) -> "SchoolPerson":
        if self.email is not None:
            m = EMAIL_RE.match(self.email)
            if not m:
                raise FieldProblem("email", f"{self.email!r} is not an e-mail address; write it "
                                   "like 'naam@school.nl'")
            if m.group(1) in PRIVATE_MAIL_DOMAINS:
                raise FieldProblem("email", f"{self.email!r} is a private address; use the "
                                   "person's school e-mail")
        return self


class LocalHelp(Model):
    """Help near the school (youth work, the local wijkteam), validated like the registry."""

    name: Text
    #: What you can go there for (Dutch, B1).
    for_: Text = Field(alias="for")
    phone: str | None = None
    web: str | None = None

    @model_validator(mode="after")
    def _contact(self) -> "LocalHelp":
        for name, check in (("phone", check_phone),
                            ("web", lambda v: check_domain(v, SCHOOL_DOMAIN_RE))):
            try:
                check(getattr(self, name))
            except ValueError as e:
                raise FieldProblem(name, str(e)) from None
        return self


class SchoolContent(Model):
    """The school's own help route (``lessons/school.yaml``): the first lines of every help card.

    The only file besides the help registry with contact details (``kijkverder check``)."""

    kind: Literal["school"]
    name: Text
    #: The school's domain (bare, like ``school.nl``); contact people's e-mail must be on it.
    web: str | None = None
    #: The school's reception number (a landline; never a private number).
    phone: str | None = None
    #: The people students can go to with a worry (mentor, vertrouwenspersoon, zorgcoördinator).
    contacts: list[SchoolPerson] = Field(min_length=1, max_length=8)
    #: The meldcode contact for staff (aandachtsfunctionaris): teacher views only, never on a
    #: student's card.
    meldcode: Annotated[SchoolPerson | None, TEACHER] = None
    #: Optional help near the school.
    local_help: list[LocalHelp] = Field(default_factory=list, max_length=6)
    #: Another name for a character a student in the class shares (``namen:``, ``Jayden: Timo``):
    #: every output uses it (:mod:`widgets.names`). Teacher only: a student's copy of the
    #: profile does not say which name was changed.
    names: Annotated[dict[str, str], TEACHER] = Field(default_factory=dict, alias="namen")

    @model_validator(mode="after")
    def _school(self) -> "SchoolContent":
        try:
            check_domain(self.web, SCHOOL_DOMAIN_RE)
        except ValueError as e:
            raise FieldProblem("web", f"{e}; the school's own domain") from None
        try:
            check_phone(self.phone)
        except ValueError as e:
            raise FieldProblem("phone", str(e)) from None
        people = [(f"contacts[{i}]", p) for i, p in enumerate(self.contacts)]
        if self.meldcode is not None:
            people.append(("meldcode", self.meldcode))
        for where, p in people:
            domain = p.email.rsplit("@", 1)[1] if p.email else None
            if domain and self.web and domain != self.web and not domain.endswith("." + self.web):
                raise FieldProblem(f"{where}.email", f"{p.email!r} is not a school address; "
                                   f"use an address ending in @{self.web}")
        _check_names(self.names)
        return self


def _check_names(names: dict[str, str]) -> None:
    """``namen``: each key a character of the lessons, each value one plain name that is no
    character's (a reader could not tell them apart), no two characters with the same name."""
    known = characters()
    given: dict[str, str] = {}
    for old, new in names.items():
        where = f"namen.{old}"
        if old not in known:
            raise FieldProblem(where, f"{old!r} is not a character in the lessons; use one of: "
                               f"{', '.join(known)}")
        if not is_plain_name(new):
            raise FieldProblem(where, f"{new!r} is not one plain name (letters, starting with a "
                               f"capital, an optional hyphen or apostrophe, at most {MAX_NAME} "
                               "characters); write one first name")
        if new in known:
            raise FieldProblem(where, f"{new!r} is a character in the lessons too; choose a name "
                               "that is not in the lessons")
        if new in given:
            raise FieldProblem(where, f"{new!r} is also the name for {given[new]}; give each "
                               "character its own name")
        given[new] = old
