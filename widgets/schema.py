"""One schema module for every content file of Kijk Verder.

Every YAML content file is a mapping with a ``kind`` key; the kind selects the model.
Validation errors are turned into :class:`~widgets.contentio.Problem` records that name the
file, the field and a fix, so ``kijkverder check`` can print one line per problem and never a
traceback. Who may read which field: :mod:`widgets.marks`; reading the files:
:mod:`widgets.contentio`.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    model_validator,
)

from .contentio import (ContentError, Problem, display_path, parse_yaml, read_text_file,
                        short_repr)
from .marks import ANSWER, PROSE, TEACHER, field_marks

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000), PROSE]
#: A short reference to another entry by its name (e.g. a glossary term), not running text.
Ref = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Ident = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=60, pattern=r"^[a-z0-9][a-z0-9_-]*$"),
]

TOPICS = ("acuut", "seksuele-uitbuiting", "online", "criminele-uitbuiting", "iemand-anders-helpen",
          "docenten", "ouders")
Topic = Literal["acuut", "seksuele-uitbuiting", "online", "criminele-uitbuiting",
                "iemand-anders-helpen", "docenten", "ouders"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldProblem(ValueError):
    """A validator error about one field (path relative to the model being validated)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"[[{field}]] {message}")


def _unique(ids: list[str], what: str, field: str) -> None:
    seen: set[str] = set()
    for n, i in enumerate(ids):
        if i in seen:
            raise FieldProblem(f"{field}[{n}].id" if what != "term" else f"{field}[{n}].term",
                               f"duplicate {what} id {i!r}; give every {what} its own id")
        seen.add(i)


# --------------------------------------------------------------------------- quiz
class QuizOption(Model):
    text: Text
    correct: Annotated[bool, ANSWER] = False
    #: Shown on screen right after the student picks this option.
    feedback: Annotated[Text, ANSWER]


class QuizQuestion(Model):
    id: Ident
    type: Literal["single", "multiple", "true_false"] = "single"
    text: Text
    options: list[QuizOption] = Field(min_length=2, max_length=8)
    #: Why the answer is what it is: on screen after answering, in print only in the teacher edition.
    explanation: Annotated[Text | None, ANSWER] = None

    @model_validator(mode="after")
    def _check_correct(self) -> "QuizQuestion":
        n = sum(o.correct for o in self.options)
        if self.type in ("single", "true_false") and n != 1:
            raise FieldProblem("options", f"a {self.type} question needs exactly one option with "
                               f"'correct: true' (found {n})")
        if self.type == "multiple" and n < 1:
            raise FieldProblem("options", "a multiple question needs at least one option with "
                               "'correct: true'")
        if self.type == "true_false" and len(self.options) != 2:
            raise FieldProblem("options", "a true_false question has exactly two options "
                               "(Waar / Niet waar)")
        return self


class QuizContent(Model):
    kind: Literal["quiz"]
    title: Text
    intro: Text | None = None
    questions: list[QuizQuestion] = Field(min_length=1, max_length=40)

    @model_validator(mode="after")
    def _ids(self) -> "QuizContent":
        _unique([q.id for q in self.questions], "question", "questions")
        return self


# --------------------------------------------------------------------------- statements
class Statement(Model):
    id: Ident
    text: Text
    #: "opinion": a real opinion, no right or wrong answer. "norm": the law or help workers give
    #: an answer; the class gives its view first, then the teacher says what ``norm`` says.
    type: Literal["opinion", "norm"] = "opinion"
    #: What the law or help workers say (norm statements only). On screen behind a button after
    #: the vote, in print only in the teacher edition.
    norm: Annotated[Text | None, ANSWER] = None
    #: Discussion hint for the teacher (teacher edition / teacher view only).
    hint: Annotated[Text | None, TEACHER] = None

    @model_validator(mode="after")
    def _check_norm(self) -> "Statement":
        if self.type == "norm" and self.norm is None:
            raise FieldProblem("norm", "a norm statement needs 'norm': what the law or help "
                               "workers say (add it, or set 'type: opinion')")
        if self.type == "opinion" and self.norm is not None:
            raise FieldProblem("norm", "an opinion statement has no 'norm' (remove it, or set "
                               "'type: norm')")
        return self


class StatementsContent(Model):
    kind: Literal["statements"]
    title: Text
    intro: Text | None = None
    statements: list[Statement] = Field(min_length=1, max_length=40)
    #: Offer the teacher tally mode (count hands, chart of the class's spread).
    tally: bool = True

    @model_validator(mode="after")
    def _ids(self) -> "StatementsContent":
        _unique([s.id for s in self.statements], "statement", "statements")
        return self


# --------------------------------------------------------------------------- scenario
class Character(Model):
    name: Text
    age: int | None = Field(default=None, ge=8, le=99)
    description: Text | None = None


class ScenarioChoice(Model):
    label: Text
    next: Ident


class ScenarioNode(Model):
    id: Ident
    text: Text
    choices: list[ScenarioChoice] = Field(default_factory=list, max_length=4)
    ending: bool = False
    #: Teacher-only note for discussing this part of the story.
    teacher_note: Annotated[Text | None, TEACHER] = None

    @model_validator(mode="after")
    def _ending_or_choices(self) -> "ScenarioNode":
        if self.ending and self.choices:
            raise FieldProblem("choices", "an ending has no choices; remove 'choices' or set "
                               "'ending: false'")
        if not self.ending and not self.choices:
            raise FieldProblem("choices", "this node has no choices and is not an ending (dead "
                               "end); add choices or set 'ending: true'")
        return self


class ScenarioContent(Model):
    kind: Literal["scenario"]
    title: Text
    intro: Text | None = None
    character: Character
    start: Ident
    nodes: list[ScenarioNode] = Field(min_length=2, max_length=60)

    @model_validator(mode="after")
    def _graph(self) -> "ScenarioContent":
        ids = [n.id for n in self.nodes]
        _unique(ids, "node", "nodes")
        by_id = {n.id: n for n in self.nodes}
        if self.start not in by_id:
            raise FieldProblem("start", f"start node {self.start!r} does not exist; use one of "
                               "the node ids")
        for k, n in enumerate(self.nodes):
            for j, c in enumerate(n.choices):
                if c.next not in by_id:
                    raise FieldProblem(f"nodes[{k}].choices[{j}].next", f"goes to unknown node "
                                       f"{c.next!r}; use an existing node id")
        if not any(n.ending for n in self.nodes):
            raise FieldProblem("nodes", "the story has no ending; mark at least one node "
                               "'ending: true'")
        reachable, todo = set(), [self.start]
        while todo:
            cur = todo.pop()
            if cur in reachable:
                continue
            reachable.add(cur)
            todo.extend(c.next for c in by_id[cur].choices)
        unreachable = [i for i in ids if i not in reachable]
        if unreachable:
            raise FieldProblem(f"nodes[{ids.index(unreachable[0])}]", f"nodes {unreachable} cannot "
                               "be reached from the start; link them from a choice or remove them")
        # every node must be able to reach an ending (no cycle without exit)
        can_end = {n.id for n in self.nodes if n.ending}
        changed = True
        while changed:
            changed = False
            for n in self.nodes:
                if n.id not in can_end and any(c.next in can_end for c in n.choices):
                    can_end.add(n.id)
                    changed = True
        stuck = [i for i in ids if i not in can_end]
        if stuck:
            raise FieldProblem(f"nodes[{ids.index(stuck[0])}]", f"nodes {stuck} never lead to an "
                               "ending (a loop without exit); add a choice that leads towards an ending")
        return self

    def node(self, node_id: str) -> ScenarioNode:
        return next(n for n in self.nodes if n.id == node_id)


# --------------------------------------------------------------------------- sort task
#: The line icons of the easy-read series (``widgets/icons/<name>.svg``, :mod:`widgets.icons`).
IconName = Literal["groen", "oranje", "rood", "stop", "zeg-nee", "vraag-hulp", "school", "bellen",
                   "chatten", "alarm"]


class SortCategory(Model):
    id: Ident
    label: Text
    #: A picture next to the label (on screen and on paper), e.g. the traffic light's
    #: ``groen`` / ``oranje`` / ``rood``; its text alternative comes with the icon.
    icon: IconName | None = None


class SortItem(Model):
    id: Ident
    text: Text
    #: id of the right category
    category: Annotated[Ident, ANSWER]
    explanation: Annotated[Text, ANSWER]


class SortTaskContent(Model):
    kind: Literal["sort"]
    title: Text
    intro: Text | None = None
    categories: list[SortCategory] = Field(min_length=2, max_length=5)
    items: list[SortItem] = Field(min_length=1, max_length=30)

    @model_validator(mode="after")
    def _refs(self) -> "SortTaskContent":
        _unique([c.id for c in self.categories], "category", "categories")
        _unique([i.id for i in self.items], "item", "items")
        cats = {c.id for c in self.categories}
        for k, it in enumerate(self.items):
            if it.category not in cats:
                raise FieldProblem(f"items[{k}].category", f"unknown category {it.category!r}; "
                                   f"use one of {sorted(cats)}")
        return self


# --------------------------------------------------------------------------- prompt cards
class Prompt(Model):
    id: Ident
    text: Text
    #: Teacher-only hint for guiding the conversation.
    hint: Annotated[Text | None, TEACHER] = None
    #: A picture on the card (screen and paper), e.g. ``zeg-nee`` or ``vraag-hulp`` on the
    #: role-play cards of the easy-read series.
    icon: IconName | None = None


class ThinkPairShare(Model):
    think: int = Field(default=60, ge=10, le=600)
    pair: int = Field(default=120, ge=10, le=900)
    share: int = Field(default=180, ge=10, le=1200)


class PromptCardsContent(Model):
    kind: Literal["prompts"]
    title: Text
    intro: Text | None = None
    prompts: list[Prompt] = Field(min_length=1, max_length=30)
    #: Optional think-pair-share timing in seconds.
    think_pair_share: ThinkPairShare | None = None

    @model_validator(mode="after")
    def _ids(self) -> "PromptCardsContent":
        _unique([p.id for p in self.prompts], "prompt", "prompts")
        return self


# --------------------------------------------------------------------------- reflection
class ReflectionPrompt(Model):
    id: Ident
    text: Text
    #: Writing lines on the printed worksheet.
    lines: int = Field(default=4, ge=1, le=20)


class ReflectionContent(Model):
    kind: Literal["reflection"]
    title: Text
    intro: Text | None = None
    prompts: list[ReflectionPrompt] = Field(min_length=1, max_length=10)

    @model_validator(mode="after")
    def _ids(self) -> "ReflectionContent":
        _unique([p.id for p in self.prompts], "prompt", "prompts")
        return self


# --------------------------------------------------------------------------- chart
class ChartBar(Model):
    label: Text
    #: The number; leave it out when ``fact`` names the registry's fact that holds it.
    value: float | None = Field(default=None, ge=0)
    #: A fact of the registry (``lessons/feiten.yaml``) whose ``value`` this bar shows.
    fact: Ident | None = None

    @model_validator(mode="after")
    def _value(self) -> "ChartBar":
        if (self.value is None) == (self.fact is None):
            raise FieldProblem("value", "a bar needs either 'fact' (a figure of the registry, "
                               "lessons/feiten.yaml) or 'value', not both and not neither")
        return self


class ChartContent(Model):
    kind: Literal["chart"]
    title: Text
    intro: Text | None = None
    unit: Text
    bars: list[ChartBar] = Field(min_length=1, max_length=12)
    #: Who published the figures, and the year (required: every figure names source and year).
    source: Text
    year: int = Field(ge=1990, le=2100)
    note: Text | None = None


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


class GlossaryContent(Model):
    kind: Literal["glossary"]
    title: Text
    terms: list[Term] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_terms(self) -> "GlossaryContent":
        _unique([t.term.lower() for t in self.terms], "term", "terms")
        return self



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
        return self


# --------------------------------------------------------------------------- self-check
#: The fixed 4-point scale of a self-check, in order (data keys; the words are in widgets/i18n.py).
SELFCHECK_SCALE = ("niet", "beetje", "grotendeels", "helemaal")
#: When a self-check is asked: at the start ("voor") or at the end ("na") of the lesson.
SELFCHECK_MOMENTS = ("voor", "na")
#: A self-check statement is one short sentence.
SELFCHECK_MAX_WORDS = 12
#: Words that make a statement about the student's own experiences (answering would disclose).
SELFCHECK_DISCLOSING = re.compile(r"\b(ooit|meegemaakt|overkomen|overkwam|zelf gebeurd)\b", re.I)


class SelfCheckStatement(Model):
    id: Ident
    #: One short "Ik weet / kan / durf …" sentence (B1, at most 12 words), the same at the start
    #: and at the end of the lesson. Never about the student's own experiences.
    text: Text

    @model_validator(mode="after")
    def _short(self) -> "SelfCheckStatement":
        n = len(self.text.split())
        if n > SELFCHECK_MAX_WORDS:
            raise FieldProblem("text", f"has {n} words (at most {SELFCHECK_MAX_WORDS}); write one "
                               "short 'Ik weet …' or 'Ik kan …' sentence")
        if not self.text.startswith("Ik ") or "?" in self.text:
            raise FieldProblem("text", "is not an 'Ik …' sentence; write what a student knows, can "
                               "or dares ('Ik weet …', 'Ik kan …', 'Ik durf …'), not a question")
        disclosing = SELFCHECK_DISCLOSING.search(self.text)
        if disclosing:
            raise FieldProblem("text", f"asks about the student's own experiences "
                               f"({disclosing.group(0)!r}); ask what they know or can do, never "
                               "what happened to them")
        return self


class SelfCheckContent(Model):
    """An anonymous self-check (``zelfcheck.yaml``), asked at the start and at the end of a
    lesson on a fixed 4-point scale. No teacher fields: the how-to and the honest-reading note
    are the same for every lesson and live in the widget (:mod:`widgets.selfcheck`)."""

    kind: Literal["selfcheck"]
    title: Text
    statements: list[SelfCheckStatement] = Field(min_length=3, max_length=4)

    @model_validator(mode="after")
    def _ids(self) -> "SelfCheckContent":
        _unique([s.id for s in self.statements], "statement", "statements")
        return self


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
        return f"{self.teacher} ({where}{self.source.publisher}; gecontroleerd op {self.checked})"


class LawQuestion(Model):
    #: A question students ask about the law (the sheet's heading for the answer).
    question: Text
    #: The facts that answer it, in order.
    facts: list[Ident] = Field(min_length=1, max_length=6)


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
    #: The law sheet: the teacher's one-page sheet, made of the facts above.
    sheet: Annotated[LawSheet | None, TEACHER] = None

    @model_validator(mode="after")
    def _refs(self) -> "FactsContent":
        _unique([f.id for f in self.facts], "fact", "facts")
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


def facts_path(content_path: str | os.PathLike[str]) -> Path:
    """Where the facts registry of a lesson file is: in the lessons folder (the parent of the
    lesson folder), next to ``begrippen.yaml``; a shared file in the lessons folder itself."""
    p = Path(content_path).resolve()
    from_lesson = p.parent.parent / FACTS_FILE
    return from_lesson if from_lesson.is_file() or not (p.parent / FACTS_FILE).is_file() \
        else p.parent / FACTS_FILE


def load_facts(path: str | os.PathLike[str] | None) -> "FactsContent | None":
    """The registry at ``path`` (``None`` when there is no file)."""
    if path is None or not Path(path).is_file():
        return None
    return load_content(path, expected_kind="facts")


Content = Annotated[
    QuizContent | StatementsContent | ScenarioContent | SortTaskContent | PromptCardsContent
    | ReflectionContent | ChartContent | LessonContent | GlossaryContent | SchoolContent
    | SelfCheckContent | FactsContent,
    Field(discriminator="kind"),
]
_ADAPTER: TypeAdapter[Any] = TypeAdapter(Content)
KINDS = ("quiz", "statements", "scenario", "sort", "prompts", "reflection", "chart", "lesson",
         "glossary", "school", "selfcheck", "facts")


# --------------------------------------------------------------------------- validating and loading
_FIXES = {
    "missing": "this field is required; add it",
    "extra_forbidden": "unknown field; remove it or check the spelling",
    "string_too_short": "must not be empty; write some text",
    "too_short": "needs more entries",
    "too_long": "has too many entries or characters; shorten it",
    "string_type": "must be text",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "float_parsing": "must be a number",
    "list_type": "must be a list (lines starting with '- ')",
    "model_type": "must be a mapping (key: value lines)",
    "dict_type": "must be a mapping (key: value lines)",
    "union_tag_invalid": "unknown kind; use one of: " + ", ".join(KINDS),
    "union_tag_not_found": "the file needs a 'kind' field; use one of: " + ", ".join(KINDS),
    "string_pattern_mismatch": "use lowercase letters, digits, '-' or '_' only",
    "literal_error": "",
    "greater_than_equal": "is too small; use a larger number",
    "less_than_equal": "is too large; use a smaller number",
    "greater_than": "is too small; use a larger number",
    "less_than": "is too large; use a smaller number",
}


def _field_path(loc: tuple[Any, ...]) -> str:
    if loc and loc[0] in KINDS:
        loc = loc[1:]  # the discriminated union's own level
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(file)"


def problems_from_validation(path: str, err: ValidationError) -> list[Problem]:
    probs = []
    for e in err.errors(include_url=False):
        loc = tuple(e.get("loc", ()))
        typ = e.get("type", "")
        msg = e.get("msg", "invalid")
        if typ == "value_error":
            msg = msg.removeprefix("Value error, ")
            m = re.match(r"^\[\[(.+?)\]\] (.*)$", msg, re.S)
            if m:
                sub, msg = m.groups()
                base = _field_path(loc)
                probs.append(Problem(path, sub if base == "(file)" else
                                     f"{base}{'' if sub.startswith('[') else '.'}{sub}", msg))
                continue
        elif typ in ("union_tag_invalid", "union_tag_not_found"):
            probs.append(Problem(path, "kind", _FIXES[typ]))
            continue
        elif typ in _FIXES and _FIXES[typ]:
            msg = f"{_FIXES[typ]} ({msg})" if typ not in ("missing", "extra_forbidden") else _FIXES[typ]
        probs.append(Problem(path, _field_path(loc), msg))
    return probs


def parse_content(text: str, path: str = "<text>", expected_kind: str | None = None) -> Any:
    """Validate YAML text; return the content model or raise :class:`ContentError`."""
    data = parse_yaml(text, path)
    if data is None:
        raise ContentError([Problem(path, "(file)", "the file is empty; add content with a 'kind'")])
    if not isinstance(data, dict):
        raise ContentError([Problem(path, "(file)", "the file must be a mapping (key: value lines), "
                                    f"not a {type(data).__name__}")])
    if expected_kind is not None and data.get("kind") != expected_kind:
        raise ContentError([Problem(path, "kind", f"expected kind '{expected_kind}' here but found "
                                    f"{short_repr(data.get('kind'))}; load it with the matching widget")])
    try:
        return _ADAPTER.validate_python(data)
    except ValidationError as e:
        raise ContentError(problems_from_validation(path, e)) from None


#: Parsed content files of this process, keyed on what identifies a file's version on disk.
#: One ``kijkverder check`` reads each content file several times (check, LessonSource.open,
#: readability); ``preview`` re-checks a lesson on every save. Bounded; a file whose size, mtime
#: or inode changed is parsed again.
_PARSED: dict[tuple[Any, ...], Any] = {}
_PARSED_MAX = 512


def load_content(path: str | os.PathLike[str], expected_kind: str | None = None,
                 root: str | os.PathLike[str] | None = None) -> Any:
    """Read and validate a content file; raise :class:`ContentError` naming file, field and fix.

    ``root`` is the folder the file must stay in (default: the folder it is in); see
    :func:`~widgets.contentio.read_text_file`. Cached: a file is parsed once per version on disk
    in this process (:data:`_PARSED`, its problems too); every caller gets its own copy.
    """
    try:
        st = Path(path).stat()
    except OSError:  # missing or unreadable: the loader says so
        return _read_content(path, expected_kind, root)
    folder = Path(root or Path(path).parent).resolve()
    base = (str(Path(path).absolute()), str(Path.cwd()), st.st_size, st.st_mtime_ns, st.st_ino,
            str(folder))
    model = _PARSED.get(base)
    if model is None or (expected_kind is not None and getattr(model, "kind", None) != expected_kind):
        errors = _PARSED.get((*base, expected_kind))
        if errors is not None:
            raise ContentError(list(errors))
        try:
            model = _read_content(path, expected_kind, root)
        except ContentError as e:
            _remember((*base, expected_kind), list(e.problems))
            raise
        _remember(base, model)
    return model.model_copy(deep=True)


def _read_content(path: str | os.PathLike[str], expected_kind: str | None,
                  root: str | os.PathLike[str] | None) -> Any:
    """:func:`load_content` without the cache."""
    return parse_content(read_text_file(path, root=root), display_path(path), expected_kind)


def _remember(key: tuple[Any, ...], value: Any) -> None:
    if len(_PARSED) >= _PARSED_MAX:
        _PARSED.pop(next(iter(_PARSED)))
    _PARSED[key] = value
